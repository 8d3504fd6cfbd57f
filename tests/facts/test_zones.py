"""The gazetteer: prefixed names, lists, bare and local aliases, and what is not a zone."""

from __future__ import annotations

import pytest

from crawler.facts import extract_facts, gazetteer


def _zones(text: str) -> list[str]:
    return [z.name for z in extract_facts(text).zones]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KCN Tràng Duệ", ["Tràng Duệ"]),
        ("Khu cong nghiep Trang Due", ["Tràng Duệ"]),
        ("Trang Due Industrial Park", ["Tràng Duệ"]),
        ("KCN Tràng Duệ 3 và KCN Tràng Duệ", ["Tràng Duệ 3", "Tràng Duệ"]),
        ("Khu kinh tế Đình Vũ - Cát Hải", ["Đình Vũ – Cát Hải"]),
        ("Dinh Vu-Cat Hai Economic Zone", ["Đình Vũ – Cát Hải"]),
        (
            "các KCN Tràng Duệ, Nomura và Đình Vũ",
            ["Tràng Duệ", "Nomura – Hải Phòng", "DEEP C Hải Phòng I (Đình Vũ)"],
        ),
        ("DEEP C HP II Industrial Zone", ["DEEP C Hải Phòng II"]),
        ("KCN Đại An mở rộng (416 ha), KCN Đại An (136 ha)", ["Đại An mở rộng", "Đại An"]),
        ("Khu thương mại tự do Hải Phòng", ["Khu thương mại tự do Hải Phòng"]),
        ("cụm công nghiệp hỗ trợ Tràng Duệ", ["Hỗ trợ Tràng Duệ"]),
    ],
)
def test_names_with_a_zone_word_or_a_distinctive_alias(text: str, expected: list[str]) -> None:
    assert _zones(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "huyện An Dương, khu bến Đình Vũ",  # districts and ports
        "Ban Quản lý Khu kinh tế Hải Phòng",  # the authority, not a zone
        "KCN Nam Sơn - Hạp Lĩnh, tỉnh Bắc Ninh",  # another province's park
        "VSIP Bắc Ninh ở Bắc Ninh",
        "Sông Khoai Industrial Park",
    ],
)
def test_places_authorities_and_other_provinces_are_not_zones(text: str) -> None:
    assert _zones(text) == []


def test_an_address_after_a_park_is_not_a_second_park() -> None:
    assert _zones("KCN Tràng Duệ, An Dương, Hải Phòng") == ["Tràng Duệ"]


def test_local_aliases_need_hai_phong_and_no_company_word() -> None:
    assert _zones("VSIP Hải Phòng và dự án VSIP ở Thủy Nguyên") == ["VSIP Hải Phòng"]
    assert _zones("dự án VSIP") == []
    assert _zones("VSIP JSC tại Hải Phòng") == []


def test_each_zone_once_in_order_of_first_mention() -> None:
    assert _zones("KCN Nomura, KCN An Dương, khu công nghiệp Nomura") == [
        "Nomura – Hải Phòng",
        "An Dương",
    ]


def test_gazetteer_is_versioned_with_evidence_or_a_reason() -> None:
    import tomllib
    from importlib import resources

    data = tomllib.loads(resources.files("crawler.facts").joinpath("zones.toml").read_text("utf-8"))
    assert gazetteer().version == data["version"]
    assert {z["kind"] for z in data["zone"]} == {"KCN", "KKT", "CCN"}
    assert all(z["evidence"] or z.get("unconfirmed") for z in data["zone"])
    assert len({z["name"] for z in data["zone"]}) == len(data["zone"])


def test_an_abbreviation_in_brackets_between_zone_word_and_name() -> None:
    assert _zones("Khu công nghiệp (KCN) Tràng Duệ") == ["Tràng Duệ"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Một số khu công nghiệp thu hút được nhiều dự án như An Phát 1, Đại An, Lai Cách...",
         ["An Phát 1", "Đại An", "Lai Cách"]),
        ("infrastructure of industrial parks such as Dai An, Tan Truong, and Gia Loc",
         ["Đại An", "Tân Trường", "Gia Lộc"]),
    ],
)  # fmt: skip
def test_a_list_introduced_after_a_zone_word(text: str, expected: list[str]) -> None:
    assert _zones(text) == expected


def test_an_introducer_in_another_sentence_lists_nothing() -> None:
    assert _zones("Hải Dương có nhiều khu công nghiệp. Các xã như Đại An, Lai Cách") == []


def test_a_search_filter_name_matches_zones_through_their_forms() -> None:
    from crawler.facts import zones_matching

    dinh_vu = [z.name for z in zones_matching("Đình Vũ")]
    assert "DEEP C Hải Phòng I (Đình Vũ)" in dinh_vu
    assert {"Nam Đình Vũ", "MP Đình Vũ", "Đình Vũ – Cát Hải"} <= set(dinh_vu)
    assert "Tràng Duệ" not in dinh_vu
    assert [z.name for z in zones_matching("KCN Trang Due 3")] == ["Tràng Duệ 3"]
    assert [z.name for z in zones_matching("VSIP")] == ["VSIP Hải Phòng"]
    assert zones_matching("KCN") == [] and zones_matching("Sông Khoai") == []
