"""Drop an article whose id was already processed in this run.

The spider never fetches one URL id twice; this catches two URLs whose pages declare the same
canonical URL (an AMP or print copy, a redirected alias).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from crawler import stats as keys
from newswatch.core.article import Article

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class DedupePipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats)

    def process_item(self, item: Article) -> Article:
        if item.id in self.seen:
            self.stats.inc_value(keys.DUPLICATES)
            raise DropItem(f"duplicate of an article already seen: {item.url}", log_level="DEBUG")
        self.seen.add(item.id)
        return item
