"""The runs database's tables, and opening it: created on first use, upgraded in place.

One SQLite file (``schedule.runs_path``) shared by the daemon, which writes runs, and the CLI
and API, which read them and queue trigger requests. WAL mode and a busy timeout let them read
while the daemon's threads write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.schema import CreateColumn

metadata = MetaData()

runs_t = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job_id", String, nullable=False),
    Column("sources", Text, nullable=False),  # JSON list
    # running, then ok, partial, failed, timeout, killed or skipped (never started: busy)
    Column("status", String, nullable=False),
    Column("started_at", String, nullable=False),  # ISO 8601, UTC
    Column("ended_at", String),
    Column("pages_fetched", Integer, nullable=False, default=0),
    Column("new", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("filtered", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("errors", Integer, nullable=False, default=0),
    Column("error_kinds", Text, nullable=False, default="{}"),  # JSON object
    Column("message", Text, nullable=False, default=""),
    Column("log_file", String),
    Column("child_pid", Integer),
    Column("daemon_pid", Integer, nullable=False),
    Column("after_crawl", Text, nullable=False, default=""),
    Column("request_id", Integer),  # the trigger request it served, if any
    # Added later: a server default lets ``ALTER TABLE`` add them to a database with rows.
    Column("too_old", Integer, nullable=False, server_default="0"),
    Column("queued", Integer, nullable=False, server_default="0"),
)

triggers_t = Table(
    "trigger_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sources", Text, nullable=False),  # JSON list; empty = every configured source
    Column("reason", String, nullable=False),
    Column("requested_at", String, nullable=False),
    Column("not_before", String),  # ISO 8601 UTC; a retry waits for its backoff
    Column("taken_at", String),
    Column("done_at", String),
)


def open_runs_db(path: Path) -> Engine:
    """An engine on the runs database, its tables created or upgraded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    metadata.create_all(engine)
    with engine.begin() as connection:
        add_missing_columns(connection)
    return engine


def add_missing_columns(connection: Connection) -> None:
    """Give a database made by an older newswatch the columns added since; its rows keep
    their data and read the new counters as 0 (they were not kept then)."""
    for table in metadata.sorted_tables:
        for column in table.columns:
            if column.name in _column_names(connection, table.name):
                continue
            ddl = CreateColumn(column).compile(dialect=connection.dialect)
            try:
                connection.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {ddl}")
            except OperationalError:  # another process opening it added it first
                if column.name not in _column_names(connection, table.name):
                    raise


def _column_names(connection: Connection, table: str) -> set[str]:
    return {row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({table})")}
