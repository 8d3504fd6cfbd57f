"""Bytes → text: which declaration is believed, and what happens when none is right."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from crawler.decode import decode_html

VI = "Khu công nghiệp Đình Vũ – Cát Hải thu hút thêm vốn đầu tư nước ngoài"


def html(text: str, charset: str | None = None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html><head>{meta}<title>{text}</title></head><body><p>{text}</p></body></html>"


def cp1258(text: str) -> bytes:
    """windows-1258 as legacy Vietnamese CMSs write it: base letter, then a combining tone."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += base.encode("cp1258") + "".join(c for c in parts if c in tones).encode("cp1258")
    return bytes(out)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_utf8_bytes_decode_as_utf8() -> None:
    assert decode_html(html(VI, "utf-8").encode()) == html(VI, "utf-8")


def test_utf8_bytes_win_over_a_latin1_http_header() -> None:
    page = html(VI).encode("utf-8")
    assert decode_html(page, "text/html; charset=ISO-8859-1") == html(VI)


def test_windows_1258_bytes_labelled_utf8_are_decoded_as_windows_1258() -> None:
    page = cp1258(html(VI, "utf-8"))
    assert nfc(decode_html(page, "text/html; charset=utf-8")) == html(VI, "utf-8")


def test_cp1252_bytes_labelled_utf8_are_decoded_as_cp1252() -> None:
    text = "The naïve café owners in Haiphong’s old quarter serve crème brûlée every weekend."
    assert decode_html(html(text, "utf-8").encode("cp1252")) == html(text, "utf-8")


def test_windows_1258_bytes_without_any_label_are_recognised() -> None:
    assert nfc(decode_html(cp1258(html(VI)))) == html(VI)


def test_http_charset_is_used_for_legacy_bytes() -> None:
    page = cp1258(html(VI))
    assert nfc(decode_html(page, "text/html; charset=windows-1258")) == html(VI)


def test_meta_charset_is_used_when_http_says_nothing() -> None:
    assert nfc(decode_html(cp1258(html(VI, "windows-1258")))) == html(VI, "windows-1258")


def test_byte_order_mark_beats_every_label() -> None:
    page = codecs.BOM_UTF16_LE + html(VI, "iso-8859-1").encode("utf-16-le")
    assert decode_html(page, "text/html; charset=iso-8859-1") == html(VI, "iso-8859-1")


def test_unknown_charset_label_is_ignored() -> None:
    assert decode_html(html(VI, "x-no-such-charset").encode()) == html(VI, "x-no-such-charset")


def test_bytes_matching_no_charset_still_give_text_with_the_markup_intact() -> None:
    page = b"<html><body><p>" + bytes(range(0x80, 0x100)) * 3 + b"</p></body></html>"
    text = decode_html(page)
    assert text.startswith("<html><body><p>") and text.endswith("</p></body></html>")


PAGE = (
    '<html><head><meta charset="utf-8"><title>Khu công nghiệp</title></head>'
    "<body>Đình Vũ</body></html>"
)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_bomless_wide_encodings_are_detected(codec: str) -> None:
    assert decode_html(PAGE.encode(codec)) == PAGE


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"])
def test_wide_encodings_with_a_bom_lose_only_the_bom(codec: str) -> None:
    assert decode_html(("\ufeff" + PAGE).encode(codec)) == PAGE


def test_a_stray_nul_in_utf8_is_not_read_as_utf16() -> None:
    data = PAGE.replace("Đình", "Đình\x00").encode("utf-8")
    assert decode_html(data) == PAGE.replace("Đình", "Đình\x00")
