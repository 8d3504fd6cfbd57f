"""First stage: a fetched article page becomes an ``Article``, in worker processes with a
per-page time budget.

The spider yields each article page as a ``Page``; this stage runs ``extract_article`` on it.
With ``[crawl] workers`` above 0, extraction (about a third of a crawl's CPU, issue 14) runs in
that many processes (pebble's pool of spawned workers, each importing only the extractor), so
a crawl uses every core while the reactor only fetches, parses discovery pages and
stores. A page whose extraction exceeds ``[crawl] page_time_budget`` is counted as
``extract_timeout`` and remembered like an unextractable page; pebble kills the stuck worker and
starts another, so its neighbours never wait on it (issue 12.7). A page whose worker died under
it is counted as ``worker_lost`` and fetched again next run. ``workers = 0`` extracts in the
crawl process itself, with no budget.

A worker does all of a page's CPU in one call (``prepare_page``): extraction, normalisation and
the investment facts (``crawler.facts``), so the reactor never runs the facts (issue 14). The
pool starts on the first page to extract, in a thread: a crawl that finds nothing new never
starts it, and the start (pebble creates its workers inside the first ``schedule``, and each
imports the extractor) never blocks the fetches.

Workers are spawned, not forked from a fork server: a fork server is one more process holding
the extractor's imports for the whole crawl (53 MiB of the tree's RSS at N = 180, issue 14), and
a spawned worker imports no more than the fork server did. The cost is a cold start (0.4 s of
imports) for a worker that replaces one killed over its page budget.
"""

from __future__ import annotations

import fcntl
import logging
import multiprocessing
import multiprocessing.context
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import DropItem
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure

from crawler import stats as keys
from crawler.frontier import frontier_of
from crawler.pipelines.awaitable import awaitable
from crawler.pipelines.page import Page, preload, prepare_page
from newswatch.core.article import Article
from newswatch.core.errors import ExtractionError

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.connection import Connection
    from typing import Self

    from pebble import ProcessPool
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


PIPE_BYTES = 1024 * 1024
"""Kernel buffer of the pipe that carries pages to the workers (Linux's default is 64 KB, and
``/proc/sys/fs/pipe-max-size`` is 1 MiB unless raised). With the default, a 200 KB page could
only be written as the worker read it: each page's transfer waited for the worker to finish the
one before, and a third of a worker's time went to waiting for and receiving pages (issue 14).
With room for several pages, the next ones are written while the worker extracts."""


class RoomyPipes(multiprocessing.context.SpawnContext):
    """The spawn context whose one-way pipes (pebble's channels) hold ``PIPE_BYTES``."""

    def Pipe(self, duplex: bool = True) -> tuple[Connection, Connection]:
        reader, writer = super().Pipe(duplex)
        if not duplex:
            widen_pipe(writer.fileno())
        return reader, writer


def widen_pipe(fd: int) -> None:
    """Best effort: where pipes cannot grow (not Linux, a lower limit), the default stays."""
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (AttributeError, OSError) as exc:
        logger.debug("pipe to the extraction workers keeps its size: %r", exc)


def extraction_pool(workers: int) -> ProcessPool:
    from pebble import ProcessPool  # here: a crawl that finds nothing new starts no pool

    return ProcessPool(max_workers=workers, context=RoomyPipes(), initializer=preload)


def started_pool(workers: int) -> ProcessPool:
    """A running pool (blocking: run it in a thread). pebble starts its workers on the first
    ``schedule``; that first task is ``preload`` again (a no-op once imported), from the light
    ``crawler.pipelines.page``: a task from this module would import Scrapy into the worker."""
    pool = extraction_pool(workers)
    pool.schedule(preload)
    return pool


