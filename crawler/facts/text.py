"""Folding and number reading shared by every fact extractor.

All matching runs on a *folded* copy of the NFC text: lower case, no diacritics, đ → d, every dash
→ "-", no-break spaces → " ". The fold maps one character to exactly one character, so a span
found in the folded text is the same span in the NFC text, which is what facts quote back.
The kernel's own fold (``crawler.normalise``) may replace this one at integration; it must keep
the one-to-one property.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00), *range(0x41, 0x5B)]:
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0].lower()
        if len(base) == 1 and base != char:
            table[code] = base
    table.update({ord("đ"): "d", ord("Đ"): "d", ord("ð"): "d", ord("Ð"): "d"})
    for dash in "‐‑‒–—―−":
        table[ord(dash)] = "-"
    for space in "\u00a0\u2007\u202f\u2009":
        table[ord(space)] = " "
    table[ord("²")] = "2"
    return table


_TABLE = _fold_table()


@dataclass(frozen=True)
class Prepared:
    """One text in the two forms the extractors read: NFC (to quote) and folded (to match)."""

    nfc: str
    folded: str
    lower: str
    vietnamese: bool


def prepare(text: str) -> Prepared:
    """NFC-normalise once; NFD and NFC inputs give identical ``Prepared`` values."""
    nfc = unicodedata.normalize("NFC", text)
    folded = nfc.translate(_TABLE)
    lower = nfc.lower()
    if len(lower) != len(nfc):  # "İ" lowers to two characters: keep offsets aligned
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in nfc)
    return Prepared(nfc=nfc, folded=folded, lower=lower, vietnamese=_looks_vietnamese(folded))


_VI_WORDS = frozenset(
    {"cua", "va", "cac", "nhung", "duoc", "trong", "voi", "cho", "da", "la", "mot", "nay", "tai",
     "nam", "khu", "ty", "trieu", "dong", "nha", "dau", "tu", "von"}
)  # fmt: skip
_EN_WORDS = frozenset(
    {"the", "of", "and", "in", "to", "with", "for", "is", "was", "by", "on", "from", "has", "its",
     "billion", "million"}
)  # fmt: skip
_WORD = re.compile(r"[a-z]+")


def _looks_vietnamese(folded: str) -> bool:
    """Which number convention a bare number follows (see ``read_number``)."""
    vi = en = 0
    for word in _WORD.findall(folded[:4000]):
        vi += word in _VI_WORDS
        en += word in _EN_WORDS
    return vi >= en


# A figure as printed: digits with "." or "," groups, not part of a code ("35/2022"), a date
# ("20/11"), a version or a longer figure. LEAD goes before a figure that starts a match.
LEAD = r"(?<![\w/.,-])"
FIGURE = r"\d+(?:[.,]\d+)*(?![/\d]|[.,]\d)"


def read_number(digits: str, *, vietnamese: bool, scaled: bool) -> float:
    """Read "6.500", "12,5", "1,840", "3.550,804" in the convention of the surrounding words.

    Vietnamese writes "." for thousands and "," for decimals, English the opposite. Repeated
    separators are thousands; with both kinds the last one is the decimal mark. A single
    separator before exactly three digits is a thousands mark, unless a scale word follows
    ("$1.125 billion", "1,125 tỷ"), where the language decides.
    """
    seps = [c for c in digits if c in ".,"]
    if not seps:
        return float(digits)
    if len(set(seps)) == 2:
        decimal = seps[-1]
    elif len(seps) > 1:
        decimal = ""
    else:
        tail = digits.rsplit(seps[0], 1)[1]
        native = "," if vietnamese else "."
        decimal = seps[0] if len(tail) != 3 or (scaled and seps[0] == native) else ""
    thousands = {".", ","} - {decimal}
    cleaned = "".join(c for c in digits if c not in thousands)
    return float(cleaned.replace(decimal, ".") if decimal else cleaned)


def trie_pattern(literals: Iterable[str]) -> str:
    """A regular expression matching any of ``literals``, longest first, factored by prefix.

    Python's ``re`` tries the branches of a flat alternation one by one at every position; with
    a hundred cue phrases that dominated the cost of a page. Shared prefixes tried once do not.
    """
    trie: dict[str, Any] = {}
    for literal in literals:
        node = trie
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branch(trie)


def _branch(node: dict[str, Any]) -> str:
    ends_here = "" in node
    branches = [re.escape(char) + _branch(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if len(branches) == 1 and not ends_here:
        return branches[0]
    alternation = "(?:" + "|".join(branches) + ")"
    return alternation + "?" if ends_here else alternation
