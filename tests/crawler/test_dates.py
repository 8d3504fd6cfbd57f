"""crawler.dates: Vietnamese news-site dates → aware datetimes, and None for text with no date."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner, Result

from crawler.dates import parse_date
from newswatch.cli import app

FIXTURES = Path(__file__).parents[1] / "fixtures" / "dates"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2021, 1, 20, 12, 0, tzinfo=VN)


def parsed(text: str, now: datetime = NOW, tz: ZoneInfo = VN) -> str | None:
    result = parse_date(text, tz=tz, now=now)
    return result.isoformat() if result else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ bảy, 16/1/2021, 10:30 (GMT+7)", "2021-01-16T10:30:00+07:00"),
        ("16/01/2021 - 10:30", "2021-01-16T10:30:00+07:00"),
        ("10:30 - 16/01/2021", "2021-01-16T10:30:00+07:00"),
        ("16-01-2021 - 02:15 PM", "2021-01-16T14:15:00+07:00"),
        ("16.01.2021 10:30", "2021-01-16T10:30:00+07:00"),
        ("16/01/21 10:30", "2021-01-16T10:30:00+07:00"),
        ("Cập nhật lúc 10:30 ngày 16/01/2021", "2021-01-16T10:30:00+07:00"),
        ("Ngày 16 tháng 1 năm 2021", "2021-01-16T00:00:00+07:00"),
        ("15/01/2021 16h20", "2021-01-15T16:20:00+07:00"),
        ("16 giờ 20 phút, ngày 15/1/2021", "2021-01-15T16:20:00+07:00"),
        ("8 giờ tối ngày 16/1/2021", "2021-01-16T20:00:00+07:00"),
        ("CN, 17/01/2021 09:00", "2021-01-17T09:00:00+07:00"),
        ("Thứ 7, 16/01/2021 09:00", "2021-01-16T09:00:00+07:00"),
        ("T2, 18/01/2021", "2021-01-18T00:00:00+07:00"),
        ("Thu, 06 Feb 2025 20:30:48 +0700", "2025-02-06T20:30:48+07:00"),
        ("2023-11-02T19:20:45+07:00", "2023-11-02T19:20:45+07:00"),
        ("2021-01-16T10:30:00.123+07:00", "2021-01-16T10:30:00+07:00"),
        ("2021-01-16", "2021-01-16T00:00:00+07:00"),
        ("January 16, 2021 | 10:30 am GMT+7", "2021-01-16T10:30:00+07:00"),
        ("Jan 16, 2021", "2021-01-16T00:00:00+07:00"),
        ("Tháng Mười Hai 29, 2013, 14:14", "2013-12-29T14:14:00+07:00"),
        ("05 Tháng một 2015 - 03:54 AM", "2015-01-05T03:54:00+07:00"),
        ("03:54 CH, 05/01/2015", "2015-01-05T15:54:00+07:00"),
    ],
)
def test_news_site_formats_parse_to_local_time(text: str, expected: str) -> None:
    assert parsed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-07-16T23:47:00&#x2B;07:00", "2026-07-16T23:47:00+07:00"),  # entity-encoded "+"
        ("2026-10-07 07:49 + 07:00", "2026-10-07T07:49:00+07:00"),  # space inside the offset
    ],
)
def test_real_meta_quirks_are_read(text: str, expected: str) -> None:
    assert parsed(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-01-16T03:30:00Z", "2021-01-16T10:30:00+07:00"),
        ("2021-01-16T10:30:00-05:00", "2021-01-16T22:30:00+07:00"),
        ("Sat, 16 Jan 2021 03:30:00 GMT", "2021-01-16T10:30:00+07:00"),
        ("16/01/2021 10:30 UTC", "2021-01-16T17:30:00+07:00"),
    ],
)
def test_a_printed_offset_is_honoured_and_converted_to_tz(text: str, expected: str) -> None:
    assert parsed(text) == expected


def test_text_without_offset_is_read_in_the_given_timezone() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    assert parsed("16/01/2021 10:30", tz=tokyo) == "2021-01-16T10:30:00+09:00"


def test_offset_text_is_the_same_instant_in_another_timezone() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    result = parse_date("Thứ bảy, 16/1/2021, 10:30 (GMT+7)", tz=tokyo, now=NOW)
    assert result == datetime(2021, 1, 16, 3, 30, tzinfo=ZoneInfo("UTC"))
    assert result is not None and result.utcoffset() == timedelta(hours=9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 giờ trước", "2021-01-20T10:00:00+07:00"),
        ("5 phút trước", "2021-01-20T11:55:00+07:00"),
        ("3 ngày trước", "2021-01-17T12:00:00+07:00"),
        ("2 tiếng trước", "2021-01-20T10:00:00+07:00"),
        ("cách đây 1 tuần", "2021-01-13T12:00:00+07:00"),
        ("15 tháng trước", "2019-10-20T12:00:00+07:00"),
        ("5 minutes ago", "2021-01-20T11:55:00+07:00"),
        ("Hôm qua, 10:30", "2021-01-19T10:30:00+07:00"),
        ("Hôm nay 15:39", "2021-01-20T15:39:00+07:00"),
        ("Hôm nay", "2021-01-20T00:00:00+07:00"),  # a day with no time is its midnight
        ("Vừa xong", "2021-01-20T12:00:00+07:00"),
    ],
)
def test_relative_dates_count_back_from_now(text: str, expected: str) -> None:
    assert parsed(text) == expected


def test_naive_now_is_taken_in_tz() -> None:
    assert parsed("2 giờ trước", now=datetime(2021, 1, 20, 12, 0)) == "2021-01-20T10:00:00+07:00"


def test_yearless_day_month_takes_this_year_when_already_past() -> None:
    assert parsed("16/1") == "2021-01-16T00:00:00+07:00"


def test_yearless_day_month_takes_last_year_when_still_ahead() -> None:
    assert parsed("25/1") == "2020-01-25T00:00:00+07:00"


def test_yearless_day_month_on_the_reference_day_is_that_day() -> None:
    assert parsed("20/1") == "2021-01-20T00:00:00+07:00"


def test_yearless_leap_day_takes_the_last_leap_year() -> None:
    assert parsed("29/2", now=datetime(2023, 6, 1, tzinfo=VN)) == "2020-02-29T00:00:00+07:00"


def test_yearless_day_month_is_found_inside_a_sentence() -> None:
    text = "Sáng 16/1, tại Hải Phòng đã diễn ra Hội nghị ký kết Quy chế phối hợp đảm bảo an ninh"
    assert parsed(text) == "2021-01-16T00:00:00+07:00"


def test_yearless_vietnamese_words_are_found_inside_a_sentence() -> None:
    assert parsed("Chiều ngày 16 tháng 1, tại Hải Phòng") == "2021-01-16T00:00:00+07:00"


def test_a_full_date_wins_over_an_earlier_yearless_one() -> None:
    assert parsed("Sáng 16/1, cập nhật 17/01/2021 09:00") == "2021-01-17T09:00:00+07:00"


def test_the_leftmost_full_date_wins() -> None:
    text = "Ý theo gương Đức ... vào ngày 12 tháng 4 năm 1939, rồi 1/1/1940"
    assert parsed(text) == "1939-04-12T00:00:00+07:00"


def test_a_time_far_from_the_date_is_not_attached_to_it() -> None:
    text = "16/01/2021. " + "Hội nghị tổng kết công tác năm của các khu công nghiệp " + "lúc 10:30"
    assert parsed(text) == "2021-01-16T00:00:00+07:00"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Hải Phòng",
        "12,5 – 15 tỷ USD",
        "146 nghìn tỷ đồng",
        "6.500ha",
        "15 – 20",
        "15-20",
        "1.250.000 đồng",
        "từ tháng 7/2020",  # a month of a year is not a day
        "10:30",  # a time with no day: "today" would be a guess
        "Copyright &#xA9; 2026 by TUOITRE.VN",
    ],
)
def test_text_without_a_date_gives_none(text: str) -> None:
    assert parsed(text) is None


@pytest.mark.parametrize("text", ["31/2/2021", "30/02/2021", "32/1/2021", "16/13/2021", "31/2"])
def test_impossible_dates_give_none(text: str) -> None:
    assert parsed(text) is None


def test_an_impossible_time_leaves_the_day_at_midnight() -> None:
    assert parsed("16/01/2021 25:70") == "2021-01-16T00:00:00+07:00"


def test_decomposed_unicode_is_read_like_composed() -> None:
    text = unicodedata.normalize("NFD", "Ngày 16 tháng 1 năm 2021, 16 giờ 20 phút")
    assert parsed(text) == "2021-01-16T16:20:00+07:00"


def test_text_without_diacritics_is_read_like_text_with_them() -> None:
    assert parsed("Cap nhat luc 10:30 ngay 16 thang 1 nam 2021") == "2021-01-16T10:30:00+07:00"


def test_real_site_date_strings_give_the_pages_own_dates() -> None:
    cases = json.loads((FIXTURES / "vn_real_dates.json").read_text("utf-8"))["cases"]
    assert [parsed(case["text"]) for case in cases] == [case["expected"] for case in cases]


# scrapinghub/dateparser's own Vietnamese test cases, all read against one reference time.
DATEPARSER_CASES = json.loads((FIXTURES / "dateparser_vi_cases.json").read_text("utf-8"))
DATEPARSER_NOW = datetime(2014, 9, 1, 10, 30, tzinfo=VN)
WWII_SENTENCE = "Ý theo gương Đức, đã tiến hành xâm lược Ethiopia năm 1935"
WWII_PARAGRAPH = "1/1/1940. Vào tháng 8 năm 1940"

# Our answer (local time) for every date string in those cases; None is a deliberate refusal.
DATEPARSER_ANSWERS: dict[str, str | None] = {
    # A weekday alone names no particular week, and news sites always print the day with it.
    "Thứ năm": None,
    "Thứ sáu": None,
    "Tháng Mười Hai 29, 2013, 14:14": "2013-12-29T14:14:00",
    "05 Tháng một 2015 - 03:54 AM": "2015-01-05T03:54:00",
    "Thứ Năm, ngày 8 tháng 1 năm 2015": "2015-01-08T00:00:00",
    "Thứ Tư, 07/01/2015 | 22:34": "2015-01-07T22:34:00",
    "9 Tháng 1 2015 lúc 15:08": "2015-01-09T15:08:00",
    # A bare duration is no date: sites print "2 tuần trước"; "2 giờ" may just as well be 2 o'clock.
    "2 tuần 3 ngày": None,
    "2 giờ": None,
    "21 giờ trước": "2014-08-31T13:30:00",
    "Hôm qua 08:16": "2014-08-31T08:16:00",
    "Hôm nay 15:39": "2014-09-01T15:39:00",
    "Hôm nay": "2014-09-01T00:00:00",
    "Hôm qua": "2014-08-31T00:00:00",
    "23 ngày trước": "2014-08-09T10:30:00",
    "15 tháng trước": "2013-06-01T10:30:00",
    # Future expressions: a publication date has already happened.
    "sau 22 giờ nữa": None,
    "tuần sau": None,
    "sau 5 năm nữa": None,
    "sau 2 phút nữa": None,
    # In running text the first full date; a bare year ("năm 1935") or month is not a day.
    WWII_SENTENCE: "1939-04-12T00:00:00",
    WWII_PARAGRAPH: "1940-01-01T00:00:00",
}


def _date_string(case: dict[str, Any]) -> str:
    args = case["args"]
    return args[1] if args[0] == "vi" else args[0]


def _answer_for(text: str) -> str | None:
    key = next(k for k in DATEPARSER_ANSWERS if text.startswith(k))
    return DATEPARSER_ANSWERS[key]


def test_every_dateparser_case_has_a_decided_answer() -> None:
    undecided = [
        _date_string(c)
        for c in DATEPARSER_CASES
        if not any(_date_string(c).startswith(k) for k in DATEPARSER_ANSWERS)
    ]
    assert len(DATEPARSER_CASES) == 35 and undecided == []


@pytest.mark.parametrize("text", sorted({_date_string(c) for c in DATEPARSER_CASES}))
def test_dateparser_case_gives_our_decided_answer(text: str) -> None:
    result = parse_date(text, tz=VN, now=DATEPARSER_NOW)
    naive = result.replace(tzinfo=None).isoformat() if result else None
    assert naive == _answer_for(text)


def test_our_absolute_answers_agree_with_dateparsers_expected_values() -> None:
    expected = {
        c["args"][0]: c["args"][1]
        for c in DATEPARSER_CASES
        if c["test_function"].startswith("test_dates_parsing")
    }
    ours = {text: _answer_for(text) for text in expected if _answer_for(text) is not None}
    assert ours and all(ours[text] == expected[text] for text in ours)


def test_our_relative_answers_fall_on_dateparsers_expected_days() -> None:
    past = [c for c in DATEPARSER_CASES if "ago" in c["kwargs"] and _answer_for(c["args"][0])]
    for case in past:
        expected_day = (DATEPARSER_NOW - timedelta(**case["kwargs"]["ago"])).date().isoformat()
        assert str(_answer_for(case["args"][0])).startswith(expected_day), case
    assert len(past) >= 5


# The `newswatch parse-date` command, with an explicit config so no local file or env var leaks in.
def run_cli(tmp_path: Path, *args: str, timezone: str = "Asia/Ho_Chi_Minh") -> Result:
    config = tmp_path / "newswatch.toml"
    config.write_text(f'[crawl]\ntimezone = "{timezone}"\n', "utf-8")
    return CliRunner().invoke(app, ["--config", str(config), "parse-date", *args])


def test_cli_prints_one_iso_line_per_text_and_a_dash_for_no_date(tmp_path: Path) -> None:
    texts = ["Thứ bảy, 16/1/2021, 10:30 (GMT+7)", "Hải Phòng", "2 giờ trước", "Sáng 16/1, tại HP"]
    result = run_cli(tmp_path, "--now", "2021-01-20T12:00:00+07:00", *texts)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "2021-01-16T10:30:00+07:00",
        "-",
        "2021-01-20T10:00:00+07:00",
        "2021-01-16T00:00:00+07:00",
    ]


def test_cli_prints_in_the_configured_timezone(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "16/01/2021 10:30 (GMT+7)", timezone="Asia/Tokyo")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2021-01-16T12:30:00+09:00\n"


def test_cli_naive_now_is_read_in_the_configured_timezone(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "--now", "2021-01-20T12:00", "5 phút trước")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2021-01-20T11:55:00+07:00\n"


def test_cli_rejects_a_bad_now_with_exit_2_and_says_why(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "--now", "yesterday", "16/1")
    message = " ".join(result.stderr.replace("│", " ").split())  # rich wraps it in a box
    assert result.exit_code == 2
    assert "'yesterday' is not an ISO 8601 date-time" in message
    assert result.stdout == ""


def test_cli_installed_script_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("newswatch")
    config = tmp_path / "newswatch.toml"
    config.write_text("", "utf-8")
    args = [str(script), "--config", str(config), "parse-date", "--now", "2021-01-20T12:00", "16/1"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout) == (0, "2021-01-16T00:00:00+07:00\n"), done.stderr
