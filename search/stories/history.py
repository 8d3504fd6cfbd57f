"""Keep the version an update replaces: a decorator over any backend's ``upsert``.

The backends overwrite an article whose content changed (``content_hash``); before they do,
``KeepingHistory`` reads the stored copy through the same port (``get``), and when the
publisher's content differs (``revisions.revision``) writes both versions into the
``RevisionLog``. One implementation for SQLite and Elasticsearch, no backend changed. Every
other call goes straight to the wrapped backend.

Limit: while Elasticsearch is unreachable the stored copy cannot be read, so an edit that
arrives during an outage (and is queued) is stored without its previous version.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from newswatch.core.article import Article, stored_form
from newswatch.core.errors import BackendUnavailable
from newswatch.core.store import StoreResult
from search.backend import Backend
from search.stories.revision_log import RevisionLog, StoredVersion
from search.stories.revisions import Revision, Version, material_edit, revision

log = logging.getLogger(__name__)


class KeepingHistory:
    """``inner`` with its replaced versions kept in ``revisions`` (see the module doc)."""

    def __init__(self, inner: Backend, revisions: RevisionLog, tz: tzinfo) -> None:
        self.inner, self.revisions, self.tz = inner, revisions, tz

    def __getattr__(self, name: str) -> Any:
        # Only reached for what this class does not define: search, records, queue, ...
        if name in {"inner", "revisions", "tz"}:
            raise AttributeError(name)
        return getattr(self.inner, name)

    def upsert(self, articles: Sequence[Article]) -> StoreResult:
        """Record the edits among ``articles`` first, then store them: a crash between the
        two leaves the old version kept and the write to redo, never the reverse."""
        try:
            self.keep_replaced(articles)
        except BackendUnavailable as exc:
            log.warning("previous versions not kept (store unreadable): %s", exc)
        return self.inner.upsert(articles)

    def keep_replaced(self, articles: Sequence[Article]) -> int:
        """Write the stored and the new version of every edited article; how many edits."""
        known = self.inner.known_ids(article.id for article in articles)
        edits: list[tuple[Article, Article, bool]] = []
        for article in articles:
            old = self.inner.get(article.id) if article.id in known else None
            if old is None:
                continue
            new = stored_form(article, self.tz)
            material = material_edit(Version.of(old), Version.of(new))
            if material is not None:
                edits.append((old, new, material))
        return len(self.revisions.record(edits)) if edits else 0

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            self.revisions.close()


@dataclass(frozen=True)
class Entry:
    """A kept version and, but for the first kept one, what changed from the one before."""

    version: StoredVersion
    change: Revision | None


def history(revisions: RevisionLog, article_id: str) -> list[Entry]:
    """The kept versions of an article, oldest first, each with its diff (empty: not edited)."""
    entries: list[Entry] = []
    before: StoredVersion | None = None
    for version in revisions.versions(article_id):
        change = None
        if before is not None:
            change = edit(before, version)
        entries.append(Entry(version, change))
        before = version
    return entries


def edit(before: StoredVersion, after: StoredVersion) -> Revision | None:
    """The diff between two kept versions (``None``: the same content, never kept so)."""
    new = after.article
    return revision(Version.of(before.article), Version.of(new), new.fetched_at)
