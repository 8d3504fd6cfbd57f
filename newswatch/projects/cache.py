"""What each stored article said about projects, kept in SQLite beside the corrections file
(``newswatch.core.paths.projects_cache_path``), so no process places an article twice.

Rows are keyed by article id and hold the content hash (``Backend.stamps``) the mentions were
computed from: a row whose hash differs from the store's is stale and recomputed. The file
records the placing rules' version (``search.projects.codec.RULES_VERSION``); under another
version every row is stale. Deleting the file loses nothing but time.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from newswatch.core.sqlite_wal import use_wal
from search.projects.codec import RULES_VERSION, mentions_json
from search.projects.mentions import Mention

_SCHEMA = """
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT PRIMARY KEY,
    stamp TEXT NOT NULL,     -- the store's content hash when these were computed
    mentions BLOB            -- JSON list (search.projects.codec); NULL: the article places none
);
CREATE TABLE IF NOT EXISTS cache_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_log = logging.getLogger(__name__)

Row = tuple[str, str, list[Mention]]
"""(article id, stamp, mentions)."""


class MentionCache:
    """The cache file; one short connection per call (CLI and API processes may share it)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=10)
        # Only a cache: a crash may lose its last rows (recomputed), so no fsync per write.
        use_wal(connection, timeout=10.0)
        connection.execute("PRAGMA synchronous=OFF")
        connection.executescript(_SCHEMA)
        return connection

    def load(self) -> dict[str, tuple[str, bytes | None]]:
        """Every row as id → (stamp, mentions JSON or ``None``); nothing when the file is
        missing or was written under other rules (those rows are then deleted)."""
        if not self.path.exists():
            return {}
        try:
            return self._load()
        except sqlite3.DatabaseError as error:  # not a cache we wrote: set aside, start afresh
            aside = self.path.with_name(self.path.name + ".unreadable")
            self.path.replace(aside)
            _log.warning("project cache %s unreadable (%s); moved to %s", self.path, error, aside)
            return {}

    def _load(self) -> dict[str, tuple[str, bytes | None]]:
        connection = self._connect()
        try:
            version = connection.execute(
                "SELECT value FROM cache_meta WHERE key = 'rules'"
            ).fetchone()
            if version is None or version[0] != RULES_VERSION:
                with connection:
                    connection.execute("DELETE FROM mentions")
                return {}
            rows = connection.execute("SELECT article_id, stamp, mentions FROM mentions")
            return {article_id: (stamp, data) for article_id, stamp, data in rows}
        finally:
            connection.close()

    def save(self, rows: Iterable[Row], removed: Iterable[str] = ()) -> None:
        """Store ``rows`` (replacing those ids) and forget ``removed``, in one transaction."""
        connection = self._connect()
        try:
            with connection:
                connection.execute(
                    "INSERT OR REPLACE INTO cache_meta (key, value) VALUES ('rules', ?)",
                    (RULES_VERSION,),
                )
                connection.executemany(
                    "INSERT OR REPLACE INTO mentions (article_id, stamp, mentions)"
                    " VALUES (?, ?, ?)",
                    ((aid, stamp, mentions_json(ms) if ms else None) for aid, stamp, ms in rows),
                )
                connection.executemany(
                    "DELETE FROM mentions WHERE article_id = ?", ((aid,) for aid in removed)
                )
        finally:
            connection.close()
