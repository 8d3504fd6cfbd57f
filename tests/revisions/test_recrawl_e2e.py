"""End to end: the real ``newswatch crawl`` (a Scrapy child process) crawls a site printing the
real SK Ecovance report, the publisher corrects the capital and the title, the next crawl
re-fetches the page (``[crawl] revisit_days``) and the store keeps the first version as a
revision whose diff names the amount; an unchanged re-crawl keeps nothing. On SQLite and on a
real Elasticsearch, with the same expectations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newswatch.core.settings import Settings, Source
from search.factory import open_backend, open_revisions
from search.stories.history import history
from tests.revisions.material import NEW_AMOUNT, OLD_AMOUNT, corrected, page
from tests.revisions.site import EditableSite
from tests.servers.backends import BACKENDS, backend_settings, drop_elasticsearch_store

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def site() -> Iterator[EditableSite]:
    served = EditableSite(page()["title"], page()["text"])
    yield served
    served.stop()


@pytest.fixture(params=BACKENDS)
def settings(
    request: pytest.FixtureRequest, tmp_path: Path, site: EditableSite
) -> Iterator[Settings]:
    store = backend_settings(request.param, request, tmp_path)
    source = Source(
        name="kinhtetieudung",
        allowed_domains=["127.0.0.1"],
        feeds=[f"{site.base_url}/rss.xml"],
        always_relevant=True,
    )
    crawl = {
        "state_dir": tmp_path / "state",
        "download_delay": 0,
        "autothrottle": False,
        "workers": 0,
        "revisit_days": 3,
    }
    yield Settings(storage=store.storage, crawl=crawl, sources=[source])  # type: ignore[arg-type]
    if store.storage.backend == "elasticsearch":
        drop_elasticsearch_store(store.storage)


def crawl(settings: Settings, workdir: Path) -> dict[str, int]:
    """``newswatch crawl`` in a child process; its summary's counters."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for section in ("storage", "crawl"):
        dumped = getattr(settings, section).model_dump(mode="json", exclude_none=True)
        env[f"NEWSWATCH_{section.upper()}"] = json.dumps(dumped, ensure_ascii=False)
    env["NEWSWATCH_SOURCES"] = json.dumps([s.model_dump(mode="json") for s in settings.sources])
    empty, summary = workdir / "empty.toml", workdir / "summary.json"
    empty.write_text("")
    command = [sys.executable, "-m", "newswatch", "--config", str(empty), "crawl", "--no-history"]
    command += ["--summary-json", str(summary)]
    done = subprocess.run(
        command, cwd=workdir, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    counters: dict[str, int] = json.loads(summary.read_text("utf-8"))
    return counters


def stored_ids(settings: Settings) -> list[str]:
    backend = open_backend(settings)
    try:
        return [a.id for a in backend.stored_after(None, 10).articles]
    finally:
        backend.close()


def test_a_corrected_page_becomes_a_revision_and_an_unchanged_one_does_not(
    settings: Settings, site: EditableSite, tmp_path: Path
) -> None:
    first = crawl(settings, tmp_path)
    assert first["new"] == 1, first
    (article_id,) = stored_ids(settings)

    site.title, site.text = corrected(site.title), corrected(site.text)
    second = crawl(settings, tmp_path)
    assert (second["new"], second["updated"]) == (0, 1), second
    entries = history(open_revisions(settings), article_id)
    assert [e.version.article.title for e in entries] == [page()["title"], site.title]
    change = entries[1].change
    assert change is not None and change.material
    assert change.amounts == ((OLD_AMOUNT, NEW_AMOUNT),)
    assert change.title == (page()["title"], site.title)
    assert entries[0].version.fetched_at < entries[1].version.fetched_at

    third = crawl(settings, tmp_path)
    assert third["unchanged"] == 1 and site.hits == 3, third
    assert len(open_revisions(settings).versions(article_id)) == 2  # nothing new kept

    settings.crawl.revisit_days = 0  # the default: a stored article is never fetched again
    site.text = site.text.replace("Hà Thạch", "Hà Thạch (sửa lần hai)")
    crawl(settings, tmp_path)
    assert site.hits == 3
    assert len(open_revisions(settings).versions(article_id)) == 2
