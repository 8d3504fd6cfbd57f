"""The mention cache file: rows read back as written, stale as a whole under other placing
rules, and a file that is not a cache set aside (nothing of the store lost, nothing crashes)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

from newswatch.projects.cache import MentionCache
from newswatch.projects.live import LiveRegister
from newswatch.projects.zones import locate_zones
from search.projects import mentions_of
from search.projects.codec import mentions_from_json
from search.sqlite.store import SqliteBackend
from tests.projects.pages import page_articles


def _rows() -> list[tuple[str, str, list]]:  # type: ignore[type-arg]
    return [(a.id, f"hash-{a.id}", mentions_of(a, locate_zones)) for a in page_articles()]


def test_rows_come_back_as_written_and_removed_ones_go(tmp_path: Path) -> None:
    cache = MentionCache(tmp_path / "c.db")
    rows = _rows()
    assert any(ms for _, _, ms in rows) and any(not ms for _, _, ms in rows)
    cache.save(rows)
    cache.save([], removed=[rows[0][0]])
    loaded = cache.load()
    assert set(loaded) == {aid for aid, _, _ in rows[1:]}
    for aid, stamp, ms in rows[1:]:
        got_stamp, data = loaded[aid]
        assert got_stamp == stamp
        assert (mentions_from_json(data) if data else []) == ms


def test_a_cache_written_under_other_rules_is_stale(tmp_path: Path) -> None:
    cache = MentionCache(tmp_path / "c.db")
    cache.save(_rows())
    with sqlite3.connect(tmp_path / "c.db") as connection:
        connection.execute("UPDATE cache_meta SET value = 'older' WHERE key = 'rules'")
    connection.close()
    assert cache.load() == {}
    assert cache.load() == {}  # and its rows are gone, not merely hidden


def test_a_file_that_is_not_a_cache_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    path.write_bytes(b"not a database at all " * 100)
    cache = MentionCache(path)
    assert cache.load() == {}
    assert (tmp_path / "c.db.unreadable").read_bytes().startswith(b"not a database")
    cache.save(_rows()[:1])
    assert len(cache.load()) == 1


def test_an_unreadable_row_is_placed_again_not_fatal(tmp_path: Path) -> None:
    articles = page_articles()
    store = SqliteBackend(tmp_path / "news.db", ZoneInfo("UTC"))
    store.upsert(articles)
    LiveRegister(MentionCache(tmp_path / "c.db")).refresh(store)
    with sqlite3.connect(tmp_path / "c.db") as connection:
        connection.execute(
            "UPDATE mentions SET mentions = '[{\"nope\": 1}]' WHERE article_id = 'A1'"
        )
    connection.close()
    done = LiveRegister(MentionCache(tmp_path / "c.db")).refresh(store)
    assert (done.placed, done.cached) == (1, len(articles) - 1)
    store.close()


def test_an_article_filed_under_another_story_is_placed_again(tmp_path: Path) -> None:
    """Filing is not a content change (same content hash), but it changes the story behind
    every figure: the stamp carries the story, so the next sweep places the article again."""
    (a1,) = [a for a in page_articles() if a.id == "A1"]
    store = SqliteBackend(tmp_path / "news.db", ZoneInfo("UTC"))
    store.upsert([a1.model_copy(update={"story_id": "s-first"})])
    live = LiveRegister(MentionCache(tmp_path / "c.db"))
    live.refresh(store)
    assert {m.story_id for m in live.register.mentions_of_article("A1")} == {"s-first"}
    store.upsert([a1.model_copy(update={"story_id": "s-merged"})])
    assert live.refresh(store).placed == 1
    assert {m.story_id for m in live.register.mentions_of_article("A1")} == {"s-merged"}
    store.close()
