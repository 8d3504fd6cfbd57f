"""Store articles through the ``ArticleStore`` port in small batches, flushed on close.

Small batches keep an interrupted crawl's loss to at most one batch that was never sent (the
spider-closed flush sends it on a graceful stop), while still amortising bulk writes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from crawler import stats as keys
from crawler.spiders.news import news_spider
from newswatch.core.article import Article
from newswatch.core.errors import BackendUnavailable
from newswatch.core.store import ArticleStore

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

BATCH_SIZE = 10


class StorePipeline:
    def __init__(
        self,
        backend: ArticleStore,
        stats: StatsCollector,
        batch_size: int = BATCH_SIZE,
        on_stored: Callable[[Sequence[Article]], None] | None = None,
    ):
        self.backend = backend
        self.stats = stats
        self.batch_size = batch_size
        self.on_stored = on_stored
        """Told of a batch only when all of it was stored: nothing lost is ever marked seen."""
        self.pending: list[Article] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        spider = news_spider(crawler)
        return cls(spider.backend, crawler.stats, on_stored=spider.remember_stored)

    def process_item(self, item: Article) -> Article:
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            result = self.backend.upsert(batch)
        except BackendUnavailable as exc:
            logger.error("storage unavailable, %d articles not stored: %s", len(batch), exc)
            self.count_unstored(batch)
            return
        except Exception:
            # A bug in a backend must show in the summary as errors, not as a quiet "new: 0";
            # the batch is not remembered as seen, so the next run fetches it again.
            logger.exception("storing %d articles failed", len(batch))
            self.count_unstored(batch)
            return
        self.stats.inc_value(keys.NEW, result.new)
        self.stats.inc_value(keys.UPDATED, result.updated)
        self.stats.inc_value(keys.UNCHANGED, result.unchanged)
        if result.queued:
            logger.warning("%s", "; ".join(result.errors))
            self.stats.inc_value(keys.QUEUED, result.queued)
            return  # not yet searchable: links are not remembered, so nothing depends on it
        if result.failed:
            logger.error("%d articles not stored: %s", result.failed, "; ".join(result.errors))
            keys.count_failure(self.stats, "store_failed", batch[0].url, None, result.failed)
        elif self.on_stored is not None:
            self.on_stored(batch)

    def count_unstored(self, batch: list[Article]) -> None:
        for article in batch:
            keys.count_failure(self.stats, "store_failed", article.url, article.source)
