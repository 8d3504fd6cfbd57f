"""First stage: a fetched article page becomes an ``Article``, in worker processes with a
per-page time budget.

The spider yields each article page as a ``Page``; this stage runs ``extract_article`` on it.
With ``[crawl] workers`` above 1, extraction (about a third of a crawl's CPU, issue 14) runs in
that many processes (pebble's pool, started from a fork server that has the extractor
imported), so a crawl uses every core while the reactor only fetches, parses discovery pages and
stores. A page whose extraction exceeds ``[crawl] page_time_budget`` is counted as
``extract_timeout`` and remembered like an unextractable page; pebble kills the stuck worker and
starts another, so its neighbours never wait on it (issue 12.7). ``workers = 1`` extracts in the
crawl process itself, as before, with no budget.
"""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pebble import ProcessPool
from scrapy.exceptions import DropItem
from twisted.internet.defer import Deferred

from crawler import stats as keys
from crawler.extract import ExtractionError, extract_article
from crawler.frontier import frontier_of
from crawler.pipelines import awaitable
from newswatch.core.article import Article
from newswatch.core.settings import Source

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Self
    from zoneinfo import ZoneInfo

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

PRELOAD = ["crawler.extract"]
"""Imported once by the fork server, so each worker starts warm (and forks no reactor threads)."""


@dataclass(frozen=True)
class Page:
    """A fetched article page on its way to extraction (picklable: it crosses to a worker)."""

    url: str
    body: bytes
    source: Source
    tz: ZoneInfo
    fetched_at: datetime
    content_type: str | None


def extract_page(page: Page) -> Article:
    return extract_article(
        page.body,
        page.url,
        tz=page.tz,
        fetched_at=page.fetched_at,
        source=page.source,
        content_type=page.content_type,
    )


def extraction_pool(workers: int) -> ProcessPool:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return ProcessPool(max_workers=workers, context=context)


class ExtractPipeline:
    def __init__(
        self,
        stats: StatsCollector,
        reject: Callable[..., None],
        pool: ProcessPool | None = None,
        budget: float | None = None,
    ) -> None:
        self.stats = stats
        self.reject = reject
        """``reject(source, url)``: later runs do not fetch an unextractable page again."""
        self.pool = pool
        self.budget = budget

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        frontier = frontier_of(crawler)
        workers = crawler.settings.getint("NEWSWATCH_WORKERS", 1)
        if workers <= 1:
            return cls(crawler.stats, frontier.remember_rejected)
        budget = crawler.settings.getfloat("NEWSWATCH_PAGE_TIME_BUDGET")
        return cls(crawler.stats, frontier.remember_rejected, extraction_pool(workers), budget)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        if self.pool is None:
            try:
                return self.extracted(extract_page(item))
            except ExtractionError as exc:
                raise self.refuse(item, "extract_failed", str(exc)) from exc
        future = self.pool.schedule(extract_page, args=(item,), timeout=self.budget)
        done: Deferred[Article] = Deferred()
        # pebble completes futures in its own thread; the item goes on in the reactor's.
        from twisted.internet import reactor  # the installed one (asyncio), not a default

        call = reactor.callFromThread  # type: ignore[attr-defined]
        future.add_done_callback(lambda f: call(self.settle, f, item, done))
        return awaitable(done)

    def settle(self, future: Future[Article], page: Page, done: Deferred[Article]) -> None:
        """In the reactor thread: the worker's answer becomes the item, or a counted drop."""
        try:
            article = future.result()
        except FutureTimeout:
            done.errback(self.refuse(page, "extract_timeout", f"over {self.budget} s"))
        except ExtractionError as exc:
            done.errback(self.refuse(page, "extract_failed", str(exc)))
        except (
            Exception
        ) as exc:  # a worker that died (killed, out of memory): counted, not lost silently
            done.errback(self.refuse(page, "extract_failed", f"worker failed: {exc!r}"))
        else:
            done.callback(self.extracted(article))

    def extracted(self, article: Article) -> Article:
        self.stats.inc_value(keys.ARTICLES)
        return article

    def refuse(self, page: Page, kind: str, detail: str) -> DropItem:
        keys.count_failure(self.stats, kind, page.url, page.source.name)
        logger.info("%s: %s (%s)", kind, page.url, detail)
        self.reject(page.source.name, page.url)
        return DropItem(f"{kind}: {page.url}", log_level="DEBUG")

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
