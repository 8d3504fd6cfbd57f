"""The crawl frontier: what one crawl process knows about which links are worth fetching.

It is owned by the crawler process (``crawler.run`` builds it and attaches it to Scrapy's
``Crawler``) and handed to the spider, pipelines and middlewares through ``from_crawler`` with
``frontier_of(crawler)``. It is not put in Scrapy's settings, which are deep-copied per crawler:
one frontier must hold the one ``seen``/``retry``/``progress`` state and the one store.

State kept here, and why:

- ``seen`` (per source, persisted): ids fetched but not stored (off topic, too old, not an
  article) and link ids whose article was stored under another canonical URL, so later runs do
  not fetch them again. Entries older than ``max_age_days`` are dropped on save.
- ``retry`` (persisted): links that failed for a passing reason (timeout, 5xx), fetched again
  next run even when no feed shows them any more, at most ``RETRY_RUNS`` times.
- ``progress`` (persisted): whether each source's last crawl went to the end; a source whose
  crawl did not (killed, timed out) gets no incremental shortcut next time (``resuming``).
- ``cutoffs``: the oldest advertised date worth fetching, per source.
- ``requested_ids``/``requested_pages``/``link_ids``: this run's own duplicate rule.

The persisted stores come from ``crawler.crawl_state.open_crawl_state`` (JSON files, or the
``[state] url`` database).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, datetime, timedelta

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.crawl_state import open_crawl_state
from crawler.dedupe import article_id
from crawler.discover import Link
from newswatch.core.article import Article
from newswatch.core.errors import BackendUnavailable
from newswatch.core.paths import crawl_state_dir
from newswatch.core.settings import Settings, Source
from newswatch.core.store import ArticleStore

logger = logging.getLogger(__name__)

OVERLAP = timedelta(days=1)
"""Later runs re-read dated entries this far behind the newest stored article (late edits)."""
RETRY_RUNS = 3
"""Runs in which an article that keeps timing out or answering 5xx is tried before giving up."""
ATTRIBUTE = "newswatch_frontier"
"""Where the frontier hangs on Scrapy's ``Crawler`` (see ``attach``/``frontier_of``)."""


