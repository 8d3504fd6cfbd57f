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


def fold(text: str) -> str:
    """Lower-case ``text`` and remove Vietnamese diacritics (đ→d included)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKED_D))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


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
