"""``fold``: what users type without diacritics matches the text with them.

The expected outputs are read off the words; the last test holds the fast fold (a cached
translation table) to its definition, on every code point and on mixed texts."""

from __future__ import annotations

import random
import unicodedata

import pytest

from newswatch.core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hải Phòng", "hai phong"),
        ("Khu kinh tế Đình Vũ – Cát Hải", "khu kinh te dinh vu – cat hai"),
        ("ĐẦU TƯ TRỰC TIẾP NƯỚC NGOÀI", "dau tu truc tiep nuoc ngoai"),
        ("146 nghìn tỷ đồng, 6.500ha", "146 nghin ty dong, 6.500ha"),
        ("Ha\u0309i Pho\u0300ng", "hai phong"),  # decomposed input (copy-pasted CMS text)
        ("\u0301Hải", "hai"),  # a stray combining mark is dropped
        ("Straße", "strasse"),  # case folding, not just lower-casing
        ("\u1100\u1161", "\uac00"),  # Hangul jamo still compose: 가
    ],
)
def test_fold_strips_marks_and_case(text: str, folded: str) -> None:
    assert fold(text) == folded


def by_definition(text: str) -> str:
    """Decompose, drop every combining mark, recompose, case-fold (đ → d first)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def test_fold_is_its_definition_on_every_code_point_and_on_mixed_texts() -> None:
    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    assert [p for p in points if fold(p) != by_definition(p)] == []
    rng = random.Random(14)
    for _ in range(50):
        text = "".join(rng.choice(points) for _ in range(2000))
        assert fold(text) == by_definition(text)
