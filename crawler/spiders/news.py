"""One spider for every source: discover article URLs, fetch each new one once.

Flow per source: feeds, sitemaps, listing pages (``start_urls``) and site-search pages are
requested (conditionally: see ``crawler.middlewares.conditional``); the links they yield are
narrowed to new article ids (not requested in this run, not stored, not already rejected) and
only those are fetched; article pages become ``Page`` items, extracted by the first pipeline.

A link's id and the stored article's id differ when the page declares another canonical URL (a
mobile or ``?page=`` variant, a redirect): the link's id is then remembered in the ``seen``
state once the article is stored, so later runs do not fetch it again.
"""

from __future__ import annotations

import inspect
import logging
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, TypeVar

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.internet.defer import Deferred, gatherResults
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure

from crawler import stats as keys
from crawler.dedupe import article_id
from crawler.discover import Link
from crawler.discover.feeds import feed_links
from crawler.discover.listings import article_matcher, dated_links, next_page, on_domains
from crawler.discover.search_pages import search_page_urls
from crawler.discover.sitemaps import sitemap_links, sitemap_urls
from crawler.frontier import Frontier, frontier_of
from crawler.pipelines.awaitable import awaitable
from crawler.pipelines.page import Page
from newswatch.core.settings import Source

logger = logging.getLogger(__name__)

