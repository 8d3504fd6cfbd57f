"""An exception raised in a spider callback is counted by kind, never lost in Scrapy's log.

Without this, a callback that raises (a date the calendar cannot hold, JSON nested past the
recursion limit, a bug) shows up only as a "Spider error processing" log line while the crawl
reports "ok, 0 errors". Here it becomes ``newswatch/error/callback_<ExceptionName>`` in the
stats, so in the summary and the run record, and the response's other output is dropped:
requests already yielded before the raise still run. Callbacks guard their own entries (one
bad feed entry skips that entry), so this is the backstop for one response at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from scrapy.http import Response

from crawler import stats as keys

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def callback_error_kind(exc: BaseException) -> str:
    return keys.CALLBACK_PREFIX + type(exc).__name__


class CallbackErrorMiddleware:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_spider_exception(
        self, response: Response, exception: Exception, spider: Any = None
    ) -> Iterable[Any]:
        kind = callback_error_kind(exception)
        self.stats.inc_value(keys.error_key(kind))
        logger.warning("%s in callback for %s: %s", kind, response.url, exception)
        return []
