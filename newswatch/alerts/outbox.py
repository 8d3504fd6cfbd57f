"""The alert outbox: every pending delivery is written here BEFORE anything is sent.

One row per (rule, article, channel), UNIQUE, so re-evaluating an article never queues it twice
and a sent row blocks it forever (also across restarts). Sending follows claim → send → record:

* ``due`` lists what is due; ``claim``, immediately before each single send, counts that one
  attempt and pushes ``next_attempt_at`` out by ``LEASE`` in one committed transaction, so a
  second process does not send the same row meanwhile, and a process killed while sending
  leaves the row pending: it is sent again once the lease runs out. Claiming per send (not per
  batch) means attempts count real sends and a slow channel never outlives its lease while
  rows wait their turn.
* ``mark_sent`` / ``mark_failed`` record the outcome; a failure waits ``backoff(attempts)``.

Duplicates are therefore possible only for a crash after the channel took the message and
before ``mark_sent`` committed: at most one extra copy per such crash, and never more than
``max_attempts`` copies in total per (rule, article, channel). Webhook receivers can drop them
by the payload's ``delivery_id``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from newswatch.alerts.delivery import AlertArticle, Mode

Status = Literal["pending", "sent", "failed"]
LEASE = timedelta(minutes=5)
"""The default lease (``[alerts] lease_seconds``): longer than one send may take."""
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,
    article_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    query TEXT NOT NULL,
    mode TEXT NOT NULL,
    article TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_error TEXT,
    created_at REAL NOT NULL,
    sent_at REAL,
    UNIQUE (rule, article_id, channel)
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
"""
_COLUMNS = "id, rule, channel, query, mode, article, status, attempts, next_attempt_at, last_error"


