"""The store stage writes through the Backend in small batches, flushes on close, and counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler
from twisted.internet.defer import Deferred, maybeDeferred
from twisted.internet.threads import deferToThread

from crawler import stats as keys
from crawler.dedupe import article_id
from crawler.frontier import frontier_of
from crawler.pipelines.store import StorePipeline
from crawler.settings import scrapy_settings
from newswatch.core.article import Article
from newswatch.core.settings import Settings
from search.sqlite.store import SqliteBackend


def article(n: int, title: str = "KCN Đình Vũ thu hút FDI") -> Article:
    url = f"https://baohaiphong.vn/kcn-dinh-vu-{n}00000.html"
    return Article(
        id=article_id(url),
        url=url,
        canonical_url=url,
        source="baohaiphong",
        title=title,
        fetched_at=datetime.now(UTC),
    )


def test_articles_are_written_in_batches_and_the_rest_on_close(
    news_crawler: Crawler, backend: SqliteBackend
) -> None:
    pipeline = StorePipeline(backend, news_crawler.stats, run=maybeDeferred, batch_size=3)

    for n in range(4):
        pipeline.process_item(article(n))
    stored_before_close = backend.count()
    pipeline.close_spider()

    assert stored_before_close == 3
    assert backend.count() == 4
    assert news_crawler.stats.get_value(keys.NEW) == 4


def test_a_changed_article_counts_as_updated_and_an_identical_one_as_unchanged(
    news_crawler: Crawler, backend: SqliteBackend
) -> None:
    backend.upsert([article(1), article(2)])
    pipeline = StorePipeline(backend, news_crawler.stats, run=maybeDeferred)

    pipeline.process_item(article(1, title="KCN Đình Vũ thu hút thêm FDI"))
    pipeline.process_item(article(2))
    pipeline.close_spider()

    assert news_crawler.stats.get_value(keys.UPDATED) == 1
    assert news_crawler.stats.get_value(keys.UNCHANGED) == 1
    assert news_crawler.stats.get_value(keys.NEW, 0) == 0


def test_unavailable_storage_is_a_counted_error_not_a_crash(
    news_crawler: Crawler, tmp_path: Path
) -> None:
    # A directory, not a database file.
    unusable = SqliteBackend(tmp_path, frontier_of(news_crawler).config.crawl.tz)
    stats: StatsCollector = news_crawler.stats
    told: list[Article] = []
    pipeline = StorePipeline(
        unusable, stats, run=maybeDeferred, batch_size=2, on_stored=told.extend
    )

    pipeline.process_item(article(1))
    pipeline.process_item(article(2))

    assert stats.get_value(keys.error_key("store_failed")) == 2
    assert pipeline.pending == []
    assert told == []  # nothing marked seen: the next run fetches them again


def test_a_stored_batch_is_reported_so_the_spider_can_remember_its_links(
    news_crawler: Crawler, backend: SqliteBackend
) -> None:
    told: list[Article] = []
    pipeline = StorePipeline(
        backend, news_crawler.stats, run=maybeDeferred, batch_size=2, on_stored=told.extend
    )

    for n in range(3):
        pipeline.process_item(article(n))
    pipeline.close_spider()

    assert [a.id for a in told] == [article(n).id for n in range(3)]


def test_a_corrupt_store_is_a_counted_error_not_a_quiet_zero(
    news_crawler: Crawler, tmp_path: Path
) -> None:
    corrupt = tmp_path / "news.db"
    corrupt.write_bytes(b"this is not an sqlite database" * 200)
    backend = SqliteBackend(corrupt, frontier_of(news_crawler).config.crawl.tz)
    told: list[Article] = []
    pipeline = StorePipeline(
        backend, news_crawler.stats, run=maybeDeferred, batch_size=1, on_stored=told.extend
    )

    pipeline.process_item(article(1))

    assert news_crawler.stats.get_value(keys.error_key("store_failed")) == 1
    assert news_crawler.stats.get_value(keys.NEW, 0) == 0
    assert told == []


def test_the_store_stage_is_switched_off_on_a_crawler_without_a_frontier(
    crawl_config: Settings,
) -> None:
    bare = get_crawler(settings_dict=scrapy_settings(crawl_config))

    with pytest.raises(NotConfigured):
        StorePipeline.from_crawler(bare)


def test_a_write_runs_off_the_calling_thread_by_default(
    news_crawler: Crawler, backend: SqliteBackend
) -> None:
    """``from_crawler`` writes through ``deferToThread``: the reactor's thread never waits."""
    callers: list[str] = []

    def recording(f: Callable[..., object], *args: object) -> Deferred[object]:
        callers.append(getattr(f, "__name__", ""))
        return maybeDeferred(f, *args)

    pipeline = StorePipeline.from_crawler(news_crawler)
    assert pipeline.run is deferToThread
    pipeline.run = recording
    pipeline.process_item(article(1))
    pipeline.close_spider()

    assert callers == ["upsert"]
    assert backend.count() == 1
