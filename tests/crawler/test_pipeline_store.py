"""The store stage writes through the Backend in small batches, flushes on close, and counts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler import stats as keys
from crawler.dedupe import article_id
from crawler.pipelines.store import StorePipeline
from crawler.spiders.news import news_spider
from newswatch.core.article import Article
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
    pipeline = StorePipeline(backend, news_crawler.stats, batch_size=3)

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
    pipeline = StorePipeline.from_crawler(news_crawler)

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
    unusable = SqliteBackend(tmp_path, news_spider(news_crawler).tz)
    stats: StatsCollector = news_crawler.stats
    told: list[Article] = []
    pipeline = StorePipeline(unusable, stats, batch_size=2, on_stored=told.extend)

    pipeline.process_item(article(1))
    pipeline.process_item(article(2))

    assert stats.get_value(keys.error_key("store_failed")) == 2
    assert pipeline.pending == []
    assert told == []  # nothing marked seen: the next run fetches them again


def test_a_stored_batch_is_reported_so_the_spider_can_remember_its_links(
    news_crawler: Crawler, backend: SqliteBackend
) -> None:
    told: list[Article] = []
    pipeline = StorePipeline(backend, news_crawler.stats, batch_size=2, on_stored=told.extend)

    for n in range(3):
        pipeline.process_item(article(n))
    pipeline.close_spider()

    assert [a.id for a in told] == [article(n).id for n in range(3)]


def test_a_corrupt_store_is_a_counted_error_not_a_quiet_zero(
    news_crawler: Crawler, tmp_path: Path
) -> None:
    corrupt = tmp_path / "news.db"
    corrupt.write_bytes(b"this is not an sqlite database" * 200)
    backend = SqliteBackend(corrupt, news_spider(news_crawler).tz)
    told: list[Article] = []
    pipeline = StorePipeline(backend, news_crawler.stats, batch_size=1, on_stored=told.extend)

    pipeline.process_item(article(1))

    assert news_crawler.stats.get_value(keys.error_key("store_failed")) == 1
    assert news_crawler.stats.get_value(keys.NEW, 0) == 0
    assert told == []
