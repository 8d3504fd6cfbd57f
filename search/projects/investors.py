"""The investor half of a register key: one normalised name for the many ways the press writes it.

"Tập đoàn SK", "SK Group" and "SK Group (Hàn Quốc)" are one investor; "Công ty TNHH Ecovance
Việt Nam tổ chức lễ khởi công" (an extractor run-on) and "Ecovance Co.Ltd" are another. The key
drops legal forms (Vietnamese and English), a trailing country or city ("Việt Nam", "Hải Phòng"),
brackets, and everything after the first lower-case word, then folds diacritics and case.
It does not guess that "SK" and "Ecovance" (its subsidiary) are one: that is a human's
``projects merge``; a wrong automatic merge is worse than a missed one.
"""

from __future__ import annotations

import re

from newswatch.core.text import fold, nfc

_VI_FORMS = re.compile(
    r"^(?:công ty|cty|tập đoàn|tổng công ty|nhà đầu tư|chủ đầu tư)"
    r"(?:\s+(?:tnhh|trách nhiệm hữu hạn|cổ phần|cp))?(?:\s+(?:mtv|một thành viên))?\s+",
    re.IGNORECASE,
)
_TITLES = re.compile(r"^(?:the|ceo|chairman|president|director)(?:\s+of)?\s+", re.IGNORECASE)
_EN_FORMS = re.compile(
    r"[\s,]+(?:co\.?,?\s?ltd\.?|company\s+limited|co\.?,?\s+limited|pte\.?\s?ltd\.?|ltd\.?\s+co\.?"
    r"|(?:one member )?limited liability (?:company|corporation)"
    r"|joint stock company|jsc|corporation|corp\.?|inc\.?|ltd\.?|limited|llc|gmbh|ag|holdings?"
    r"|group|company|co\.?)$",
    re.IGNORECASE,
)
_COUNTRY_TAIL = re.compile(
    r"\s+(?:việt nam|viet nam|vietnam|vn|hải phòng|hai phong|haiphong)$", re.IGNORECASE
)
_BRACKETS = re.compile(r"\s*\([^)]*\)")
_UPPER = "A-ZÀ-ÝĂĐĨŨƠƯẠ-Ỹ0-9"
_CAPITAL_RUN = re.compile(rf"^[{_UPPER}&][^\s]*(?:\s+(?:&\s+)?[{_UPPER}][^\s]*)*")


def _strip_forms(name: str) -> str:
    """Legal forms, titles, brackets and a country tail off ``name``, repeatedly (they nest:
    "Công ty TNHH Chilisin Electronics (Vietnam) Ltd Co")."""
    previous = None
    while previous != name:
        previous = name
        name = _BRACKETS.sub("", name).strip(" ,.-")
        name = _VI_FORMS.sub("", name)
        name = _TITLES.sub("", name)
        name = _EN_FORMS.sub("", name)
        name = _COUNTRY_TAIL.sub("", name)
    return name


def investor_name(raw: str) -> str:
    """The name as shown: forms stripped, cut at the first lower-case word ("Ecovance Việt Nam
    tổ chức lễ…" → "Ecovance"); ``""`` when nothing capitalised is left."""
    name = _strip_forms(nfc(raw).strip())
    match = _CAPITAL_RUN.match(name)
    return _strip_forms(match.group()) if match else ""


def investor_key(raw: str) -> str:
    """What two mentions must share to be one investor: ``investor_name`` folded, spaces and
    dots collapsed ("Tập đoàn SK" and "SK Group" → ``"sk"``)."""
    return re.sub(r"[\s.\-]+", " ", fold(investor_name(raw))).strip()
