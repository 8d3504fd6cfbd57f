"""What the crawler needs of storage: the write-side port every search backend implements.

The crawler depends on this protocol only (it never imports ``search``); the shell opens the
configured backend (``search.factory.open_backend``) and hands it to ``crawler.run.run_crawl``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from newswatch.core.article import Article


@dataclass(frozen=True)
class StoreResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    queued: int = 0
    """Kept in a local durable queue (server unreachable); indexed by the next write or
    ``newswatch index flush``. Not lost, not yet searchable."""
    errors: list[str] = field(default_factory=list)


class ArticleStore(Protocol):
    queues_when_unavailable: bool
    """True when writes during an outage wait in a durable local queue instead of failing, so a
    crawl may start while the server is down."""

    def ensure_ready(self) -> None:
        """Create schema/indices if needed; raise ``BackendUnavailable`` if unreachable."""

    def upsert(self, articles: Sequence[Article]) -> StoreResult:
        """Store by ``Article.id``: new ids are inserted, changed ones updated, nothing doubled."""

    def get(self, article_id: str) -> Article | None:
        """The stored article with ``article_id``, or ``None`` (dedupe: a page borrowing another
        page's canonical URL must not overwrite it)."""

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are already stored (dedupe before fetching)."""

    def latest_published(self, source: str) -> datetime | None:
        """Newest ``published_at`` of a source: later crawls stop at what they already have."""

    def close(self) -> None: ...
