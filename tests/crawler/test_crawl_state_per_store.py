"""Crawl state belongs to the store it fed: a new or emptied store starts fresh (no 304 left
over from another store), and ``--full`` ignores validators and cutoffs. Real crawls of the
heza replay site in child processes."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.summary import CrawlSummary
from newswatch.core.settings import Settings
from tests.servers.child import newswatch
from tests.servers.replay_server import ReplaySites
from tests.servers.sites import replay_settings_for, replay_sites  # noqa: F401


def crawl(settings: Settings, workdir: Path, *flags: str) -> CrawlSummary:
    summary_path = workdir / "summary.json"
    done = newswatch(settings, workdir, "crawl", "--summary-json", str(summary_path), *flags)
    assert done.returncode == 0, done.stdout + done.stderr
    return CrawlSummary.from_dict(json.loads(summary_path.read_text("utf-8")))


def on_store(settings: Settings, path: Path) -> Settings:
    return settings.model_copy(
        update={"storage": settings.storage.model_copy(update={"path": path})}
    )


def test_a_new_store_an_emptied_store_and_full_crawls_start_fresh(
    replay_sites: ReplaySites,  # noqa: F811
    tmp_path: Path,
) -> None:
    first = replay_settings_for(replay_sites, tmp_path, ["heza"])
    stored = crawl(first, tmp_path).new
    assert stored > 0

    again = crawl(first, tmp_path)
    assert (again.new, again.not_modified > 0) == (0, True)  # incremental on the same store

    other = crawl(on_store(first, tmp_path / "other.db"), tmp_path)
    assert (other.new, other.not_modified) == (stored, 0)  # same state_dir, other store

    full = crawl(first, tmp_path, "--full")
    assert (full.new, full.not_modified) == (0, 0)  # every page read again, nothing new

    first.storage.path.unlink()
    emptied = crawl(first, tmp_path)
    assert (emptied.new, emptied.not_modified) == (stored, 0)
