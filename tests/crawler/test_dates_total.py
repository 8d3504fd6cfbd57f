"""Every date path is total: odd input gives a date within bounds or ``None``, never an
exception and never a day the text does not name."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.dates import EARLIEST_PUBLICATION, FUTURE_TOLERANCE, parse_date, publication_date
from crawler.extract import extract_article

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=VN)
# Fragments sites print, so random text hits the date patterns often, not by luck.
FRAGMENTS = [
    "0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-12:00", "30/02/2026", "32/13/2026",
    "1995", "ngày", "tháng", "năm", "giờ", "trước", "hôm qua", "GMT+7", "+14:59", "-12:00",
    "/", "-", ":", " ", ",", "T", "Z", "am", "pm", "99999 năm trước", "Jan", "29/2",
]  # fmt: skip
date_like = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.integers(0, 99999).map(str), st.text(max_size=4)),
    max_size=12,
).map("".join)
moments = st.datetimes(datetime(1991, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC))


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01T00:00:00+07:00",  # .NET's DateTime.MinValue as a CMS prints it
        "9999-12-31T23:59:59-12:00",  # DateTime.MaxValue
        "0001-01-01",
        "9999-12-31T23:59:59Z",
        "9999 năm trước",
        "99999999999 years ago",
        "1" * 5000 + " ngày trước",  # more digits than int() accepts
    ],
)
def test_out_of_range_dates_give_none_not_an_exception(text: str) -> None:
    assert publication_date(text, tz=VN, now=NOW) is None


@pytest.mark.parametrize("text", ["30/02/2026", "32/13/2026", "31/04/2026", "29/02/2025"])
def test_a_day_that_does_not_exist_gives_none(text: str) -> None:
    assert parse_date(text, tz=VN, now=NOW) is None


@pytest.mark.parametrize("text", ["1995", "Thành lập năm 1995", "© 2026 Báo Hải Phòng"])
def test_a_bare_year_is_never_a_date(text: str) -> None:
    assert parse_date(text, tz=VN, now=NOW) is None


def _page(body: str) -> str:
    head = "<html><head><title>Tin KCN</title></head>"
    return f"{head}<body><article><h1>Tin KCN</h1>{body}</article></body></html>"


@pytest.mark.parametrize(
    "body",
    [
        "<p>Khu công nghiệp Đình Vũ thành lập năm 1995, nay mở rộng.</p>",
        "<p>Ngày 30/02/2026 khởi công nhà máy mới.</p>",
        "<p>Ngày 32/13/2026 khởi công nhà máy mới.</p>",
        '<time datetime="0001-01-01T00:00:00+07:00">0001</time><p>Khu công nghiệp.</p>',
    ],
)
def test_a_page_never_gets_an_invented_publication_day(body: str) -> None:
    article = extract_article(_page(body), "https://example.vn/tin-1.html", tz=VN, fetched_at=NOW)
    assert article.published_at is None


def test_a_real_printed_day_is_still_found_in_free_text() -> None:
    page = _page('<div class="post-meta">15/01/2026</div><p>Khu công nghiệp mở rộng.</p>')
    article = extract_article(page, "https://example.vn/tin-1.html", tz=VN, fetched_at=NOW)
    assert article.published_at is not None
    assert article.published_at.date().isoformat() == "2026-01-15"


@settings(max_examples=400, deadline=None)
@given(text=date_like, now=moments)
def test_publication_dates_are_none_or_within_bounds(text: str, now: datetime) -> None:
    found = publication_date(text, tz=VN, now=now)
    assert found is None or EARLIEST_PUBLICATION <= found <= now + FUTURE_TOLERANCE


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(date_like, st.text()), now=moments)
def test_parse_date_never_raises(text: str, now: datetime) -> None:
    found = parse_date(text, tz=VN, now=now)
    assert found is None or found.tzinfo is not None


@settings(max_examples=200, deadline=None)
@given(day=st.integers(1, 40), month=st.integers(1, 15), year=st.integers(1991, 2025))
def test_a_numeric_date_is_exactly_the_printed_day_or_none(day: int, month: int, year: int) -> None:
    found = parse_date(f"{day:02d}/{month:02d}/{year}", tz=VN, now=NOW)
    try:
        expected = datetime(year, month, day, tzinfo=VN)
    except ValueError:
        assert found is None
    else:
        assert found == expected
