"""SQLite-only guarantees: WAL, schema versioning, crash safety, concurrent use."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswatch.core.article import Article
from newswatch.core.text import fold
from newswatch.refacts import refacts
from search.backend import BackendUnavailable, BadQuery, SearchRequest
from search.sqlite.query import MATCHES_DDL, compile_search, page_sql
from search.sqlite.schema import SCHEMA_VERSION
from search.sqlite.store import SqliteBackend
from search.stories.backfill import restory
from search.stories.store import StoryStore
from tests.search.conftest import TZ, load_corpus

REPO = Path(__file__).parents[2]
BATCH = 20

WRITER = f"""
import sys
from datetime import datetime, UTC
from pathlib import Path
from zoneinfo import ZoneInfo
from newswatch.core.article import Article
from search.sqlite.store import SqliteBackend
from search.stories.backfill import restory
from search.stories.store import StoryStore

store = SqliteBackend(Path(sys.argv[1]), ZoneInfo("Asia/Ho_Chi_Minh"))
body = "Khu công nghiệp Đình Vũ " * 4000
for batch in range(10_000):
    store.upsert([
        Article(id=f"a{{batch}}-{{i}}", url=f"https://x.vn/{{batch}}/{{i}}",
                canonical_url=f"https://x.vn/{{batch}}/{{i}}", source="x",
                title=f"Bài {{batch}} {{i}}", text=body, fetched_at=datetime.now(UTC))
        for i in range({BATCH})
    ])
