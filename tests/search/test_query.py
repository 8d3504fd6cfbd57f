"""The simple_query_string parser: tree shapes, and leniency where Lucene is lenient."""

from __future__ import annotations

import unicodedata

import pytest

from search.query import And, Not, Or, Phrase, Term, parse, positive_leaves, words


def test_words_default_to_and() -> None:
    assert parse("Hải Phòng") == And((Term("hải"), Term("phòng")))


def test_plus_is_and_and_pipe_is_or() -> None:
    assert parse("a + b") == And((Term("a"), Term("b")))
    assert parse("a | b") == Or((Term("a"), Term("b")))


def test_operators_fold_left_to_right_without_precedence() -> None:
    assert parse("a b | c") == Or((And((Term("a"), Term("b"))), Term("c")))
    assert parse("a | b c") == And((Or((Term("a"), Term("b"))), Term("c")))


def test_parentheses_group() -> None:
    expected = And((Phrase(("khu", "công", "nghiệp")), Or((Term("fdi"), Phrase(("đầu", "tư"))))))
    assert parse('"khu công nghiệp" + (FDI | "đầu tư")') == expected


def test_minus_negates_and_double_minus_cancels() -> None:
    assert parse("a -b") == And((Term("a"), Not(Term("b"))))
    assert parse("--a") == Term("a")


def test_minus_inside_a_word_is_not_negation() -> None:
    assert parse("Đình Vũ-Cát Hải") == And((Term("đình"), Term("vũ"), Term("cát"), Term("hải")))


def test_trailing_star_is_prefix() -> None:
    assert parse("đầu*") == Term("đầu", prefix=True)


def test_escaped_star_is_not_prefix() -> None:
    assert parse("đầu\\*") == Term("đầu")


def test_one_word_phrase_is_a_term() -> None:
    assert parse('"FDI"') == Term("fdi")


def test_unbalanced_quote_is_text() -> None:
    assert parse('"khu công') == And((Term("khu"), Term("công")))


def test_unbalanced_parenthesis_is_text() -> None:
    assert parse("(a | b") == Or((Term("a"), Term("b")))


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "-", "()", '""', "+|", ":^~"])
def test_query_without_words_matches_all(query: str) -> None:
    assert parse(query) is None


def test_fts_and_lucene_keywords_are_plain_words() -> None:
    assert parse("NEAR AND OR NOT") == And((Term("near"), Term("and"), Term("or"), Term("not")))


def test_nfd_and_nfc_parse_identically() -> None:
    text = "Hải Phòng đầu tư"
    assert parse(unicodedata.normalize("NFD", text)) == parse(text)


def test_positive_leaves_skip_negated_parts() -> None:
    assert positive_leaves(parse('a -(b | "c d") --e')) == [Term("a"), Term("e")]


def test_words_split_at_punctuation_and_lower_case() -> None:
    assert words("Đình Vũ – Cát Hải: 3.000 ha") == ["đình", "vũ", "cát", "hải", "3", "000", "ha"]
