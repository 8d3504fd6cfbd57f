"""Text facts shared by every layer: the one diacritic fold (every backend and the topic
filter), the one normal form (NFC) and the one reading of a host name.

Vietnamese users type "hai phong" for "Hải Phòng" and "dau tu" for "đầu tư". Unicode
decomposition strips tone and vowel marks, but "đ" (U+0111) is a letter of its own with no
decomposition, so it is mapped explicitly.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

_STROKED_D = str.maketrans({"đ": "d", "Đ": "D"})


class _Unmarked(dict[int, str]):
    """Code point → the character without its marks (đ→d, ế→e, a lone combining mark → ""),
    filled as characters are first seen: ``str.translate`` then strips a text in C.

    The same as decomposing the whole text and dropping every combining mark, since NFD is the
    concatenation of each character's decomposition up to the reordering of marks, and the
    marks are dropped. Per character in Python, that was most of ``fold``'s time (3.5 times
    this, issue 14): every article is folded for the topic filter, the story signature and the
    search index. Only characters below ``_CACHED_BELOW`` are kept, so a query of every CJK
    character cannot grow the table without bound."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code).translate(_STROKED_D))
        unmarked = "".join(c for c in decomposed if not unicodedata.combining(c))
        if code < _CACHED_BELOW:
            self[code] = unmarked
        return unmarked


_CACHED_BELOW = 0x3000  # Latin (Vietnamese included), Greek, Cyrillic, the marks: 12,288 at most


_UNMARKED = _Unmarked()


def fold(text: str) -> str:
    """Lower-case ``text`` and remove Vietnamese diacritics (đ→d included). Recomposed (NFC)
    before case folding, so what remains composes as in any other text (Hangul jamo)."""
    return unicodedata.normalize("NFC", text.translate(_UNMARKED)).casefold()


def nfc(text: str) -> str:
    """The one text normal form everything is stored, searched and highlighted in: NFD input
    (copy-pasted CMS text) must match and highlight like NFC."""
    return unicodedata.normalize("NFC", text)


# Host prefixes that serve the same site as the bare domain (mobile, AMP, www).
SAME_SITE_PREFIXES = ("www.", "m.", "amp.", "mobile.")


def host_of(url: str) -> str:
    """The lower-cased host of a URL or of a bare domain ("VnExpress.net" → "vnexpress.net")."""
    return (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()


def site_host(host: str) -> str:
    """``host`` lower-cased without a same-site prefix: "m.vnexpress.net" → "vnexpress.net"."""
    host = host.lower().rstrip(".")
    for prefix in SAME_SITE_PREFIXES:
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host
