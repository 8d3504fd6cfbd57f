"""A real Scrapy crawler with a ``NewsSpider`` over a real SQLite store, for component tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawler.settings import scrapy_settings
from crawler.spiders.news import NewsSpider
from newswatch.core.settings import Settings, Source
from search.sqlite.store import SqliteBackend


@pytest.fixture
def crawl_config(tmp_path: Path) -> Settings:
    return Settings.model_validate(
        {
            "storage": {"path": tmp_path / "store.db"},
            "crawl": {"state_dir": tmp_path / "state", "max_age_days": 30},
            "sources": [
                Source(name="baohaiphong", allowed_domains=["baohaiphong.vn"]),
                Source(name="heza", allowed_domains=["heza.gov.vn"], always_relevant=True),
            ],
        }
    )


@pytest.fixture
def backend(crawl_config: Settings) -> Iterator[SqliteBackend]:
    store = SqliteBackend(crawl_config.storage.path, crawl_config.crawl.tz)
    store.ensure_ready()
    yield store
    store.close()


@pytest.fixture
def news_crawler(crawl_config: Settings, backend: SqliteBackend) -> Crawler:
    """Configured like a real run, spider attached, engine not started."""
    crawler = get_crawler(NewsSpider, scrapy_settings(crawl_config))
    crawler.spider = NewsSpider.from_crawler(
        crawler, config=crawl_config, backend=backend, sources=crawl_config.sources
    )
    return crawler
