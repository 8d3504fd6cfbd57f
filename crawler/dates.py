"""Publication dates as Vietnamese (and English) news sites print them → aware datetimes.

dateutil's fuzzy mode is deliberately not used on raw text: it turns stray figures into dates
and fills the gaps from today, so "146 nghìn tỷ đồng" would become a date. Instead date and
time tokens are found with the explicit patterns of ``crawler.dates_patterns`` and only then
assembled with ``datetime`` (and dateutil's ``relativedelta`` for "N tháng trước"). Text with
no date token gives ``None``, never "today".

Every path is total: a day that does not exist (30/02), a year no ``datetime`` can hold once its
offset is applied (``0001-01-01T00:00:00+07:00``, .NET's empty date) or an absurd "N năm trước"
gives ``None``, never an exception and never a nearby invented day. ``publication_date`` further
keeps only instants a news article can have been published at.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from crawler.dates_patterns import (
    AFTERNOON,
    AGO,
    AMOUNT,
    DAY_WORD,
    DAY_WORDS,
    FULL_DATES,
    JUST_NOW,
    MONTHS,
    MORNING,
    TIME_REACH,
    TIMES,
    UNITS,
    WEEKDAYS,
    YEARLESS_DATES,
    ZONE,
    NamedPattern,
)
from newswatch.core.text import fold

Span = tuple[int, int]
_SPACES = re.compile(r"\s+")
_MAX_OFFSET_HOURS = 14  # the widest real UTC offset (Kiribati); more means we misread a range
# No page we monitor was published before the web had Vietnamese news sites; earlier figures
# are founding years, CMS placeholders (0001-01-01) or misreadings.
EARLIEST_PUBLICATION = datetime(1990, 1, 1, tzinfo=UTC)
# A "published" instant later than this after "now" is a template or scheduling artefact.
FUTURE_TOLERANCE = timedelta(days=1)


def parse_date(text: str, *, tz: ZoneInfo, now: datetime | None = None) -> datetime | None:
    """The date ``text`` names, aware: in ``tz`` unless the text carries its own offset.

    ``now`` anchors relative ("2 giờ trước") and year-less ("16/1") dates; naive means ``tz``.
    """
    clean = normalise(text)
    reference = _reference(now, tz)
    return _absolute(clean, tz, reference) or _relative(clean, tz, reference)


def publication_date(text: str, *, tz: ZoneInfo, now: datetime | None = None) -> datetime | None:
    """``parse_date``, kept only within [``EARLIEST_PUBLICATION``, now + ``FUTURE_TOLERANCE``]."""
    parsed = parse_date(text, tz=tz, now=now)
    latest = _reference(now, tz) + FUTURE_TOLERANCE
    return parsed if parsed is not None and EARLIEST_PUBLICATION <= parsed <= latest else None


def days_named(text: str) -> set[date]:
    """Every existing day a full (day, month, year) date in ``text`` names: what a guess made
    elsewhere (htmldate) must match before it is believed."""
    clean = normalise(text)
    return {
        day
        for pattern in FULL_DATES
        for match in pattern.regex.finditer(clean)
        if (day := _calendar_day(match, None))
    }


def normalise(text: str) -> str:
    """Decode entities (``&#x2B;07:00``), fold diacritics and case, drop weekday names."""
    folded = fold(html.unescape(text))
    return _SPACES.sub(" ", WEEKDAYS.sub(" ", folded)).strip()


def _reference(now: datetime | None, tz: ZoneInfo) -> datetime:
    if now is None:
        return datetime.now(tz)
    return now.replace(tzinfo=tz) if now.tzinfo is None else now.astimezone(tz)


def _absolute(text: str, tz: ZoneInfo, now: datetime) -> datetime | None:
    found = _leftmost_full_date(text) or _first_yearless_date(text, now.date())
    if found is None:
        return None
    day, span = found
    return _at_time_near(text, day, span, tz)


def _leftmost_full_date(text: str) -> tuple[date, Span] | None:
    hits = [hit for pattern in FULL_DATES if (hit := _first_valid(pattern, text, None))]
    return min(hits, key=lambda hit: hit[1]) if hits else None


def _first_yearless_date(text: str, today: date) -> tuple[date, Span] | None:
    for pattern in YEARLESS_DATES:
        if hit := _first_valid(pattern, text, today):
            return hit
    return None


def _first_valid(pattern: NamedPattern, text: str, today: date | None) -> tuple[date, Span] | None:
    for match in pattern.regex.finditer(text):
        if day := _calendar_day(match, today):
            return day, match.span()
    return None


def _calendar_day(match: re.Match[str], today: date | None) -> date | None:
    """The day a match names, or ``None`` when no such day exists (31/2)."""
    token = match["month"]
    month = int(token) if token.isdigit() else MONTHS[token]
    day = int(match["day"])
    year = match.groupdict().get("year")
    if year is None:
        assert today is not None, "year-less patterns need a reference day"
        return _most_recent(day, month, today)
    try:
        return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    except ValueError:
        return None


def _most_recent(day: int, month: int, today: date) -> date | None:
    """ "16/1" read on 2021-01-10 is 2020-01-16: what a site prints has already happened."""
    for year in range(today.year, today.year - 9, -1):  # 29/2 recurs within 8 years
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def _at_time_near(text: str, day: date, span: Span, tz: ZoneInfo) -> datetime | None:
    """``day`` at the clock time printed near ``span`` (midnight when none), in ``tz``; ``None``
    when that instant falls outside what ``datetime`` can hold (year 1 at +07:00 is year 0 UTC)."""
    start, end = span
    rest = text[:start] + " " * (end - start) + text[end:]  # the date's digits are no time
    clock = _time_near(rest, span)
    moment, offset = clock if clock else (time(), None)
    offset = offset or (_zone_near(rest, span) if clock else None)
    try:
        return datetime.combine(day, moment, offset or tz).astimezone(tz)
    except (OverflowError, ValueError):
        return None


def _near(found: Span, anchor: Span) -> bool:
    return found[0] < anchor[1] + TIME_REACH and found[1] > anchor[0] - TIME_REACH


def _time_near(text: str, anchor: Span) -> tuple[time, tzinfo | None] | None:
    for pattern in TIMES:
        for match in pattern.regex.finditer(text):
            if _near(match.span(), anchor) and (moment := _clock(match)):
                return moment, _offset(match.groupdict().get("offset"))
    return None


def _clock(match: re.Match[str]) -> time | None:
    hour = int(match["hour"])
    meridiem = match["meridiem"]
    if meridiem in AFTERNOON and hour < 12:
        hour += 12
    elif meridiem in MORNING and hour == 12:
        hour = 0
    try:
        return time(hour, int(match["minute"] or 0), int(match.groupdict().get("second") or 0))
    except ValueError:
        return None


def _offset(token: str | None) -> tzinfo | None:
    """``"+0700"``, ``"+07:00"``, ``" + 07:00"`` or ``"z"`` → a fixed offset."""
    if not token:
        return None
    token = token.replace(" ", "").replace(":", "")
    if token == "z":
        return UTC
    return _fixed(token[0], int(token[1:3]), int(token[3:5]))


def _zone_near(text: str, anchor: Span) -> tzinfo | None:
    """``(GMT+7)`` / ``GMT+07:00`` / bare ``GMT`` printed near the date."""
    for match in ZONE.finditer(text):
        if _near(match.span(), anchor):
            if match["sign"] is None:
                return UTC
            return _fixed(match["sign"], int(match["hours"]), int(match["minutes"] or 0))
    return None


def _fixed(sign: str, hours: int, minutes: int) -> tzinfo | None:
    if hours > _MAX_OFFSET_HOURS or minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if sign == "-" else offset)


def _relative(text: str, tz: ZoneInfo, now: datetime) -> datetime | None:
    """ "Vừa xong", "2 giờ trước", "cách đây 3 ngày", "Hôm qua, 10:30" against ``now``."""
    if JUST_NOW.search(text):
        return now
    for pattern in AGO:
        if match := pattern.regex.search(text):
            try:
                return now - _ago(match["amounts"])
            except (OverflowError, ValueError):  # "99999 năm trước" is before year 1
                return None
    if match := DAY_WORD.search(text):
        day = now.date() - timedelta(days=DAY_WORDS[match["word"]])
        return _at_time_near(text, day, match.span(), tz)
    return None


def _ago(amounts: str) -> relativedelta:
    """``"2 tuan 3 ngay"`` → ``relativedelta(weeks=2, days=3)``."""
    delta = relativedelta()
    for match in AMOUNT.finditer(amounts):
        delta += UNITS[match["unit"]] * int(match["count"])
    return delta
