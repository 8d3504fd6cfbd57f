"""Recompute stale stored facts: the facts migration for both backends.

Facts are derived data: when ``crawler.facts.facts_version()`` changes (a new gazetteer or
event cue list), or a store predates facts, every article whose stored ``facts_version``
differs is re-extracted and written back through the ordinary ``upsert``, so each backend
updates its own side tables or index fields the same way a crawl would.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.facts.article import stale_facts, with_facts
from search.backend import Backend

BATCH = 200


@dataclass(frozen=True)
class RefactsResult:
    scanned: int
    updated: int
    failed: int
    errors: tuple[str, ...] = ()


def refacts(backend: Backend, batch: int = BATCH) -> RefactsResult:
    """Walk every stored article once, oldest first, rewriting those with stale facts."""
    scanned = updated = failed = 0
    errors: list[str] = []
    cursor: str | None = None
    while True:
        page = backend.stored_after(cursor, limit=batch)
        if not page.articles:
            break
        cursor = page.cursor
        scanned += len(page.articles)
        stale = [with_facts(article) for article in page.articles if stale_facts(article)]
        if stale:
            result = backend.upsert(stale)
            updated += result.updated + result.new
            failed += result.failed + result.queued
            errors += result.errors
    return RefactsResult(scanned, updated, failed, tuple(errors))