def backoff(attempts: int) -> timedelta:
    """Wait after the ``attempts``-th failure: 1, 2, 4 … minutes, at most 6 hours."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def _epoch(moment: datetime) -> float:
    return moment.timestamp()


def _moment(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


@dataclass(frozen=True)
class OutboxRow:
    id: int
    rule: str
    channel: str
    query: str
    mode: Mode
    article: AlertArticle
    status: Status
    attempts: int
    next_attempt_at: datetime
    last_error: str | None


@dataclass(frozen=True)
class OutboxStatus:
    counts: dict[str, int]
    """``pending`` / ``sent`` / ``failed`` → number of rows."""
    open_rows: list[OutboxRow]
    """Pending and failed rows, oldest first: what still needs attention."""


def _row(values: tuple[object, ...]) -> OutboxRow:
    ident, rule, channel, query, mode, article, status, attempts, next_at, error = values
    return OutboxRow(
        id=int(ident),  # type: ignore[call-overload]
        rule=str(rule),
        channel=str(channel),
        query=str(query),
        mode=mode,  # type: ignore[arg-type]
        article=AlertArticle.from_json(json.loads(str(article))),
        status=status,  # type: ignore[arg-type]
        attempts=int(attempts),  # type: ignore[call-overload]
        next_attempt_at=_moment(float(next_at)),  # type: ignore[arg-type]
        last_error=None if error is None else str(error),
    )


class Outbox:
    """The SQLite outbox file (``[alerts] outbox_path``); safe to share between processes."""

    def __init__(self, path: Path, max_attempts: int, lease: timedelta = LEASE) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.max_attempts, self.lease = max_attempts, lease
        self._db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def enqueue(
        self,
        rule: str,
        query: str,
        mode: Mode,
        channels: Sequence[str],
        articles: Iterable[AlertArticle],
        due: datetime,
    ) -> int:
        """Queue every (article, channel) pair not queued before; returns how many are new."""
        now, due_at = _epoch(datetime.now(UTC)), _epoch(due)
        rows = [
            (rule, a.id, channel, query, mode, json.dumps(a.to_json()), due_at, now)
            for a in articles
            for channel in channels
        ]
        with self._transaction():
            before = self._db.total_changes
            self._db.executemany(
                "INSERT OR IGNORE INTO deliveries (rule, article_id, channel, query, mode,"
                " article, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            return self._db.total_changes - before

    def due(self, now: datetime, mode: Mode | None = None) -> list[OutboxRow]:
        """Pending rows whose time has come, oldest first; nothing is claimed yet."""
        where = "status = 'pending' AND next_attempt_at <= ?"
        params: list[object] = [_epoch(now)]
        if mode is not None:
            where += " AND mode = ?"
            params.append(mode)
        found = self._db.execute(
            f"SELECT {_COLUMNS} FROM deliveries WHERE {where} ORDER BY id", params
        ).fetchall()
        return [_row(values) for values in found]

    def claim(self, ids: Sequence[int], now: datetime) -> bool:
        """Lease the rows of ONE send and count that attempt, right before sending it.

        All or none: ``False`` (nothing changed) when any row is no longer due, because another
        process leased or finished it since ``due`` read it.
        """
        marks = ", ".join("?" * len(ids))
        with self._transaction():
            (ready,) = self._db.execute(
                f"SELECT count(*) FROM deliveries WHERE id IN ({marks})"
                " AND status = 'pending' AND next_attempt_at <= ?",
                [*ids, _epoch(now)],
            ).fetchone()
            if ready != len(ids):
                return False
            self._db.execute(
                "UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = ?"
                f" WHERE id IN ({marks})",
                [_epoch(now + self.lease), *ids],
            )
        return True

    def mark_sent(self, ids: Iterable[int], now: datetime) -> None:
        with self._transaction():
            self._db.executemany(
                "UPDATE deliveries SET status = 'sent', sent_at = ?, last_error = NULL"
                " WHERE id = ?",
                [(_epoch(now), ident) for ident in ids],
            )

    def mark_failed(self, ids: Iterable[int], error: str, now: datetime) -> None:
        """Record why; retry after the backoff, or give up at ``max_attempts``."""
        with self._transaction():
            for ident in ids:
                (attempts,) = self._db.execute(
                    "SELECT attempts FROM deliveries WHERE id = ?", (ident,)
                ).fetchone()
                status = "failed" if attempts >= self.max_attempts else "pending"
                self._db.execute(
                    "UPDATE deliveries SET status = ?, last_error = ?, next_attempt_at = ?"
                    " WHERE id = ?",
                    (status, error, _epoch(now + backoff(attempts)), ident),
                )

    def requeue_failed(self, now: datetime) -> int:
        """Give rows that ran out of attempts a fresh start (after fixing the channel)."""
        with self._transaction():
            cursor = self._db.execute(
                "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?"
                " WHERE status = 'failed'",
                (_epoch(now),),
            )
            return cursor.rowcount

    def forget_rule(self, rule: str) -> int:
        """Drop a removed rule's unsent rows; sent rows stay as the record of what went out."""
        with self._transaction():
            cursor = self._db.execute(
                "DELETE FROM deliveries WHERE rule = ? AND status != 'sent'", (rule,)
            )
            return cursor.rowcount

    def rows(self, rule: str | None = None, statuses: Sequence[Status] = ()) -> list[OutboxRow]:
        clauses, params = [], []
        if rule is not None:
            clauses.append("rule = ?")
            params.append(rule)
        if statuses:
            clauses.append(f"status IN ({', '.join('?' * len(statuses))})")
            params.extend(statuses)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        found = self._db.execute(f"SELECT {_COLUMNS} FROM deliveries {where} ORDER BY id", params)
        return [_row(values) for values in found.fetchall()]

    def status(self, rule: str | None = None) -> OutboxStatus:
        where, params = ("WHERE rule = ?", [rule]) if rule is not None else ("", [])
        counts = {"pending": 0, "sent": 0, "failed": 0}
        grouped = self._db.execute(
            f"SELECT status, count(*) FROM deliveries {where} GROUP BY status", params
        )
        counts.update({str(status): int(n) for status, n in grouped.fetchall()})
        return OutboxStatus(counts, self.rows(rule, ("pending", "failed")))

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: takes the write lock up front, so two processes
    claiming at once serialise instead of both reading the same due rows."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
