"""Investor origins: compounds, ambiguous words, and places that are not origins."""

from __future__ import annotations

import pytest

from crawler.facts import extract_facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nhà đầu tư Nhật Bản, Hàn Quốc và Trung Quốc", ["JP", "KR", "CN"]),
        ("Pegatron (Đài Loan, Trung Quốc)", ["TW"]),
        ("tập đoàn Đài Loan (Trung Quốc)", ["TW"]),
        ("investors from Taiwan (China) and Hong Kong (China)", ["TW", "HK"]),
        ("nhà đầu tư Hồng Kông (Trung Quốc)", ["HK"]),
        ("Singapore, Hoa Kỳ", ["SG", "US"]),
        ("Knauf (Đức), nhà đầu tư Mỹ", ["DE", "US"]),
        ("nha dau tu Nhat Ban va Han Quoc", ["JP", "KR"]),
        ("Japan's Kyocera and a South Korean firm", ["JP", "KR"]),
    ],
)
def test_origins_as_iso_codes(text: str, expected: list[str]) -> None:
    assert list(extract_facts(text).countries) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1,2 tỷ đô la Mỹ",  # money
        "mỹ thuật, thẩm mỹ, Hồ Đức Phớc, anh Minh",  # ordinary words and names
        "theo quy định của pháp luật",
        "sản xuất iPhone tại Trung Quốc",  # a place
        "Việt Nam thu hút FDI",  # never an origin (see countries.py)
        "Khu công nghiệp Việt Nam - Singapore",  # a joint name
        "my investment",  # English "my" is not Mỹ
    ],
)
def test_places_money_words_and_names_are_not_origins(text: str) -> None:
    assert extract_facts(text).countries == ()


def test_short_names_count_in_an_origin_position_only() -> None:
    assert list(extract_facts("các nhà đầu tư Nhật và doanh nghiệp Hàn").countries) == ["JP", "KR"]
    assert extract_facts("ngày Nhật thực, Nguyễn Lương Hàn").countries == ()
