"""The dedupe stage lets one article per id through in a run and counts the rest."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler import stats as keys
from crawler.pipelines.dedupe import DedupePipeline
from newswatch.core.article import Article


def article(url: str, article_id: str) -> Article:
    return Article(
        id=article_id,
        url=url,
        canonical_url=url,
        source="baohaiphong",
        title="KCN Đình Vũ",
        fetched_at=datetime.now(UTC),
    )


def test_a_second_page_declaring_the_same_canonical_article_is_dropped(
    news_crawler: Crawler,
) -> None:
    pipeline = DedupePipeline.from_crawler(news_crawler)
    first = article("https://baohaiphong.vn/kcn-412345.html", "a1")
    amp_copy = article("https://baohaiphong.vn/amp/kcn-412345.html", "a1")

    assert pipeline.process_item(first) is first
    with pytest.raises(DropItem, match="duplicate"):
        pipeline.process_item(amp_copy)
    assert news_crawler.stats.get_value(keys.DUPLICATES) == 1


def test_different_articles_all_pass(news_crawler: Crawler) -> None:
    pipeline = DedupePipeline.from_crawler(news_crawler)

    for n in range(3):
        pipeline.process_item(article(f"https://baohaiphong.vn/a-{n}00000.html", f"id{n}"))

    assert news_crawler.stats.get_value(keys.DUPLICATES) is None
