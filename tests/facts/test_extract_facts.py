"""The entry point: NFC/NFD and accent-free input, JSON shape, never raising."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.facts import extract_facts

SEED = (
    "Khu kinh tế Đình Vũ – Cát Hải thu hút từ 12,5 – 15 tỷ USD vốn FDI, diện tích 6.500ha; "
    "Công ty TNHH Pegatron Việt Nam (Đài Loan, Trung Quốc) khởi công nhà máy tại KCN Nam Đình Vũ."
)


def test_nfc_and_nfd_give_the_same_facts() -> None:
    nfc = unicodedata.normalize("NFC", SEED)
    nfd = unicodedata.normalize("NFD", SEED)
    assert nfc != nfd
    assert extract_facts(nfc) == extract_facts(nfd)


def test_text_without_diacritics_gives_the_unambiguous_facts() -> None:
    plain = "".join(
        c
        for c in unicodedata.normalize("NFD", SEED.replace("đ", "d").replace("Đ", "D"))
        if not unicodedata.combining(c)
    )
    with_marks, without = extract_facts(SEED), extract_facts(plain)
    assert without.zones == with_marks.zones
    assert [(a.min, a.max, a.currency) for a in without.amounts] == [
        (a.min, a.max, a.currency) for a in with_marks.amounts
    ]
    assert without.areas[0].hectares == with_marks.areas[0].hectares
    assert without.countries == with_marks.countries
    assert without.events == with_marks.events


def test_json_shape_is_what_storage_and_the_cli_share() -> None:
    data = json.loads(extract_facts(SEED).to_json())
    assert list(data) == ["zones", "amounts", "areas", "countries", "companies", "events"]
    assert data["zones"][0] == {"name": "Đình Vũ – Cát Hải", "kind": "KKT"}
    assert set(data["amounts"][0]) == {"text", "min", "max", "currency", "usd_min", "usd_max"}
    assert data["areas"] == [{"text": "6.500ha", "hectares": 6500.0}]
    assert data["countries"] == ["TW"]
    assert "Công ty TNHH Pegatron Việt Nam" in data["companies"]
    assert data["events"] == ["groundbreaking"]


def test_empty_text_has_no_facts() -> None:
    assert extract_facts("").to_dict() == {
        "zones": [],
        "amounts": [],
        "areas": [],
        "countries": [],
        "companies": [],
        "events": [],
    }


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    json.loads(extract_facts(text).to_json())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "KCN",
                "Tràng Duệ",
                "12,5",
                "–",
                "tỷ",
                "USD",
                "$",
                "ha",
                "(",
                ")",
                "Đài Loan",
                "Trung Quốc",
                ",",
                "và",
                "1.200",
                "m2",
                "Công ty",
                "TNHH",
            ]
        ),
        max_size=30,
    )
)
def test_never_raises_on_fact_like_fragments(parts: list[str]) -> None:
    extract_facts(" ".join(parts))


def test_title_lead_and_body_repeating_a_sum_give_it_once() -> None:
    text = "Hút 3 tỷ USD\nHải Phòng hút 3 tỷ USD FDI.\nTổng vốn 3 tỷ USD, diện tích 60 ha, 60 ha."
    facts = extract_facts(text)
    assert [a.text for a in facts.amounts] == ["3 tỷ USD"]
    assert [a.hectares for a in facts.areas] == [60]


def test_the_data_version_names_both_data_files() -> None:
    from crawler.facts import facts_version

    assert facts_version().startswith("zones ") and "; events " in facts_version()
