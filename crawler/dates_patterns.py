"""The date, time and relative-date patterns, kept as named, commented data.

Every pattern runs on *normalised* text (see ``crawler.dates.normalise``): entities decoded,
diacritics folded away and lower-cased, so "Tháng Mười Hai" is "thang muoi hai" and
"2 giờ trước" is "2 gio truoc". Folding makes the patterns work the same whether a site prints
diacritics, strips them, or sends NFD-decomposed text.

Date patterns expose the groups ``day``, ``month`` and (except the year-less ones) ``year``;
``month`` is a number or a month name looked up in ``MONTHS``. Numbers are guarded on both sides
so figures such as ``12,5``, ``6.500`` or ``15 – 20`` are never read as dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class NamedPattern:
    name: str
    regex: re.Pattern[str]
    example: str  # what a site prints that this pattern exists for (before normalisation)


def _alternation(words: list[str]) -> str:
    """Longest first, so "muoi hai" wins over "muoi" and "sept" over "sep"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Vietnamese month names in words (folded), as in "05 Tháng một 2015" or "Tháng Mười Hai 29".
VI_MONTHS = {
    "mot": 1, "gieng": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6,
    "bay": 7, "tam": 8, "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12, "chap": 12,
}  # fmt: skip
EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
MONTHS = {**VI_MONTHS, **EN_MONTHS}

_VI_MONTH = rf"(?P<month>\d{{1,2}}|(?:{_alternation(list(VI_MONTHS))})\b)"
_EN_MONTH = rf"(?P<month>(?:{_alternation(list(EN_MONTHS))}))\b\.?"
# A number that is not glued to a digit or to a digit plus separator ("6.500", "12,5", "1/2/3").
_START = r"(?<!\d)(?<!\d[/.,-])"
_END = r"(?!\d|[/.,-]\d)"
_YEAR = r"(?P<year>\d{4})"

# Dates with a year. All are tried and the leftmost hit wins.
FULL_DATES = [
    NamedPattern(
        "iso_year_first",
        re.compile(
            rf"{_START}{_YEAR}(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}}){_END}"
        ),
        "2023-11-02T19:20:45+07:00",
    ),
    NamedPattern(
        "day_month_year_numeric",
        re.compile(
            rf"{_START}(?P<day>\d{{1,2}})(?P<sep>[/.-])(?P<month>\d{{1,2}})(?P=sep){_YEAR}{_END}"
        ),
        "Thứ bảy, 16/1/2021, 10:30 (GMT+7)",
    ),
    NamedPattern(
        # Two-digit years only with slashes: "1.2.10" is more often a section number.
        "day_month_short_year",
        re.compile(rf"{_START}(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})/(?P<year>\d{{2}}){_END}"),
        "16/01/21 10:30",
    ),
    NamedPattern(
        "vi_day_month_year",
        re.compile(
            rf"{_START}(?P<day>\d{{1,2}})\s+thang\s+{_VI_MONTH}(?:\s*,\s*|\s+)(?:nam\s+)?{_YEAR}{_END}"
        ),
        "Ngày 16 tháng 1 năm 2021 / 05 Tháng một 2015 - 03:54 AM",
    ),
    NamedPattern(
        "vi_month_day_year",
        re.compile(rf"\bthang\s+{_VI_MONTH}\s+(?P<day>\d{{1,2}})\s*,?\s*{_YEAR}{_END}"),
        "Tháng Mười Hai 29, 2013, 14:14",
    ),
    NamedPattern(
        "en_month_day_year",
        re.compile(rf"\b{_EN_MONTH}\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*{_YEAR}{_END}"),
        "January 16, 2021 | 10:30 am GMT+7",
    ),
    NamedPattern(
        "en_day_month_year",
        re.compile(rf"{_START}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_EN_MONTH},?\s+{_YEAR}{_END}"),
        "Thu, 06 Feb 2025 20:30:48 +0700",
    ),
    NamedPattern(
        # RFC 822 allows a two-digit year (CafeF's feeds use it); only with the clock time
        # after it, so "5 Sep 26 người" stays no date.
        "en_day_month_short_year",
        re.compile(
            rf"{_START}(?P<day>\d{{1,2}})\s+{_EN_MONTH}\s+(?P<year>\d{{2}})(?=\s+\d{{1,2}}:\d{{2}})"
        ),
        "Sat, 05 Sep 26 17:09:00 +0700",
    ),
]

