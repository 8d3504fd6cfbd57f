"""File the stored articles that have no story yet (stores written before stories existed),
and store the index's story for any whose stored one is stale.

They are filed in published order (fetch time when undated), oldest first, as if they had
arrived one by one: each story then opens with its earliest copy and keeps that id, as it
would have done had the articles been filed as they came. Two passes keep memory small at
any store size: ids and dates first, then each batch of articles read back and written
through ``StoryStore.upsert``, which assigns the story and stores it (not an update).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newswatch.core.article import Article
from search.stories.store import StoryStore

BATCH = 200


@dataclass(frozen=True)
class RestoryResult:
    scanned: int
    filed: int
    stories: int
    """Distinct stories the filed articles belong to."""
    failed: int
    errors: tuple[str, ...] = ()


def _when(article: Article) -> datetime:
    return article.published_at or article.fetched_at


def _stale(store: StoryStore, article: Article) -> bool:
    return article.story_id is None or article.story_id != store.story_of(article.id)


def unfiled(store: StoryStore, batch: int = BATCH) -> tuple[int, list[str]]:
    """How many articles are stored, and the ids of those without a story or stored under
    another than the index's (a merge whose refile failed), oldest first."""
    scanned = 0
    found: list[tuple[datetime, str]] = []
    cursor: str | None = None
    while True:
        page = store.stored_after(cursor, limit=batch)
        if not page.articles:
            break
        cursor = page.cursor
        scanned += len(page.articles)
        found += [(_when(a), a.id) for a in page.articles if _stale(store, a)]
    found.sort(key=lambda pair: (pair[0].timestamp(), pair[1]))
    return scanned, [article_id for _, article_id in found]


def restory(store: StoryStore, batch: int = BATCH) -> RestoryResult:
    """File every stored article without a story; returns what was done."""
    scanned, ids = unfiled(store, batch)
    filed = failed = 0
    stories: set[str] = set()
    errors: list[str] = []
    for start in range(0, len(ids), batch):
        articles = [a for i in ids[start : start + batch] if (a := store.get(i)) is not None]
        with_story = store.file(articles)
        result = store.backend.upsert(with_story)
        failed += result.failed + result.queued
        errors += result.errors
        filed += len(with_story) - result.failed - result.queued
        stories.update(a.story_id for a in with_story if a.story_id)
    return RestoryResult(scanned, filed, len(stories), failed, tuple(errors))
