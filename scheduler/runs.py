"""Run history and trigger requests in the runs database (tables: ``scheduler.runs_schema``):
the daemon records runs and takes requests; the CLI reads runs and queues requests.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, update

from crawler.summary import CrawlSummary
from newswatch.core.counters import CrawlCounters, counts
from scheduler.runs_schema import open_runs_db, runs_t, triggers_t

RETRIED = frozenset({"killed", "timeout"})
"""Run statuses the daemon retries soon (with backoff) instead of leaving to the next schedule:
the crawl never finished, so what it would have stored may still be waiting."""


def run_log_path(log_dir: Path, run_id: int) -> Path:
    """The child's stdout and stderr; its summary JSON sits beside it."""
    return log_dir / f"run-{run_id:06d}.log"


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(kw_only=True)
class Run(CrawlCounters):
    """One recorded run: its counters (``CrawlCounters``) and how and where it ran."""

    id: int
    job_id: str
    sources: list[str]
    status: str
    started_at: str
    ended_at: str | None
    error_kinds: dict[str, int]
    outcomes: dict[str, str]
    """Each source's own status when the crawl reported it (``CrawlSummary.by_source``)."""
    warnings: list[str]
    message: str
    log_file: str | None
    child_pid: int | None
    daemon_pid: int
    after_crawl: str
    request_id: int | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def source_status(self, source: str) -> str:
        """How ``source`` fared in this run: its own outcome if reported, else the run's."""
        return self.outcomes.get(source, self.status)


@dataclass(frozen=True)
class TriggerRequest:
    id: int
    sources: list[str]
    reason: str
    requested_at: str
    not_before: str | None = None
    taken_at: str | None = None
    done_at: str | None = None


@dataclass(frozen=True)
class RunEnd:
    """How a run ended, as the daemon saw it."""

    status: str
    summary: CrawlSummary | None = None
    message: str = ""
    after_crawl: str = ""


