"""User-facing --from/--to become aware instants: date-only bounds are whole local days."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from search.backend import BadQuery
from search.timerange import resolve_range

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_date_range_covers_whole_local_days_both_ends_inclusive() -> None:
    lower, upper = resolve_range("2021-01-16", "2021-01-16", HCM)
    assert lower == datetime(2021, 1, 16, 0, 0, tzinfo=HCM)
    assert upper == datetime(2021, 1, 17, 0, 0, tzinfo=HCM)


def test_a_naive_date_time_is_local_and_an_offset_is_kept() -> None:
    lower, upper = resolve_range("2021-01-16T10:30", "2021-01-16T12:00+00:00", HCM)
    assert lower == datetime(2021, 1, 16, 10, 30, tzinfo=HCM)
    assert upper is not None and upper > datetime(2021, 1, 16, 19, 0, tzinfo=HCM)


@pytest.mark.parametrize("written", ["16/01/2021", "16/1/2021", "16-01-2021", "16.01.2021"])
def test_vietnamese_day_first_dates_are_the_same_day_as_iso(written: str) -> None:
    assert resolve_range(written, written, HCM) == resolve_range("2021-01-16", "2021-01-16", HCM)


def test_open_ends_stay_open() -> None:
    assert resolve_range(None, None, HCM) == (None, None)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("16 tháng 1", None, "is not a date; use a date such as 29/11/2026"),
        ("31/02/2021", None, "is not a real day"),
        ("2021-01-17", "2021-01-16", "empty time range"),
        (None, "9999-12-31", "out of range"),
    ],
)
def test_bad_bounds_are_a_clear_bad_query(start: str | None, end: str | None, message: str) -> None:
    with pytest.raises(BadQuery, match=message):
        resolve_range(start, end, HCM)
