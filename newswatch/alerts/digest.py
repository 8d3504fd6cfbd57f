"""Digest mode: when a daily digest is due, and how claimed outbox rows become messages.

A digest row is queued with ``next_attempt_at`` set to the rule's next local digest time, so it
stays pending until then; at that time every due row of one (rule, channel) becomes ONE message.
Instant rows become one message per article.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo

from newswatch.alerts.delivery import Delivery
from newswatch.alerts.outbox import OutboxRow
from newswatch.core.clock import parse_clock


def next_digest_time(after: datetime, at: str, tz: tzinfo) -> datetime:
    """The first local ``at`` (``HH:MM``) strictly after ``after``, on the wall clock."""
    clock = parse_clock(at)
    local = after.astimezone(tz)
    candidate = datetime.combine(local.date(), clock, tzinfo=tz)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), clock, tzinfo=tz)
    return candidate


def deliveries(rows: Iterable[OutboxRow]) -> list[Delivery]:
    """Instant rows one by one; digest rows grouped per (rule, channel), in queue order."""
    singles: list[Delivery] = []
    groups: dict[tuple[str, str], list[OutboxRow]] = {}
    for row in rows:
        if row.mode == "digest":
            groups.setdefault((row.rule, row.channel), []).append(row)
        else:
            singles.append(_delivery([row]))
    return singles + [_delivery(group) for group in groups.values()]


def _delivery(rows: list[OutboxRow]) -> Delivery:
    first = rows[0]
    return Delivery(
        rule=first.rule,
        query=first.query,
        mode=first.mode,
        channel=first.channel,
        articles=tuple(row.article for row in rows),
        row_ids=tuple(row.id for row in rows),
    )
