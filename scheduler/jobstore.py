"""The persistent APScheduler job store, and a read-only view of it for ``schedule list``."""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.triggers.base import BaseTrigger
from sqlalchemy import create_engine, inspect, select
from sqlalchemy.engine import make_url

from newswatch.core.state_db import engine_url

TABLE = "apscheduler_jobs"


def sqlite_file(url: str) -> Path | None:
    """The database file of a ``sqlite:///…`` URL; ``None`` for in-memory or other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def open_jobstore(url: str) -> SQLAlchemyJobStore:
    """A job store on ``url``; a SQLite file's folder is created so a fresh checkout just runs."""
    database = sqlite_file(url)
    if database is not None:
        database.parent.mkdir(parents=True, exist_ok=True)
    return SQLAlchemyJobStore(url=engine_url(url), tablename=TABLE)


@dataclass(frozen=True)
class StoredJob:
    id: str
    name: str
    trigger: str
    next_run_time: datetime | None
    """Local time (the scheduler's timezone); ``None`` for a paused job."""


def stored_jobs(url: str, tz: ZoneInfo) -> list[StoredJob]:
    """Jobs as the daemon left them, read without a scheduler.

    APScheduler's own ``get_all_jobs`` deletes jobs it cannot restore, which a listing must
    never do, so the rows are read and unpickled here.
    """
    database = sqlite_file(url)
    if database is not None and not database.exists():
        return []
    engine = create_engine(engine_url(url))
    try:
        if not inspect(engine).has_table(TABLE):
            return []
        store = SQLAlchemyJobStore(engine=engine, tablename=TABLE)
        with engine.connect() as connection:
            query = select(store.jobs_t.c.id, store.jobs_t.c.job_state).order_by(
                store.jobs_t.c.next_run_time
            )
            rows = connection.execute(query)
            return [_stored_job(row.id, pickle.loads(row.job_state), tz) for row in rows]
    finally:
        engine.dispose()


def _stored_job(job_id: str, state: dict[str, object], tz: ZoneInfo) -> StoredJob:
    next_run = state.get("next_run_time")
    trigger = state.get("trigger")
    return StoredJob(
        id=job_id,
        name=str(state.get("name", job_id)),
        trigger=str(trigger) if isinstance(trigger, BaseTrigger) else "?",
        next_run_time=next_run.astimezone(tz) if isinstance(next_run, datetime) else None,
    )
