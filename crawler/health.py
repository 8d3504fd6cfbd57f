"""Source health: per source and run, pages seen, articles extracted and kept, and how often
each field was filled; a warning when a source's yield or a field's fill rate collapses.

A site redesign rarely fails loudly: pages still answer 200, the extractor still finds some
text, but titles, dates or authors stop coming (VnEconomy's 2026 markup left the configured
title selector matching nothing). Comparing each run with the source's previous runs is what
shows it the day it happens. The history is kept with the crawl state, one entry per source.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response

from crawler.crawl_state import open_crawl_state
from newswatch.core.article import Article

KIND = "health"
"""The crawl-state kind the history is kept under (``crawler.crawl_state``)."""
KEEP_RUNS = 20
"""Runs kept per source: enough for a baseline, small enough to read on every crawl."""
FIELDS = ("title", "published_at", "authors", "body")
MIN_BODY_CHARS = 200
"""A body shorter than this is a teaser or a broken extraction, not the article."""
COLLAPSE = 0.5
"""A fill rate below this share of its usual value is a collapse (1.0 → 0.4 warns)."""
MIN_USUAL_RATE = 0.5
"""Fields a source seldom fills (authors on a portal) are not watched."""
_PREFIX = "newswatch/health/"


@dataclass
class SourceHealth:
    """One source in one run. ``filled`` counts extracted articles having each field;
    ``article_pages`` the article pages answered 200 (``pages`` adds feeds, sitemaps and
    listings, which a run that finds nothing new still reads)."""

    pages: int = 0
    article_pages: int = 0
    extracted: int = 0
    kept: int = 0
    filled: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    body_chars: int = 0
    at: str = ""

    def rate(self, name: str) -> float | None:
        return self.filled.get(name, 0) / self.extracted if self.extracted else None

    def rates(self) -> dict[str, float | None]:
        return {name: self.rate(name) for name in FIELDS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SourceHealth:
        known = cls.__dataclass_fields__
        return cls(**{key: value for key, value in data.items() if key in known})


def filled_fields(article: Article) -> list[str]:
    """The watched fields this article has."""
    present = {
        "title": bool(article.title.strip()),
        "published_at": article.published_at is not None,
        "authors": bool(article.authors),
        "body": len(article.text) >= MIN_BODY_CHARS,
    }
    return [name for name in FIELDS if present[name]]


class HealthRecorder:
    """Counts into the crawl's stats from Scrapy's signals: no spider or pipeline change."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler  # its stats exist only once the crawl starts
        crawler.signals.connect(self.response, signal=signals.response_received, weak=False)
        crawler.signals.connect(self.kept, signal=signals.item_scraped, weak=False)
        crawler.signals.connect(self.dropped, signal=signals.item_dropped, weak=False)

    def _inc(self, source: str, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"{_PREFIX}{source}/{key}", count)

    def response(self, response: Response, request: Request, **_: Any) -> None:
        if source := request.meta.get("source"):
            self._inc(source, "pages")
            if "link_id" in request.meta and response.status == 200:  # the spider's articles
                self._inc(source, "article_pages")

    def kept(self, item: Any, **_: Any) -> None:
        if isinstance(item, Article):
            self._extracted(item)
            self._inc(item.source, "kept")

    def dropped(self, item: Any, **_: Any) -> None:
        if isinstance(item, Article):
            self._extracted(item)

    def _extracted(self, article: Article) -> None:
        self._inc(article.source, "extracted")
        self._inc(article.source, "body_chars", len(article.text))
        for name in filled_fields(article):
            self._inc(article.source, f"filled/{name}")


def health_from_stats(stats: Mapping[str, Any], sources: list[str]) -> dict[str, SourceHealth]:
    """Each crawled source's health from the final stats (zeros for a silent source)."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    found: dict[str, SourceHealth] = {}
    for name in sources:

        def count(key: str, name: str = name) -> int:
            return int(stats.get(f"{_PREFIX}{name}/{key}", 0))

        found[name] = SourceHealth(
            pages=count("pages"),
            article_pages=count("article_pages"),
            extracted=count("extracted"),
            kept=count("kept"),
            filled={field_name: count(f"filled/{field_name}") for field_name in FIELDS},
            body_chars=count("body_chars"),
            at=at,
        )
    return found


def health_warnings(name: str, now: SourceHealth, before: list[SourceHealth]) -> list[str]:
    """What changed for the worse against the source's previous runs that fetched anything.

    No article extracted is a failure only when article pages came: a run whose feeds list
    nothing new fetches none, and that is a quiet day, not a broken site."""
    usual = [run for run in before if run.pages]
    if not usual or not now.pages:
        return []
    if now.extracted == 0 and now.article_pages and any(run.extracted for run in usual):
        usually = statistics.median(run.extracted for run in usual)
        return [
            f"{name}: {now.article_pages} article pages fetched but no article extracted"
            f" (was {usually:g} per run)"
        ]
    found = []
    for field_name in FIELDS:
        past = [rate for run in usual if (rate := run.rate(field_name)) is not None]
        rate = now.rate(field_name)
        if not past or rate is None:
            continue
        typical = statistics.median(past)
        if typical >= MIN_USUAL_RATE and rate < typical * COLLAPSE:
            found.append(
                f"{name}: {field_name} filled in {rate:.0%} of articles (usually {typical:.0%}):"
                " layout changed?"
            )
    return found


class HealthHistory:
    """The last ``KEEP_RUNS`` runs of every source, oldest first, kept with the crawl state
    (``<state_dir>/<source>.health.json``, or the ``[state] url`` database): one entry per
    source, so per-source crawls running side by side never overwrite each other."""

    def __init__(self, state_dir: Path, state_url: str | None = None) -> None:
        self.state = open_crawl_state(state_dir, state_url, KIND)

    def of(self, name: str) -> list[SourceHealth]:
        return [SourceHealth.from_dict(run) for run in self.state[name].get("runs", [])]

    def record(self, current: Mapping[str, SourceHealth]) -> list[str]:
        """Add this run, save, and return its warnings against the runs before it."""
        warnings = [
            warning
            for name, health in current.items()
            for warning in health_warnings(name, health, self.of(name))
        ]
        for name, health in current.items():
            runs = [*self.state[name].get("runs", []), asdict(health)]
            self.state[name]["runs"] = runs[-KEEP_RUNS:]
        self.state.save(only=current)
        return warnings
