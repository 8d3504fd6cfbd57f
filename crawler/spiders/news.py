"""One spider for every source: discover article URLs, fetch each new one once, extract it.

Flow per source: feeds, sitemaps, listing pages (``start_urls``) and site-search pages are
requested (conditionally: see ``crawler.middlewares.conditional``); the links they yield are
narrowed to new article ids (not requested in this run, not stored, not already rejected) and
only those are fetched; article pages become ``Article`` items for the pipelines.

A link's id and the stored article's id differ when the page declares another canonical URL (a
mobile or ``?page=`` variant, a redirect): the link's id is then remembered in the ``seen``
state once the article is stored, so later runs do not fetch it again.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler import stats as keys
from crawler.crawl_state import open_crawl_state
from crawler.dedupe import article_id
from crawler.discover import Link
from crawler.discover.feeds import feed_links
from crawler.discover.listings import article_matcher, dated_links, next_page, on_domains
from crawler.discover.search_pages import search_page_urls
from crawler.discover.sitemaps import sitemap_links, sitemap_urls
from crawler.extract import ExtractionError, extract_article
from newswatch.core.article import Article
from newswatch.core.paths import crawl_state_dir
from newswatch.core.settings import Settings, Source
from newswatch.core.store import ArticleStore

logger = logging.getLogger(__name__)

OVERLAP = timedelta(days=1)
RETRY_RUNS = 3
"""Runs in which an article that keeps timing out or answering 5xx is tried before giving up."""
"""Later runs re-read dated entries this far behind the newest stored article (late edits)."""
PERMANENT = frozenset({None, "http_404", "http_410", "too_large"})
"""Failures worth remembering (with ``not_html``/``extract_failed``/filtered): retrying the
article next run would fail the same way. ``None`` is robots.txt's refusal."""
ARTICLE_PRIORITY = 10
"""Articles before further discovery pages: an interrupted run has stored what it found."""


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(
        self,
        config: Settings,
        backend: ArticleStore,
        sources: list[Source],
        full: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.config = config
        self.backend = backend
        self.sources = {source.name: source for source in sources}
        self.tz = config.crawl.tz
        state_dir = crawl_state_dir(config)
        self.full = full
        """``newswatch crawl --full``: every source the long way (no validators, no cutoffs)."""
        self.seen = open_crawl_state(state_dir, config.state.url, "seen")
        self.requested_ids: set[str] = set()
        self.requested_pages: set[str] = set()
        self.link_ids: dict[str, str] = {}
        """Fetched article URL (after redirects) → id of the discovered link that led to it."""
        self.cutoffs: dict[str, datetime] = {}
        self.progress = open_crawl_state(state_dir, config.state.url, "progress")
        self.resuming: set[str] = set()
        """Sources whose previous crawl did not complete: no incremental shortcuts this time."""
        self.retry = open_crawl_state(state_dir, config.state.url, "retry")
        """Articles that failed for a passing reason (timeout, 5xx): fetched again next run
        even if no feed or listing shows them any more (a 304 would hide them)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.save_state, signal=scrapy.signals.spider_closed)
        crawler.signals.connect(spider.count_response, signal=scrapy.signals.response_received)
        return spider

    def count_response(self, response: Response, request: scrapy.Request, **_: Any) -> None:
        """A request of a source that got an answer (304 included): the source is reachable."""
        source = request.meta.get("source")
        if source is not None and response.status < 400:
            self.crawler.stats.inc_value(keys.source_ok_key(source))

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.begin_progress()
        for source in self.sources.values():
            self.cutoffs[source.name] = self.cutoff(source)
            for request in self.article_requests(source, self.retry_links(source)):
                yield request
            for url in source.feeds:
                yield self.page_request(url, source, self.parse_feed)
            for url in sitemap_urls(source.sitemaps, datetime.now(self.tz).date()):
                yield self.page_request(url, source, self.parse_sitemap)
            for url in [*source.start_urls, *search_page_urls(source)]:
                yield self.page_request(url, source, self.parse_listing, page=1)

    def begin_progress(self) -> None:
        """Mark every source's crawl as under way, on disk, before the first request.

        The incremental shortcuts (stop at the newest stored date, stop paginating at a page
        with nothing new, trust a 304) assume the previous crawl went to the end. One killed
        or timed out half-way left older articles unfetched behind newer stored ones, so the
        next crawl of that source goes the long way once. So does a source the store holds
        nothing of (a new or emptied store: validators from before would answer 304 to it),
        and every source with ``--full``.
        """
        for name in self.sources:
            reason = self.full_crawl_reason(name)
            if reason:
                self.resuming.add(name)
                logger.info("%s: full crawl (%s)", name, reason)
            self.progress[name]["complete"] = False
        self.progress.save()

    def full_crawl_reason(self, name: str) -> str | None:
        if self.full:
            return "--full"
        if self.progress[name].get("complete") is False:
            return "previous crawl did not complete"
        if self.backend.latest_published(name) is None:
            return "nothing of it stored yet"
        return None

    def complete_sources(self, reason: str) -> set[str]:
        """Sources this run crawled to the end (each run crawls all its sources together)."""
        return set(self.sources) if reason == "finished" else set()

    def retry_links(self, source: Source) -> list[Link]:
        """Last runs' passing failures, at most ``RETRY_RUNS`` times each, then given up."""
        pending = self.retry[source.name]
        settled = self.backend.known_ids(pending) | (pending.keys() & self.seen[source.name].keys())
        for key in settled:
            del pending[key]
        for key, entry in list(pending.items()):
            if entry["attempts"] >= RETRY_RUNS:
                logger.warning("giving up on %s after %d runs", entry["url"], entry["attempts"])
                del pending[key]
        return [Link(entry["url"]) for entry in pending.values()]

    def remember_retry(self, source: str, link_id: str, url: str) -> None:
        entry = self.retry[source].setdefault(link_id, {"url": url, "attempts": 0})
        entry["attempts"] += 1

    def cutoff(self, source: Source, now: datetime | None = None) -> datetime:
        """Oldest advertised date worth fetching: ``max_age_days`` back, or just before the
        newest article already stored for the source, whichever is later."""
        reach = (now or datetime.now(UTC)) - timedelta(days=self.config.crawl.max_age_days)
        if source.name in self.resuming:
            return reach
        latest = self.backend.latest_published(source.name)
        return max(reach, latest - OVERLAP) if latest else reach

    # -- discovery pages -------------------------------------------------------------------

    def page_request(
        self, url: str, source: Source, callback: Any, page: int | None = None
    ) -> scrapy.Request:
        self.requested_pages.add(url)
        # A full crawl (resumed, new store, --full) asks unconditionally but keeps the answers'
        # validators for next time.
        meta = {
            "source": source.name,
            "conditional": True,
            "send_validators": source.name not in self.resuming,
            "page": page,
        }
        # dont_filter: this spider dedupes itself (by article id), so Scrapy's URL dupefilter
        # would only hide redirect loops, which must end as a counted ``redirect_loop``.
        return scrapy.Request(url, callback, errback=self.failed, meta=meta, dont_filter=True)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
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
        limit = self.config.crawl.max_feed_items
        if len(links) > limit:
            errors["feed_item_limit"] += len(links) - limit
            links = links[:limit]
        self.count_errors(errors, response.url)
        yield from self.article_requests(source, self.recent(source, links))

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        if self.unchanged(response):
            return
        source = self.source_of(response)
        errors: Counter[str] = Counter()
        found = sitemap_links(response.body, response.url, tz=self.tz, errors=errors)
        depth = int(response.meta.get("page") or 0)  # how many indexes led here
        children = [
            c for c in self.recent(source, found.sitemaps) if c.url not in self.requested_pages
        ]
        if children and depth >= self.config.crawl.max_sitemap_depth:
            errors["sitemap_depth_limit"] += len(children)
            children = []
        self.count_errors(errors, response.url)
        for child in children:
            yield self.page_request(child.url, source, self.parse_sitemap, page=depth + 1)
        matcher = article_matcher(source.article_url_pattern)
        articles = [link for link in found.articles if matcher.search(link.url)]
        yield from self.article_requests(source, self.recent(source, articles))

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
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
        recent = self.recent(source, links)
        requests = list(self.article_requests(source, recent))
        yield from requests
        page = int(response.meta["page"])
        if page >= source.max_pages or (not requests and source.name not in self.resuming):
            return  # nothing new here: older pages hold nothing new either
        dated = [link for link in links if link.published_at is not None]
        if dated and not self.recent(source, dated):
            return  # every dated item is before the crawl's reach: older pages are older
        following = next_page(html, response.url, page=page, pattern=source.pagination_pattern)
        if following and following not in self.requested_pages:
            yield self.page_request(following, source, self.parse_listing, page=page + 1)

    def recent(self, source: Source, links: Iterable[Link]) -> list[Link]:
        if source.name not in self.cutoffs:  # set at start; a page parsed alone sets it here
            self.cutoffs[source.name] = self.cutoff(source)
        cutoff = self.cutoffs[source.name]
        return [link for link in links if link.published_at is None or link.published_at >= cutoff]

    def unchanged(self, response: Response) -> bool:
        return response.status == 304

    # -- articles --------------------------------------------------------------------------

    def article_requests(self, source: Source, links: Iterable[Link]) -> Iterator[scrapy.Request]:
        """Requests for the links whose article id is new; every other link is a duplicate."""
        fresh: dict[str, str] = {}
        for link in links:
            if not on_domains(link.url, source.allowed_domains):
                continue
            key = article_id(link.url)
            if key in self.requested_ids or key in fresh:
                self.crawler.stats.inc_value(keys.DUPLICATES)
            else:
                fresh[key] = link.url
        known = self.backend.known_ids(fresh) | (fresh.keys() & self.seen[source.name].keys())
        self.crawler.stats.inc_value(keys.DUPLICATES, len(known))
        for key, url in fresh.items():
            if key in known:
                continue
            self.requested_ids.add(key)
            yield scrapy.Request(
                url,
                self.parse_article,
                errback=self.failed,
                meta={"source": source.name, "link_id": key},
                priority=ARTICLE_PRIORITY,
                dont_filter=True,
            )

    def parse_article(self, response: Response) -> Iterator[Article]:
        source = self.source_of(response)
        self.link_ids[response.url] = response.meta["link_id"]
        self.retry[source.name].pop(response.meta["link_id"], None)
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        if not _looks_like_html(response, content_type):
            self.count_error(
                "not_html", response.url, content_type or "no content type", source.name
            )
            self.remember_rejected(source.name, response.url)
            return
        try:
            article = extract_article(
                response.body,
                response.url,
                tz=self.tz,
                fetched_at=datetime.now(UTC),
                source=source,
                content_type=content_type or None,
            )
        except ExtractionError as exc:
            self.count_error("extract_failed", response.url, str(exc), source.name)
            self.remember_rejected(source.name, response.url)
            return
        self.crawler.stats.inc_value(keys.ARTICLES)
        yield article

    # -- outcomes --------------------------------------------------------------------------

    def failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        kind = keys.error_kind(failure.value) if failure.value else "download_failed"
        if kind is None:
            self.crawler.stats.inc_value(keys.ROBOTS_DISALLOWED)
            logger.info("robots.txt forbids %s", request.url)
        else:
            self.count_error(
                kind, request.url, failure.getErrorMessage(), request.meta.get("source")
            )
        if request.callback != self.parse_article:
            return
        if kind in PERMANENT:
            self.link_ids.setdefault(request.url, request.meta["link_id"])
            self.remember_rejected(request.meta["source"], request.url)
        else:
            self.remember_retry(request.meta["source"], request.meta["link_id"], request.url)

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

    def remember_rejected(self, source: str, *urls: str) -> None:
        """Fetched but not stored: later runs skip it (``seen`` state), like a stored one."""
        ids = {article_id(url) for url in urls}
        ids |= {self.link_ids[url] for url in urls if url in self.link_ids}
        self._remember(source, ids)

    def remember_stored(self, articles: Iterable[Article]) -> None:
        """Stored under an id that is not its link's: later runs skip the link (``seen``
        state) as the backend's ``known_ids`` cannot recognise it."""
        for article in articles:
            link_id = self.link_ids.get(article.url)
            if link_id is not None and link_id != article.id:
                self._remember(article.source, {link_id})

    def _remember(self, source: str, ids: Iterable[str]) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for key in ids:
            self.seen[source][key] = now

    def save_state(self, reason: str) -> None:
        complete = self.complete_sources(reason)
        for name in self.sources:
            self.progress[name]["complete"] = name in complete
        self.progress.save()
        self.retry.save()
        horizon = datetime.now(UTC) - timedelta(days=self.config.crawl.max_age_days)
        for name in self.sources:
            entries = self.seen[name]
            for key in [k for k, when in entries.items() if datetime.fromisoformat(when) < horizon]:
                del entries[key]
        self.seen.save()

    def source_of(self, response: Response) -> Source:
        return self.sources[response.meta["source"]]


def _looks_like_html(response: Response, content_type: str) -> bool:
    media_type = content_type.split(";")[0].strip().lower()
    if media_type:
        return "html" in media_type
    return isinstance(response, TextResponse)


def news_spider(crawler: Crawler) -> NewsSpider:
    """The crawler's spider, typed: components read the run's config and backend from it."""
    spider = crawler.spider
    if not isinstance(spider, NewsSpider):
        raise TypeError(f"newswatch components need a NewsSpider, not {spider!r}")
    return spider