"""


def article(key: str, text: str = "Khu công nghiệp Tràng Duệ") -> Article:
    return Article(
        id=key,
        url=f"https://x.vn/{key}",
        canonical_url=f"https://x.vn/{key}",
        source="x",
        title=f"Bài {key}",
        text=text,
        fetched_at=datetime.now(UTC),
    )


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[SqliteBackend]:
    backend = SqliteBackend(tmp_path / "db" / "news.db", TZ)
    backend.ensure_ready()
    yield backend
    backend.close()


def test_store_file_uses_write_ahead_logging(store: SqliteBackend) -> None:
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_from_a_newer_newswatch_is_refused(store: SqliteBackend) -> None:
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    newer = SqliteBackend(store.path, TZ)
    with pytest.raises(BackendUnavailable, match="schema version 99"):
        newer.ensure_ready()


def test_unopenable_path_is_backend_unavailable(tmp_path: Path) -> None:
    with pytest.raises(BackendUnavailable, match="cannot open"):
        SqliteBackend(tmp_path, TZ).ensure_ready()  # a directory, not a file


def test_naive_datetime_is_read_as_local_time(store: SqliteBackend) -> None:
    naive = article("n").model_copy(update={"published_at": datetime(2021, 1, 16, 23, 30)})
    store.upsert([naive])
    stored = store.get("n")
    assert stored is not None
    assert stored.published_at == datetime(2021, 1, 16, 23, 30, tzinfo=TZ)


def test_writer_killed_mid_batch_leaves_whole_batches(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=REPO, env=env)
    try:
        reader = SqliteBackend(path, TZ)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not path.exists() or _count(reader) < 2 * BATCH):
            time.sleep(0.05)
        time.sleep(0.13)  # land somewhere inside a later batch
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    reader.close()
    reopened = SqliteBackend(path, TZ)
    stored = reopened.count()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert stored >= 2 * BATCH and stored % BATCH == 0
    assert reopened.search(SearchRequest(query="Đình Vũ", size=1)).total == stored
    reopened.upsert([article("after-crash")])
    assert reopened.count() == stored + 1
    reopened.close()


def _count(store: SqliteBackend) -> int:
    try:
        return store.count()
    except BackendUnavailable:
        return 0  # the writer is still creating the schema


def test_concurrent_writers_and_readers(store: SqliteBackend) -> None:
    other_client = SqliteBackend(store.path, TZ)  # like the API process beside the scheduler
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        for batch in range(10):
            store.upsert([article(f"w{worker}-{batch}-{i}") for i in range(10)])

    def read() -> None:
        for _ in range(15):
            result = other_client.search(SearchRequest(query="tràng duệ", with_facets=True))
            assert result.total == result.per_source.get("x", 0)
            store.search(SearchRequest(query="khu", sort="date", size=5))

    def guarded(target: object, *args: int) -> threading.Thread:
        def run() -> None:
            try:
                target(*args)  # type: ignore[operator]
            except BaseException as exc:  # collected and re-raised in the test thread
                errors.append(exc)

        return threading.Thread(target=run)

    threads = [guarded(write, n) for n in range(4)] + [guarded(read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other_client.close()
    assert errors == []
    assert store.count() == 400
    assert store.search(SearchRequest(query="Tràng Duệ")).total == 400


def test_microseconds_round_trip_exactly(store: SqliteBackend) -> None:
    moment = datetime(2021, 1, 16, 23, 59, 59, 999_999, tzinfo=TZ)
    store.upsert([article("us").model_copy(update={"published_at": moment})])
    stored = store.get("us")
    assert stored is not None and stored.published_at == moment
    assert store.latest_published("x") == moment


def test_negative_size_is_a_bad_query(store: SqliteBackend) -> None:
    with pytest.raises(BadQuery, match="size"):
        store.search(SearchRequest(size=-1))


OLD_FTS = """CREATE VIRTUAL TABLE articles_fts USING fts5(
    title_f, summary_f, text_f, tags_f, title_x, summary_x, text_x, tags_x, content='',
    tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'")"""
"""Schema 4's one FTS table: folded and exact columns side by side."""


def downgrade_to_version_4(path: Path) -> None:
    """Turn a store into what newswatch with schema 4 wrote: one FTS table of eight columns,
    filled from the stored documents as schema 4 filled it."""
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE articles_fts")
        conn.execute("DROP TABLE articles_fts_exact")
        conn.execute(OLD_FTS)
        for seq, doc in conn.execute("SELECT seq, doc FROM articles").fetchall():
            stored = Article.model_validate_json(doc)
            exact = [
                value.casefold()
                for value in (stored.title, stored.summary, stored.text, "\n".join(stored.tags))
            ]
            conn.execute(
                "INSERT INTO articles_fts (rowid, title_f, summary_f, text_f, tags_f, title_x,"
                " summary_x, text_x, tags_x) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (seq, *(fold(value) for value in exact), *exact),
            )
        conn.execute("UPDATE schema_version SET version = 4")


def downgrade_to_version_3(path: Path) -> None:
    """Turn a store into what newswatch with schema 3 wrote: no story column."""
    downgrade_to_version_4(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX articles_story")
        conn.execute("ALTER TABLE articles DROP COLUMN story_id")
        conn.execute("UPDATE schema_version SET version = 3")


def downgrade_to_version_2(path: Path) -> None:
    """Turn a store into what newswatch with schema 2 wrote: no facts column or table."""
    downgrade_to_version_3(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX articles_usd")
        conn.execute("ALTER TABLE articles DROP COLUMN max_usd")
        conn.execute("DROP TABLE article_facts")
        conn.execute("UPDATE schema_version SET version = 2")


def _downgrade_to_version_1(path: Path) -> None:
    """Turn a store into what newswatch with schema 1 wrote: no local-day column or meta."""
    downgrade_to_version_2(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX articles_range")
        conn.execute("DROP INDEX articles_by_source")
        conn.execute("ALTER TABLE articles DROP COLUMN published_day")
        conn.execute("DROP TABLE store_meta")
        conn.execute("CREATE INDEX articles_published ON articles (published_us)")
        conn.execute("CREATE INDEX articles_source ON articles (source, published_us)")
        conn.execute("UPDATE schema_version SET version = 1")


def test_store_of_schema_version_1_is_upgraded_on_open(store: SqliteBackend) -> None:
    store.upsert(load_corpus())
    window = SearchRequest(
        published_from=datetime(2021, 1, 15, tzinfo=TZ),
        published_until=datetime(2021, 1, 18, tzinfo=TZ),
        with_facets=True,
    )
    before = store.search(window)
    store.close()
    _downgrade_to_version_1(store.path)
    upgraded = SqliteBackend(store.path, TZ)
    after = upgraded.search(window)
    upgraded.close()
    assert after.per_day == before.per_day == {"2021-01-15": 2, "2021-01-16": 6, "2021-01-17": 3}
    assert [hit.id for hit in after.hits] == [hit.id for hit in before.hits]
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]


def test_store_of_schema_version_4_gets_its_text_index_rebuilt_in_two_tables(
    store: SqliteBackend,
) -> None:
    store.upsert(load_corpus())
    # Ranked: the exact-accent bonus reads the exact table, the bm25 the folded one; by date:
    # the page's rows are scored apart.
    asked = [
        SearchRequest(query=query, sort=sort, size=100)
        for query in ("Hải Phòng", "khu cong nghiep", "đình vũ -tràng", "FDI | cảng")
        for sort in ("relevance", "date")
    ]
    before = [[(hit.id, hit.score) for hit in store.search(request).hits] for request in asked]
    store.close()
    downgrade_to_version_4(store.path)
    upgraded = SqliteBackend(store.path, TZ)
    after = [[(hit.id, hit.score) for hit in upgraded.search(request).hits] for request in asked]
    upgraded.close()
    assert all(before) and after == before
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        columns = conn.execute("SELECT * FROM articles_fts LIMIT 0").description
        assert [column[0] for column in columns] == ["title_f", "summary_f", "text_f", "tags_f"]
        count = "SELECT count(*) FROM {0} WHERE {0} MATCH ?"
        exact, folded = count.format("articles_fts_exact"), count.format("articles_fts")
        assert conn.execute(exact, ('"hải phòng"',)).fetchone()[0] > 0
        assert conn.execute(folded, ('"hải phòng"',)).fetchone()[0] == 0
        unaccented = conn.execute(exact, ('"hai phong"',)).fetchone()[0]
        assert unaccented < conn.execute(folded, ('"hai phong"',)).fetchone()[0]


def test_store_of_schema_version_2_gains_facts_then_refacts_fills_them(
    store: SqliteBackend,
) -> None:
    store.upsert(load_corpus())  # as schema 2 stored them: no facts
    store.close()
    downgrade_to_version_2(store.path)
    upgraded = SqliteBackend(store.path, TZ)
    wanted = SearchRequest(min_usd=1e8, zones=("DEEP C Hải Phòng I (Đình Vũ)",))
    assert upgraded.count() == len(load_corpus())
    assert upgraded.search(wanted).total == 0
    assert refacts(upgraded).updated == len(load_corpus())
    assert [hit.id for hit in upgraded.search(wanted).hits] == ["kcn-01"]  # 500 triệu USD
    # kcn-02: Tràng Duệ "thuộc khu kinh tế Đình Vũ – Cát Hải", but it names no sum
    assert [hit.id for hit in upgraded.search(SearchRequest(zones=("Nam Đình Vũ",))).hits] == [
        "kcn-11"
    ]
    upgraded.close()
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]


def test_store_of_schema_version_3_gains_stories_then_restory_fills_them(
    store: SqliteBackend, tmp_path: Path
) -> None:
    store.upsert(load_corpus())  # as schema 3 stored them: no story column
    store.close()
    downgrade_to_version_3(store.path)
    upgraded = StoryStore(SqliteBackend(store.path, TZ), tmp_path / "stories.db")
    collapsed = SearchRequest(collapse="story", size=100)
    assert upgraded.search(collapsed).total == len(load_corpus())  # each its own story
    assert {hit.story_id for hit in upgraded.search(SearchRequest(size=100)).hits} == {None}
    assert restory(upgraded).filed == len(load_corpus())
    assert None not in {hit.story_id for hit in upgraded.search(SearchRequest(size=100)).hits}
    # kcn-13 and kcn-14 are one report, with and without accents, printed the same minute
    pair = upgraded.search(SearchRequest(ids=("kcn-13", "kcn-14"), collapse="story"))
    assert [v.id for v in pair.hits[0].versions] == ["kcn-13", "kcn-14"]
    upgraded.close()


def test_day_facets_follow_a_changed_timezone(store: SqliteBackend) -> None:
    after_local_midnight = datetime(2021, 1, 17, 0, 10, tzinfo=TZ)  # 16 Jan 17:10 in UTC
    store.upsert([article("m").model_copy(update={"published_at": after_local_midnight})])
    assert store.search(SearchRequest(with_facets=True)).per_day == {"2021-01-17": 1}
    store.close()
    in_utc = SqliteBackend(store.path, ZoneInfo("UTC"))
    assert in_utc.search(SearchRequest(with_facets=True)).per_day == {"2021-01-16": 1}
    in_utc.close()


def test_or_with_a_negation_stays_inside_the_date_range(store: SqliteBackend) -> None:
    start = datetime(2021, 1, 16, tzinfo=TZ)
    store.upsert(
        [
            article(f"d{day}", "tin khác").model_copy(
                update={"published_at": start + timedelta(days=day)}
            )
            for day in range(3)
        ]
    )
    window = SearchRequest(
        query="fdi | -lach", published_from=start, published_until=start + timedelta(days=1)
    )
    assert [hit.id for hit in store.search(window).hits] == ["d0"]


@pytest.mark.parametrize(
    "query",
    [
        "Hải Phòng",
        # One branch of the OR fails on rows that still hold its words: bm25 of the whole
        # expression would not count them, bm25 of the leaves does.
        "trang due | nam dinh vu",
        "khu -(tràng -duệ)",
        '"khu cong nghiep" -lach',
        "dinh*",
    ],
)
def test_date_listing_scores_its_page_like_relevance_does(store: SqliteBackend, query: str) -> None:
    """Relevance scores every match while listing them; a date page scores only its rows."""
    extra = [
        article("both-branches", "Tràng An và Nam Đình Vũ, khu công nghiệp"),
        article("one-branch", "Khu Tràng Duệ"),
        article("neither", "Tràng Duệ Nam Định Vũ Tràng"),
    ]
    store.upsert([*load_corpus(), *extra])
    by_date = store.search(SearchRequest(query=query, sort="date", size=100))
    ranked = store.search(SearchRequest(query=query, size=100))
    assert by_date.total == ranked.total > 0
    scores = {hit.id: hit.score for hit in ranked.hits}
    assert {hit.id: hit.score for hit in by_date.hits} == scores
    assert all(hit.score > 0 for hit in by_date.hits)


RANGED_QUERIES = [
    "Hải Phòng",
    "trang due | nam dinh vu",
    "khu -(tràng -duệ)",
    '"khu cong nghiep" -lach',
    "dinh*",
    "-lach",
]


def _dated(day: int, text: str) -> Article:
    when = datetime(2025, 1, day, 9, tzinfo=TZ)
    return article(f"jan{day:02d}", text).model_copy(update={"published_at": when})


@pytest.fixture
def three_spans(store: SqliteBackend) -> SqliteBackend:
    """Stored in date order, like daily crawls: before, inside and after 10–14 January, each
    span with the same mix of words, so every query matches on both sides of the range."""
    texts = [
        "Khu công nghiệp Tràng Duệ, Hải Phòng",
        "Nam Đình Vũ và khu cong nghiep Lạch Huyện",
        "Tràng An, Đình Vũ",
        "Hai Phong: khu công nghiệp",
    ]
    for first_day in (1, 10, 20):  # one batch per span: seqs follow dates
        store.upsert([_dated(first_day + i, text) for i, text in enumerate(texts)])
    return store


@pytest.mark.parametrize("query", RANGED_QUERIES)
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_date_range_finds_what_the_whole_store_has_in_it(
    three_spans: SqliteBackend, query: str, sort: str
) -> None:
    """A ranged search reads only the range's seqs; it must list exactly the rows (and scores)
    of an unranged search that fall in the range."""
    window = {"published_from": datetime(2025, 1, 10, tzinfo=TZ)}
    window["published_until"] = window["published_from"] + timedelta(days=5)
    everywhere = three_spans.search(SearchRequest(query=query, sort=sort, size=100))
    inside = {hit.id: hit.score for hit in everywhere.hits if hit.id.startswith("jan1")}
    assert inside and len(everywhere.hits) > len(inside)  # matches on both sides too
    ranged = three_spans.search(SearchRequest(query=query, sort=sort, size=100, **window))
    assert ranged.total == len(inside)
    assert {hit.id: hit.score for hit in ranged.hits} == inside


@pytest.mark.parametrize("query", RANGED_QUERIES)
def test_every_full_text_lookup_of_a_ranged_search_is_bounded(
    three_spans: SqliteBackend, query: str
) -> None:
    """FTS5 seeks to the rowid range only when it gets it as a constraint (plan ``…><``)."""
    request = SearchRequest(
        query=query,
        published_from=datetime(2025, 1, 10, tzinfo=TZ),
        published_until=datetime(2025, 1, 15, tzinfo=TZ),
    )
    compiled = compile_search(request)
    assert compiled.fill is not None and compiled.bounds is not None
    conn = sqlite3.connect(three_spans.path)
    conn.execute(MATCHES_DDL)
    lo, hi = conn.execute(compiled.bounds, compiled.params).fetchone()
    assert (lo, hi) == (5, 8)  # the second batch of four
    compiled.params.update(seq_lo=lo, seq_hi=hi)
    page, params = page_sql(compiled, None, 20, scored=True)
    statements = [(compiled.fill, compiled.params), (page, params)]
    scans = [
        row[3]
        for sql, values in statements
        for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", values)
        if "articles_fts" in row[3]
    ]
    conn.close()
    assert scans and all(scan.endswith("><") for scan in scans), scans
