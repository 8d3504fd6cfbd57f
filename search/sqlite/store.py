"""The embedded backend: one SQLite file with an FTS5 index, no server to run.

WAL mode lets the scheduler write while the API reads; each thread gets its own connection and
every write is one ``BEGIN IMMEDIATE`` transaction, so a crash mid-batch loses the batch, never
the file. ``articles.seq`` (an AUTOINCREMENT rowid, never reused) is both the FTS rowid and the
first-stored order that ``stored_after`` walks; updates keep it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from newswatch.core.article import Article, content_hash, stored_form
from newswatch.core.sqlite_wal import use_wal
from search import page_token
from search.backend import (
    BackendUnavailable,
    BadQuery,
    SearchRequest,
    SearchResult,
    StampBatch,
    StoredBatch,
    StoreResult,
)
from search.sqlite.facets import counts, fact_counts
from search.sqlite.hits import page_hits
from search.sqlite.query import (
    CLEAR_MATCHES,
    EPOCH,
    KEY_TYPES,
    MATCHES_DDL,
    STORED_KEY_TYPES,
    compile_search,
    epoch_us,
    page_sql,
    score_sql,
)
from search.sqlite.rows import fact_rows, index_text, max_usd
from search.sqlite.schema import ensure_schema
from search.sqlite.stories import story_count

_FACTS_INSERT = "INSERT INTO article_facts (field, value, seq) VALUES (?, ?, ?)"


class SqliteBackend:
    queues_when_unavailable = False
    settle_seconds = 0

    def __init__(self, path: Path, tz: ZoneInfo) -> None:
        self.path = Path(path)
        self.tz = tz
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._ready = False

    # -- connections and transactions -------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            use_wal(conn, timeout=30.0)
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA temp_store=MEMORY")
            conn.execute(MATCHES_DDL)
        except (OSError, sqlite3.Error) as exc:
            raise BackendUnavailable(f"cannot open SQLite store {self.path}: {exc}") from exc
        conn.row_factory = sqlite3.Row
        conn.create_function("local_day", 1, self._local_day, deterministic=True)
        return conn

    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """One transaction (a consistent snapshot for reads); SQLite failures are unavailability."""
        conn = self._connection()
        try:
            conn.execute("BEGIN IMMEDIATE" if write or not self._ready else "BEGIN")
            try:
                if not self._ready:
                    ensure_schema(conn, self.path, self.tz)
                    self._ready = True
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise BackendUnavailable(f"SQLite store {self.path}: {exc}") from exc

    def ensure_ready(self) -> None:
        with self._transaction(write=True):
            pass

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    # -- articles ---------------------------------------------------------------------------

    def upsert(self, articles: Sequence[Article]) -> StoreResult:
        new = updated = unchanged = 0
        now = datetime.now(UTC).isoformat()
        with self._transaction(write=True) as conn:
            for article in articles:
                old = conn.execute(
                    "SELECT seq, fingerprint, doc, story_id FROM articles WHERE id = ?",
                    (article.id,),
                ).fetchone()
                if old is not None and article.story_id is None and old["story_id"]:
                    article = article.model_copy(update={"story_id": old["story_id"]})
                stored = stored_form(article, self.tz)
                doc = stored.model_dump_json()
                digest = content_hash(stored)
                if old is None:
                    seq = conn.execute(
                        "INSERT INTO articles (id, source, published_us, published_day,"
                        " fingerprint, indexed_at, doc, max_usd, story_id)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            stored.id,
                            stored.source,
                            *self._when(stored),
                            digest,
                            now,
                            doc,
                            max_usd(stored),
                            stored.story_id,
                        ),
                    ).lastrowid
                    assert seq is not None  # set by every INSERT into a rowid table
                    index_text(conn, seq, stored)
                    _write_facts(conn, stored, seq)
                    new += 1
                elif old["fingerprint"] == digest:
                    if old["story_id"] != stored.story_id:  # filed under a story: not an update
                        conn.execute(
                            "UPDATE articles SET doc = ?, story_id = ? WHERE seq = ?",
                            (doc, stored.story_id, old["seq"]),
                        )
                    unchanged += 1
                else:
                    previous = Article.model_validate_json(old["doc"])
                    index_text(conn, old["seq"], previous, delete=True)
                    index_text(conn, old["seq"], stored)
                    conn.execute(
                        "UPDATE articles SET source = ?, published_us = ?, published_day = ?,"
                        " fingerprint = ?, doc = ?, max_usd = ?, story_id = ? WHERE seq = ?",
                        (
                            stored.source,
                            *self._when(stored),
                            digest,
                            doc,
                            max_usd(stored),
                            stored.story_id,
                            old["seq"],
                        ),
                    )
                    _write_facts(conn, stored, old["seq"])
                    updated += 1
        return StoreResult(new=new, updated=updated, unchanged=unchanged)

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        with self._transaction() as conn:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                rows = conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
                found.update(row["id"] for row in rows)
        return found

    def get(self, article_id: str) -> Article | None:
        with self._transaction() as conn:
            row = conn.execute("SELECT doc FROM articles WHERE id = ?", (article_id,)).fetchone()
        return self._article(row["doc"]) if row else None

    def stored_after(
        self, cursor: str | None, limit: int = 500, settled: bool = False
    ) -> StoredBatch:
        """``settled`` changes nothing here: ``seq`` is taken inside the one serialised write
        transaction, so a row is visible exactly when every lower ``seq`` is."""
        after = page_token.decode("stored", cursor, STORED_KEY_TYPES)[0] if cursor else 0
        with self._transaction() as conn:
            rows = conn.execute(
                "SELECT seq, doc FROM articles WHERE seq > ? ORDER BY seq LIMIT ?", (after, limit)
            ).fetchall()
        if not rows:
            return StoredBatch([], cursor)
        articles = [self._article(row["doc"]) for row in rows]
        return StoredBatch(articles, page_token.encode("stored", [rows[-1]["seq"]]))

    def end_cursor(self) -> str | None:
        with self._transaction() as conn:
            last = conn.execute("SELECT max(seq) FROM articles").fetchone()[0]
        return None if last is None else page_token.encode("stored", [last])

    def latest_published(self, source: str) -> datetime | None:
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT max(published_us) FROM articles WHERE source = ?", (source,)
            ).fetchone()
        return self._datetime(row[0])

    def stamps(self, after: str | None = None) -> StampBatch:
        start = page_token.decode("stored", after)[0] if after else 0
        with self._transaction() as conn:
            rows = conn.execute(
                "SELECT id, fingerprint || '|' || coalesce(story_id, ''), seq FROM articles"
                " WHERE seq > ? ORDER BY seq",
                (start,),
            ).fetchall()
        cursor = page_token.encode("stored", [rows[-1][2]]) if rows else after
        return StampBatch({row[0]: row[1] for row in rows}, cursor)

    def count(self) -> int:
        with self._transaction() as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    # -- search -----------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        if request.size < 0:
            raise BadQuery(f"size must not be negative: {request.size}")
        compiled = compile_search(request)
        kind = page_token.listing(request)
        after = None
        if request.page_token:
            after = page_token.decode(kind, request.page_token, KEY_TYPES[request.sort])
        ranked = request.sort == "relevance"
        collapse = request.collapse == "story"
        with self._transaction() as conn:
            if compiled.bounds:
                lo, hi = conn.execute(compiled.bounds, compiled.params).fetchone()
                compiled.params.update(seq_lo=lo, seq_hi=hi)
            if compiled.fill:
                conn.execute(CLEAR_MATCHES)
                conn.execute(compiled.fill, compiled.params)
            page = page_sql(compiled, after, request.size, ranked, collapse)
            rows = conn.execute(*page).fetchall()
            scores = {row["seq"]: row["score"] for row in rows}
            if rows and not ranked and compiled.node is not None:
                scores.update(conn.execute(*score_sql(compiled, list(scores))).fetchall())
            total, per_day, per_source = counts(conn, compiled, request.with_facets)
            per_fact = fact_counts(conn, compiled) if request.with_facets else {}
            if collapse:
                total = story_count(conn, compiled)
            hits = page_hits(conn, compiled, rows, scores, collapse, self._article)
            if compiled.fill:
                conn.execute(CLEAR_MATCHES)  # its memory is not held between searches
        next_token = None
        if rows and len(rows) == request.size:
            last = [rows[-1][f"k{i}"] for i in range(compiled.key_count)]
            next_token = page_token.encode(kind, last)
        return SearchResult(total, hits, next_token, per_day, per_source, per_fact)

    # -- records ----------------------------------------------------------------------------

    def put_record(self, kind: str, key: str, doc: dict[str, Any]) -> None:
        with self._transaction(write=True) as conn:
            conn.execute(
                "INSERT INTO records (kind, key, doc) VALUES (?, ?, ?)"
                " ON CONFLICT (kind, key) DO UPDATE SET doc = excluded.doc",
                (kind, key, json.dumps(doc, ensure_ascii=False)),
            )

    def get_record(self, kind: str, key: str) -> dict[str, Any] | None:
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT doc FROM records WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
        return json.loads(row["doc"]) if row else None

    def list_records(self, kind: str) -> list[dict[str, Any]]:
        with self._transaction() as conn:
            rows = conn.execute("SELECT doc FROM records WHERE kind = ? ORDER BY key", (kind,))
            return [json.loads(row["doc"]) for row in rows]

    def delete_record(self, kind: str, key: str) -> bool:
        with self._transaction(write=True) as conn:
            cursor = conn.execute("DELETE FROM records WHERE kind = ? AND key = ?", (kind, key))
            return cursor.rowcount > 0

    # -- conversions ------------------------------------------------------------------------

    def _article(self, doc: str) -> Article:
        article = Article.model_validate_json(doc)
        updates = {
            name: value.astimezone(self.tz)
            for name in ("published_at", "modified_at", "fetched_at")
            if isinstance(value := getattr(article, name), datetime)
        }
        return article.model_copy(update=updates)

    def _datetime(self, micros: int | None) -> datetime | None:
        if micros is None:
            return None
        return (EPOCH + timedelta(microseconds=micros)).astimezone(self.tz)

    def _local_day(self, micros: int | None) -> str | None:
        moment = self._datetime(micros)
        return moment.date().isoformat() if moment else None

    def _when(self, article: Article) -> tuple[int | None, str | None]:
        """``published_us, published_day`` columns: the instant and its local calendar day."""
        micros = epoch_us(article.published_at) if article.published_at is not None else None
        return micros, self._local_day(micros)


def _write_facts(conn: sqlite3.Connection, article: Article, seq: int | None) -> None:
    """Replace the ``article_facts`` rows of row ``seq`` by those of ``article``."""
    if seq is None:
        raise BackendUnavailable("SQLite gave no row id for an inserted article")
    conn.execute("DELETE FROM article_facts WHERE seq = ?", (seq,))
    conn.executemany(_FACTS_INSERT, fact_rows(article, seq))
