"""Crawl state in a database (``[state] url``): the files' semantics, plus merging writers."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.crawl_state import CrawlState, open_crawl_state
from crawler.crawl_state_db import DbCrawlState


@pytest.fixture(params=["sqlite", "postgres"])
def state_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


def test_saved_state_is_read_back_by_another_process_view(state_url: str) -> None:
    writer = DbCrawlState(state_url, "seen")
    writer["vir"]["a1"] = "2026-01-02T03:04:05+00:00"
    writer["vir"]["a2"] = {"url": "http://x/2", "attempts": 1}
    writer.save()
    reader = DbCrawlState(state_url, "seen")
    assert reader["vir"] == {
        "a1": "2026-01-02T03:04:05+00:00",
        "a2": {"url": "http://x/2", "attempts": 1},
    }
    assert DbCrawlState(state_url, "retry")["vir"] == {}, "kinds are apart"
    assert reader["heza"] == {}, "sources are apart"


def test_two_workers_on_one_source_merge_instead_of_overwriting(state_url: str) -> None:
    first, second = DbCrawlState(state_url, "seen"), DbCrawlState(state_url, "seen")
    first["vir"]["from-first"] = 1
    second["vir"]["from-second"] = 2
    first.save()
    second.save()
    assert DbCrawlState(state_url, "seen")["vir"] == {"from-first": 1, "from-second": 2}


def test_removed_and_changed_keys_are_written_others_left_alone(state_url: str) -> None:
    setup = DbCrawlState(state_url, "retry")
    setup["vir"].update({"done": {"attempts": 1}, "again": {"attempts": 1}, "other": 0})
    setup.save()
    worker = DbCrawlState(state_url, "retry")
    worker["vir"].pop("done")
    worker["vir"]["again"]["attempts"] = 2
    worker.save(only=["vir"])
    assert DbCrawlState(state_url, "retry")["vir"] == {"again": {"attempts": 2}, "other": 0}


def test_without_a_state_url_the_json_files_stay_the_default(tmp_path: Path) -> None:
    assert isinstance(open_crawl_state(tmp_path, None, "seen"), CrawlState)
    assert isinstance(
        open_crawl_state(tmp_path, f"sqlite:///{tmp_path}/s.db", "seen"), DbCrawlState
    )