class RunStore:
    def __init__(self, location: Path | str) -> None:
        """``location``: a SQLite file, or a database URL (``newswatch.core.state_db.runs_url``)."""
        self.engine = open_runs_db(location)

    def close(self) -> None:
        self.engine.dispose()

    # -- runs -------------------------------------------------------------------------------

    def start(
        self, job_id: str, sources: list[str], log_dir: Path, request_id: int | None = None
    ) -> Run:
        """Record a run as ``running`` and name its log file after its id."""
        with self.engine.begin() as connection:
            run_id = connection.execute(
                runs_t.insert()
                .values(
                    job_id=job_id,
                    sources=json.dumps(sources),
                    status="running",
                    started_at=now_utc(),
                    daemon_pid=os.getpid(),
                    request_id=request_id,
                )
                .returning(runs_t.c.id)
            ).scalar_one()
            log_file = str(run_log_path(log_dir, run_id))
            connection.execute(
                update(runs_t).where(runs_t.c.id == run_id).values(log_file=log_file)
            )
        return self.get(run_id)

    def set_child_pid(self, run_id: int, pid: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(runs_t).where(runs_t.c.id == run_id).values(child_pid=pid))

    def finish(self, run_id: int, end: RunEnd) -> Run:
        summary = end.summary or CrawlSummary()
        with self.engine.begin() as connection:
            connection.execute(
                update(runs_t)
                .where(runs_t.c.id == run_id)
                .values(
                    status=end.status,
                    ended_at=now_utc(),
                    **counts(summary),
                    error_kinds=json.dumps(summary.error_kinds, sort_keys=True),
                    outcomes=json.dumps(
                        {name: o.status for name, o in summary.by_source.items()}, sort_keys=True
                    ),
                    warnings=json.dumps(summary.warnings, ensure_ascii=False),
                    message=end.message,
                    after_crawl=end.after_crawl,
                )
            )
        return self.get(run_id)

    def record_unstarted(
        self,
        job_id: str,
        sources: list[str],
        status: str,
        message: str,
        request_id: int | None = None,
    ) -> Run:
        """A due run that never started a crawl (sources busy or unknown)."""
        stamp = now_utc()
        with self.engine.begin() as connection:
            run_id = connection.execute(
                runs_t.insert()
                .values(
                    job_id=job_id,
                    sources=json.dumps(sources),
                    status=status,
                    started_at=stamp,
                    ended_at=stamp,
                    message=message,
                    daemon_pid=os.getpid(),
                    request_id=request_id,
                )
                .returning(runs_t.c.id)
            ).scalar_one()
        return self.get(run_id)

    def get(self, run_id: int) -> Run:
        with self.engine.connect() as connection:
            row = connection.execute(select(runs_t).where(runs_t.c.id == run_id)).one()
        return _run(row._mapping)

    def last_finished(self, source: str) -> Run | None:
        """The newest ended run that crawled ``source`` (skipped runs never crawled)."""
        query = (
            select(runs_t)
            .where(runs_t.c.ended_at.is_not(None), runs_t.c.status != "skipped")
            .where(runs_t.c.sources.like(f'%"{source}"%'))
            .order_by(runs_t.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return _run(row._mapping) if row is not None else None

    def last_success(self, source: str) -> Run | None:
        """The newest run in which ``source`` was crawled ``ok`` or ``partial``."""
        query = (
            select(runs_t)
            .where(runs_t.c.ended_at.is_not(None), runs_t.c.sources.like(f'%"{source}"%'))
            .where(runs_t.c.status.in_(("ok", "partial")))
            .order_by(runs_t.c.id.desc())
        )
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                run = _run(row._mapping)
                if run.source_status(source) in {"ok", "partial"}:
                    return run
        return None

    def recent(self, limit: int = 20) -> list[Run]:
        """Newest first."""
        query = select(runs_t).order_by(runs_t.c.id.desc()).limit(limit)
        with self.engine.connect() as connection:
            return [_run(row._mapping) for row in connection.execute(query)]

    def mark_interrupted(self, message: str) -> list[Run]:
        """Close runs still ``running``: called by a daemon that holds the daemon lock, so
        whoever started them has died without recording their end."""
        with self.engine.begin() as connection:
            ids = list(connection.scalars(select(runs_t.c.id).where(runs_t.c.status == "running")))
            connection.execute(
                update(runs_t)
                .where(runs_t.c.id.in_(ids))
                .values(status="killed", ended_at=now_utc(), message=message)
            )
        return [self.get(run_id) for run_id in ids]

    # -- trigger requests -------------------------------------------------------------------

    def request(
        self, sources: list[str], reason: str, not_before: datetime | None = None
    ) -> TriggerRequest:
        """Queue a crawl of ``sources``; a daemon takes it once ``not_before`` has passed."""
        wait = not_before.astimezone(UTC).isoformat(timespec="milliseconds") if not_before else None
        with self.engine.begin() as connection:
            request_id = connection.execute(
                triggers_t.insert()
                .values(
                    sources=json.dumps(sources),
                    reason=reason,
                    requested_at=now_utc(),
                    not_before=wait,
                )
                .returning(triggers_t.c.id)
            ).scalar_one()
        return self.trigger_request(request_id)

    def failures_in_a_row(self, source: str, limit: int = 50) -> int:
        """How many of ``source``'s latest runs, newest first, ended killed or timed out."""
        count = 0
        for run in self.recent(limit):
            if source not in run.sources or run.status == "running":
                continue
            if run.status not in RETRIED:
                break
            count += 1
        return count

    def open_request(self, sources: list[str], reason: str) -> TriggerRequest:
        """A request taken at once by its creator (a scheduled run serving itself), so what
        it leaves unfinished when its daemon dies is resumed like any taken request."""
        stamp = now_utc()
        with self.engine.begin() as connection:
            request_id = connection.execute(
                triggers_t.insert()
                .values(
                    sources=json.dumps(sources), reason=reason, requested_at=stamp, taken_at=stamp
                )
                .returning(triggers_t.c.id)
            ).scalar_one()
        return self.trigger_request(request_id)

    def take_requests(self) -> list[TriggerRequest]:
        """Claim every pending request that is due, oldest first; each is returned to one caller
        only."""
        stamp = now_utc()
        due = or_(triggers_t.c.not_before.is_(None), triggers_t.c.not_before <= stamp)
        with self.engine.begin() as connection:
            pending = list(
                connection.execute(
                    select(triggers_t)
                    .where(triggers_t.c.taken_at.is_(None), due)
                    .order_by(triggers_t.c.id)
                )
            )
            taken = []
            for row in pending:
                claimed = connection.execute(
                    update(triggers_t)
                    .where(triggers_t.c.id == row.id, triggers_t.c.taken_at.is_(None))
                    .values(taken_at=stamp)
                )
                if claimed.rowcount == 1:
                    taken.append(_request({**row._mapping, "taken_at": stamp}))
        return taken

    def unfinished_requests(self) -> list[TriggerRequest]:
        """Taken by a daemon that stopped before serving them all the way."""
        query = (
            select(triggers_t)
            .where(triggers_t.c.taken_at.is_not(None), triggers_t.c.done_at.is_(None))
            .order_by(triggers_t.c.id)
        )
        with self.engine.connect() as connection:
            return [_request(row._mapping) for row in connection.execute(query)]

    def finish_request(self, request_id: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(triggers_t).where(triggers_t.c.id == request_id).values(done_at=now_utc())
            )

    def runs_for(self, request_id: int) -> list[Run]:
        query = select(runs_t).where(runs_t.c.request_id == request_id).order_by(runs_t.c.id)
        with self.engine.connect() as connection:
            return [_run(row._mapping) for row in connection.execute(query)]

    def trigger_request(self, request_id: int) -> TriggerRequest:
        with self.engine.connect() as connection:
            row = connection.execute(select(triggers_t).where(triggers_t.c.id == request_id)).one()
        return _request(row._mapping)


def _run(row: Any) -> Run:
    data = dict(row)
    data["sources"] = json.loads(data["sources"])
    data["error_kinds"] = json.loads(data["error_kinds"])
    data["outcomes"] = json.loads(data["outcomes"] or "{}")
    data["warnings"] = json.loads(data["warnings"])
    return Run(**data)


def _request(row: Any) -> TriggerRequest:
    data = dict(row)
    data["sources"] = json.loads(data["sources"])
    return TriggerRequest(**data)
