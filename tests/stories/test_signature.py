"""Boilerplate stripping, accents kept and folded, amounts read in both languages."""

from __future__ import annotations

from search.stories.signature import (
    amounts,
    anchors,
    event_kind,
    normalise,
    strip_boilerplate,
    words,
)

BODY = "Sáng 28/10, Nokia chính thức khánh thành nhà máy tại KCN VSIP Bắc Ninh."


def test_source_tag_in_front_is_stripped() -> None:
    for tag in ("TTO - ", "VOV.VN - ", "(Dân trí) - ", "QĐND Online – ", "(SGGPO). - "):
        assert strip_boilerplate(tag + BODY) == BODY


def test_credits_and_bylines_at_the_end_are_stripped() -> None:
    for tail in (
        "Theo TTXVN",
        "Nguồn: Báo Hải Phòng",
        "(Theo VnExpress)",
        "MINH ANH",
        "HOÀNG DŨNG (tổng hợp)",
        "Ảnh: Minh Anh",
    ):
        assert strip_boilerplate(f"{BODY}\n\n{tail}") == BODY
    assert strip_boilerplate(f"{BODY}\nNguồn: eFinance Online\nMINH ANH") == BODY


def test_a_sentence_that_starts_with_a_name_is_not_boilerplate() -> None:
    text = f"{BODY}\nNokia Việt Nam muốn tuyển dụng 700 lao động trong năm tới tại Bắc Ninh."
    assert strip_boilerplate(text) == text


def test_accents_kept_in_the_normal_form_and_folded_in_words() -> None:
    assert normalise("  Hải  PHÒNG ") == "hải phòng"
    assert words("Đình Vũ – Cát Hải") == ["dinh", "vu", "cat", "hai"]


def test_amounts_read_the_same_in_vietnamese_and_english() -> None:
    assert amounts("tổng vốn 1.500 tỷ đồng và 302 triệu USD", "vi") == {
        "vnd:1500000000000",
        "usd:302000000",
    }
    assert amounts("a US$302 million plant", "en") == {"usd:302000000"}
    assert amounts("vốn 1,2 tỷ USD", "vi") == {"usd:1200000000"}


def test_anchors_are_names_and_amounts_not_sentence_openers() -> None:
    found = anchors("Sáng nay, Tập đoàn LG Display rót 1 tỷ USD vào Hải Phòng.", "vi")
    assert {"lgdisplay", "haiphong", "usd:1000000000"} <= found
    assert "sang" not in found


def test_anchors_meet_across_spellings_and_languages() -> None:
    vietnamese = anchors("Hôm nay, Nokia khánh thành nhà máy tại Hải Phòng, Việt Nam.", "vi")
    english = anchors("On Monday, Nokia opened its plant in Haiphong, Vietnam.", "en")
    assert vietnamese & english == {"nokia", "haiphong", "vietnam"}


def test_event_kind_reads_the_title_first() -> None:
    assert event_kind("Work starts on Ecovance plant", "licensed on September 22") == (
        "groundbreaking"
    )
    assert event_kind("SK rót 500 triệu USD", "Hải Phòng trao giấy chứng nhận đầu tư") == "licence"
    assert event_kind("Giá vàng tăng", "Sáng nay giá vàng tăng.") is None
