"""Company names from legal forms, origins in brackets, investor slots and a short anchor list."""

from __future__ import annotations

import pytest

from crawler.facts import extract_facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Công ty TNHH Pegatron Việt Nam là đơn vị thuộc Tập đoàn Pegatron (Đài Loan)",
         ["Công ty TNHH Pegatron Việt Nam", "Tập đoàn Pegatron"]),
        ("Nipro Pharma Vietnam Co., Ltd of Japan registered", ["Nipro Pharma Vietnam Co., Ltd"]),
        ("Bridgestone (Japan), Knauf (Germany) and Petrolimex (Vietnam)",
         ["Bridgestone", "Knauf", "Petrolimex"]),
        ("KCN Ngũ Phúc do VHIZ Hải Phòng làm chủ đầu tư", ["VHIZ Hải Phòng"]),
        ("nhà đầu tư Singapore Biel Crystal mong muốn", ["Biel Crystal"]),
        ("LG Display tăng vốn", ["LG Display"]),
        ("Japan's Kyocera Document Solutions Inc got it", ["Kyocera Document Solutions Inc"]),
    ],
)  # fmt: skip
def test_names_investors_and_developers(text: str, expected: list[str]) -> None:
    assert list(extract_facts(text).companies) == expected


@pytest.mark.parametrize(
    "text",
    [
        "một tập đoàn Hàn Quốc",  # a country is no company
        "Taiwan (China) and Hong Kong (China)",
        "nhà đầu tư FDI lớn nhất",  # jargon
        "VSIP Hải Phòng và DEEP C",  # zone names are left to the gazetteer
    ],
)
def test_countries_jargon_and_zones_are_not_companies(text: str) -> None:
    assert extract_facts(text).companies == ()
