"""The runs database's tables, and opening it: created on first use, upgraded in place.

One database (the SQLite file ``schedule.runs_path``, or ``[state] url``) shared by the daemon,
which writes runs, and the CLI and API, which read them and queue trigger requests. On SQLite,
WAL mode and a busy timeout let them read while the daemon's threads write.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.schema import CreateColumn

from newswatch.core.counters import COUNTER_NAMES
from newswatch.core.state_db import create_tables, open_engine, sqlite_url

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
    Column("error_kinds", Text, nullable=False, default="{}"),  # JSON object
    # JSON object: source → its status (ok, partial, failed); a run of several sources can
    # fail for one and not the others. Empty for runs that never reported per source.
    Column("outcomes", Text, nullable=False, default="{}", server_default="{}"),
    # JSON list: source-health warnings (crawler.health), e.g. a field's fill rate collapsed
    Column("warnings", Text, nullable=False, default="[]", server_default="[]"),
    Column("message", Text, nullable=False, default=""),
    Column("log_file", String),
    Column("child_pid", Integer),
    Column("daemon_pid", Integer, nullable=False),
    Column("after_crawl", Text, nullable=False, default=""),
    Column("request_id", Integer),  # the trigger request it served, if any
    # One column per crawl counter (``newswatch.core.counters``); the server default lets
    # ``ALTER TABLE`` add a new counter to a database that already has rows.
    *(Column(n, Integer, nullable=False, default=0, server_default="0") for n in COUNTER_NAMES),
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


def open_runs_db(location: Path | str) -> Engine:
    """An engine on the runs database (a SQLite file, or a ``[state] url``), its tables
    created or upgraded."""
    engine = open_engine(location if isinstance(location, str) else sqlite_url(location))
    create_tables(engine, metadata)
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
            guard = "IF NOT EXISTS " if connection.dialect.name == "postgresql" else ""
            try:
                connection.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {guard}{ddl}")
            except OperationalError:  # another process opening it added it first
                if column.name not in _column_names(connection, table.name):
                    raise


def _column_names(connection: Connection, table: str) -> set[str]:
    return {column["name"] for column in inspect(connection).get_columns(table)}
