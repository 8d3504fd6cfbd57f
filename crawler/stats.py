"""The counters a crawl keeps in Scrapy's stats, and how they become a ``CrawlSummary``.

Every outcome is one stats key under ``newswatch/`` so that pipelines, middlewares and the
spider count in one place and the summary is a pure function of the final stats.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TimeoutError as TxTimeoutError

from crawler.summary import CrawlSummary, RunStatus
from newswatch.core.counters import COUNTER_NAMES

PREFIX = "newswatch/"
NEW = PREFIX + "new"
UPDATED = PREFIX + "updated"
UNCHANGED = PREFIX + "unchanged"
FILTERED = PREFIX + "filtered"
TOO_OLD = PREFIX + "too_old"
QUEUED = PREFIX + "queued"
DUPLICATES = PREFIX + "duplicates"
NOT_MODIFIED = PREFIX + "not_modified"
ARTICLES = PREFIX + "articles"
"""Articles extracted (before filter/dedupe/store): the progress line's second number."""
ROBOTS_DISALLOWED = PREFIX + "robots_disallowed"
ERROR_PREFIX = PREFIX + "error/"
PAGES = "response_received_count"
"""Scrapy's own count of responses (feeds, listings, articles, error pages alike)."""


def stats_key(counter: str) -> str:
    """Where counter ``counter`` (``newswatch.core.counters``) is kept in Scrapy's stats."""
    return PAGES if counter == "pages_fetched" else PREFIX + counter


def error_key(kind: str) -> str:
    return ERROR_PREFIX + kind


def error_kind(exc: BaseException) -> str | None:
    """Name the outcome of a failed request; ``None`` for robots.txt (policy, not an error)."""
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        if "robots.txt" in message:
            return None
        if "redirect" in message:
            return "redirect_loop"
        return "ignored"
    if isinstance(exc, DownloadTimeoutError | TxTimeoutError):
        return "timeout"
    if isinstance(exc, DownloadCancelledError) and "max size" in str(exc):
        return "too_large"
    if isinstance(exc, DownloadConnectionRefusedError | CannotResolveHostError):
        return "connection"
    return "download_failed"


def summary_from_stats(
    stats: Mapping[str, Any], sources: list[str], finish_reason: str | None
) -> CrawlSummary:
    """The run's summary: ``ok`` when the spider finished on its own, ``failed`` when it never
    closed (the crawl could not run), else ``partial`` (interrupted: shutdown signal, …)."""
    error_kinds = {
        key.removeprefix(ERROR_PREFIX): int(value)
        for key, value in sorted(stats.items())
        if key.startswith(ERROR_PREFIX) and value
    }
    status: RunStatus = (
        "ok" if finish_reason == "finished" else "failed" if finish_reason is None else "partial"
    )
    counted = {name: int(stats.get(stats_key(name), 0)) for name in COUNTER_NAMES}
    counted["errors"] = sum(error_kinds.values())
    return CrawlSummary(
        **counted,
        sources=list(sources),
        error_kinds=error_kinds,
        status=status,
        health={},
        warnings=[],
    )
