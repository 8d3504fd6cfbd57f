"""Shared normalisation: NFC text, one-line fields, canonical URLs, same-site checks."""

from __future__ import annotations

import unicodedata

import pytest

from crawler.normalise import canonical_url, clean_line, clean_text, same_site, site_host


def test_clean_text_turns_nfd_vietnamese_into_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Khu kinh tế Đình Vũ – Cát Hải")
    assert clean_text(nfd) == "Khu kinh tế Đình Vũ – Cát Hải"
    assert unicodedata.is_normalized("NFC", clean_text(nfd))


def test_clean_text_decodes_entities_and_drops_zero_width_characters() -> None:
    assert clean_text("Ban Qu&#7843;n l&yacute;\u200b KCN\u00ad") == "Ban Quản lý KCN"


def test_clean_text_keeps_paragraphs_and_collapses_blank_runs() -> None:
    assert clean_text("Đoạn một.  \n\n\n\t Đoạn  hai.\n") == "Đoạn một.\n\nĐoạn hai."


def test_clean_line_joins_lines() -> None:
    assert clean_line(" HOÀNG\n DŨNG ") == "HOÀNG DŨNG"


def test_canonical_url_drops_tracking_parameters_and_fragment() -> None:
    url = "https://BaoHaiPhong.vn/a-1.html?utm_source=zalo&fbclid=X&id=5&zarsrc=30#binh-luan"
    assert canonical_url(url) == "https://baohaiphong.vn/a-1.html?id=5"


def test_canonical_url_sorts_remaining_parameters() -> None:
    assert canonical_url("http://127.0.0.1:8000/p?b=2&a=1") == "http://127.0.0.1:8000/p?a=1&b=2"


@pytest.mark.parametrize(
    ("host", "site"),
    [
        ("m.vnexpress.net", "vnexpress.net"),
        ("www.baodautu.vn", "baodautu.vn"),
        ("heza.gov.vn", "heza.gov.vn"),
    ],
)
def test_site_host_drops_same_site_prefixes(host: str, site: str) -> None:
    assert site_host(host) == site


def test_mobile_and_subdomain_pages_are_the_same_site() -> None:
    assert same_site("https://m.vnexpress.net/a", "https://vnexpress.net/a")
    assert same_site("https://vnexpress.net/a", "https://kinhdoanh.vnexpress.net/a")


def test_another_domain_is_not_the_same_site() -> None:
    assert not same_site("https://baohaiphong.vn/a", "https://baomoi.com/a")
    assert not same_site("https://baohaiphong.vn/a", "javascript:void(0)")


def test_extra_domains_count_as_the_same_site() -> None:
    assert same_site("http://127.0.0.1:8000/a", "https://baohaiphong.vn/a", ("baohaiphong.vn",))


def test_a_local_file_accepts_any_web_address_it_claims() -> None:
    assert same_site("file:///tmp/page.html", "https://tuoitre.vn/a.htm")
