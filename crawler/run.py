"""Run one crawl in this process: Scrapy's ``AsyncCrawlerProcess`` with the news spider.

The Twisted reactor cannot be restarted, so a process runs at most one crawl; the scheduler
and the end-to-end tests start ``python -m newswatch crawl`` as a child process for each run.
SIGINT/SIGTERM stop the crawl gracefully (Scrapy's shutdown handlers): the spider closes with
reason ``shutdown``, the store pipeline flushes, and the summary says ``partial``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from scrapy import signals
from scrapy.crawler import AsyncCrawlerProcess

from crawler.download_handler import import_download_handler
from crawler.frontier import Frontier, attach
from crawler.health import HealthHistory, HealthRecorder, health_from_stats
from crawler.settings import scrapy_settings
from crawler.spiders.news import NewsSpider
from crawler.stats import summary_from_stats
from crawler.summary import CrawlSummary
from newswatch.core.errors import BackendUnavailable
from newswatch.core.settings import Settings, Source
from newswatch.core.store import ArticleStore

logger = logging.getLogger(__name__)
import_download_handler()

Progress = Callable[[CrawlSummary], None]
OpenStore = Callable[[Settings], ArticleStore]
"""Opens the configured storage: injected by the shell (``search.factory.open_backend``), so the
crawler knows the ``ArticleStore`` port and never the search package."""


def select_sources(settings: Settings, names: list[str] | None) -> list[Source]:
    """The configured sources to crawl (all when ``names`` is empty); ``UnknownSource`` if not."""
    if not names:
        return list(settings.sources)
    return [settings.source(name) for name in dict.fromkeys(names)]


def _process(settings: Settings) -> AsyncCrawlerProcess:
    """Scrapy's process, logging at the level the caller chose for ``scrapy`` (``newswatch.logs``:
    quiet unless ``--verbose``). Its set-up resets every ``scrapy.*`` logger to DEBUG (a
    ``dictConfig``) and logs its banner before the level can be put back, so records below that
    level are muted for the duration of the set-up."""
    level = logging.getLogger("scrapy").level
    logging.disable(max(level - 1, logging.NOTSET))
    try:
        process = AsyncCrawlerProcess(scrapy_settings(settings))
    finally:
        logging.disable(logging.NOTSET)
    logging.getLogger("scrapy").setLevel(level)
    return process


PROGRESS_EVERY = 0.2
"""Seconds between progress reports: a summary built on every response and item was 3 % of the
crawl process's CPU (issue 14); five a second is as live as a status line gets."""


def run_crawl(
    settings: Settings,
    source_names: list[str] | None = None,
    on_progress: Progress | None = None,
    *,
    open_store: OpenStore,
    full: bool = False,
) -> CrawlSummary:
    """Crawl the sources and store what is new; raises ``UnknownSource`` for an unknown source and
    ``BackendUnavailable`` when storage cannot be opened (before any request is made) and does
    not queue writes during an outage. ``full``: ignore validators and cutoffs (``--full``)."""
    sources = select_sources(settings, source_names)
    names = [source.name for source in sources]
    backend = open_store(settings)
    try:
        try:
            backend.ensure_ready()
        except BackendUnavailable as exc:
            if not backend.queues_when_unavailable:
                raise
            logger.warning("%s: crawling anyway, articles wait in the local queue", exc)
        process = _process(settings)
        crawler = process.create_crawler(NewsSpider)
        attach(crawler, Frontier(settings, backend, sources, full=full))
        if on_progress is not None:
            last = -PROGRESS_EVERY

            def report(**_: Any) -> None:
                nonlocal last
                if (now := time.monotonic()) - last >= PROGRESS_EVERY:
                    last = now
                    on_progress(summary_from_stats(crawler.stats.get_stats(), names, "running"))

            for signal in (signals.response_received, signals.item_scraped, signals.item_dropped):
                crawler.signals.connect(report, signal=signal, weak=False)
        HealthRecorder(crawler)
        process.crawl(crawler)
        process.start()
        stats = crawler.stats.get_stats()
        summary = summary_from_stats(stats, names, stats.get("finish_reason"))
        return with_health(summary, stats, settings)
    finally:
        backend.close()


def with_health(summary: CrawlSummary, stats: dict[str, Any], settings: Settings) -> CrawlSummary:
    """The summary with each source's health and, against earlier runs, its warnings; the
    run is added to the history only when the crawl ran (a failed start says nothing)."""
    current = health_from_stats(stats, summary.sources)
    summary.health = {name: asdict(health) for name, health in current.items()}
    if summary.status != "failed":
        summary.warnings = HealthHistory(settings.crawl.state_dir, settings.state.url).record(
            current
        )
    for warning in summary.warnings:
        logger.warning("source health: %s", warning)
    return summary
