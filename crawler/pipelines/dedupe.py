"""Drop an article whose id was already processed in this run, unless it is a different
article under a borrowed canonical URL.

The spider never fetches one URL id twice; this catches two URLs whose pages declare the same
canonical URL (an AMP or print copy, a redirected alias). A CMS misconfigured to declare one
canonical URL on every page (a fixed article) would otherwise collapse different articles
into one, and the next run would overwrite the one kept: so when the claimed id is already
taken, in this run or in storage, by a page with another title fetched from another URL, the
article is kept under its own fetched URL instead (``canonical_collapse`` counts these).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from crawler import stats as keys
from crawler.dedupe import article_id
from crawler.normalise import canonical_url
from crawler.spiders.news import news_spider
from newswatch.core.article import Article

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class DedupePipeline:
    def __init__(
        self, stats: StatsCollector, stored: Callable[[str], Article | None] = lambda _: None
    ) -> None:
        self.stats = stats
        self.stored = stored
        """The stored article with an id, or ``None``: a borrowed claim must not overwrite it."""
        self.seen: dict[str, Article] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats, news_spider(crawler).backend.get)

    def process_item(self, item: Article) -> Article:
        if item.id != article_id(item.url):  # the page claims another URL as its own
            owner = self.seen.get(item.id) or self.stored(item.id)
            if owner is not None and _different(owner, item):
                self.stats.inc_value(keys.stats_key("canonical_collapse"))
                own = canonical_url(item.url)
                item = item.model_copy(update={"id": article_id(own), "canonical_url": own})
        if item.id in self.seen:
            self.stats.inc_value(keys.DUPLICATES)
            raise DropItem(f"duplicate of an article already seen: {item.url}", log_level="DEBUG")
        self.seen[item.id] = item
        return item


def _different(owner: Article, item: Article) -> bool:
    """Another page (other fetched URL) with another title: not a copy of the same article."""
    return owner.url != item.url and owner.title.casefold() != item.title.casefold()
