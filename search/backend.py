"""The one door to storage: every backend (SQLite FTS5, Elasticsearch) implements ``Backend``.

Both backends must give identical results for the same ``SearchRequest``: the shared
backend-agnostic test suite (``tests/search/test_backend_contract.py``) runs the same cases
against each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from newswatch.core.article import Article
from newswatch.core.errors import BackendUnavailable as BackendUnavailable
from newswatch.core.errors import BadQuery as BadQuery
from newswatch.core.facts import Facts
from newswatch.core.store import ArticleStore
from newswatch.core.store import StoreResult as StoreResult

SortOrder = Literal["relevance", "date"]
Collapse = Literal["story"]
MAX_VERSIONS = 100
"""Versions listed per collapsed story (Elasticsearch's ``max_inner_result_window``); the
count is exact beyond it."""


@dataclass(frozen=True)
class SearchRequest:
    """A resolved search: time bounds are already aware instants (see ``search.timerange``).

    ``published_from`` is inclusive, ``published_until`` exclusive.
    ``page_token`` is the opaque ``next_page_token`` of a previous result (search_after style).
    """

    query: str = ""
    published_from: datetime | None = None
    published_until: datetime | None = None
    sources: tuple[str, ...] = ()
    sort: SortOrder = "relevance"
    size: int = 20
    page_token: str | None = None
    with_facets: bool = False
    ids: tuple[str, ...] = ()
    """Restrict to these article ids (alert evaluation over a batch of new articles)."""
    zones: tuple[str, ...] = ()
    """Canonical zone names (the shell resolves aliases); an article naming any of them."""
    countries: tuple[str, ...] = ()
    """ISO 3166-1 alpha-2 investor countries; any of them."""
    events: tuple[str, ...] = ()
    """Event kinds (``crawler.facts.EVENTS``); any of them."""
    min_usd: float | None = None
    """Some amount reaches this many USD (``Facts.max_usd >= min_usd``)."""
    collapse: Collapse | None = None
    """``"story"``: one hit per story (``search.stories``), ranked by its best matching copy
    and shown as its earliest one, with every matching copy in ``Hit.versions``; ``total``
    counts stories. An article without a story is a story of its own."""

    def fact_terms(self) -> dict[str, tuple[str, ...]]:
        """The keyword fact filters by ``FACT_FACETS`` name; each one non-empty given."""
        wanted = {"zone": self.zones, "country": self.countries, "event": self.events}
        return {name: values for name, values in wanted.items() if values}


FACT_FACETS = ("zone", "country", "event")
"""Keyword facts every backend can filter and count; ``fact_values`` lists an article's."""


def fact_values(facts: Facts | None) -> dict[str, list[str]]:
    """An article's keyword facts by ``FACT_FACETS`` name (empty lists when not computed)."""
    if facts is None:
        return {name: [] for name in FACT_FACETS}
    return {
        "zone": [zone.name for zone in facts.zones],
        "country": list(facts.countries),
        "event": list(facts.events),
    }


@dataclass(frozen=True)
class StoryVersion:
    """One matching copy of a collapsed story, as listed under its representative."""

    id: str
    source: str
    url: str
    title: str
    published_at: datetime | None


@dataclass(frozen=True)
class Hit:
    id: str
    url: str
    title: str
    source: str
    published_at: datetime | None
    snippet: str
    """HTML-safe: text is escaped, matched words wrapped in ``<mark>…</mark>``."""
    score: float = 0.0
    facts: Facts | None = None
    story_id: str | None = None
    versions: tuple[StoryVersion, ...] = ()
    """Collapsed searches only: the story's matching copies, earliest first (this hit is the
    first), at most ``MAX_VERSIONS``."""
    version_count: int = 1
    """Collapsed searches: how many copies of the story match (may exceed ``versions``)."""


def version_order(published_at: datetime | None, article_id: str) -> tuple[bool, float, str]:
    """How a story's copies are listed: earliest published first, undated last, ties by id."""
    return (published_at is None, published_at.timestamp() if published_at else 0.0, article_id)


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[Hit]
    next_page_token: str | None = None
    per_day: dict[str, int] = field(default_factory=dict)
    """``YYYY-MM-DD`` (local calendar day in the configured timezone) → count; with facets only."""
    per_source: dict[str, int] = field(default_factory=dict)
    per_fact: dict[str, dict[str, int]] = field(default_factory=dict)
    """With facets: ``FACT_FACETS`` name → value (zone name, country code, event) → count."""


@dataclass(frozen=True)
class StoredBatch:
    """Articles in storage order after a cursor; feeds alert evaluation."""

    articles: list[Article]
    cursor: str | None


@dataclass(frozen=True)
class StampBatch:
    """``Backend.stamps``: content hashes by id, and the cursor after the last one listed."""

    stamps: dict[str, str]
    cursor: str | None


class Backend(ArticleStore, Protocol):
    """The crawler's write-side port (``ArticleStore``) plus everything search and alerts read."""

    def search(self, request: SearchRequest) -> SearchResult: ...

    settle_seconds: int
    """How long after its stamp a stored article is surely searchable (0: at commit)."""

    def stored_after(
        self, cursor: str | None, limit: int = 500, settled: bool = False
    ) -> StoredBatch:
        """Articles stored (first indexed) after ``cursor``, oldest first; ``None`` = from start.
        ``settled``: only those older than ``settle_seconds``, so that no article still being
        written by another process can later appear behind the returned cursor."""

    def end_cursor(self) -> str | None:
        """The ``stored_after`` cursor after the last stored article, in one query: where a
        new alert rule starts watching (``None``: nothing stored yet)."""

    def count(self) -> int: ...

    def stamps(self, after: str | None = None) -> StampBatch:
        """The id → stamp (stored content hash and story id: filing under a story is not a
        content change, yet it changes what the article says) of every article stored after
        ``after`` (a cursor of this method or of ``stored_after``; ``None``: all), without
        reading a document: what a cache of per-article results (the project register) checks
        to recompute only new and changed articles and to drop removed ones."""

    def put_record(self, kind: str, key: str, doc: dict[str, Any]) -> None:
        """Small JSON documents beside the articles (alert rules): same store, same backend."""

    def get_record(self, kind: str, key: str) -> dict[str, Any] | None: ...

    def list_records(self, kind: str) -> list[dict[str, Any]]: ...

    def delete_record(self, kind: str, key: str) -> bool: ...
