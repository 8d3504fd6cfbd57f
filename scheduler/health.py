"""Is the stored data current? Per source, from the run history: ``/healthz`` says ``degraded``
(with the reasons) when the last crawl of a source failed or none succeeded for a day.

A store can answer every read and still be wrong to trust: its sources may have been failing
for a week. Health therefore looks at the crawls, not only at the backend.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newswatch.core.settings import Settings
from newswatch.core.state_db import runs_url
from scheduler.runs import RunStore

STALE_AFTER = timedelta(days=1)
BAD = frozenset({"failed", "timeout", "killed"})


@dataclass(frozen=True)
class SourceCrawls:
    source: str
    last_status: str | None
    """How the newest finished crawl of the source ended; ``None``: never crawled."""
    last_ended_at: str | None
    last_success_at: str | None


def source_crawls(store: RunStore, source: str) -> SourceCrawls:
    last = store.last_finished(source)
    success = store.last_success(source)
    return SourceCrawls(
        source=source,
        last_status=last.source_status(source) if last else None,
        last_ended_at=last.ended_at if last else None,
        last_success_at=success.ended_at if success else None,
    )


def problems(crawls: SourceCrawls, now: datetime) -> list[str]:
    """Why this source's data cannot be trusted as current; empty when it can."""
    found = []
    if crawls.last_status in BAD:
        found.append(f"last crawl of {crawls.source} {crawls.last_status} ({crawls.last_ended_at})")
    if crawls.last_success_at is None:
        found.append(f"no successful crawl of {crawls.source} yet")
    elif now - datetime.fromisoformat(crawls.last_success_at) > STALE_AFTER:
        found.append(f"no successful crawl of {crawls.source} since {crawls.last_success_at}")
    return found


NEVER = "no crawl recorded yet"


def stale_sources(settings: Settings, now: datetime | None = None) -> dict[str, list[str]]:
    """Each configured source whose data is stale → why; reading never creates the runs
    database (a SQLite file, or the ``[state] url`` database)."""
    sources = [source.name for source in settings.sources]
    if settings.state.url is None and not settings.schedule.runs_path.is_file():
        return {name: [NEVER] for name in sources}
    store = RunStore(runs_url(settings))
    try:
        moment = now or datetime.now(UTC)
        found = {name: problems(source_crawls(store, name), moment) for name in sources}
    finally:
        store.close()
    return {name: reasons for name, reasons in found.items() if reasons}


def reasons(stale: dict[str, list[str]]) -> list[str]:
    """The reasons as sentences, each once (``no crawl recorded yet`` is said once for all)."""
    return list(dict.fromkeys(reason for found in stale.values() for reason in found))
