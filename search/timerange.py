"""Turn user-facing ``--from``/``--to`` values into aware instants, identically for all backends.

A date-only bound names a whole calendar day in the configured timezone and both ends are
inclusive: ``--from 2021-01-16 --to 2021-01-16`` covers 00:00 to 24:00 local time on the 16th.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from search.backend import BadQuery


def _parse_bound(value: str, tz: ZoneInfo) -> tuple[datetime, bool]:
    """Return the instant and whether ``value`` was a bare date."""
    text = value.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return datetime.combine(day, time.min, tzinfo=tz), True
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadQuery(f"not an ISO 8601 date or date-time: {value!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment, False


def resolve_range(
    start: str | None, end: str | None, tz: ZoneInfo
) -> tuple[datetime | None, datetime | None]:
    """``(from inclusive, until exclusive)`` for the backends' ``SearchRequest``."""
    lower = _parse_bound(start, tz)[0] if start else None
    upper: datetime | None = None
    if end:
        moment, is_date = _parse_bound(end, tz)
        try:
            if is_date:
                # Whole local day: the next local midnight, on the wall clock (DST-safe).
                next_day = moment.date() + timedelta(days=1)
                upper = datetime.combine(next_day, time.min, tzinfo=tz)
            else:
                upper = moment + timedelta(microseconds=1)
        except OverflowError as exc:
            raise BadQuery(f"date out of range: {end!r}") from exc
    if lower and upper and lower >= upper:
        raise BadQuery(f"empty time range: from {start} is after to {end}")
    return lower, upper
