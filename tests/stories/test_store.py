"""``StoryStore``: stories assigned on upsert around a real SQLite backend, merges refiled,
``restory`` for articles stored before stories existed. Real pages (pages_transcribed.json)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswatch.core.article import Article
from search.backend import SearchRequest
from search.sqlite.store import SqliteBackend
from search.stories.backfill import restory
from search.stories.store import StoryStore

PAGES = json.loads(Path(__file__).with_name("pages_transcribed.json").read_text("utf-8"))["pages"]
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def article(key: str, article_id: str, hours_ago: float, tail: str = "") -> Article:
    page = PAGES[key]
    lead, _, body = page["text"].partition("\n")
    return Article(
        id=article_id,
        url=f"https://example.vn/{article_id}",
        canonical_url=f"https://example.vn/{article_id}",
        source=article_id.split("-")[0],
        title=page["title"],
        summary=lead,
        text=body + tail,
        language=page["language"],
        published_at=NOW - timedelta(hours=hours_ago),
        fetched_at=NOW,
    )


@pytest.fixture()
def store(tmp_path: Path) -> StoryStore:
    opened = StoryStore(SqliteBackend(tmp_path / "news.db", TZ), tmp_path / "state" / "s.db")
    yield opened
    opened.close()


def story_of(store: StoryStore, article_id: str) -> str | None:
    found = store.get(article_id)
    assert found is not None
    return found.story_id


def test_upsert_stores_each_article_under_its_story(store: StoryStore) -> None:
    copies = [
        article("B2", "vietnamplus-1", 30, "\n\nTheo TTXVN"),
        article("A1", "baodautu-licence", 40),
        article("B2", "baodautu-1", 28, "\n\nNguồn: Báo Hải Phòng"),
    ]
    assert store.upsert(copies).new == 3
    assert [story_of(store, a.id) for a in copies] == [
        "vietnamplus-1",
        "baodautu-licence",
        "vietnamplus-1",
    ]
    again = store.upsert([copies[2]])  # a re-crawl keeps the story and is no update
    assert (again.unchanged, story_of(store, "baodautu-1")) == (1, "vietnamplus-1")


def test_a_bridging_copy_refiles_the_story_it_merged(store: StoryStore) -> None:
    store.upsert([article("B2", "vietnamplus-1", 30)])
    store.upsert([article("B8", "vir-en", 20)])  # no amount in common yet: its own story
    assert story_of(store, "vir-en") == "vir-en"
    result = store.upsert([article("B3", "vneconomy-1", 26)])
    assert (result.new, result.updated) == (1, 0)
    assert story_of(store, "vir-en") == story_of(store, "vneconomy-1") == "vietnamplus-1"
    collapsed = store.search(SearchRequest(collapse="story", sort="date"))
    assert collapsed.total == 1
    assert collapsed.hits[0].version_count == 3


def test_restory_files_old_articles_in_published_order(store: StoryStore) -> None:
    old = [  # stored by a newswatch without stories: through the backend alone, no story_id
        article("B3", "vneconomy-1", 26),
        article("H1", "vir-heza", 34),
        article("B2", "vietnamplus-1", 30, "\n\nTheo TTXVN"),
        article("B8", "vir-en", 20),
    ]
    store.backend.upsert(old)
    assert {story_of(store, a.id) for a in old} == {None}
    done = restory(store)
    assert (done.scanned, done.filed, done.stories, done.failed) == (4, 4, 2, 0)
    # the earliest copy (VietnamPlus, 30 hours ago) opened the story, whatever the store order
    event = {story_of(store, i) for i in ("vneconomy-1", "vietnamplus-1", "vir-en")}
    assert event == {"vietnamplus-1"}
    assert story_of(store, "vir-heza") == "vir-heza"
    assert restory(store).filed == 0  # nothing left to file


def test_index_restory_command_files_a_store_written_without_stories(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newswatch.cli import app

    backend = SqliteBackend(tmp_path / "news.db", TZ)
    backend.upsert([article("B2", "vietnamplus-1", 30), article("B3", "vneconomy-1", 26)])
    backend.close()
    config = tmp_path / "newswatch.toml"
    config.write_text(f'[storage]\nbackend = "sqlite"\npath = "{tmp_path / "news.db"}"\n')
    result = CliRunner().invoke(app, ["--config", str(config), "index", "restory"])
    assert result.exit_code == 0, result.output
    assert "2 articles scanned, 2 filed into 1 stories, 0 failed" in result.stdout
    reopened = SqliteBackend(tmp_path / "news.db", TZ)
    assert {a.story_id for a in reopened.stored_after(None).articles} == {"vietnamplus-1"}
    reopened.close()
    assert list((tmp_path / "data" / "crawl-state").glob("*/stories.db"))  # beside crawl state
