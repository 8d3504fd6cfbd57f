"""The alert outbox: every pending delivery is written here BEFORE anything is sent.

One row per (rule, article, channel), UNIQUE, so re-evaluating an article never queues it twice
and a sent row blocks it forever (also across restarts). Sending follows claim → send → record:

* ``due`` lists what is due; ``claim``, immediately before each single send, counts that one
  attempt and pushes ``next_attempt_at`` out by the lease (``[alerts] lease_seconds``) in one
  committed transaction, so a second process does not send the same row meanwhile, and a
  process killed while sending leaves the row pending: it is sent again once the lease runs
  out. Claiming per send (not per batch) means attempts count real sends and a slow channel
  never outlives its lease while rows wait their turn.
* ``mark_sent`` / ``mark_failed`` record the outcome; a failure waits ``backoff(attempts)``.

Duplicates are therefore possible only when the channel took the message but its answer
never came back in time: a crash before ``mark_sent`` committed, or a peer answering after
the send's timeout. At most one extra copy per such crash or timed-out send, and never more than
``max_attempts`` copies in total per (rule, article, channel). Webhook receivers can drop them
by the payload's ``delivery_id``.

The table lives in the SQLite file ``[alerts] outbox_path`` or, with ``[state] url``, in the
shared PostgreSQL database, where ``claim`` locks the rows it takes (``FOR UPDATE SKIP
LOCKED``) so senders on two hosts never claim the same row; SQLite gets the same guarantee
from ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    CheckConstraint,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from newswatch.alerts.delivery import AlertArticle, Mode
from newswatch.core.state_db import create_tables, open_engine, sqlite_url

Status = Literal["pending", "sent", "failed"]
LEASE = timedelta(minutes=5)
"""The default lease (``[alerts] lease_seconds``): longer than one send may take."""
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)

metadata = MetaData()
deliveries_t = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rule", Text, nullable=False),
    Column("article_id", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("query", Text, nullable=False),
    Column("mode", Text, nullable=False),
    Column("article", Text, nullable=False),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", Float, nullable=False),
    Column("last_error", Text),
    Column("created_at", Float, nullable=False),
    Column("sent_at", Float),
    UniqueConstraint("rule", "article_id", "channel"),
    CheckConstraint("status IN ('pending', 'sent', 'failed')", name="deliveries_status"),
    Index("deliveries_due", "status", "next_attempt_at"),
)
alerted_stories_t = Table(
    "alerted_stories",
    metadata,
    Column("rule", Text, primary_key=True),
    Column("story_id", Text, primary_key=True),
    Column("created_at", Float, nullable=False),
)
"""Stories a rule has alerted (once per story, see ``enqueue``): kept beside the deliveries,
written in the same transaction as the delivery rows they allow."""
_COLUMNS = [
    deliveries_t.c[name]
    for name in (
        "id", "rule", "channel", "query", "mode", "article", "status", "attempts",
        "next_attempt_at", "last_error",
    )
]  # fmt: skip


def backoff(attempts: int) -> timedelta:
    """Wait after the ``attempts``-th failure: 1, 2, 4 … minutes, at most 6 hours."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def _epoch(moment: datetime) -> float:
    return moment.timestamp()


