"""Where shared state lives: SQLite files by default, one PostgreSQL database when
``[state] url`` is set, reached through SQLAlchemy either way.

The default keeps a fresh checkout zero-setup (each kind of state in its own local file, as
before). A deployment on several hosts sets ``[state] url = "postgresql://…"`` and every host
then sees the same crawl state, run history, job store and scheduler lease. This module is the
one place that turns settings into those URLs and smooths over the two dialects' differences
(upsert, the database clock).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, event, text
from sqlalchemy.engine import make_url

from newswatch.core.settings import Settings
from newswatch.core.sqlite_wal import use_wal


def engine_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 (the driver we ship), not SQLAlchemy's psycopg2 default."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def shown(url: str) -> str:
    """``url`` fit for a terminal or a log: the password masked."""
    return make_url(url).render_as_string(hide_password=True)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def outbox_url(settings: Settings) -> str:
    return settings.state.url or sqlite_url(settings.alerts.outbox_path)


def runs_url(settings: Settings) -> str:
    return settings.state.url or sqlite_url(settings.schedule.runs_path)


def jobstore_url(settings: Settings) -> str:
    return settings.state.url or settings.schedule.jobstore_url


def is_shared(settings: Settings) -> bool:
    """True when state is in a server database that several hosts may share."""
    return settings.state.url is not None


def open_engine(url: str, immediate: bool = False) -> Engine:
    """An engine on ``url``; a SQLite file gets its folder, WAL mode and a busy timeout so
    the daemon's threads, the CLI and crawl children can use it at once.

    ``immediate``: SQLite transactions start with ``BEGIN IMMEDIATE`` (the write lock up
    front), so two processes that read-then-update serialise instead of both reading the
    same rows; PostgreSQL callers lock rows themselves (``FOR UPDATE``).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # A database that stops answering must fail a call, not hang it: the scheduler's
        # lease renewal depends on noticing in time.
        return create_engine(
            engine_url(url), pool_pre_ping=True, connect_args={"connect_timeout": 10}
        )
    if parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        if immediate:  # SQLAlchemy's recipe: the driver must not BEGIN on its own
            dbapi_connection.isolation_level = None
        use_wal(dbapi_connection, timeout=30.0)

    if immediate:

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def dialect_insert(connection: Connection, table: Table) -> Any:
    """The connection's dialect's ``INSERT`` (it has ``ON CONFLICT``). The PostgreSQL dialect
    is imported only on PostgreSQL: a third of SQLAlchemy's import time, paid by every CLI crawl
    that records its run otherwise (issue 14)."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


def upsert(
    connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]], keys: Sequence[str]
) -> None:
    """Insert ``rows``, replacing the non-key columns of rows whose ``keys`` already exist."""
    if not rows:
        return
    statement = dialect_insert(connection, table)
    changed = {c: statement.excluded[c] for c in rows[0] if c not in keys}
    connection.execute(statement.on_conflict_do_update(index_elements=keys, set_=changed), rows)


def db_epoch(connection: Connection) -> float:
    """The database server's clock (Unix seconds): one clock for every host's lease."""
    if connection.dialect.name == "postgresql":
        query = "SELECT extract(epoch FROM clock_timestamp())"
    else:
        query = "SELECT (julianday('now') - 2440587.5) * 86400.0"
    return float(connection.execute(text(query)).scalar_one())


def create_tables(engine: Engine, metadata: MetaData) -> None:
    """``create_all``, serialised on PostgreSQL: two hosts starting at once would otherwise
    both try to create the same table and one would fail."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('newswatch-ddl'))"))
        metadata.create_all(connection)


def insert_new(connection: Connection, table: Table, row: Mapping[str, Any]) -> bool:
    """Insert ``row`` unless its primary key exists; True when it was inserted."""
    statement = dialect_insert(connection, table).values(**row).on_conflict_do_nothing()
    # RETURNING, not rowcount: psycopg reports -1 for an INSERT … ON CONFLICT through SQLAlchemy.
    key = next(iter(table.primary_key.columns))
    return connection.execute(statement.returning(key)).first() is not None
