"""Keep only articles worth storing: on topic (or from an ``always_relevant`` source) and not
older than the crawl's reach (``max_age_days``). Dropped articles are counted, never stored."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from crawler import stats as keys
from crawler.frontier import frontier_of
from crawler.topic import TopicFilter
from newswatch.core.article import Article
from newswatch.core.settings import TopicSettings

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class FilterPipeline:
    def __init__(
        self,
        topic: TopicFilter,
        always_relevant: set[str],
        max_age: timedelta,
        stats: StatsCollector,
        remember: Callable[..., None],
        now: datetime | None = None,
    ) -> None:
        self.topic = topic
        self.always_relevant = always_relevant
        self.cutoff = (now or datetime.now(UTC)) - max_age
        self.stats = stats
        self.remember = remember
        """``remember(source, *urls)``: so later runs do not fetch a rejected article again."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        frontier = frontier_of(crawler)
        settings = crawler.settings
        return cls(
            TopicFilter.from_settings(
                TopicSettings.model_validate(settings.getdict("NEWSWATCH_TOPIC"))
            ),
            set(settings.getlist("NEWSWATCH_ALWAYS_RELEVANT")),
            timedelta(days=settings.getint("NEWSWATCH_MAX_AGE_DAYS")),
            crawler.stats,
            frontier.remember_rejected,
        )

    def process_item(self, item: Article) -> Article:
        drop = self.reason_to_drop(item)
        if drop is None:
            return item
        counter, reason = drop
        self.stats.inc_value(counter)
        self.remember(item.source, item.url, item.canonical_url)
        logger.debug("filtered %s (%s): %s", item.url, reason, item.title)
        raise DropItem(f"filtered ({reason}): {item.url}", log_level="DEBUG")

    def reason_to_drop(self, item: Article) -> tuple[str, str] | None:
        """``None`` to keep the article, else the stats key to count it under and why."""
        if item.published_at is not None and item.published_at < self.cutoff:
            return keys.TOO_OLD, "older than max_age_days"
        if item.source in self.always_relevant or self.topic.matches(item):
            return None
        if not logger.isEnabledFor(logging.DEBUG):
            return keys.FILTERED, "off topic"  # the explanation costs a second topic scan
        places, terms = self.topic.explain(item)
        return keys.FILTERED, f"off topic: places={places} terms={terms}"