class ExtractPipeline:
    def __init__(
        self,
        stats: StatsCollector,
        reject: Callable[..., None],
        retry: Callable[[str, str], None],
        workers: int = 0,
        budget: float | None = None,
        start_pool: Callable[[int], ProcessPool] = started_pool,
    ) -> None:
        self.stats = stats
        self.reject = reject
        """``reject(source, url)``: later runs do not fetch an unextractable page again."""
        self.retry = retry
        """``retry(source, url)``: the next run fetches a page lost to a dead worker again."""
        self.workers = workers
        self.budget = budget
        self.start_pool = start_pool
        self.pool: ProcessPool | None = None
        self.waiting: list[tuple[Page, Deferred[Article]]] | None = None
        """Pages that arrived while the pool was starting (``None``: not started yet)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        frontier = frontier_of(crawler)
        workers = crawler.settings.getint("NEWSWATCH_WORKERS", 0)
        budget = crawler.settings.getfloat("NEWSWATCH_PAGE_TIME_BUDGET") if workers else None
        pipeline = cls(
            crawler.stats, frontier.remember_rejected, frontier.retry_page, workers, budget
        )
        if workers:
            crawler.signals.connect(pipeline.scheduled, signal=signals.request_scheduled)
        return pipeline

    def scheduled(self, request: Request, **_: Any) -> None:
        """The first article request (the spider's have a ``link_id``) starts the pool, so its
        workers are up when the page arrives; until then fetched pages wait, and Scrapy stops
        fetching once 5 MB of them wait. A crawl that finds nothing new schedules none."""
        if "link_id" in request.meta:
            self.start()

    def start(self) -> None:
        if self.pool is None and self.waiting is None:
            self.waiting = []
            starting: Deferred[ProcessPool] = deferToThread(self.start_pool, self.workers)
            starting.addCallbacks(self.pool_started, self.pool_failed)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        if not self.workers:
            try:
                return self.extracted(prepare_page(item))
            except ExtractionError as exc:
                raise self.refuse(item, "extract_failed", str(exc)) from exc
        done: Deferred[Article] = Deferred()
        if self.pool is not None:
            self.submit(self.pool, item, done)
        else:
            self.start()
            assert self.waiting is not None  # a start under way
            self.waiting.append((item, done))
        return awaitable(done)

    def pool_started(self, pool: ProcessPool) -> None:
        self.pool, waiting, self.waiting = pool, self.waiting or [], []
        for page, done in waiting:
            self.submit(pool, page, done)

    def pool_failed(self, failure: Failure) -> None:
        """No workers at all (cannot fork): every page is counted as failed, none lost silently;
        the next page tries again."""
        waiting, self.waiting = self.waiting or [], None
        for page, done in waiting:
            done.errback(self.refuse(page, "extract_failed", f"no workers: {failure.value!r}"))

    def submit(self, pool: ProcessPool, page: Page, done: Deferred[Article]) -> None:
        future = pool.schedule(prepare_page, args=(page,), timeout=self.budget)
        # pebble completes futures in its own thread; the item goes on in the reactor's.
        from twisted.internet import reactor  # the installed one (asyncio), not a default

        call = reactor.callFromThread  # type: ignore[attr-defined]
        future.add_done_callback(lambda f: call(self.settle, f, page, done))

    def settle(self, future: Future[Article], page: Page, done: Deferred[Article]) -> None:
        """In the reactor thread: the worker's answer becomes the item, or a counted drop."""
        try:
            article = future.result()
        except FutureTimeout:
            done.errback(self.refuse(page, "extract_timeout", f"over {self.budget} s"))
        except ExtractionError as exc:
            done.errback(self.refuse(page, "extract_failed", str(exc)))
        except Exception as exc:  # a worker that died (killed, out of memory)
            done.errback(self.lost(page, exc))
        else:
            done.callback(self.extracted(article))

    def extracted(self, article: Article) -> Article:
        self.stats.inc_value(keys.ARTICLES)
        return article

    def refuse(self, page: Page, kind: str, detail: str) -> DropItem:
        """The page itself cannot be extracted: counted, and remembered so no later run
        fetches it again."""
        self.reject(page.source.name, page.url)
        return self.drop(page, kind, detail)

    def lost(self, page: Page, exc: Exception) -> DropItem:
        """The worker died under the page (killed, out of memory): not the page's fault, so it
        is counted (the run is partial), and the next run fetches it again."""
        self.retry(page.source.name, page.url)
        return self.drop(page, "worker_lost", repr(exc))

    def drop(self, page: Page, kind: str, detail: str) -> DropItem:
        keys.count_failure(self.stats, kind, page.url, page.source.name)
        logger.info("%s: %s (%s)", kind, page.url, detail)
        return DropItem(f"{kind}: {page.url}", log_level="DEBUG")

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
