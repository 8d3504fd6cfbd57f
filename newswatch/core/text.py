"""The one diacritic fold shared by every backend and by the topic filter.

Vietnamese users type "hai phong" for "Hải Phòng" and "dau tu" for "đầu tư". Unicode
decomposition strips tone and vowel marks, but "đ" (U+0111) is a letter of its own with no
decomposition, so it is mapped explicitly.
"""

from __future__ import annotations

import unicodedata

_STROKED_D = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case ``text`` and remove Vietnamese diacritics (đ→d included)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKED_D))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()
