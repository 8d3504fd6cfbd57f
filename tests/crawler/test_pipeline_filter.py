"""The filter stage keeps on-topic (or always-relevant) recent articles; the rest are counted,
remembered so later runs do not fetch them again, and never stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler import stats as keys
from crawler.dedupe import article_id
from crawler.pipelines.filter import FilterPipeline
from crawler.spiders.news import news_spider
from newswatch.core.article import Article

NOW = datetime.now(UTC)


def article(source: str, title: str, text: str = "", days_old: float = 1) -> Article:
    url = f"https://{source}.vn/tin-{abs(hash(title)) % 10**6:06d}.html"
    return Article(
        id=article_id(url),
        url=url,
        canonical_url=url,
        source=source,
        title=title,
        text=text,
        published_at=NOW - timedelta(days=days_old),
        fetched_at=NOW,
    )


ON_TOPIC = "Hải Phòng thu hút 3 tỷ USD vốn FDI vào khu công nghiệp"
OFF_TOPIC = "Hải Phòng thắng ngược trên sân Lạch Tray"


def test_an_on_topic_article_passes(news_crawler: Crawler) -> None:
    item = article("baohaiphong", ON_TOPIC)

    assert FilterPipeline.from_crawler(news_crawler).process_item(item) is item
    assert news_crawler.stats.get_value(keys.FILTERED) is None


def test_an_off_topic_article_is_dropped_counted_and_remembered(news_crawler: Crawler) -> None:
    item = article("baohaiphong", OFF_TOPIC)

    with pytest.raises(DropItem, match="off topic"):
        FilterPipeline.from_crawler(news_crawler).process_item(item)

    assert news_crawler.stats.get_value(keys.FILTERED) == 1
    assert item.id in news_spider(news_crawler).seen["baohaiphong"]


def test_an_always_relevant_source_skips_the_topic_test(news_crawler: Crawler) -> None:
    item = article("heza", "Thông báo lịch tiếp công dân tháng 3")

    assert FilterPipeline.from_crawler(news_crawler).process_item(item) is item


def test_an_article_older_than_max_age_days_is_dropped_even_when_on_topic(
    news_crawler: Crawler,
) -> None:
    item = article("heza", ON_TOPIC, days_old=400)

    with pytest.raises(DropItem, match="older than max_age_days"):
        FilterPipeline.from_crawler(news_crawler).process_item(item)
    assert news_crawler.stats.get_value(keys.TOO_OLD) == 1
    assert news_crawler.stats.get_value(keys.FILTERED) is None  # off-topic only
    assert item.id in news_spider(news_crawler).seen["heza"]
