"""A page whose extraction outlasts ``[crawl] page_time_budget`` fails alone (issue 12.7).

The replay site ``vir`` is crawled with one more article linked from its listing: its real
article page with 170,000 short sibling paragraphs added (3.7 MB, under the replay's 4 MiB
cap; extraction takes ~3.5 s here, a healthy page ~50 ms). With a 1 s budget and two
extraction workers, that page is counted as ``extract_timeout`` (its worker is killed and
replaced) and every healthy article of the site is still stored.

A worker killed under a page (out of memory, a stray signal) is not the page's fault: the page is
counted as ``worker_lost`` and fetched again by the next run, not remembered as unextractable.
"""

from __future__ import annotations

import json
import shutil
import signal
import time
from pathlib import Path
from urllib.parse import urlsplit

import psutil

from crawler.summary import CrawlSummary
from newswatch.core.settings import Settings
from search.sqlite.store import SqliteBackend
from tests.servers.child import newswatch, started_newswatch
from tests.servers.replay_config import replay_settings_for
from tests.servers.replay_server import ReplaySites, default_sites_root, serve_sites

SITE = "vir"
HEAVY = "/haiphong-industrial-parks-in-170-thousand-paragraphs-110199.html"
MODEL = "haiphong-draws-32-billion-in-fdi-to-industrial-parks-110101.html"
BUDGET = 1.0


def sites_with_a_heavy_page(root: Path) -> Path:
    """A copy of the replay site with the heavy page served and linked from its listing."""
    shutil.copytree(default_sites_root() / SITE, root / SITE)
    shutil.copy(default_sites_root() / "replay.toml", root / "replay.toml")
    files = root / SITE / "files"
    paragraphs = "".join(f"<p>Đoạn {i}.</p>" for i in range(170_000))
    page = (files / MODEL).read_text("utf-8")
    (files / HEAVY.lstrip("/")).write_text(
        page.replace("</body>", f"<div>{paragraphs}</div></body>", 1), "utf-8"
    )
    routes_path = root / SITE / "routes.json"
    routes = json.loads(routes_path.read_text("utf-8"))
    routes[HEAVY] = {"file": f"files{HEAVY}", "type": "text/html; charset=utf-8"}
    routes_path.write_text(json.dumps(routes), "utf-8")
    listing = files / "investing.html"
    link = f'<article class="story"><h3><a href="{HEAVY}">Heavy</a></h3></article>'
    listing.write_text(listing.read_text("utf-8").replace("</body>", link + "</body>", 1))
    return root


def stored_paths(settings: Settings) -> set[str]:
    store = SqliteBackend(settings.storage.path, settings.crawl.tz)
    try:
        return {urlsplit(a.url).path for a in store.stored_after(None, limit=1000).articles}
    finally:
        store.close()


def test_a_page_over_its_time_budget_fails_alone_and_its_neighbours_are_stored(
    tmp_path: Path,
) -> None:
    root = sites_with_a_heavy_page(tmp_path / "sites")
    sites = serve_sites(root, [SITE])
    try:
        base = replay_settings_for(sites, tmp_path, [SITE], root)
        crawl = base.crawl.model_copy(update={"workers": 2, "page_time_budget": BUDGET})
        settings = base.model_copy(update={"crawl": crawl})
        summary_path = tmp_path / "summary.json"
        done = newswatch(settings, tmp_path, "crawl", "--summary-json", str(summary_path))
        heavy_requested = any(entry.path == HEAVY for entry in sites[SITE].log)
    finally:
        sites.stop()
    assert done.returncode == 0, done.stdout + done.stderr
    summary = CrawlSummary.from_dict(json.loads(summary_path.read_text()))
    expected = json.loads((default_sites_root() / SITE / "expected.json").read_text())
    healthy = {a["path"] for a in expected["articles"] if a["expect"] == "stored"}

    assert heavy_requested
    assert summary.error_kinds.get("extract_timeout") == 1
    assert stored_paths(settings) == healthy
    assert summary.new == len(healthy)


def test_a_worker_killed_under_a_page_loses_it_for_this_run_only(tmp_path: Path) -> None:
    root = sites_with_a_heavy_page(tmp_path / "sites")
    sites = serve_sites(root, [SITE])
    try:
        base = replay_settings_for(sites, tmp_path, [SITE], root)
        roomy = base.crawl.model_copy(update={"workers": 2, "page_time_budget": 120.0})
        first_path = tmp_path / "first.json"
        config = base.model_copy(update={"crawl": roomy})
        crawl = started_newswatch(config, tmp_path, "crawl", "--summary-json", str(first_path))
        try:
            busy_worker(crawl.pid, sites).send_signal(signal.SIGKILL)  # under the heavy page
            assert crawl.wait(120) == 0
        finally:
            crawl.kill()
        served = sum(entry.path == HEAVY for entry in sites[SITE].log)
        # The next run, with the usual budget: the heavy page is fetched again.
        crawl_again = base.crawl.model_copy(update={"workers": 2, "page_time_budget": BUDGET})
        settings = base.model_copy(update={"crawl": crawl_again})
        second_path = tmp_path / "second.json"
        done = newswatch(settings, tmp_path, "crawl", "--summary-json", str(second_path))
        served_again = sum(entry.path == HEAVY for entry in sites[SITE].log) - served
    finally:
        sites.stop()
    assert done.returncode == 0, done.stdout + done.stderr
    first = CrawlSummary.from_dict(json.loads(first_path.read_text()))
    assert first.status == "partial" and first.error_kinds.get("worker_lost", 0) >= 1
    assert "extract_failed" not in first.error_kinds
    assert served == 1 and served_again == 1
    second = CrawlSummary.from_dict(json.loads(second_path.read_text()))
    assert second.error_kinds.get("extract_timeout") == 1


def busy_worker(crawl_pid: int, sites: ReplaySites, timeout: float = 60) -> psutil.Process:
    """The extraction worker (a child of the crawl process) that has been on one page for
    over a second since the heavy page was served (its extraction takes seconds; the site's
    other pages take milliseconds)."""
    deadline = time.monotonic() + timeout
    crawl = psutil.Process(crawl_pid)
    busy: dict[int, float] = {}
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if not any(entry.path == HEAVY for entry in sites[SITE].log):
            continue
        for worker in crawl.children():
            cpu = sum(worker.cpu_times()[:2])
            began = busy.setdefault(worker.pid, cpu)
            if cpu - began > 1.0:
                return worker
    raise AssertionError("no worker was busy on the heavy page")
