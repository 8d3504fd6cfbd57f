"""Stories assigned where articles are stored: a ``Backend`` decorator around any backend.

``upsert`` files every article under its story in the story index (``StoryIndex``), then
hands the articles, ``story_id`` set, to the backend it wraps; everything else passes
through. An article the index already holds keeps its story, so a re-crawl, an edit or a
retried write never moves it. The index is written first: a write that then fails is
retried with the same story, and a crash in between only leaves an entry the next write
of that article reuses.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newswatch.core.article import Article
from search.backend import (
    Backend,
    BackendUnavailable,
    SearchRequest,
    SearchResult,
    StampBatch,
    StoredBatch,
    StoreResult,
)

if TYPE_CHECKING:
    from search.stories.grouping import NewArticle
    from search.stories.index import StoryIndex

log = logging.getLogger(__name__)


def story_input(article: Article) -> NewArticle:
    """What grouping reads of an article. The fetch time stands in for a missing date (see
    ``grouping``); only a single zone is passed as a fact, since an article naming several
    zones would veto copies that name one of them."""
    from search.stories.grouping import NewArticle  # numpy: only once something is stored

    zones = [zone.name for zone in article.facts.zones] if article.facts else []
    return NewArticle(
        id=article.id,
        title=article.title,
        body=article.text,
        lead=article.summary,
        published_at=article.published_at or article.fetched_at,
        source=article.source,
        language=article.language,
        facts={"zone": zones[0]} if len(set(zones)) == 1 else None,
    )


class StoryStore:
    """``Backend`` whose ``upsert`` assigns ``story_id`` first (see the module docstring)."""

    def __init__(self, backend: Backend, index_path: Path) -> None:
        self.backend = backend
        self.index_path = Path(index_path)
        self.queues_when_unavailable = backend.queues_when_unavailable
        self.settle_seconds = backend.settle_seconds
        self._index: StoryIndex | None = None
        self._lock = threading.Lock()
        """The crawler writes from a thread pool; the index is one SQLite connection."""

    def __getattr__(self, name: str) -> Any:
        """A backend's own extras (Elasticsearch's ``queue``, ``flush_queue``) pass through."""
        return getattr(self.backend, name)

    def _opened(self) -> StoryIndex:
        if self._index is None:
            from search.stories.index import StoryIndex

            self.index_path.parent.mkdir(parents=True, exist_ok=True)
            self._index = StoryIndex(self.index_path)
        return self._index

    def file(self, articles: Sequence[Article]) -> list[Article]:
        """``articles`` with their ``story_id`` (the index's, or a new story's); stored articles
        whose story this batch merged into another are refiled in the backend."""
        with self._lock:
            index = self._opened()
            index.add_many(story_input(a) for a in articles)
            stories = [index.story_of(a.id) for a in articles]  # after this batch's merges
            moved = index.take_moved()
        batch = {a.id for a in articles}
        self._refile({i: story for i, story in moved.items() if i not in batch})
        return [
            a if a.story_id == story else a.model_copy(update={"story_id": story})
            for a, story in zip(articles, stories, strict=True)
        ]

    def _refile(self, moved: dict[str, str]) -> None:
        """Store the new story of articles already stored (not an update of theirs). Failing
        (the server down), they keep the old id until ``newswatch index restory``."""
        if not moved:
            return
        try:
            stored = [a for i in moved if (a := self.backend.get(i)) is not None]
            self.backend.upsert([a.model_copy(update={"story_id": moved[a.id]}) for a in stored])
        except BackendUnavailable as exc:
            log.warning("%d articles keep a merged story id until restory: %s", len(moved), exc)

    def upsert(self, articles: Sequence[Article]) -> StoreResult:
        return self.backend.upsert(self.file(articles))

    def story_of(self, article_id: str) -> str | None:
        """The story the index files ``article_id`` under (``None``: not filed yet)."""
        with self._lock:
            return self._opened().story_of(article_id)

    def ensure_ready(self) -> None:
        self.backend.ensure_ready()

    def get(self, article_id: str) -> Article | None:
        return self.backend.get(article_id)

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        return self.backend.known_ids(ids)

    def latest_published(self, source: str) -> datetime | None:
        return self.backend.latest_published(source)

    def search(self, request: SearchRequest) -> SearchResult:
        return self.backend.search(request)

    def stored_after(
        self, cursor: str | None, limit: int = 500, settled: bool = False
    ) -> StoredBatch:
        return self.backend.stored_after(cursor, limit, settled)

    def end_cursor(self) -> str | None:
        return self.backend.end_cursor()

    def count(self) -> int:
        return self.backend.count()

    def stamps(self, after: str | None = None) -> StampBatch:
        return self.backend.stamps(after)

    def put_record(self, kind: str, key: str, doc: dict[str, Any]) -> None:
        self.backend.put_record(kind, key, doc)

    def get_record(self, kind: str, key: str) -> dict[str, Any] | None:
        return self.backend.get_record(kind, key)

    def list_records(self, kind: str) -> list[dict[str, Any]]:
        return self.backend.list_records(kind)

    def delete_record(self, kind: str, key: str) -> bool:
        return self.backend.delete_record(kind, key)

    def close(self) -> None:
        with self._lock:
            if self._index is not None:
                self._index.close()
                self._index = None
        self.backend.close()
