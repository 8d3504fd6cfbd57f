"""Source health on a replay site that is redesigned between two crawls.

The site (a real HTTP server on 127.0.0.1) first serves ordinary article pages; then, like a
site moving to a JavaScript front end, new articles come as a shell with only a ``<title>``.
The second crawl must warn in its summary, its history, ``newswatch sources health``, the
run record and by e-mail to ``[alerts] health_channel``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from crawler.health import HealthHistory, SourceHealth, health_warnings
from crawler.summary import CrawlSummary
from newswatch.core.settings import CrawlSettings, Settings, Source, StorageSettings
from scheduler.runs import RunEnd, RunStore
from tests.alerts import SmtpSink
from tests.servers.child import REPO, environment
from tests.servers.pages import PageServer

BODY = (
    "Ban Quản lý Khu kinh tế Hải Phòng vừa trao giấy chứng nhận đăng ký đầu tư cho dự án nhà "
    "máy linh kiện điện tử tại KCN Đình Vũ với tổng vốn đầu tư 120 triệu USD. Dự án dự kiến "
    "đi vào hoạt động từ quý IV, tạo việc làm cho khoảng 1.500 lao động địa phương."
)


def article_v1(number: int) -> str:
    return (
        f"<html lang='vi'><head><title>Dự án {number} tại KCN Đình Vũ</title></head><body>"
        f"<article><h1>Dự án {number} vào KCN Đình Vũ, Hải Phòng</h1>"
        f"<time datetime='{datetime.now(UTC).isoformat()}'>hôm nay</time>"
        f"<p class='author'>Minh Anh</p><p>{BODY}</p><p>{BODY}</p></article></body></html>"
    )


def article_v2(number: int) -> str:
    return (
        f"<html><head><title>Dự án {number} tại KCN Đình Vũ</title>"
        "<script src='/static/app.js'></script></head><body><div id='app'></div></body></html>"
    )


def feed(numbers: range) -> str:
    when = format_datetime(datetime.now(UTC) - timedelta(hours=1))
    items = "".join(
        f"<item><title>Dự án {n}</title><link>{{base}}/du-an-{n:06d}.html</link>"
        f"<pubDate>{when}</pubDate></item>"
        for n in numbers
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>"
    )


class Site(PageServer):
    """An HTTP server whose pages the test swaps between crawls."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, str]] = {}
        super().__init__(self._answer)

    def _answer(self, path: str) -> tuple[str, str] | None:
        found = self.pages.get(path)
        if found is None:
            return None
        kind, text = found
        return f"{kind}; charset=utf-8", text.replace("{base}", self.base)

    def publish(self, numbers: range, page: Any) -> None:
        self.pages = {"/feed.rss": ("application/rss+xml", feed(numbers))}
        for n in numbers:
            self.pages[f"/du-an-{n:06d}.html"] = ("text/html", page(n))


@pytest.fixture()
def site() -> Iterator[Site]:
    served = Site()
    yield served
    served.stop()


@pytest.fixture()
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    yield sink
    sink.stop()


def settings_for(site: Site, workdir: Path) -> Settings:
    source = Source(
        name="redesigned",
        allowed_domains=["127.0.0.1"],
        feeds=[f"{site.base}/feed.rss"],
        article_url_pattern=r"-\d{6}\.html$",
    )
    crawl = CrawlSettings(
        obey_robots_txt=False, download_delay=0, autothrottle=False, state_dir=workdir / "state"
    )
    return Settings(
        storage=StorageSettings(path=workdir / "news.db"), crawl=crawl, sources=[source]
    )


def newswatch(settings: Settings, workdir: Path, smtp: SmtpSink, *args: str) -> str:
    env, config = environment(settings, workdir)
    env["NEWSWATCH_ALERTS"] = json.dumps(
        {"health_channel": "desk@example.org", "smtp_port": smtp.port,
         "outbox_path": str(workdir / "outbox.db")}
    )  # fmt: skip
    command = [sys.executable, "-m", "newswatch", "--config", str(config), *args]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def crawl(settings: Settings, workdir: Path, smtp: SmtpSink, name: str) -> CrawlSummary:
    path = workdir / f"{name}.json"
    newswatch(settings, workdir, smtp, "crawl", "--summary-json", str(path))
    return CrawlSummary.from_dict(json.loads(path.read_text("utf-8")))


def test_a_redesign_between_two_crawls_warns_everywhere(
    site: Site, smtp: SmtpSink, tmp_path: Path
) -> None:
    settings = settings_for(site, tmp_path)
    site.publish(range(1, 4), article_v1)
    first = crawl(settings, tmp_path, smtp, "first")
    assert first.warnings == []
    assert first.health["redesigned"]["extracted"] == 3
    assert first.health["redesigned"]["filled"] == {
        "title": 3, "published_at": 3, "authors": 3, "body": 3
    }  # fmt: skip

    site.publish(range(4, 7), article_v2)
    second = crawl(settings, tmp_path, smtp, "second")
    assert second.health["redesigned"]["pages"] == 4  # the feed and three articles
    assert second.health["redesigned"]["article_pages"] == 3
    assert second.health["redesigned"]["filled"]["title"] == 3
    watched = [w for w in second.warnings if w.startswith("redesigned: ")]
    assert [w.split()[1] for w in watched] == ["published_at", "authors", "body"]

    runs = HealthHistory(settings.crawl.state_dir).of("redesigned")
    assert [run.filled["body"] for run in runs] == [3, 0]
    shown = newswatch(settings, tmp_path, smtp, "sources", "health")
    assert "redesigned" in shown and "body filled in 0% of articles" in shown
    (message,) = smtp.messages
    assert message["To"] == "desk@example.org"
    assert "published_at filled in 0%" in message.get_content()

    store = RunStore(tmp_path / "runs.db")
    try:
        run = store.start("daily", ["redesigned"], tmp_path / "logs")
        recorded = store.finish(run.id, RunEnd(status="ok", summary=second))
    finally:
        store.close()
    assert recorded.warnings == second.warnings

    quiet = crawl(settings, tmp_path, smtp, "third")  # nothing published since
    assert quiet.health["redesigned"]["pages"] == 1  # the feed alone
    assert quiet.health["redesigned"]["extracted"] == 0
    assert quiet.warnings == []
    assert len(smtp.messages) == 1  # the second crawl's alone


def test_yield_dropping_to_zero_warns_and_a_quiet_first_run_does_not() -> None:
    usual = SourceHealth(pages=12, article_pages=10, extracted=10, kept=4, filled=dict.fromkeys(
        ("title", "published_at", "authors", "body"), 10))  # fmt: skip
    silent = replace(usual, extracted=0, kept=0, filled=dict.fromkeys(usual.filled, 0))
    assert health_warnings("vneconomy", silent, []) == []
    (warning,) = health_warnings("vneconomy", silent, [usual, usual])
    assert (
        warning == "vneconomy: 10 article pages fetched but no article extracted (was 10 per run)"
    )
    assert health_warnings("vneconomy", usual, [usual]) == []


def test_a_run_with_nothing_new_to_fetch_is_no_failure() -> None:
    """Its feed and sitemap were read (pages), no article page came, so none was extracted."""
    usual = SourceHealth(pages=12, article_pages=10, extracted=10, kept=4, filled=dict.fromkeys(
        ("title", "published_at", "authors", "body"), 10))  # fmt: skip
    quiet = SourceHealth(pages=3)
    assert health_warnings("haiphong-gov", quiet, [usual, usual]) == []
