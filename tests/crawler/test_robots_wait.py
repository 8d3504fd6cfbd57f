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
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from newswatch.core.settings import CrawlSettings, Settings, Source, StorageSettings
from tests.servers.child import REPO, environment

ROBOTS = "User-agent: *\nDisallow: /cam/\n"
ROBOTS_DELAY_S = 0.5
LISTING = "<html><head><title>Tin</title></head><body><p>Không có bài mới.</p></body></html>"


class SlowRobotsSite:
    """Every path answers a small page, robots.txt after a delay; the paths asked are kept."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.asked.append(self.path)
                text = LISTING
                if self.path == "/robots.txt":
                    time.sleep(ROBOTS_DELAY_S)
                    text = ROBOTS
                body = text.encode("utf-8")
                self.send_response(200)
                kind = "text/plain" if self.path == "/robots.txt" else "text/html"
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture()
def site() -> Iterator[SlowRobotsSite]:
    served = SlowRobotsSite()
    yield served
    served.server.shutdown()


def test_every_request_waiting_for_robots_txt_obeys_it(
    site: SlowRobotsSite, tmp_path: Path
) -> None:
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
