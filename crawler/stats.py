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
from scrapy.statscollectors import StatsCollector
from twisted.internet.error import TimeoutError as TxTimeoutError

from crawler.middlewares.refusals import RedirectLoop, RobotsDisallowed
from crawler.summary import CrawlSummary, RunStatus, SourceOutcome, SourceStatus
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
CALLBACK_PREFIX = "callback_"
"""Error kinds of a parse callback that raised (``callback_<ExceptionName>``)."""
EXAMPLE_PREFIX = PREFIX + "example/"
"""``newswatch/example/<kind>``: the first URL that failed that way."""
SOURCE_PREFIX = PREFIX + "source/"
"""``newswatch/source/<name>/ok``, ``…/<name>/error/<kind>`` and ``…/<name>/frontier/<kind>``:
one source's outcome."""
CLAIMED_ELSEWHERE = "frontier/claimed_elsewhere"
"""Requests of the whole crawl that another worker on the Redis frontier had claimed first."""
PAGES = "response_received_count"
"""Scrapy's own count of responses (feeds, listings, articles, error pages alike)."""


def stats_key(counter: str) -> str:
    """Where counter ``counter`` (``newswatch.core.counters``) is kept in Scrapy's stats."""
    return PAGES if counter == "pages_fetched" else PREFIX + counter


def error_key(kind: str) -> str:
    return ERROR_PREFIX + kind


def source_ok_key(source: str) -> str:
    return f"{SOURCE_PREFIX}{source}/ok"


def source_frontier_key(source: str, kind: str) -> str:
    """``kind``: ``claimed_elsewhere`` or ``shared`` (``crawler.redis_frontier``)."""
    return f"{SOURCE_PREFIX}{source}/frontier/{kind}"


def source_robots_key(source: str) -> str:
    """Requests of ``source`` that robots.txt refused here (policy: neither answer nor error)."""
    return f"{SOURCE_PREFIX}{source}/robots_disallowed"


def source_error_key(source: str, kind: str) -> str:
    return f"{SOURCE_PREFIX}{source}/error/{kind}"


def count_failure(
    stats: StatsCollector, kind: str, url: str, source: str | None, count: int = 1
) -> None:
    """Count ``count`` failures of ``kind``: overall, for ``source`` when known, and keep the
    first failing URL of each kind as the example the summary shows."""
    stats.inc_value(error_key(kind), count)
    if source is not None:
        stats.inc_value(source_error_key(source, kind), count)
    if stats.get_value(EXAMPLE_PREFIX + kind) is None:
        stats.set_value(EXAMPLE_PREFIX + kind, url)


def error_kind(exc: BaseException) -> str | None:
    """Name the outcome of a failed request; ``None`` for robots.txt (policy, not an error)."""
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, RobotsDisallowed):
        return None
    if isinstance(exc, RedirectLoop):
        return "redirect_loop"
    if isinstance(exc, IgnoreRequest):
        return "ignored"
    if isinstance(exc, DownloadTimeoutError | TxTimeoutError):
        return "timeout"
    if isinstance(exc, DownloadCancelledError):
        # Scrapy cancels a download only when it outgrows DOWNLOAD_MAXSIZE (its handlers
        # raise this class for both the announced and the streamed size).
        return "too_large"
    if isinstance(exc, DownloadConnectionRefusedError | CannotResolveHostError):
        return "connection"
    return "download_failed"


def _under(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {
        key.removeprefix(prefix): int(value)
        for key, value in sorted(stats.items())
        if key.startswith(prefix) and isinstance(value, int) and value
    }


def source_status(responses: int, errors: int, done_elsewhere: int = 0) -> SourceStatus:
    """``failed``: not one request succeeded here and none was done by another worker;
    ``partial``: some failed; else ``ok``. On a shared frontier a worker may fetch nothing of a
    source because another worker took all of it: that source was crawled, not failed."""
    if responses == 0 and (errors or not done_elsewhere):
        return "failed"
    return "partial" if errors else "ok"


def done_elsewhere(stats: Mapping[str, Any], source: str) -> int:
    """Requests of ``source`` another worker did: claimed there first, or claimed here and
    popped there. Counted only while this worker saw no outcome of the source at all (no
    answer, error or robots.txt refusal): otherwise it did the source's work itself and its
    status is judged on that."""

    def count(kind: str) -> int:
        return int(stats.get(source_frontier_key(source, kind), 0))

    if stats.get(source_robots_key(source)):
        return 0
    return count("claimed_elsewhere") + count("shared")


def source_note(responses: int, elsewhere: int) -> str:
    """Says why a source with nothing fetched here is not a failure ("" otherwise)."""
    if responses == 0 and elsewhere:
        return f"nothing fetched here: another worker took all {elsewhere} of its request(s)"
    return ""


def source_outcome(stats: Mapping[str, Any], source: str) -> SourceOutcome:
    error_kinds = _under(stats, f"{SOURCE_PREFIX}{source}/error/")
    responses = int(stats.get(source_ok_key(source), 0))
    elsewhere = done_elsewhere(stats, source)
    errors = sum(error_kinds.values())
    return SourceOutcome(
        responses=responses,
        errors=errors,
        error_kinds=error_kinds,
        claimed_elsewhere=elsewhere,
        status=source_status(responses, errors, elsewhere),
        note=source_note(responses, elsewhere) if not errors else "",
    )


def run_status(outcomes: list[SourceOutcome], finish_reason: str | None) -> RunStatus:
    """``failed`` when the crawl never closed or every source failed; ``partial`` when it was
    interrupted or any source had failures; else ``ok``."""
    if finish_reason is None or (outcomes and all(o.status == "failed" for o in outcomes)):
        return "failed"
    if finish_reason != "finished" or any(o.status != "ok" for o in outcomes):
        return "partial"
    return "ok"


def summary_from_stats(
    stats: Mapping[str, Any], sources: list[str], finish_reason: str | None
) -> CrawlSummary:
    """The run's summary, a pure function of the final stats (statuses: ``run_status``)."""
    error_kinds = _under(stats, ERROR_PREFIX)
    examples = {
        kind: str(stats[EXAMPLE_PREFIX + kind])
        for kind in error_kinds
        if EXAMPLE_PREFIX + kind in stats
    }
    by_source = {name: source_outcome(stats, name) for name in sources}
    counted = {name: int(stats.get(stats_key(name), 0)) for name in COUNTER_NAMES}
    counted["errors"] = sum(error_kinds.values())
    counted["callback_errors"] = sum(
        n for kind, n in error_kinds.items() if kind.startswith(CALLBACK_PREFIX)
    )
    return CrawlSummary(
        **counted,
        sources=list(sources),
        error_kinds=error_kinds,
        error_examples=examples,
        by_source=by_source,
        status=run_status(list(by_source.values()), finish_reason),
        health={},
        warnings=[],
    )
