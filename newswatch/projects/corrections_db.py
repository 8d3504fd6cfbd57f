"""The register's corrections, stored durably in a small SQLite file beside the store
(``newswatch.core.paths.projects_db_path``), read back in the order they were made.

The register itself is never stored: it is recomputed from the articles, and these rows are
applied after every re-computation (``search.projects.apply``).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from search.projects import Correction, Merge, Split

_SCHEMA = """
CREATE TABLE IF NOT EXISTS corrections (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    first TEXT NOT NULL,   -- merge: the entry kept; split: the entry split
    second TEXT NOT NULL,  -- merge: the entry merged into it; split: the article moved out
    made_at TEXT NOT NULL
)
"""


class CorrectionStore:
    """Append-only list of merges and splits; one short connection per call (CLI and API
    processes may share the file)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=10)
        connection.execute(_SCHEMA)
        return connection

    def add(self, correction: Correction) -> None:
        if isinstance(correction, Merge):
            row = ("merge", correction.into, correction.other)
        else:
            row = ("split", correction.project, correction.article)
        with self._connect() as connection:
            connection.execute(
                "INSERT INTO corrections (kind, first, second, made_at) VALUES (?, ?, ?, ?)",
                (*row, datetime.now(UTC).isoformat()),
            )
        connection.close()

    def all(self) -> list[Correction]:
        """Every correction, oldest first; none when the file does not exist yet."""
        if not self.path.exists():
            return []
        connection = self._connect()
        try:
            rows = connection.execute(
                "SELECT kind, first, second FROM corrections ORDER BY seq"
            ).fetchall()
        finally:
            connection.close()
        return [Merge(a, b) if kind == "merge" else Split(a, b) for kind, a, b in rows]
