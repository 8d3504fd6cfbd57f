"""The crawl counters, defined once: what one crawl run counted.

Everything that shows or keeps counters derives from ``CrawlCounters``' fields: the crawl
summary (``crawler.summary``), the stats keys (``crawler.stats``), the run history table, ``Run``
and ``RunStore.finish`` (``scheduler.runs``), the API's ``RunOut`` and the CLI tables. A new
counter is one field here; each field's metadata holds its column label and its meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def _counter(label: str, title: str, meaning: str) -> Any:
    return field(default=0, metadata={"label": label, "title": title, "meaning": meaning})


@dataclass(kw_only=True)
class CrawlCounters:
    pages_fetched: int = _counter(
        "pages", "pages", "Responses received: feeds, listings, articles, errors"
    )
    new: int = _counter("new", "new", "Articles stored for the first time")
    updated: int = _counter("upd", "updated", "Stored articles whose content changed")
    unchanged: int = _counter(
        "same", "unchanged", "Stored articles fetched again with the same content"
    )
    filtered: int = _counter(
        "filt", "filtered", "Articles off-topic for [topic]: counted, never stored"
    )
    too_old: int = _counter("old", "too old", "Published before [crawl] max_age_days: never stored")
    queued: int = _counter(
        "queued", "queued", "Kept in the local queue while Elasticsearch was down"
    )
    duplicates: int = _counter(
        "dup", "duplicates", "Article URLs skipped: already stored or seen this run"
    )
    not_modified: int = _counter(
        "304", "not modified", "Feeds/sitemaps/listings answered 304: nothing new"
    )
    canonical_collapse: int = _counter(
        "coll",
        "canonical collapse",
        "Pages claiming another article's canonical URL, kept under their own URL",
    )
    errors: int = _counter("err", "errors", "Failed requests and articles not stored, all kinds")
    callback_errors: int = _counter(
        "cb", "callback errors", "Responses whose parsing raised (per kind: callback_<Name>)"
    )


COUNTERS = tuple(fields(CrawlCounters))
COUNTER_NAMES = tuple(counter.name for counter in COUNTERS)


def label(name: str) -> str:
    """The short column label of counter ``name`` (CLI tables)."""
    return next(str(c.metadata["label"]) for c in COUNTERS if c.name == name)


def title(name: str) -> str:
    """The column title of counter ``name`` in the crawl summary table."""
    return next(str(c.metadata["title"]) for c in COUNTERS if c.name == name)


def meaning(name: str) -> str:
    """One sentence on what counter ``name`` counts (API descriptions, docs)."""
    return next(str(c.metadata["meaning"]) for c in COUNTERS if c.name == name)


def counts(counters: CrawlCounters) -> dict[str, int]:
    """The counters as a plain ``{name: value}`` (a database row, a JSON object)."""
    return {name: int(getattr(counters, name)) for name in COUNTER_NAMES}
