"""Store articles through the ``ArticleStore`` port in small batches, flushed on close.

Small batches keep an interrupted crawl's loss to at most one batch that was never sent (the
spider-closed flush sends it on a graceful stop), while still amortising bulk writes.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from twisted.internet.defer import Deferred, DeferredLock, succeed
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure

from crawler import stats as keys
from crawler.frontier import frontier_of
from crawler.pipelines.awaitable import awaitable
from newswatch.core.article import Article
from newswatch.core.errors import BackendUnavailable
from newswatch.core.store import ArticleStore, StoreResult

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

BATCH_SIZE = 10
Runner = Callable[..., Deferred[Any]]
"""Runs ``f(*args)`` and fires with its result: ``deferToThread``, or ``maybeDeferred`` inline."""


def failure_info(failure: Failure) -> tuple[Any, Any, Any]:
    return (failure.type, failure.value, failure.getTracebackObject())


class StorePipeline:
    def __init__(
        self,
        backend: ArticleStore,
        stats: StatsCollector,
        batch_size: int = BATCH_SIZE,
        on_stored: Callable[[Sequence[Article]], None] | None = None,
        run: Runner = deferToThread,
    ):
        self.backend = backend
        self.stats = stats
        self.batch_size = batch_size
        self.on_stored = on_stored
        """Told of a batch only when all of it was stored: nothing lost is ever marked seen."""
        self.run = run
        """Where a write runs: a thread by default, so a slow or hanging store (Elasticsearch
        that accepts and never answers) never blocks the reactor and the fetches on it."""
        self.pending: list[Article] = []
        self.writing = DeferredLock()
        """One write at a time, in order: a batch waits for the one before it."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        frontier = frontier_of(crawler)
        return cls(frontier.store, crawler.stats, on_stored=frontier.remember_stored)

    def process_item(self, item: Article) -> Article | Awaitable[Article]:
        """The item, at once; or when it completes a batch, once that batch is written (the
        wait slows the scraper, not the reactor: Scrapy's own back-pressure)."""
        self.pending.append(item)
        if len(self.pending) < self.batch_size:
            return item
        return awaitable(self.flush().addCallback(lambda _: item))

    def close_spider(self) -> Awaitable[None] | None:
        return awaitable(self.flush())

    def flush(self) -> Deferred[None]:
        batch, self.pending = self.pending, []
        if not batch:
            return succeed(None)
        written: Deferred[StoreResult] = self.writing.run(self.run, self.backend.upsert, batch)
        return written.addCallbacks(
            self.settle, self.failed, callbackArgs=(batch,), errbackArgs=(batch,)
        )

    def failed(self, failure: Failure, batch: list[Article]) -> None:
        if failure.check(BackendUnavailable):
            logger.error(
                "storage unavailable, %d articles not stored: %s", len(batch), failure.value
            )
        else:
            # A bug in a backend must show in the summary as errors, not as a quiet "new: 0";
            # the batch is not remembered as seen, so the next run fetches it again.
            logger.error("storing %d articles failed", len(batch), exc_info=failure_info(failure))
        self.count_unstored(batch)

    def settle(self, result: StoreResult, batch: list[Article]) -> None:
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
