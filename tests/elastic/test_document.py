"""The folded twins: the shared ``fold``, cut into words like ``search.query``, offsets kept."""

from __future__ import annotations

import re
import unicodedata

from newswatch.core.text import fold
from search.elastic.document import content_hash, match_form, normalised
from search.query import words
from tests.elastic.conftest import article

TEXT = "Khu kinh tế Đình Vũ – Cát Hải: vốn FDI đạt 2.5 tỷ USD (tăng 30%)"


def test_match_form_is_fold_with_non_words_as_spaces() -> None:
    assert match_form(TEXT) == re.sub(r"[\W_]", " ", fold(TEXT))
    assert match_form(TEXT).split() == [fold(w) for w in words(TEXT)]


def test_match_form_keeps_every_offset() -> None:
    odd = "Straße ﬁnance Đồ Sơn"  # casefold would lengthen ß and the ligature
    assert len(match_form(odd)) == len(odd)
    assert match_form(odd).split()[2:] == ["do", "son"]


def test_normalised_turns_nfd_fields_into_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Đình Vũ")
    clean = normalised(article(1, title=nfd, text=nfd, tags=[nfd], authors=[nfd]))
    for value in (clean.title, clean.text, clean.tags[0], clean.authors[0]):
        assert unicodedata.is_normalized("NFC", value)


def test_content_hash_ignores_fetch_time_but_not_content() -> None:
    first = article(1)
    refetched = first.model_copy(update={"fetched_at": first.fetched_at.replace(year=2030)})
    edited = first.model_copy(update={"title": "Tin KCN mới"})
    assert content_hash(first) == content_hash(refetched) != content_hash(edited)
