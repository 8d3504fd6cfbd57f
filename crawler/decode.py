"""Bytes → text for HTML pages whose declared charset cannot be trusted.

Vietnamese sites still serve legacy pages (windows-1258), servers default the HTTP header to
ISO-8859-1, and CMS templates copy ``<meta charset="utf-8">`` onto bytes that are not UTF-8.
So a declaration is only believed when the bytes agree with it, in this order:

1. a byte-order mark (an unambiguous fact about the bytes, as in the WHATWG algorithm), then
   the NUL pattern of BOM-less UTF-16/32 (markup is mostly ASCII, so every second or fourth
   byte is zero; such bytes are also "valid UTF-8" and would otherwise become NUL-laced text);
2. bytes that are valid UTF-8 *and* contain non-ASCII: legacy 8-bit text is almost never valid
   UTF-8 by accident, so this beats a contrary label (the ISO-8859-1 server default);
3. the HTTP ``Content-Type`` charset, then ``<meta charset>``, each only if it decodes strictly
   (a "utf-8" label on windows-1258 bytes fails here and is skipped);
4. a statistical guess limited to the legacy code pages our sources use;
5. UTF-8 with U+FFFD replacement characters, so nothing is silently dropped.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16-LE: it starts with the same FF FE
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
# <meta charset=x> and <meta http-equiv=Content-Type content="text/html; charset=x">.
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
# Browsers look for <meta charset> in the first 1024 bytes; Vietnamese CMSs often put it after
# long <title> and description tags, so look further.
META_SCAN_BYTES = 16_384
# Labels that browsers decode as another code page (WHATWG Encoding Standard). A UTF-16 label
# found by an ASCII scan of BOM-less bytes is a template copy error: the bytes are ASCII-based.
_BROWSER_ALIASES = {
    "latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252",
    "utf-16": "utf-8", "utf-16-le": "utf-8", "utf-16-be": "utf-8",
}  # fmt: skip
# The legacy code pages Vietnamese and Western news pages actually use; an open-ended guess
# confuses short windows-1252 text with Central European code pages.
GUESS_CODEPAGES = ["cp1258", "cp1252"]
# Wide encodings tried on BOM-less bytes with NULs, widest first (UTF-32 read as UTF-16 still
# decodes, into NUL-laced text that the ASCII test below rejects).
_WIDE_CODECS = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")
WIDE_SAMPLE_BYTES = 4096  # a multiple of 4, so a sample never splits a code unit
MIN_ASCII_SHARE = 0.5  # of a wide-decoded sample: markup and tags are ASCII in any language


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode a page's bytes, trusting declarations only as far as the bytes bear them out."""
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(bom_codec, errors="replace")
    if wide := _bomless_wide(data):
        return data.decode(wide, errors="replace")
    if not data.isascii() and (utf8 := _strict(data, "utf-8")) is not None:
        return utf8
    for label in (_http_charset(content_type), _meta_charset(data)):
        codec = _codec(label)
        if codec and (declared := _strict(data, codec)) is not None:
            return declared
    guess = charset_normalizer.from_bytes(data, cp_isolation=GUESS_CODEPAGES).best()
    if guess is not None:
        return str(guess)
    return data.decode("utf-8", errors="replace")


def _bomless_wide(data: bytes) -> str | None:
    """The UTF-16/32 codec whose reading of the first bytes is mostly ASCII and NUL-free."""
    sample = data[:WIDE_SAMPLE_BYTES]
    if b"\x00" not in sample:
        return None
    for codec in _WIDE_CODECS:
        unit = 4 if "32" in codec else 2
        text = sample[: len(sample) - len(sample) % unit].decode(codec, errors="replace")
        ascii_share = sum(" " <= char <= "~" or char in "\t\r\n" for char in text) / len(text)
        if "\x00" not in text and ascii_share >= MIN_ASCII_SHARE:
            return codec
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _http_charset(content_type: str | None) -> str | None:
    match = _HTTP_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:META_SCAN_BYTES])
    return match.group(1).decode("ascii", errors="ignore") if match else None


def _codec(label: str | None) -> str | None:
    """Python codec name for a charset label, or None for an unknown label."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return _BROWSER_ALIASES.get(name, name)
