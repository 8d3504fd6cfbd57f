"""The dedupe stage lets one article per id through in a run and counts the rest."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from twisted.internet.defer import maybeDeferred

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


def inline(crawler: Crawler) -> DedupePipeline:
    """The crawl's pipeline with its store read run inline (no reactor in a component test)."""
    pipeline = DedupePipeline.from_crawler(crawler)
    pipeline.run = maybeDeferred
    return pipeline


def test_a_second_page_declaring_the_same_canonical_article_is_dropped(
    news_crawler: Crawler,
) -> None:
    pipeline = inline(news_crawler)
    first = article("https://baohaiphong.vn/kcn-412345.html", "a1")
    amp_copy = article("https://baohaiphong.vn/amp/kcn-412345.html", "a1")

    assert pipeline.process_item(first) is first
    with pytest.raises(DropItem, match="duplicate"):
        pipeline.process_item(amp_copy)
    assert news_crawler.stats.get_value(keys.DUPLICATES) == 1


def test_different_articles_all_pass(news_crawler: Crawler) -> None:
    pipeline = inline(news_crawler)

    for n in range(3):
        pipeline.process_item(article(f"https://baohaiphong.vn/a-{n}00000.html", f"id{n}"))

    assert news_crawler.stats.get_value(keys.DUPLICATES) is None


def test_different_pages_claiming_one_canonical_url_are_all_kept(news_crawler: Crawler) -> None:
    pipeline = inline(news_crawler)
    claimed = "https://baohaiphong.vn/kinh-te/bai-co-dinh-400000.html"
    kept = []
    for n in range(5):  # a CMS declaring one fixed article as every page's canonical URL
        page = article(f"https://baohaiphong.vn/kinh-te/bai-{n}-41234{n}.html", "c")
        page = page.model_copy(update={"id": "c", "canonical_url": claimed, "title": f"Bài {n}"})
        item = pipeline.process_item(page)
        assert isinstance(item, Article)  # inline: at once
        kept.append(item)
    assert len({item.id for item in kept}) == 5
    assert [item.canonical_url for item in kept[1:]] == [item.url for item in kept[1:]]
    assert news_crawler.stats.get_value(keys.stats_key("canonical_collapse")) == 4
    assert news_crawler.stats.get_value(keys.DUPLICATES) is None
