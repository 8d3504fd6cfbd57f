"""Extraction in worker processes changes nothing but speed: the same crawl of every replay
site with ``[crawl] workers = 0`` (in the crawl process) and ``workers = 2`` (a process pool)
stores exactly the same articles, with the same ids, and counts exactly the same outcomes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crawler.facts.article import with_facts
from crawler.summary import CrawlSummary
from newswatch.core.settings import Settings
from search.sqlite.store import SqliteBackend
from tests.servers.child import newswatch
from tests.servers.replay_server import ReplaySites
from tests.servers.sites import replay_settings_for, replay_sites  # noqa: F401


def crawl(sites: ReplaySites, workdir: Path, workers: int) -> tuple[dict[str, Any], set[tuple]]:
    """The crawl's summary and what it stored. Left out of the summary: health (its time stamp)
    and each failure kind's example URL (the first to fail, which depends on the order in which
    answers arrive, with or without workers); every count and kind stays."""
    workdir.mkdir()
    base = replay_settings_for(sites, workdir)
    crawl_settings = base.crawl.model_copy(update={"workers": workers})
    settings: Settings = base.model_copy(update={"crawl": crawl_settings})
    summary_path = workdir / "summary.json"
    done = newswatch(settings, workdir, "crawl", "--summary-json", str(summary_path))
    assert done.returncode == 0, done.stdout + done.stderr
    summary = CrawlSummary.from_dict(json.loads(summary_path.read_text())).to_dict()
    summary.pop("health")
    summary.pop("error_examples")
    store = SqliteBackend(settings.storage.path, settings.crawl.tz)
    try:
        articles = store.stored_after(None, limit=1000).articles
    finally:
        store.close()
    stored = {
        (a.id, a.url, a.title, a.published_at, a.text, tuple(a.authors), a.facts) for a in articles
    }
    # Facts (computed in the extraction call, before filter and dedupe) are those of the stored
    # title, lead and body, as when a stage after dedupe computed them.
    assert all(with_facts(a).facts == a.facts for a in articles)
    assert any(a.facts is not None and a.facts.zones for a in articles)
    return summary, stored


def test_a_crawl_with_worker_processes_stores_and_counts_exactly_as_one_process(
    replay_sites: ReplaySites,  # noqa: F811
    tmp_path: Path,
) -> None:
    one_summary, one_stored = crawl(replay_sites, tmp_path / "one", workers=0)
    many_summary, many_stored = crawl(replay_sites, tmp_path / "many", workers=2)

    assert one_summary["new"] > 0
    assert many_summary == one_summary
    assert many_stored == one_stored