class Frontier:
    def __init__(
        self,
        config: Settings,
        store: ArticleStore,
        sources: Iterable[Source],
        full: bool = False,
    ) -> None:
        self.config = config
        self.store = store
        self.sources = {source.name: source for source in sources}
        self.full = full
        """``newswatch crawl --full``: every source the long way (no validators, no cutoffs)."""
        state_dir, state_url = crawl_state_dir(config), config.state.url
        self.seen = open_crawl_state(state_dir, state_url, "seen")
        self.retry = open_crawl_state(state_dir, state_url, "retry")
        self.progress = open_crawl_state(state_dir, state_url, "progress")
        self.resuming: set[str] = set()
        self.cutoffs: dict[str, datetime] = {}
        self.requested_ids: set[str] = set()
        self.requested_pages: set[str] = set()
        self.link_ids: dict[str, str] = {}
        """Fetched article URL (after redirects) → id of the discovered link that led to it."""
        self.latest: dict[str, datetime | None] = {}
        """Each source's newest stored date, read once a run: the spider fills it off the
        reactor before ``begin`` (a slow store must not stall every fetch)."""

    # -- a run's beginning and end ---------------------------------------------------------

    def begin(self, now: datetime | None = None) -> None:
        """Mark every source's crawl as under way, on disk, before the first request, and fix
        each source's cutoff.

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
        for source in self.sources.values():
            self.cutoffs[source.name] = self.cutoff(source, now)

    def latest_stored(self, name: str) -> datetime | None:
        if name not in self.latest:  # not read yet (a component test, a page parsed alone)
            self.latest[name] = self.store.latest_published(name)
        return self.latest[name]

    def full_crawl_reason(self, name: str) -> str | None:
        if self.full:
            return "--full"
        if self.progress[name].get("complete") is False:
            return "previous crawl did not complete"
        if self.latest_stored(name) is None:
            return "nothing of it stored yet"
        return None

    def complete_sources(self, reason: str) -> set[str]:
        """Sources this run crawled to the end (each run crawls all its sources together)."""
        return set(self.sources) if reason == "finished" else set()

    def save(self, reason: str) -> None:
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

    # -- which links are worth fetching ----------------------------------------------------

    def cutoff(self, source: Source, now: datetime | None = None) -> datetime:
        """Oldest advertised date worth fetching: ``max_age_days`` back, or just before the
        newest article already stored for the source, whichever is later."""
        reach = (now or datetime.now(UTC)) - timedelta(days=self.config.crawl.max_age_days)
        if source.name in self.resuming:
            return reach
        latest = self.latest_stored(source.name)
        return max(reach, latest - OVERLAP) if latest else reach

    def recent(self, source: Source, links: Iterable[Link]) -> list[Link]:
        if source.name not in self.cutoffs:  # set by begin(); a page parsed alone sets it here
            self.cutoffs[source.name] = self.cutoff(source)
        cutoff = self.cutoffs[source.name]
        return [link for link in links if link.published_at is None or link.published_at >= cutoff]

    def known(self, source: str, ids: Iterable[str], stored: set[str] | None = None) -> set[str]:
        """The ids already stored or remembered as seen: the stored-article lookup of dedupe.
        ``stored``: what the store answered for these ids, read off the reactor by the caller
        (``None``: ask it now, blocking)."""
        wanted = set(ids)
        if stored is None:
            stored = self.store.known_ids(wanted)
        return (stored & wanted) | (wanted & self.seen[source].keys())

    def stored(self, article_id: str) -> Article | None:
        """The stored article under ``article_id``: dedupe's check that a canonical claim does
        not overwrite a different article. During a storage outage the check cannot be made:
        ``None`` (the article is queued like any other), never a lost item."""
        try:
            return self.store.get(article_id)
        except BackendUnavailable as exc:
            logger.warning("stored article %s unknown, storage unavailable: %s", article_id, exc)
            return None

    def revisits(self, link: Link, now: datetime | None = None) -> bool:
        """Whether ``link``, even if stored, is fetched again for edits: it is advertised as
        published within ``[crawl] revisit_days`` (corrections come in the first days)."""
        days = self.config.crawl.revisit_days
        if not days or link.published_at is None:
            return False
        return link.published_at >= (now or datetime.now(UTC)) - timedelta(days=days)

    def unclaimed(self, ids: Iterable[str]) -> set[str]:
        """Of ``ids``, those not requested yet in this run: what the store is asked about."""
        return set(ids) - self.requested_ids

    def new_links(
        self,
        source: str,
        urls: Mapping[str, str],
        stored: set[str] | None = None,
        revisit: Collection[str] = (),
    ) -> tuple[dict[str, str], int]:
        """Of ``id → url``, the links to fetch (claimed as requested) and how many were
        duplicates (requested earlier in this run, stored, or seen). ``stored`` as for
        ``known``; claims are made here, after the read, so two pages read at once never
        claim one link twice. Ids in ``revisit`` are fetched even when stored (``revisits``),
        unless seen and rejected."""
        duplicates = len(urls.keys() & self.requested_ids)
        unclaimed = {key: url for key, url in urls.items() if key not in self.requested_ids}
        again = unclaimed.keys() & set(revisit)
        known = self.known(source, unclaimed.keys() - again, stored)
        known |= again & self.seen[source].keys()
        fresh = {key: url for key, url in unclaimed.items() if key not in known}
        self.requested_ids.update(fresh)
        return fresh, duplicates + len(known)

    def retry_links(self, source: Source, stored: set[str] | None = None) -> list[Link]:
        """Last runs' passing failures, at most ``RETRY_RUNS`` times each, then given up.
        ``stored`` as for ``known``, over the ids of ``retry[source.name]``."""
        pending = self.retry[source.name]
        for key in self.known(source.name, pending, stored):
            del pending[key]
        for key, entry in list(pending.items()):
            if entry["attempts"] >= RETRY_RUNS:
                logger.warning("giving up on %s after %d runs", entry["url"], entry["attempts"])
                del pending[key]
        return [Link(entry["url"]) for entry in pending.values()]

    # -- outcomes --------------------------------------------------------------------------

    def fetched(self, source: str, url: str, link_id: str) -> None:
        """An article page answered: it is no longer a pending retry."""
        self.link_ids[url] = link_id
        self.retry[source].pop(link_id, None)

    def remember_retry(self, source: str, link_id: str, url: str) -> None:
        entry = self.retry[source].setdefault(link_id, {"url": url, "attempts": 0})
        entry["attempts"] += 1

    def retry_page(self, source: str, url: str) -> None:
        """A fetched page lost before it could be stored (its worker died): fetched again by
        the next run, like a timeout."""
        self.remember_retry(source, self.link_ids.get(url) or article_id(url), url)

    def remember_rejected(self, source: str, *urls: str | None) -> None:
        """Fetched but not stored: later runs skip it (``seen`` state), like a stored one."""
        given = [url for url in urls if url]
        ids = {article_id(url) for url in given}
        ids |= {self.link_ids[url] for url in given if url in self.link_ids}
        self._remember(source, ids)

    def remember_stored(self, articles: Iterable[Article]) -> None:
        """Stored under an id that is not its link's: later runs skip the link (``seen``
        state) as the store's ``known_ids`` cannot recognise it."""
        for article in articles:
            link_id = self.link_ids.get(article.url)
            if link_id is not None and link_id != article.id:
                self._remember(article.source, {link_id})

    def _remember(self, source: str, ids: Iterable[str]) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for key in ids:
            self.seen[source][key] = now


def attach(crawler: Crawler, frontier: Frontier) -> Frontier:
    """Hand ``frontier`` to every component of ``crawler``; it saves itself when the spider
    closes (with the close reason, so an interrupted source is crawled in full next time)."""
    setattr(crawler, ATTRIBUTE, frontier)
    crawler.signals.connect(frontier.save, signal=signals.spider_closed, weak=False)
    return frontier


def frontier_of(crawler: Crawler) -> Frontier:
    """The crawl's frontier; ``NotConfigured`` on a crawler without one (a bare Scrapy crawl
    switches the newswatch components off instead of failing)."""
    frontier = getattr(crawler, ATTRIBUTE, None)
    if not isinstance(frontier, Frontier):
        raise NotConfigured("no newswatch frontier attached to this crawler")
    return frontier
