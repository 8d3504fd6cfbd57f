"""Turn user-facing ``--from``/``--to`` values into aware instants, identically for all backends.

A date-only bound names a whole calendar day in the configured timezone and both ends are
inclusive: ``--from 2021-01-16 --to 2021-01-16`` covers 00:00 to 24:00 local time on the 16th.
A date is ISO (``2026-11-29``) or written the Vietnamese way, day first (``29/11/2026``,
``29-11-2026``, ``29.11.2026``).

A bound outside ``FIRST_YEAR``–``LAST_YEAR`` is a ``BadQuery`` here, before any backend sees it:
year 0001 at +07:00 is year 0 in UTC and 9999-12-31 has no next day, and each backend would
otherwise fail in its own way (one 422, the other 200).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from search.backend import BadQuery

FIRST_YEAR, LAST_YEAR = 1900, 2199  # wider than any publication date, far from the calendar's edge
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
FORMATS = "a date such as 29/11/2026 or 2026-11-29, or an ISO date-time (2026-11-29T08:00)"


def _day_first(text: str, value: str) -> date | None:
    match = _DAY_FIRST.fullmatch(text)
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise BadQuery(f"{value!r} is not a real day ({exc}); use {FORMATS}") from exc


def _parse_bound(value: str, tz: ZoneInfo) -> tuple[datetime, bool]:
    """Return the instant and whether ``value`` was a bare date."""
    text = value.strip()
    day = _day_first(text, value)
    try:
        day = day or date.fromisoformat(text)
    except ValueError:
        pass
    else:
        _check_year(day, value)
        return datetime.combine(day, time.min, tzinfo=tz), True
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadQuery(f"{value!r} is not a date; use {FORMATS}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    _check_year(moment.date(), value)
    return moment, False


def _check_year(day: date, value: str) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadQuery(
            f"date out of range: {value!r} (use a year from {FIRST_YEAR} to {LAST_YEAR})"
        )


def resolve_range(
    start: str | None, end: str | None, tz: ZoneInfo
) -> tuple[datetime | None, datetime | None]:
    """``(from inclusive, until exclusive)`` for the backends' ``SearchRequest``."""
    lower = _parse_bound(start, tz)[0] if start else None
    upper: datetime | None = None
    if end:
        moment, is_date = _parse_bound(end, tz)
        if is_date:
            # Whole local day: the next local midnight, on the wall clock (DST-safe).
            upper = datetime.combine(moment.date() + timedelta(days=1), time.min, tzinfo=tz)
        else:
            upper = moment + timedelta(microseconds=1)
    if lower and upper and lower >= upper:
        raise BadQuery(f"empty time range: from {start} is after to {end}")
    return lower, upper