# Dates without a year: tried only when no full date is present; the year is the most recent
# one that puts the day on or before "now". Only "/" counts as a separator here, so ranges
# such as "15-20" or "15 – 20" stay figures.
YEARLESS_DATES = [
    NamedPattern(
        "day_month_numeric",
        re.compile(rf"{_START}(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}}){_END}(?!/)"),
        "Sáng 16/1, tại Hải Phòng đã diễn ra Hội nghị…",
    ),
    NamedPattern(
        "vi_day_month",
        re.compile(
            rf"{_START}(?P<day>\d{{1,2}})\s+thang\s+(?P<month>\d{{1,2}})\b(?!\s*(?:nam\s+)?\d)"
        ),
        "ngày 16 tháng 1, tại Hải Phòng",
    ),
]

# Clock times near the date. Groups: hour, minute, second, meridiem, offset.
# "SA"/"CH" are Vietnamese AM/PM; "sáng" (morning), "chiều" (afternoon), "tối" (evening).
AFTERNOON = frozenset({"pm", "ch", "chieu", "toi"})
MORNING = frozenset({"am", "sa", "sang"})
_MERIDIEM = rf"(?:\s*(?P<meridiem>{_alternation([*AFTERNOON, *MORNING])})\b)?"
_OFFSET = r"(?P<offset>z\b|\s?[+-]\d{2}:?\d{2}\b|\s\+\s\d{2}:\d{2}\b)?"
TIMES = [
    NamedPattern(
        "clock",
        re.compile(
            r"(?<![\d:])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
            rf"(?!\d){_MERIDIEM}{_OFFSET}"
        ),
        "10:30 / 02:15 PM / 20:30:48 +0700 / 07:49 + 07:00",
    ),
    NamedPattern(
        "vi_h_minutes",
        re.compile(rf"{_START}(?P<hour>\d{{1,2}})h(?P<minute>\d{{2}})?(?![\w]){_MERIDIEM}"),
        "15/01/2021 16h20",
    ),
    NamedPattern(
        "vi_gio_phut",
        re.compile(
            rf"{_START}(?P<hour>\d{{1,2}})\s*gio(?:\s*(?P<minute>\d{{1,2}})(?:\s*phut)?)?\b{_MERIDIEM}"
        ),
        "16 giờ 20 phút, ngày 15/1/2021",
    ),
]

# "(GMT+7)", "GMT+07:00", "UTC"; a bare GMT/UTC means +00:00.
ZONE = re.compile(
    r"\b(?:gmt|utc)\s*(?:(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?"
)

# How far (in characters) a time or zone may sit from its date: "Cập nhật lúc 10:30 ngày 16/1".
TIME_REACH = 40

# Weekday names carry no information once a date is present and contain digits or "nam"
# (Thứ năm, Thứ 7) that would confuse the patterns, so normalisation removes them.
WEEKDAYS = re.compile(r"\b(?:thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat|cn|t[2-7])\b")

# Units of "N <unit> trước" / "cách đây N <unit>" / "N <unit> ago", as one unit of time.
_SECOND, _MINUTE, _HOUR = relativedelta(seconds=1), relativedelta(minutes=1), relativedelta(hours=1)
_DAY, _WEEK = relativedelta(days=1), relativedelta(weeks=1)
_MONTH, _YEAR_UNIT = relativedelta(months=1), relativedelta(years=1)
UNITS = {
    "giay": _SECOND, "second": _SECOND, "seconds": _SECOND, "sec": _SECOND,
    "phut": _MINUTE, "minute": _MINUTE, "minutes": _MINUTE, "min": _MINUTE, "mins": _MINUTE,
    "gio": _HOUR, "tieng": _HOUR, "hour": _HOUR, "hours": _HOUR,
    "ngay": _DAY, "day": _DAY, "days": _DAY, "tuan": _WEEK, "week": _WEEK, "weeks": _WEEK,
    "thang": _MONTH, "month": _MONTH, "months": _MONTH,
    "nam": _YEAR_UNIT, "year": _YEAR_UNIT, "years": _YEAR_UNIT,
}  # fmt: skip
AMOUNT = re.compile(rf"(?P<count>\d+)\s*(?P<unit>{_alternation(list(UNITS))})\b")
_AMOUNTS = rf"(?P<amounts>(?:\d+\s*(?:{_alternation(list(UNITS))})\b[\s,]*)+)"
AGO = [
    NamedPattern("vi_truoc", re.compile(rf"{_AMOUNTS}(?:truoc|ago)\b"), "2 giờ trước / 5 min ago"),
    NamedPattern("vi_cach_day", re.compile(rf"\bcach\s+day\s+{_AMOUNTS}"), "cách đây 3 ngày"),
]

# Words naming a day relative to today, with how many days back.
DAY_WORDS = {"hom nay": 0, "today": 0, "hom qua": 1, "yesterday": 1, "hom kia": 2}
DAY_WORD = re.compile(rf"\b(?P<word>{_alternation(list(DAY_WORDS))})\b")
# Words meaning "now".
JUST_NOW = re.compile(r"\b(?:vua\s+xong|vua\s+moi\s+dang|just\s+now)\b")
