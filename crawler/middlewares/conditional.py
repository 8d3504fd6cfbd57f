"""Conditional requests for pages that are re-read every run (feeds, sitemaps, listings).

The ``ETag``/``Last-Modified`` of each such URL is remembered (``crawler.crawl_state``, kind
``validators``) and sent back as ``If-None-Match``/``If-Modified-Since``; a 304 answer is counted
(``newswatch/not_modified``) and reaches the spider, which finds nothing new in it. Only requests
with ``meta["conditional"]`` take part: articles are never re-fetched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scrapy import Request, signals
from scrapy.http import Response

from crawler import stats as keys
from crawler.crawl_state import CrawlState, open_crawl_state
from crawler.spiders.news import news_spider

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from crawler.crawl_state_db import DbCrawlState

VALIDATOR_HEADERS = (
    (b"ETag", "etag", b"If-None-Match"),
    (b"Last-Modified", "last_modified", b"If-Modified-Since"),
)


class ConditionalRequestMiddleware:
    def __init__(
        self,
        validators: CrawlState | DbCrawlState,
        stats: StatsCollector,
        complete_sources: Callable[[str], set[str]] | None = None,
    ) -> None:
        self.validators = validators
        self.stats = stats
        self.complete_sources = complete_sources
        """Which sources crawled to the end (by close reason); ``None``: all of them."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        state = open_crawl_state(
            Path(crawler.settings["NEWSWATCH_STATE_DIR"]),
            crawler.settings.get("NEWSWATCH_STATE_URL"),
            "validators",
        )
        middleware = cls(
            state, crawler.stats, lambda reason: news_spider(crawler).complete_sources(reason)
        )
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> None:
        if not request.meta.get("conditional") or not request.meta.get("send_validators", True):
            return
        remembered = self.validators[request.meta["source"]].get(request.url, {})
        for _, key, request_header in VALIDATOR_HEADERS:
            if value := remembered.get(key):
                request.headers[request_header] = value
        if remembered:
            handled = request.meta.setdefault("handle_httpstatus_list", [])
            if 304 not in handled:
                handled.append(304)

    def process_response(self, request: Request, response: Response) -> Response:
        if not request.meta.get("conditional"):
            return response
        if response.status == 304:
            self.stats.inc_value(keys.NOT_MODIFIED)
        elif response.status == 200:
            found = {
                key: value.decode("latin-1")
                for header, key, _ in VALIDATOR_HEADERS
                if (value := response.headers.get(header))
            }
            if found:
                self.validators[request.meta["source"]][request.url] = found
        return response

    def spider_closed(self, reason: str) -> None:
        """Keep validators only for sources crawled to the end: a feed that answered 200 to a
        crawl stopped early lists articles never fetched, and a 304 next time would hide them
        for good."""
        if self.complete_sources is None:
            self.validators.save()
        else:
            self.validators.save(only=self.complete_sources(reason))
