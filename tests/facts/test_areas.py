"""Areas in hectares; volumes, lengths and prices per square metre are not areas."""

from __future__ import annotations

import pytest

from crawler.facts import extract_facts


@pytest.mark.parametrize(
    ("text", "hectares"),
    [
        ("diện tích 6.500ha", 6500),
        ("quy mô 60 ha", 60),
        ("1.200 m2", 0.12),
        ("2 km2", 200),
        ("50 hecta", 50),
        ("30 héc-ta", 30),
        ("1,840 hectares", 1840),
        ("the 645-ha zone", 645),
        ("over 32,000 sq.m", 3.2),
        ("584,94 ha", 584.94),
        ("10.000 m²", 1),
    ],
)
def test_reads_the_area_in_hectares(text: str, hectares: float) -> None:
    assert [a.hectares for a in extract_facts(text).areas] == [pytest.approx(hectares)]


@pytest.mark.parametrize(
    "text",
    ["công suất 12.000 m3/ngày đêm", "5 km đường trục chính", "76 USD/m2/chu kỳ thuê", "dài 366 m"],
)
def test_volumes_lengths_and_prices_are_not_areas(text: str) -> None:
    assert extract_facts(text).areas == ()


def test_a_range_gives_its_upper_figure() -> None:
    assert [a.hectares for a in extract_facts("quy mô từ 50 - 100 ha").areas] == [100]


def test_ha_must_be_written_as_the_unit_not_ha_noi() -> None:
    assert extract_facts("quốc lộ 5 Hà Nội – Hải Phòng").areas == ()
