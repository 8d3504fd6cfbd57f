"""The register kept up to date with the store, recomputing only what changed.

``LiveRegister.refresh(backend)`` asks the store for content hashes (``Backend.stamps``: ids
and hashes only, no documents) — of every article in a full sweep, which also finds changed
and removed ones, else only of those stored after the last one it saw — and places only the
articles whose hash it has not placed yet: from the on-disk cache
(``MentionCache``) when another process already placed that version, else by reading the
article and placing its facts. Only the (investor, zone) keys those articles touch are
regrouped (``search.projects.Register``). A command builds one per call (the cache spares it
the placing); the API keeps one per store for its whole life (``live_register``).

An article changed between the hash listing and its reading is placed from its newer text
under the older hash: the next sweep sees a hash it has not placed and places it again. An
Elasticsearch write that becomes visible behind the cursor (a slow bulk) waits for the next
sweep too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newswatch.core.article import Article
from newswatch.projects.cache import MentionCache, Row
from newswatch.projects.zones import locate_zones
from search.backend import Backend
from search.projects import Project, Register
from search.projects.codec import mentions_from_json

READ_ALL_ABOVE = 200
"""Above this many articles to read, one walk over the store beats one read per id."""
BATCH = 500


@dataclass(frozen=True)
class Refreshed:
    """What one refresh did: articles placed from the text, taken from the cache, dropped."""

    placed: int = 0
    cached: int = 0
    removed: int = 0
    swept: bool = False
    """Every article's hash was listed (else only those stored after the last one seen)."""
    seconds: float = 0.0


def stored_articles(backend: Backend) -> Iterator[Article]:
    """Every stored article, in storage order, batch by batch."""
    cursor: str | None = None
    while True:
        page = backend.stored_after(cursor, limit=BATCH)
        if not page.articles:
            return
        yield from page.articles
        cursor = page.cursor


def _read(backend: Backend, ids: set[str]) -> Iterator[Article]:
    if len(ids) > READ_ALL_ABOVE:
        yield from (a for a in stored_articles(backend) if a.id in ids)
        return
    for article_id in sorted(ids):
        article = backend.get(article_id)
        if article is not None:
            yield article


class LiveRegister:
    """A ``Register`` plus the content hash each of its articles was placed from."""

    def __init__(self, cache: MentionCache) -> None:
        self.cache = cache
        self.register = Register(locate_zones)
        self._stamps: dict[str, str] = {}
        self._disk: dict[str, tuple[str, bytes | None]] | None = None
        self._refreshed_at: float | None = None
        self._swept_at: float | None = None
        self._cursor: str | None = None  # after the last article a listing saw
        self.lock = threading.Lock()

    def refresh(
        self, backend: Backend, max_age: float = 0.0, sweep_every: float = 0.0
    ) -> Refreshed:
        """Bring the register level with ``backend``. Skipped when the last refresh is younger
        than ``max_age`` seconds. A full sweep (every article's hash: changes and removals
        too) runs when the last one is ``sweep_every`` seconds old or more; in between only the
        articles stored after the last listed one are looked at (one indexed query)."""
        begun = time.monotonic()
        if self._refreshed_at is not None and begun - self._refreshed_at < max_age:
            return Refreshed()
        full = self._swept_at is None or begun - self._swept_at >= sweep_every
        batch = backend.stamps(None if full else self._cursor)
        removed = [aid for aid in self._stamps if aid not in batch.stamps] if full else []
        for aid in removed:
            self.register.remove(aid)
            del self._stamps[aid]
        stamps = batch.stamps
        stale = {aid for aid, stamp in stamps.items() if self._stamps.get(aid) != stamp}
        cached = self._from_disk(stale, stamps)
        rows: list[Row] = []
        for article in _read(backend, stale - cached):
            stamp = stamps[article.id]
            rows.append((article.id, stamp, self.register.put(article)))
            self._stamps[article.id] = stamp
        if rows or removed:
            self.cache.save(rows, removed)
        self._cursor = batch.cursor
        self._refreshed_at = time.monotonic()
        if full:
            self._swept_at = begun
        return Refreshed(len(rows), len(cached), len(removed), full, self._refreshed_at - begun)

    def _from_disk(self, stale: set[str], stamps: dict[str, str]) -> set[str]:
        """Put the stale articles whose current version the cache file holds; their ids."""
        if self._disk is None:
            self._disk = self.cache.load()  # read once: later changes are this process's own
        taken = set()
        for aid in stale:
            hit = self._disk.pop(aid, None)
            if hit is None or hit[0] != stamps[aid]:
                continue
            try:
                found = mentions_from_json(hit[1]) if hit[1] else []
            except ValueError:  # a row this code cannot read: place the article again
                continue
            self.register.put_mentions(aid, found)
            self._stamps[aid] = stamps[aid]
            taken.add(aid)
        return taken

    def projects(self) -> list[Project]:
        return self.register.projects()


_LIVE: dict[Path, LiveRegister] = {}
_LIVE_LOCK = threading.Lock()


def live_register(cache_path: Path) -> LiveRegister:
    """The one ``LiveRegister`` of this process for the cache file ``cache_path`` (the API)."""
    with _LIVE_LOCK:
        live = _LIVE.get(cache_path)
        if live is None:
            live = _LIVE[cache_path] = LiveRegister(MentionCache(cache_path))
        return live
