"""The kept versions of edited articles, in their own SQLite file beside the store.

One file serves both backends (``newswatch.core.paths.revisions_path``): the store holds the
current version, this file the versions an edit replaced, each with the time it was fetched.
A version is written here *before* the store overwrites it, so a crash in between loses
nothing; writing the same edit twice (a retried batch) records it once. Only the last ``kept``
versions of an article stay. ``seq`` grows with every recorded version across articles: the
cursor from which alerts read new edits.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newswatch.core.article import Article
from newswatch.core.sqlite_wal import use_wal
from search.stories.revisions import Version

_SCHEMA = """
CREATE TABLE IF NOT EXISTS versions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    key TEXT NOT NULL,
    material INTEGER NOT NULL,
    article TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS versions_article ON versions (article_id, seq);
CREATE INDEX IF NOT EXISTS versions_material ON versions (material, seq);
"""


@dataclass(frozen=True)
class StoredVersion:
    """One kept version; ``material``: it is a material edit of the version before it."""

    seq: int
    article: Article
    material: bool

    @property
    def fetched_at(self) -> datetime:
        return self.article.fetched_at


class RevisionLog:
    """The versions file; opened on first use, so a read-only command creates nothing."""

    def __init__(self, path: Path, kept: int = 20) -> None:
        if kept < 2:
            raise ValueError("keep at least 2 versions per article (one edit)")
        self.path, self.kept = path, kept
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # the crawler writes from a thread, the API reads

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            use_wal(db, timeout=30.0)
            db.execute("PRAGMA synchronous=NORMAL")  # as the SQLite store: safe on a crash
            db.executescript(_SCHEMA)
            self._db = db
        return self._db

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def record(self, edits: Iterable[tuple[Article, Article, bool]]) -> list[int]:
        """For each ``(old, new, material)``: keep ``old`` (unless it is already the last kept
        version) and ``new`` after it, in one transaction; the ``seq`` of each ``new`` kept
        (an edit recorded before, by a retried batch, is skipped)."""
        kept: list[int] = []
        with self._lock, self._conn() as db:
            for old, new, material in edits:
                seq = self._record(db, old, new, material)
                if seq is not None:
                    kept.append(seq)
        return kept

    def _record(
        self, db: sqlite3.Connection, old: Article, new: Article, material: bool
    ) -> int | None:
        old_key, new_key = Version.of(old).key(), Version.of(new).key()
        row = db.execute(
            "SELECT key FROM versions WHERE article_id = ? ORDER BY seq DESC LIMIT 1", (new.id,)
        ).fetchone()
        last = row[0] if row else None
        if last == new_key:
            return None
        if last != old_key:
            self._insert(db, old, old_key, material=False)
        seq = self._insert(db, new, new_key, material)
        db.execute(
            "DELETE FROM versions WHERE article_id = ? AND seq NOT IN (SELECT seq FROM "
            "versions WHERE article_id = ? ORDER BY seq DESC LIMIT ?)",
            (new.id, new.id, self.kept),
        )
        return seq

    @staticmethod
    def _insert(db: sqlite3.Connection, article: Article, key: str, material: bool) -> int:
        cursor = db.execute(
            "INSERT INTO versions (article_id, fetched_at, key, material, article) "
            "VALUES (?, ?, ?, ?, ?)",
            (article.id, article.fetched_at.isoformat(), key, int(material),
             article.model_dump_json()),
        )  # fmt: skip
        return int(cursor.lastrowid or 0)

    def versions(self, article_id: str) -> list[StoredVersion]:
        """The kept versions of one article, oldest first (empty: never edited)."""
        with self._lock:
            rows = (
                self._conn()
                .execute(
                    "SELECT seq, article, material FROM versions WHERE article_id = ? ORDER BY seq",
                    (article_id,),
                )
                .fetchall()
            )
        return [_version(row) for row in rows]

    def revision_counts(self, ids: Iterable[str]) -> dict[str, int]:
        """Kept revisions (versions after the first) per edited article among ``ids``."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        with self._lock:
            rows = (
                self._conn()
                .execute(
                    f"SELECT article_id, COUNT(*) - 1 FROM versions WHERE article_id IN ({marks}) "
                    "GROUP BY article_id",
                    wanted,
                )
                .fetchall()
            )
        return {str(ident): int(n) for ident, n in rows if n > 0}

    def after(self, cursor: int, limit: int = 500, material: bool = False) -> list[StoredVersion]:
        """Versions recorded after ``cursor`` (a ``seq``), oldest first; ``material``: only
        material edits. What a follower reads (alerts; the project register, whose amounts a
        correction changes: ``previous`` gives the version it replaced)."""
        only = "material = 1 AND " if material else ""
        with self._lock:
            rows = (
                self._conn()
                .execute(
                    f"SELECT seq, article, material FROM versions WHERE {only}seq > ? "
                    "ORDER BY seq LIMIT ?",
                    (cursor, limit),
                )
                .fetchall()
            )
        return [_version(row) for row in rows]

    def end(self) -> int:
        """The ``seq`` of the last recorded version (0: none): where a new watcher starts."""
        with self._lock:
            row = self._conn().execute("SELECT MAX(seq) FROM versions").fetchone()
        return int(row[0] or 0)

    def previous(self, version: StoredVersion) -> StoredVersion | None:
        """The kept version just before ``version`` (``None``: pruned or the first)."""
        with self._lock:
            row = (
                self._conn()
                .execute(
                    "SELECT seq, article, material FROM versions WHERE article_id = ? AND seq < ? "
                    "ORDER BY seq DESC LIMIT 1",
                    (version.article.id, version.seq),
                )
                .fetchone()
            )
        return _version(row) if row else None


def _version(row: tuple[int, str, int]) -> StoredVersion:
    seq, article, material = row
    return StoredVersion(int(seq), Article.model_validate_json(article), bool(material))
