"""A durable local queue (one SQLite file) for articles Elasticsearch could not take yet.

``pending`` holds articles to index once the server is back: keyed by article id, so queueing
the same article twice keeps one (the newest) copy. Rows leave only after Elasticsearch
acknowledged them, and re-indexing an acknowledged article is a no-op (same id, same content
hash), so a crash between the two can neither lose nor double anything. ``rejected`` keeps
articles Elasticsearch refused outright (e.g. a field over Lucene's term limit) with the
reason, for a person to look at.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from newswatch.core.article import Article
from newswatch.core.sqlite_wal import use_wal

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (
    id TEXT PRIMARY KEY, article TEXT NOT NULL, queued_at TEXT NOT NULL, reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rejected (
    id TEXT PRIMARY KEY, article TEXT NOT NULL, rejected_at TEXT NOT NULL, error TEXT NOT NULL
);
"""


class LocalQueue:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            use_wal(db, timeout=30.0)
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # One short connection per operation: the queue is shared by the scheduler and CLI.
        with closing(sqlite3.connect(self.path, timeout=30)) as db, db:
            yield db

    def put(self, articles: Iterable[Article], reason: str) -> int:
        now = datetime.now(UTC).isoformat()
        rows = [(a.id, a.model_dump_json(), now, reason) for a in articles]
        with self._connect() as db:
            db.executemany("INSERT OR REPLACE INTO pending VALUES (?, ?, ?, ?)", rows)
        return len(rows)

    def peek(self, limit: int) -> list[Article]:
        """The oldest ``limit`` pending articles (they stay queued until ``remove``)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT article FROM pending ORDER BY queued_at, id LIMIT ?", (limit,)
            ).fetchall()
        return [Article.model_validate_json(row[0]) for row in rows]

    def remove(self, ids: Sequence[str]) -> None:
        with self._connect() as db:
            db.executemany("DELETE FROM pending WHERE id = ?", [(i,) for i in ids])

    def reject(self, failures: Sequence[tuple[Article, str]]) -> None:
        """Move refused articles out of ``pending`` into ``rejected`` with the server's reason."""
        now = datetime.now(UTC).isoformat()
        rows = [(a.id, a.model_dump_json(), now, error) for a, error in failures]
        with self._connect() as db:
            db.executemany("INSERT OR REPLACE INTO rejected VALUES (?, ?, ?, ?)", rows)
            db.executemany("DELETE FROM pending WHERE id = ?", [(r[0],) for r in rows])

    def pending_ids(self) -> set[str]:
        with self._connect() as db:
            return {row[0] for row in db.execute("SELECT id FROM pending")}

    def pending_count(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT count(*) FROM pending").fetchone()[0])

    def rejected(self) -> list[tuple[str, str]]:
        """``(article id, error)`` of every refused article."""
        with self._connect() as db:
            return list(db.execute("SELECT id, error FROM rejected ORDER BY rejected_at, id"))
