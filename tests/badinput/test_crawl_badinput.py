"""The bad-input corpus served by a replay site and crawled for real (``newswatch crawl``):
every article URL ends in one counted outcome, the healthy neighbours are stored, feed entries
with impossible dates do not cost the feed, and the limits on feeds and sitemap indexes are
counted when hit. The crawl must finish within ``CRAWL_SECONDS``."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.summary import CrawlSummary
from newswatch.core.settings import Settings
from search.factory import open_backend
from tests.badinput import generate
from tests.servers.child import REPO, environment
from tests.servers.replay_server import ReplaySites, serve_sites

HEALTHY = [f"ok-{i}" for i in range(3)]
SITEMAP_CHAIN, MAX_SITEMAP_DEPTH = 12, 3
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
EXTRA_FEED_ITEMS, MAX_FEED_ITEMS = 300, 250
CRAWL_SECONDS = 240  # a single stalled heavy page once cost a 12 s crawl 299 s
# The heavy pages stall a real crawl (extraction runs on the reactor thread; no per-page
# budget yet): they are proven through ``extract`` alone (test_extract_badinput) until then.
SKIPPED = ("size_",)
BAD_DATES = ["0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-12:00", "30/02/2026", "1995"]


def _item(url: str, date: str) -> str:
    return f"<item><title>t</title><link>{url}</link><pubDate>{date}</pubDate></item>"


def _rss(items: list[str]) -> str:
    channel = f"<channel><title>x</title>{''.join(items)}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


def _build(root: Path) -> dict[str, Any]:
    site = root / "badinput"
    files = site / "files"
    manifest = {k: v for k, v in generate.write(files).items() if not k.startswith(SKIPPED)}
    routes: dict[str, dict[str, str]] = {
        "/robots.txt": {"file": "files/robots.txt", "type": "text/plain"},
        "/feed.rss": {"file": "files/feed.rss", "type": "application/rss+xml"},
        "/big.rss": {"file": "files/big.rss", "type": "application/rss+xml"},
    }
    (files / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    paths = [f"/bad/{name}" for name in manifest]
    for name in manifest:
        routes[f"/bad/{name}"] = {"file": f"files/{name}", "type": "text/html; charset=utf-8"}
    for i, name in enumerate(HEALTHY):
        page = generate.page(title=f"{generate.TITLE} (bài {i})")
        (files / f"{name}.html").write_text(page, "utf-8")
        routes[f"/ok/{name}.html"] = {"file": f"files/{name}.html", "type": "text/html"}
        paths.append(f"/ok/{name}.html")
    items = [_item("{{base}}" + path, "{{ago:1:0:rfc822}}") for path in paths]
    items[1:1] = [_item("{{base}}/ok/ok-0.html", date) for date in BAD_DATES]
    (files / "feed.rss").write_text(_rss(items), "utf-8")
    extra = [_item("{{base}}/ok/ok-1.html", "{{ago:1:0:rfc822}}")] * EXTRA_FEED_ITEMS
    (files / "big.rss").write_text(_rss(extra), "utf-8")
    for depth in range(SITEMAP_CHAIN):  # an index of an index of … of an index
        child = f"<sitemap><loc>{{{{base}}}}/sm/{depth + 1}.xml</loc></sitemap>"
        index = f'<sitemapindex xmlns="{SITEMAP_NS}">{child}</sitemapindex>'
        (files / f"sm{depth}.xml").write_text(index, "utf-8")
        routes[f"/sm/{depth}.xml"] = {"file": f"files/sm{depth}.xml", "type": "application/xml"}
    (site / "routes.json").write_text(json.dumps(routes), "utf-8")
    return manifest


pytestmark = pytest.mark.timeout(900)  # one subprocess for the whole corpus, on a shared CPU


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ReplaySites, dict[str, Any]]]:
    root = tmp_path_factory.mktemp("sites")
    manifest = _build(root)
    running = serve_sites(root, ["badinput"])
    try:
        yield running, manifest
    finally:
        running.stop()


@pytest.fixture(scope="module")
def crawled(
    site: tuple[ReplaySites, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[CrawlSummary, Settings, float]:
    sites, _ = site
    base = sites["badinput"].base_url
    work = tmp_path_factory.mktemp("crawl")
    settings = Settings.model_validate(
        {
            "storage": {"backend": "sqlite", "path": work / "newswatch.db"},
            "crawl": {
                "download_delay": 0, "autothrottle": False, "download_timeout": 60,
                "state_dir": work / "state", "max_feed_items": MAX_FEED_ITEMS,
                "max_sitemap_depth": MAX_SITEMAP_DEPTH, "concurrent_requests_per_domain": 4,
            },
            "sources": [{
                "name": "badinput", "allowed_domains": ["127.0.0.1"], "always_relevant": True,
                "feeds": [f"{base}/feed.rss", f"{base}/big.rss"], "sitemaps": [f"{base}/sm/0.xml"],
                "article_url_pattern": r"/(bad|ok)/",
            }],
        }
    )  # fmt: skip
    started = time.monotonic()
    summary_path = work / "summary.json"
    env, config = environment(settings, work)
    command = [sys.executable, "-m", "newswatch", "--config", str(config), "crawl"]
    done = subprocess.run(
        [*command, "--summary-json", str(summary_path)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=CRAWL_SECONDS * 2,
    )  # fmt: skip
    took = time.monotonic() - started
    (work / "crawl.log").write_text(done.stdout + done.stderr, "utf-8")
    assert done.returncode == 0, done.stdout + done.stderr
    return CrawlSummary.from_dict(json.loads(summary_path.read_text())), settings, took


def _stored_urls(settings: Settings) -> set[str]:
    backend = open_backend(settings)
    try:
        batch = backend.stored_after(None, limit=1000)
        return {str(article.url) for article in batch.articles}
    finally:
        backend.close()


def test_the_crawl_finishes_within_its_bound(crawled: tuple[CrawlSummary, Settings, float]) -> None:
    summary, _, took = crawled
    assert summary.status == "partial"  # the bad inputs are counted failures (issue 11 statuses)
    assert took < CRAWL_SECONDS


def test_the_healthy_neighbours_are_stored(crawled: tuple[CrawlSummary, Settings, float]) -> None:
    stored = _stored_urls(crawled[1])
    assert {url.rsplit("/", 1)[-1] for url in stored} >= {f"{name}.html" for name in HEALTHY}


def test_every_article_url_ends_in_exactly_one_counted_outcome(
    site: tuple[ReplaySites, dict[str, Any]], crawled: tuple[CrawlSummary, Settings, float]
) -> None:
    sites, manifest = site
    summary = crawled[0]
    fetched = {e.path for e in sites["badinput"].log if e.path.startswith(("/bad/", "/ok/"))}
    assert len(fetched) == len(manifest) + len(HEALTHY)
    rejected = sum(
        n for kind, n in summary.error_kinds.items() if kind in {"extract_failed", "not_html"}
    )
    crashed = {kind: n for kind, n in summary.error_kinds.items() if kind.startswith("callback_")}
    assert crashed == {} and summary.callback_errors == 0
    stored = summary.new + summary.updated
    assert stored + rejected + summary.filtered + summary.too_old + _content_duplicates(
        summary
    ) >= len(fetched)
    expected_rejected = sum(1 for case in manifest.values() if case["outcome"] == "rejected")
    assert rejected == expected_rejected


def _content_duplicates(summary: CrawlSummary) -> int:
    """Re-encoded copies of one page are one article: the dedupe stage counts them."""
    return summary.duplicates


def test_limits_are_counted_when_hit(crawled: tuple[CrawlSummary, Settings, float]) -> None:
    kinds = crawled[0].error_kinds
    assert kinds.get("feed_item_limit") == EXTRA_FEED_ITEMS - MAX_FEED_ITEMS
    assert kinds.get("sitemap_depth_limit") == 1
