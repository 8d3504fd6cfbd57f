"""The embedded store's schema: created on first open, versioned, upgraded in place.

An older file keeps its data and gains what the newer version adds; a file written by a newer
newswatch is refused rather than half-understood.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from newswatch.core.article import Article
from search.backend import BackendUnavailable
from search.sqlite.query import FTS_TABLES
from search.sqlite.rows import index_text

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 5
"""2 added ``published_day`` (local calendar day, for facets) and covering indexes; 3 added
investment facts: ``max_usd`` and the ``article_facts`` side table (zones, countries, events).
Articles stored before 3 have no facts until ``newswatch index refacts`` computes them.
4 added ``story_id`` (``search.stories``); older articles have none until ``newswatch index
restory`` assigns them. 5 split the FTS index in two tables, folded and exact
(``search.sqlite.query``), rebuilt from the stored documents."""
_FTS = "".join(
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(
    {", ".join(columns)}, content='',
    tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
);
"""
    for table, columns in FTS_TABLES.items()
)
_TABLES = f"""
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    published_us INTEGER,
    published_day TEXT,
    fingerprint TEXT NOT NULL,
    indexed_at TEXT NOT NULL,
    doc TEXT NOT NULL,
    max_usd REAL,
    story_id TEXT
);
CREATE TABLE IF NOT EXISTS article_facts (
    field TEXT NOT NULL, value TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (field, value, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_facts_seq ON article_facts (seq);
CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
{_FTS}CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (kind, key)
);
"""
_INDEXES = """
DROP INDEX IF EXISTS articles_published;
DROP INDEX IF EXISTS articles_source;
CREATE INDEX IF NOT EXISTS articles_range ON articles (published_us, source, published_day, id);
CREATE INDEX IF NOT EXISTS articles_by_source
    ON articles (source, published_us, published_day, id);
CREATE INDEX IF NOT EXISTS articles_usd ON articles (max_usd);
CREATE INDEX IF NOT EXISTS articles_story ON articles (story_id);
"""
"""Covering indexes: searches, facets and ``latest_published`` never read a stored document."""


def _reindex(conn: sqlite3.Connection) -> None:
    """Rebuild every FTS table from the stored documents (a contentless index cannot be
    copied: its text is gone)."""
    count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    logger.warning("rebuilding the text index of %d stored articles (schema 5, once)", count)
    for table in FTS_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    _run(conn, _FTS)
    for seq, doc in conn.execute("SELECT seq, doc FROM articles"):
        index_text(conn, seq, Article.model_validate_json(doc))


def _sql(statement: str) -> Callable[[sqlite3.Connection], object]:
    return lambda conn: conn.execute(statement)


_MIGRATIONS: dict[int, Callable[[sqlite3.Connection], object]] = {
    1: _sql("ALTER TABLE articles ADD COLUMN published_day TEXT"),
    2: _sql("ALTER TABLE articles ADD COLUMN max_usd REAL"),
    3: _sql("ALTER TABLE articles ADD COLUMN story_id TEXT"),
    4: _reindex,
}
"""What takes a store from that version to the next; days are filled in by the tz check."""


def ensure_schema(conn: sqlite3.Connection, path: Path, tz: ZoneInfo) -> None:
    """Create or upgrade the schema in place, inside the caller's write transaction.

    ``conn`` must have the ``local_day`` SQL function, which maps ``published_us`` to its
    calendar day in ``tz``.
    """
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    version = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    if version is not None and version > SCHEMA_VERSION:
        raise BackendUnavailable(
            f"{path} has schema version {version} but this newswatch knows only "
            f"{SCHEMA_VERSION}: upgrade newswatch"
        )
    _run(conn, _TABLES)
    for step in range(version or SCHEMA_VERSION, SCHEMA_VERSION):
        _MIGRATIONS[step](conn)
    _run(conn, _INDEXES)
    _fill_local_days(conn, tz)
    if version != SCHEMA_VERSION:
        conn.execute("DELETE FROM schema_version")
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))


def _fill_local_days(conn: sqlite3.Connection, tz: ZoneInfo) -> None:
    """``published_day`` is the local date in ``tz``: recompute it when the tz changes."""
    row = conn.execute("SELECT value FROM store_meta WHERE key = 'timezone'").fetchone()
    if row is not None and row[0] == str(tz):
        return
    conn.execute("UPDATE articles SET published_day = local_day(published_us)")
    conn.execute(
        "INSERT INTO store_meta (key, value) VALUES ('timezone', ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (str(tz),),
    )


def _run(conn: sqlite3.Connection, script: str) -> None:
    for statement in script.split(";\n"):
        if statement.strip():
            conn.execute(statement)
