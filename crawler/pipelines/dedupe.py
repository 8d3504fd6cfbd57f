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
from twisted.internet.defer import maybeDeferred
from twisted.internet.threads import deferToThread

from crawler import stats as keys
from crawler.dedupe import article_id
from crawler.frontier import frontier_of
from crawler.normalise import canonical_url
from crawler.pipelines.awaitable import awaitable
from newswatch.core.article import Article

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from crawler.pipelines.store import Runner


class DedupePipeline:
    def __init__(
        self,
        stats: StatsCollector,
        stored: Callable[[str], Article | None] = lambda _: None,
        run: Runner = maybeDeferred,
    ) -> None:
        self.stats = stats
        self.stored = stored
        """The stored article with an id, or ``None``: a borrowed claim must not overwrite it."""
        self.run = run
        """Where ``stored`` runs: a thread in a crawl (a store read, slow when Elasticsearch is
        slow, must not stall the reactor), inline by default."""
        self.seen: dict[str, Article] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats, frontier_of(crawler).stored, deferToThread)

    def process_item(self, item: Article) -> Article | Awaitable[Article]:
        if item.id == article_id(item.url) or item.id in self.seen:
            return self.keep(item, self.seen.get(item.id))
        # the page claims another URL as its own, one not seen in this run: is it stored?
        return awaitable(self.run(self.stored, item.id).addCallback(lambda o: self.keep(item, o)))

    def keep(self, item: Article, owner: Article | None) -> Article:
        """``item`` under its claimed id, or its own when ``owner`` (the article holding the
        claimed id) is a different one; ``DropItem`` when this run already has it."""
        if item.id != article_id(item.url):
            owner = self.seen.get(item.id) or owner  # seen while the store was asked
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