def _moment(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _is_due(now: datetime) -> Any:
    return (deliveries_t.c.status == "pending") & (deliveries_t.c.next_attempt_at <= _epoch(now))


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


def _row(values: Any) -> OutboxRow:
    ident, rule, channel, query, mode, article, status, attempts, next_at, error = values
    return OutboxRow(
        id=int(ident),
        rule=str(rule),
        channel=str(channel),
        query=str(query),
        mode=mode,
        article=AlertArticle.from_json(json.loads(str(article))),
        status=status,
        attempts=int(attempts),
        next_attempt_at=_moment(float(next_at)),
        last_error=None if error is None else str(error),
    )


def _new_stories(
    connection: Any, dialect: Any, rule: str, articles: list[AlertArticle], now: float
) -> list[AlertArticle]:
    """The articles whose story ``rule`` has not alerted yet, their stories now marked alerted
    (an article without a story stands alone)."""
    stories = list(dict.fromkeys(a.story_id for a in articles if a.story_id))
    fresh: set[str] = set()
    if stories:
        statement = (
            dialect.insert(alerted_stories_t)
            .on_conflict_do_nothing(index_elements=["rule", "story_id"])
            .returning(alerted_stories_t.c.story_id)
        )
        rows = [{"rule": rule, "story_id": story, "created_at": now} for story in stories]
        fresh = {str(row[0]) for row in connection.execute(statement, rows)}
    return [a for a in articles if a.story_id is None or a.story_id in fresh]


class Outbox:
    """The outbox table: a SQLite file (``[alerts] outbox_path``) or a database URL
    (``[state] url``); safe to share between processes (and, on PostgreSQL, hosts).

    ``lease`` is how long one claimed send is left to its sender (``[alerts] lease_seconds``).
    """

    def __init__(self, location: Path | str, max_attempts: int, lease: timedelta) -> None:
        self.max_attempts, self.lease = max_attempts, lease
        url = location if isinstance(location, str) else sqlite_url(location)
        self._engine = open_engine(url, immediate=True)
        create_tables(self._engine, metadata)

    def close(self) -> None:
        self._engine.dispose()

    def enqueue(
        self,
        rule: str,
        query: str,
        mode: Mode,
        channels: Sequence[str],
        articles: Iterable[AlertArticle],
        due: datetime,
        once_per_story: bool = False,
    ) -> int:
        """Queue every (article, channel) pair not queued before; returns how many are new.
        ``once_per_story``: not for an article whose story this rule has already alerted."""
        now, due_at = _epoch(datetime.now(UTC)), _epoch(due)
        with self._engine.begin() as connection:
            dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
            if once_per_story:
                articles = _new_stories(connection, dialect, rule, list(articles), now)
            rows = [
                {
                    "rule": rule, "article_id": a.key, "channel": channel, "query": query,
                    "mode": mode, "article": json.dumps(a.to_json()), "next_attempt_at": due_at,
                    "created_at": now,
                }
                for a in articles
                for channel in channels
            ]  # fmt: skip
            if not rows:
                return 0
            statement = (
                dialect.insert(deliveries_t)
                .on_conflict_do_nothing(index_elements=["rule", "article_id", "channel"])
                .returning(deliveries_t.c.id)
            )
            return len(connection.execute(statement, rows).all())

    def alerted(self, rule: str, article_ids: Iterable[str]) -> set[str]:
        """Which of ``article_ids`` this rule has queued or sent (a delivery that ran out of
        attempts does not count): the articles whose material edits it tells."""
        wanted = list(article_ids)
        query = select(deliveries_t.c.article_id).where(
            deliveries_t.c.rule == rule,
            deliveries_t.c.article_id.in_(wanted),
            deliveries_t.c.status != "failed",
        )
        with self._engine.connect() as connection:
            return {str(ident) for ident in connection.execute(query).scalars()}

    def due(self, now: datetime, mode: Mode | None = None) -> list[OutboxRow]:
        """Pending rows whose time has come, oldest first; nothing is claimed yet."""
        query = select(*_COLUMNS).where(_is_due(now))
        if mode is not None:
            query = query.where(deliveries_t.c.mode == mode)
        with self._engine.connect() as connection:
            return [
                _row(values) for values in connection.execute(query.order_by(deliveries_t.c.id))
            ]

    def claim(self, ids: Sequence[int], now: datetime) -> bool:
        """Lease the rows of ONE send and count that attempt, right before sending it.

        All or none: ``False`` (nothing changed) when any row is no longer due, because another
        process leased or finished it since ``due`` read it. On PostgreSQL the rows are locked
        (``FOR UPDATE SKIP LOCKED``: a row another sender is claiming counts as not due); on
        SQLite ``BEGIN IMMEDIATE`` serialises claims.
        """
        wanted = list(ids)
        query = select(deliveries_t.c.id).where(deliveries_t.c.id.in_(wanted), _is_due(now))
        with self._engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            if len(connection.execute(query).all()) != len(set(wanted)):
                return False
            connection.execute(
                update(deliveries_t)
                .where(deliveries_t.c.id.in_(wanted))
                .values(
                    attempts=deliveries_t.c.attempts + 1,
                    next_attempt_at=_epoch(now + self.lease),
                )
            )
        return True

    def mark_sent(self, ids: Iterable[int], now: datetime) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                update(deliveries_t)
                .where(deliveries_t.c.id.in_(list(ids)))
                .values(status="sent", sent_at=_epoch(now), last_error=None)
            )

    def mark_failed(self, ids: Iterable[int], error: str, now: datetime) -> None:
        """Record why; retry after the backoff, or give up at ``max_attempts``."""
        with self._engine.begin() as connection:
            for ident in ids:
                attempts = connection.execute(
                    select(deliveries_t.c.attempts).where(deliveries_t.c.id == ident)
                ).scalar_one()
                status = "failed" if attempts >= self.max_attempts else "pending"
                connection.execute(
                    update(deliveries_t)
                    .where(deliveries_t.c.id == ident)
                    .values(
                        status=status,
                        last_error=error,
                        next_attempt_at=_epoch(now + backoff(attempts)),
                    )
                )

    def requeue_failed(self, now: datetime) -> int:
        """Give rows that ran out of attempts a fresh start (after fixing the channel)."""
        with self._engine.begin() as connection:
            return connection.execute(
                update(deliveries_t)
                .where(deliveries_t.c.status == "failed")
                .values(status="pending", attempts=0, next_attempt_at=_epoch(now))
            ).rowcount

    def forget_rule(self, rule: str) -> int:
        """Drop a removed rule's unsent rows and its story memory; sent rows stay as the record
        of what went out."""
        with self._engine.begin() as connection:
            connection.execute(delete(alerted_stories_t).where(alerted_stories_t.c.rule == rule))
            return connection.execute(
                delete(deliveries_t).where(
                    deliveries_t.c.rule == rule, deliveries_t.c.status != "sent"
                )
            ).rowcount

    def rows(self, rule: str | None = None, statuses: Sequence[Status] = ()) -> list[OutboxRow]:
        query = select(*_COLUMNS).order_by(deliveries_t.c.id)
        if rule is not None:
            query = query.where(deliveries_t.c.rule == rule)
        if statuses:
            query = query.where(deliveries_t.c.status.in_(list(statuses)))
        with self._engine.connect() as connection:
            return [_row(values) for values in connection.execute(query)]

    def status(self, rule: str | None = None) -> OutboxStatus:
        query = select(deliveries_t.c.status, func.count()).group_by(deliveries_t.c.status)
        if rule is not None:
            query = query.where(deliveries_t.c.rule == rule)
        counts = {"pending": 0, "sent": 0, "failed": 0}
        with self._engine.connect() as connection:
            counts.update({str(status): int(n) for status, n in connection.execute(query)})
        return OutboxStatus(counts, self.rows(rule, ("pending", "failed")))
