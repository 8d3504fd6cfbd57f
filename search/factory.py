"""Open the configured backend; the only place that knows which classes exist."""

from __future__ import annotations

from newswatch.core.errors import StoreMissing
from newswatch.core.paths import revisions_path, stories_path
from newswatch.core.settings import Settings
from search.backend import Backend
from search.stories.history import KeepingHistory
from search.stories.revision_log import RevisionLog
from search.stories.store import StoryStore


def open_backend(settings: Settings) -> Backend:
    """The configured backend, filing what it stores under stories (``search.stories``) and
    keeping the versions its updates replace."""
    stories = open_story_store(settings)
    return KeepingHistory(stories, open_revisions(settings), settings.crawl.tz)


def open_revisions(settings: Settings) -> RevisionLog:
    """The configured store's kept versions, for reading (API, alerts)."""
    return RevisionLog(revisions_path(settings), settings.storage.revisions_kept)


def open_story_store(settings: Settings) -> StoryStore:
    return StoryStore(open_plain_backend(settings), stories_path(settings))


def open_plain_backend(settings: Settings) -> Backend:
    """The configured backend alone: reads and writes exactly what it is given."""
    tz = settings.crawl.tz
    if settings.storage.backend == "elasticsearch":
        from search.elastic.backend import ElasticBackend

        return ElasticBackend(settings.storage, tz)
    from search.sqlite.store import SqliteBackend

    return SqliteBackend(settings.storage.path, tz)


def flush_queued(settings: Settings) -> int:
    """Index what an Elasticsearch outage left in the local queue; return how many articles are
    still queued (0 for SQLite, which has no queue). Raises ``BackendUnavailable`` while the
    server is down. The daemon calls it as its ``flush_queue`` hook."""
    if settings.storage.backend != "elasticsearch":
        return 0
    from search.elastic.backend import ElasticBackend

    backend = ElasticBackend(settings.storage, settings.crawl.tz)
    try:
        if backend.queue.pending_count():
            backend.flush_queue()
        return backend.queue.pending_count()
    finally:
        backend.close()


def open_existing_backend(settings: Settings) -> Backend:
    """The configured backend for reading: an embedded store that is not there is an error
    naming the path (a read that created it would answer 0 from a new, empty store)."""
    if settings.storage.backend == "sqlite" and not settings.storage.path.is_file():
        raise StoreMissing(
            f"no article store at {settings.storage.path} ([storage] path); run "
            "`newswatch crawl` first, or pass the --config that names your store"
        )
    return open_backend(settings)
