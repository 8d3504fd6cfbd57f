"""Snippets: escaped text, accent-insensitive <mark>s, a window around the first match."""

from __future__ import annotations

from search.query import parse
from search.snippet import SCAN_LIMIT, make_snippet


def test_matches_are_marked_accent_insensitively() -> None:
    snippet = make_snippet(["Đầu tư vào Hải Phòng tăng"], parse("hai phong"))
    assert snippet == "Đầu tư vào <mark>Hải</mark> <mark>Phòng</mark> tăng"


def test_markup_in_text_is_escaped() -> None:
    snippet = make_snippet(['<script>alert("x")</script> KCN Đình Vũ'], parse("dinh vu"))
    assert snippet.startswith("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
    assert snippet.endswith("<mark>Đình</mark> <mark>Vũ</mark>")


def test_phrase_marks_only_adjacent_words() -> None:
    snippet = make_snippet(["khu dân cư gần khu công nghiệp"], parse('"khu công nghiệp"'))
    assert snippet == "khu dân cư gần <mark>khu</mark> <mark>công</mark> <mark>nghiệp</mark>"


def test_prefix_marks_words_starting_with_it() -> None:
    snippet = make_snippet(["Đâu là nơi đầu tư"], parse("đầu*"))
    assert snippet == "<mark>Đâu</mark> là nơi <mark>đầu</mark> tư"


def test_negated_words_are_not_marked() -> None:
    assert "<mark>" not in make_snippet(["tin an ninh"], parse("-ninh"))


def test_first_field_with_a_match_is_used() -> None:
    snippet = make_snippet(["Tóm tắt không liên quan", "Bài viết về FDI"], parse("FDI"))
    assert snippet == "Bài viết về <mark>FDI</mark>"


def test_without_match_the_first_text_is_shown() -> None:
    assert make_snippet(["", "Tóm tắt", "Thân bài"], None) == "Tóm tắt"


def test_long_text_is_cut_around_the_first_match() -> None:
    text = "mở đầu " * 100 + "Lạch Huyện " + "kết thúc " * 100
    snippet = make_snippet([text], parse("lach huyen"), width=120)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>Lạch</mark> <mark>Huyện</mark>" in snippet
    assert len(snippet) < 200


def test_match_beyond_the_scan_limit_falls_back_to_the_next_field() -> None:
    text = "x " * SCAN_LIMIT + "Quasarvinh"
    snippet = make_snippet([text, "Quasarvinh ở tiêu đề"], parse("quasarvinh"))
    assert snippet == "<mark>Quasarvinh</mark> ở tiêu đề"


def test_a_phrase_that_starts_before_an_earlier_ending_word_match_is_marked_whole() -> None:
    # "cong" matches the second word first, but the phrase begins one word earlier.
    snippet = make_snippet(["Tin khu công nghiệp Đình Vũ"], parse('"khu cong nghiep" cong'))
    assert snippet == "Tin <mark>khu</mark> <mark>công</mark> <mark>nghiệp</mark> Đình Vũ"


def test_a_phrase_crossing_the_window_end_marks_its_words_inside_the_window() -> None:
    # The window (178 characters, cut back to a space) ends after "công": "nghiệp" is outside.
    text = "Đình Vũ " + "chữ " * 40 + "khu công nghiệp mới"
    snippet = make_snippet([text], parse('vu "khu cong nghiep"'), width=178)
    assert snippet.startswith("Đình <mark>Vũ</mark> chữ")
    assert snippet.endswith("chữ <mark>khu</mark> <mark>công</mark>…")