PERMANENT = frozenset({None, "http_404", "http_410", "too_large"})
"""Failures worth remembering (with ``not_html``/``extract_failed``/filtered): retrying the
article next run would fail the same way. ``None`` is robots.txt's refusal."""
ARTICLE_PRIORITY = 10
"""Articles before further discovery pages: an interrupted run has stored what it found."""
T = TypeVar("T")


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(
        self,
        frontier: Frontier,
        reads: Callable[..., Deferred[Any]] = deferToThread,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.frontier = frontier
        self.sources = frontier.sources
        self.tz = frontier.config.crawl.tz
        self.reads = reads
        """Where store reads (``known_ids``, ``latest_published``) run: a thread, as the store
        pipeline's writes, so a slow store stalls the pages waiting on it, not every fetch on
        the reactor; ``maybeDeferred`` runs them inline (component tests, no reactor)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        kwargs.setdefault("frontier", frontier_of(crawler))
        spider: NewsSpider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.count_response, signal=scrapy.signals.response_received)
        return spider

    def count_response(self, response: Response, request: scrapy.Request, **_: Any) -> None:
        """A request of a source that got an answer (304 included): the source is reachable."""
        source = request.meta.get("source")
        if source is not None and response.status < 400:
            self.crawler.stats.inc_value(keys.source_ok_key(source))

    async def read(self, read: Callable[..., T], *args: Any) -> T:
        """``read(*args)`` on the store, off the reactor (see ``reads``)."""
        return await _settled(self.reads(read, *args))

    async def start(self) -> AsyncIterator[scrapy.Request]:
        names = list(self.sources)  # each source's newest date, read at once, not in turn
        reads = [self.reads(self.frontier.store.latest_published, name) for name in names]
        found: list[datetime | None] = await _settled(gatherResults(reads))
        self.frontier.latest = dict(zip(names, found, strict=True))
        self.frontier.begin()
        for source in self.sources.values():
            pending = set(self.frontier.retry[source.name])
            stored = await self.read(self.frontier.store.known_ids, pending) if pending else set()
            retries = self.frontier.retry_links(source, stored)
            for request in await self.new_article_requests(source, retries):
                yield request
            for url in source.feeds:
                yield self.page_request(url, source, self.parse_feed)
            for url in sitemap_urls(source.sitemaps, datetime.now(self.tz).date()):
                yield self.page_request(url, source, self.parse_sitemap)
            for url in [*source.start_urls, *search_page_urls(source)]:
                yield self.page_request(url, source, self.parse_listing, page=1)

    # -- discovery pages -------------------------------------------------------------------

    def page_request(
        self, url: str, source: Source, callback: Any, page: int | None = None
    ) -> scrapy.Request:
        self.frontier.requested_pages.add(url)
        # A full crawl (resumed, new store, --full) asks unconditionally but keeps the answers'
        # validators for next time.
        meta = {
            "source": source.name,
            "conditional": True,
            "send_validators": source.name not in self.frontier.resuming,
            "page": page,
        }
        # dont_filter: this spider dedupes itself (by article id), so Scrapy's URL dupefilter
        # would only hide redirect loops, which must end as a counted ``redirect_loop``.
        return scrapy.Request(url, callback, errback=self.failed, meta=meta, dont_filter=True)

    async def parse_feed(self, response: Response) -> AsyncIterator[scrapy.Request]:
        if self.unchanged(response):
            return
        source = self.source_of(response)
        errors: Counter[str] = Counter()
        links = feed_links(
            response.body,
            response.url,
            tz=self.tz,
            date_order=source.feed_date_order,
            errors=errors,
        )
        limit = self.frontier.config.crawl.max_feed_items
        if len(links) > limit:
            errors["feed_item_limit"] += len(links) - limit
            links = links[:limit]
        self.count_errors(errors, response.url)
        for request in await self.new_article_requests(source, self.frontier.recent(source, links)):
            yield request

    async def parse_sitemap(self, response: Response) -> AsyncIterator[scrapy.Request]:
        if self.unchanged(response):
            return
        source = self.source_of(response)
        errors: Counter[str] = Counter()
        found = sitemap_links(response.body, response.url, tz=self.tz, errors=errors)
        depth = int(response.meta.get("page") or 0)  # how many indexes led here
        requested = self.frontier.requested_pages
        children = [
            c for c in self.frontier.recent(source, found.sitemaps) if c.url not in requested
        ]
        if children and depth >= self.frontier.config.crawl.max_sitemap_depth:
            errors["sitemap_depth_limit"] += len(children)
            children = []
        self.count_errors(errors, response.url)
        for child in children:
            yield self.page_request(child.url, source, self.parse_sitemap, page=depth + 1)
        matcher = article_matcher(source.article_url_pattern)
        articles = [link for link in found.articles if matcher.search(link.url)]
        for request in await self.new_article_requests(
            source, self.frontier.recent(source, articles)
        ):
            yield request

    async def parse_listing(self, response: Response) -> AsyncIterator[scrapy.Request]:
        if self.unchanged(response) or not isinstance(response, TextResponse):
            return
        source = self.source_of(response)
        html = response.text
        links = dated_links(
            html,
            response.url,
            pattern=source.article_url_pattern,
            domains=source.allowed_domains,
            tz=self.tz,
        )
        recent = self.frontier.recent(source, links)
        requests = await self.new_article_requests(source, recent)
        for request in requests:
            yield request
        page = int(response.meta["page"])
        resuming = source.name in self.frontier.resuming
        if page >= source.max_pages or (not requests and not resuming):
            return  # nothing new here: older pages hold nothing new either
        dated = [link for link in links if link.published_at is not None]
        if dated and not self.frontier.recent(source, dated):
            return  # every dated item is before the crawl's reach: older pages are older
        following = next_page(html, response.url, page=page, pattern=source.pagination_pattern)
        if following and following not in self.frontier.requested_pages:
            yield self.page_request(following, source, self.parse_listing, page=page + 1)

    def unchanged(self, response: Response) -> bool:
        return response.status == 304

    # -- articles --------------------------------------------------------------------------

    async def new_article_requests(
        self, source: Source, links: Iterable[Link]
    ) -> list[scrapy.Request]:
        """``article_requests`` with the store asked off the reactor which ids it holds."""
        links = list(links)
        urls, _ = _link_ids(source, links)
        ask = self.frontier.unclaimed(urls)
        stored = await self.read(self.frontier.store.known_ids, ask) if ask else set()
        return self.article_requests(source, links, stored)

    def article_requests(
        self, source: Source, links: Iterable[Link], stored: set[str] | None = None
    ) -> list[scrapy.Request]:
        """Requests for the links whose article id is new; every other link is a duplicate.
        ``stored``: the ids of these links the store holds (``None``: asked now, blocking)."""
        links = list(links)
        urls, repeated = _link_ids(source, links)
        revisit = {article_id(link.url) for link in links if self.frontier.revisits(link)}
        fresh, duplicates = self.frontier.new_links(source.name, urls, stored, revisit)
        self.crawler.stats.inc_value(keys.DUPLICATES, repeated + duplicates)
        return [
            scrapy.Request(
                url,
                self.parse_article,
                errback=self.failed,
                meta={"source": source.name, "link_id": key},
                priority=ARTICLE_PRIORITY,
                dont_filter=True,
            )
            for key, url in fresh.items()
        ]

    def parse_article(self, response: Response) -> Iterator[Page]:
        source = self.source_of(response)
        self.frontier.fetched(source.name, response.url, response.meta["link_id"])
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        if not _looks_like_html(response, content_type):
            self.count_error(
                "not_html", response.url, content_type or "no content type", source.name
            )
            self.frontier.remember_rejected(source.name, response.url)
            return
        # Extracted by the first pipeline (crawler.pipelines.extract), in worker processes.
        yield Page(
            response.url, response.body, source, self.tz, datetime.now(UTC), content_type or None
        )

    # -- outcomes --------------------------------------------------------------------------

    def failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        kind = keys.error_kind(failure.value) if failure.value else "download_failed"
        if kind is None:
            self.crawler.stats.inc_value(keys.ROBOTS_DISALLOWED)
            if source := request.meta.get("source"):
                self.crawler.stats.inc_value(keys.source_robots_key(source))
            logger.info("robots.txt forbids %s", request.url)
        else:
            self.count_error(
                kind, request.url, failure.getErrorMessage(), request.meta.get("source")
            )
        if request.callback != self.parse_article:
            return
        if kind in PERMANENT:
            self.frontier.link_ids.setdefault(request.url, request.meta["link_id"])
            self.frontier.remember_rejected(request.meta["source"], request.url)
        else:
            self.frontier.remember_retry(
                request.meta["source"], request.meta["link_id"], request.url
            )

    def count_error(self, kind: str, url: str, detail: str, source: str | None) -> None:
        """Counted for the summary (which shows each kind once, with an example URL); logged
        per URL at INFO, seen with ``--verbose`` and in the scheduler's run logs."""
        keys.count_failure(self.crawler.stats, kind, url, source)
        logger.info("%s: %s (%s)", kind, url, detail)

    def count_errors(self, kinds: Counter[str], url: str) -> None:
        """Entries skipped and limits hit while reading one feed or sitemap."""
        for kind, count in kinds.items():
            self.crawler.stats.inc_value(keys.error_key(kind), count)
            logger.warning("%s: %d in %s", kind, count, url)

    def source_of(self, response: Response) -> Source:
        return self.sources[response.meta["source"]]


async def _settled(done: Deferred[T]) -> T:
    """``done``'s result: at once when it has fired (reads run inline), else awaited."""
    result = awaitable(done)
    return await result if inspect.isawaitable(result) else result


def _link_ids(source: Source, links: Iterable[Link]) -> tuple[dict[str, str], int]:
    """``id → url`` of the links on the source's domains (the first URL of each id), and how
    many repeated an id already listed."""
    urls: dict[str, str] = {}
    repeated = 0
    for link in links:
        if not on_domains(link.url, source.allowed_domains):
            continue
        key = article_id(link.url)
        repeated += key in urls
        urls.setdefault(key, link.url)
    return urls, repeated


def _looks_like_html(response: Response, content_type: str) -> bool:
    media_type = content_type.split(";")[0].strip().lower()
    if media_type:
        return "html" in media_type
    return isinstance(response, TextResponse)
