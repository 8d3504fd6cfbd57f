"""Money: the seed cases of issue 13, both number conventions, and what is never money."""

from __future__ import annotations

import pytest

from crawler.facts import extract_facts


def _amounts(text: str) -> list[tuple[float, float, str]]:
    return [(a.min, a.max, a.currency) for a in extract_facts(text).amounts]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thu hút từ 12,5 – 15 tỷ USD vốn FDI", (12.5e9, 15e9, "USD")),
        ("146 nghìn tỷ đồng", (1.46e14, 1.46e14, "VND")),
        ("60 triệu USD", (6e7, 6e7, "USD")),
        ("3.000 tỷ đồng", (3e12, 3e12, "VND")),
        ("1,2 tỷ đô la Mỹ", (1.2e9, 1.2e9, "USD")),
        ("US$150 million", (1.5e8, 1.5e8, "USD")),
        ("$1.5 billion", (1.5e9, 1.5e9, "USD")),
        ("hơn 200 triệu USD", (2e8, 2e8, "USD")),
        ("gần 2,8 nghìn tỉ đồng", (2.8e12, 2.8e12, "VND")),
        ("3.550,804 tỷ đồng", (3.550804e12, 3.550804e12, "VND")),
        ("VND16.3 trillion", (1.63e13, 1.63e13, "VND")),
        ("1,093 billion VND", (1.093e12, 1.093e12, "VND")),
        ("$2.5-3 billion", (2.5e9, 3e9, "USD")),
        ("$400mln", (4e8, 4e8, "USD")),
        ("154,5 tỷ yên", (1.545e11, 1.545e11, "JPY")),
        ("60.000.000 USD", (6e7, 6e7, "USD")),
        ("200 – 300 nghìn đồng/người", (2e5, 3e5, "VND")),
    ],
)
def test_reads_the_sum_in_units_of_its_currency(
    text: str, expected: tuple[float, float, str]
) -> None:
    assert _amounts(text) == [pytest.approx(expected)]


@pytest.mark.parametrize(
    "text",
    [
        "Nghị định 35/2022/NĐ-CP ngày 28/5/2022",
        "Quyết định số 4068/QĐ-UBND (ngày 13/10/2025)",
        "tăng 4,3% so với cùng kỳ năm 2022",
        "Điện thoại : 02203854568, hotline 0983.970.780",
        "giai đoạn 2021-2025, 15 khu công nghiệp mới",
        "sản xuất 2,1 nghìn tấn keo/năm, 9,6-10 triệu sản phẩm/tháng",
        "tạo việc làm cho 10.000 lao động, 100 triệu dân",
        "accounting for 36.6 percent in the first nine months of 2022",
        "3 tỷ do thiếu vốn",
    ],
)
def test_numbers_that_are_not_money_are_never_amounts(text: str) -> None:
    assert _amounts(text) == []


def test_a_later_range_figure_is_not_glued_to_a_year() -> None:
    assert _amounts("năm 2025 - 15 tỷ USD") == [(15e9, 15e9, "USD")]


def test_usd_at_the_documented_rate_and_overridable() -> None:
    default = extract_facts("2.600 tỷ đồng").amounts[0]
    assert default.usd_min == pytest.approx(1e8)  # 26,000 VND per USD
    custom = extract_facts("2.500 tỷ đồng", usd_rates={"VND": 1 / 25_000}).amounts[0]
    assert custom.usd_min == pytest.approx(1e8)


def test_rates_passed_in_replace_only_the_currencies_they_name() -> None:
    facts = extract_facts("5 triệu USD và 10 tỷ won", usd_rates={"KRW": 1 / 1_000})
    assert [a.usd_min for a in facts.amounts] == [pytest.approx(5e6), pytest.approx(1e7)]


def test_the_text_quotes_the_figure_as_written() -> None:
    assert extract_facts("vốn 12,5 – 15 tỷ USD.").amounts[0].text == "12,5 – 15 tỷ USD"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tổng vốn đầu tư 3.200 tỷ, trong đó", [(3.2e12, 3.2e12, "VND")]),
        ("mức giảm trừ gia cảnh là 15,4 triệu (gồm", [(15.4e6, 15.4e6, "VND")]),
        ("nền kinh tế gần 100 triệu dân", []),
        ("vốn điều lệ 100 triệu cổ phần", []),
        ("sản lượng 10 triệu sản phẩm", []),
    ],
)
def test_dong_left_out_after_a_money_word_is_vnd(
    text: str, expected: list[tuple[float, float, str]]
) -> None:
    assert _amounts(text) == [pytest.approx(e) for e in expected]
