"""Bylines into people, and site names told apart from people."""

from __future__ import annotations

import pytest

from crawler.extract.byline import SiteNames, split_authors


@pytest.mark.parametrize(
    ("byline", "people"),
    [
        ("Bài và ảnh: HOÀNG DŨNG - MINH KHÔI", ["HOÀNG DŨNG", "MINH KHÔI"]),
        ("Minh Anh và Quang Huy", ["Minh Anh", "Quang Huy"]),
        (
            "Dana A. Ford, Chien-Ming Wang, and Tom Watkins",
            ["Dana A. Ford", "Chien-Ming Wang", "Tom Watkins"],
        ),
        ("By Bich Thuy", ["Bich Thuy"]),
        ("Nguyễn Văn An (nguyenvanan@baohaiphong.vn)", ["Nguyễn Văn An"]),
        ("Thu Hà / PV", ["Thu Hà"]),
    ],
)
def test_byline_is_split_into_people(byline: str, people: list[str]) -> None:
    assert split_authors(byline) == people


@pytest.mark.parametrize(
    "byline", ["Theo TTXVN", "Nguồn: Reuters", "https://facebook.com/tuoitre", "2026"]
)
def test_attributions_links_and_numbers_are_not_people(byline: str) -> None:
    assert split_authors(byline) == []


def test_site_names_from_hosts_and_declared_names_are_not_people() -> None:
    site = SiteNames.of(["TUOI TRE ONLINE"], ["https://tuoitre.vn/a.htm"])
    assert site.people(["Tuổi Trẻ", "tuoitre.vn", "TUOI TRE ONLINE", "ĐAN THUẦN"]) == ["ĐAN THUẦN"]


def test_a_person_whose_name_shares_letters_with_the_site_is_kept() -> None:
    site = SiteNames.of(["Báo Hải Phòng"], ["https://baohaiphong.vn/a.html"])
    assert site.people(["Hải", "Phòng Anh"]) == ["Hải", "Phòng Anh"]


def test_trailing_site_name_is_stripped_from_a_title() -> None:
    site = SiteNames.of([], ["https://vnexpress.net/a.html"])
    assert site.stripped("Cổ thụ đổ giữa đường - VnExpress Kinh doanh") == "Cổ thụ đổ giữa đường"
    assert site.stripped("Hải Phòng - Quảng Ninh nối tuyến") == "Hải Phòng - Quảng Ninh nối tuyến"


def test_a_short_site_name_only_matches_exactly() -> None:
    site = SiteNames.of(["TTO", "VIR"], ["http://127.0.0.1:8000/a"])
    assert site.people(["VIR", "Otto Bauer", "Virginia Tran"]) == ["Otto Bauer", "Virginia Tran"]


def test_a_place_at_the_end_of_a_title_is_not_taken_for_the_site() -> None:
    site = SiteNames.of(["Báo Hải Phòng"], ["https://baohaiphong.vn/a.html"])
    assert (
        site.stripped("Khởi công cầu Nguyễn Trãi - Hải Phòng")
        == "Khởi công cầu Nguyễn Trãi - Hải Phòng"
    )
    assert (
        site.stripped("Khởi công cầu Nguyễn Trãi | Báo Hải Phòng điện tử")
        == "Khởi công cầu Nguyễn Trãi"
    )
