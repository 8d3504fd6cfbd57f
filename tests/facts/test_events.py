"""Event kinds from cue phrases, closed vocabulary, with or without diacritics."""

from __future__ import annotations

import pytest

from crawler.facts import EVENTS, extract_facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("trao Giấy chứng nhận đăng ký đầu tư cho dự án", ["new_project"]),
        ("LG Display tăng vốn thêm 750 triệu USD", ["capital_increase"]),
        ("lễ khởi công KCN Tiên Lãng 1", ["groundbreaking"]),
        ("khánh thành nhà máy", ["inauguration"]),
        ("giải phóng mặt bằng", ["land"]),
        ("tuyển dụng công nhân", ["labour"]),
        ("bảo đảm an ninh trật tự", ["security"]),
        ("quyết định thành lập Khu kinh tế chuyên biệt", ["planning"]),
        ("giai phong mat bang va tuyen dung", ["land", "labour"]),
        (
            "the groundbreaking ceremony and investment certificates",
            ["new_project", "groundbreaking"],
        ),
    ],
)
def test_cues_give_their_events(text: str, expected: list[str]) -> None:
    assert list(extract_facts(text).events) == expected


def test_a_cue_shared_by_two_events_counts_for_both() -> None:
    assert set(extract_facts("vụ đình công").events) == {"labour", "security"}


@pytest.mark.parametrize("text", ["dòng vốn chảy vào", "giải quyết công ăn việc làm"])
def test_words_that_fold_like_a_cue_need_their_diacritics(text: str) -> None:
    assert "security" not in extract_facts(text).events


def test_only_the_closed_vocabulary_is_emitted() -> None:
    text = "khởi công, khánh thành, tăng vốn, cấp phép, GPMB, công nhân, an ninh, quy hoạch"
    assert list(extract_facts(text).events) == list(EVENTS)
