"""Requests that wait for a site's robots.txt all get its rules.

Scrapy's ``RobotsTxtMiddleware`` lets every request that arrives while robots.txt is being
fetched await one shared Deferred; turning a Deferred into an asyncio future consumes its
result, so the second waiter and every later one got ``None``, read as "no robots.txt", and
were sent even where it forbids them. One crawl worker rarely has several requests waiting on
one site; two workers on a shared frontier do, when one pops the other's links for a site it
has not asked about yet (the Redis two-worker test fetched a forbidden page in one run in
eight under load). Here a real crawl starts five pages of one site at once while its
robots.txt takes a moment to come.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newswatch.core.settings import CrawlSettings, Settings, Source, StorageSettings
from tests.servers.child import REPO, environment
from tests.servers.pages import PageServer

ROBOTS = "User-agent: *\nDisallow: /cam/\n"
ROBOTS_DELAY_S = 0.5
LISTING = "<html><head><title>Tin</title></head><body><p>Không có bài mới.</p></body></html>"


def slow_robots(path: str) -> tuple[str, str]:
    """Every path a small page; robots.txt after a delay."""
    if path == "/robots.txt":
        time.sleep(ROBOTS_DELAY_S)
        return "text/plain; charset=utf-8", ROBOTS
    return "text/html; charset=utf-8", LISTING


@pytest.fixture()
def site() -> Iterator[PageServer]:
    served = PageServer(slow_robots)
    yield served
    served.stop()


def test_every_request_waiting_for_robots_txt_obeys_it(site: PageServer, tmp_path: Path) -> None:
    forbidden = [f"/cam/{n}.html" for n in range(4)]
    source = Source(
        name="cham",
        allowed_domains=["127.0.0.1"],
        start_urls=[f"{site.base}/tin/moi.html", *(site.base + path for path in forbidden)],
        article_url_pattern=r"/bai/\d+\.html$",
    )
    crawl = CrawlSettings(
        obey_robots_txt=True,
        download_delay=0,
        autothrottle=False,
        concurrent_requests_per_domain=8,
        state_dir=tmp_path / "state",
    )
    settings = Settings(
        storage=StorageSettings(path=tmp_path / "news.db"), crawl=crawl, sources=[source]
    )
    env, config = environment(settings, tmp_path)
    command = [sys.executable, "-m", "newswatch", "--config", str(config), "crawl"]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert site.asked.count("/robots.txt") == 1
    assert "/tin/moi.html" in site.asked  # the crawl did run
    assert [path for path in site.asked if path.startswith("/cam/")] == []
