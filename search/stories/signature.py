"""What two copies of one news story still have in common after each site dressed it up.

Syndicated copies differ in their wrapping, not their words: a source tag in front ("TTO - ",
"VOV.VN - ", "(Dân trí) - "), a credit at the end ("Theo TTXVN", "Nguồn: Báo Hải Phòng"), a
byline line. Those are stripped before shingling, or two copies of one report look less alike
than two reports that happen to share a desk. Rewritten copies share few shingles but keep
their anchors: the names (people, companies, zones) and the amounts, which is what the
grouping compares when the wording differs. Text is kept in two forms: NFC + casefold with
diacritics (what the page says) and folded (so "Hai Phong" in an English copy meets
"Hải Phòng").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from newswatch.core.text import fold
from search.stories.minhash import MinHash

SHINGLE = 3  # word 3-grams: short enough to survive light edits, long enough to be specific

# A source tag before the first sentence: "TTO - ", "VOV.VN - ", "(Dân trí) - ", "(SGGPO). -",
# "QĐND Online – ", "(PetroTimes) – ". Capitals, dots and at most three words, then a dash.
_LEAD_TAG = re.compile(r"^\s*\(?[A-ZĐ][\w.&]*(?: [\w.&]+){0,2}\)?\.?\s*[-–—]\s+")
# Credits and bylines at the end, one line each.
_TAIL_LINE = re.compile(
    r"^\s*(?:\(?\s*(?:theo|nguồn|nguon|source|according to)\b[^\n]{0,80}\)?"
    r"|\(?\s*(?:ttxvn|vna|tto|vov|tổng hợp|tong hop)\s*\)?"
    r"|[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ .\-]{2,40}(?:\s*\([^)]{0,30}\))?"
    r"|(?:ảnh|anh|photo|bài và ảnh|video)\s*:[^\n]{0,80})\s*\.?\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s-]")
# A currency in front (US$, $, VND, VNĐ: English style) or behind (USD, đồng: Vietnamese style).
_AMOUNT = re.compile(
    r"(us\$|\$|vnd|vnđ)?\s*(\d+(?:[.,]\d+)*)\s*"
    r"(nghìn tỷ|nghin ty|ngàn tỷ|tỷ|tỉ|ty|triệu|trieu|nghìn|ngàn"
    r"|trillion|billion|million|bn|mn|m)?\b\s*"
    r"(usd|đồng|dong|vnd|vnđ|euro|eur)?",
    re.IGNORECASE,
)
_SCALE = {
    "nghìn tỷ": 10**12,
    "nghin ty": 10**12,
    "ngàn tỷ": 10**12,
    "tỷ": 10**9,
    "tỉ": 10**9,
    "ty": 10**9,
    "trillion": 10**12,
    "billion": 10**9,
    "bn": 10**9,
    "triệu": 10**6,
    "trieu": 10**6,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "nghìn": 10**3,
    "ngàn": 10**3,
}
_CURRENCY = {
    "usd": "usd",
    "us$": "usd",
    "$": "usd",
    "đồng": "vnd",
    "dong": "vnd",
    "vnd": "vnd",
    "vnđ": "vnd",
    "euro": "eur",
    "eur": "eur",
}


def normalise(text: str) -> str:
    """NFC, casefold and single spaces: the accented form compared for exact copies."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def strip_boilerplate(text: str) -> str:
    """Remove the source tag in front and credit/byline lines at the end of ``text``."""
    text = unicodedata.normalize("NFC", text).strip()
    text = _LEAD_TAG.sub("", text, count=1)
    lines = text.splitlines()
    while lines and (not lines[-1].strip() or _TAIL_LINE.match(lines[-1])):
        lines.pop()
    return "\n".join(lines)


def words(text: str) -> list[str]:
    """Folded words of ``text``: accents, case and punctuation do not split copies apart."""
    return _WORD.findall(fold(text))


def shingles(tokens: list[str], size: int = SHINGLE) -> set[str]:
    """Word ``size``-grams; a text shorter than ``size`` words is one shingle."""
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def minhash(items: Iterable[str]) -> MinHash:
    """A MinHash of ``items`` (fixed seed, so signatures stored yesterday compare to today's)."""
    signature = MinHash()
    signature.update_batch([item.encode("utf-8") for item in items])
    return signature


def stored_minhash(values: Iterable[int]) -> MinHash:
    """A MinHash rebuilt from hash values saved earlier by ``minhash``."""
    return MinHash(values)


def _number(digits: str, language: str | None) -> Decimal | None:
    # Vietnamese writes 1.500,5 where English writes 1,500.5.
    thousands, decimal = (",", ".") if language == "en" else (".", ",")
    cleaned = digits.replace(thousands, "").replace(decimal, ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def amounts(text: str, language: str | None) -> frozenset[str]:
    """Money amounts as ``currency:integer``: "450 triệu USD" and "US$450 million" both
    give ``usd:450000000``."""
    found = set()
    for match in _AMOUNT.finditer(text):
        before, digits, scale, currency = match.groups()
        code = _CURRENCY.get((currency or before or "").casefold())
        value = _number(digits, language)
        if code is None or value is None:
            continue
        found.add(f"{code}:{int(value * _SCALE.get((scale or '').casefold(), 1))}")
    return frozenset(found)


# Capitalised for grammar, not because they name anything.
_NOT_NAMES = frozenset(
    (
        "the",
        "on",
        "in",
        "at",
        "a",
        "an",
        "of",
        "for",
        "by",
        "to",
        "photo",
        "ảnh",
        "usd",
        "vnd",
        "vnđ",
        "eur",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "sept",
        "oct",
        "nov",
        "dec",
        "jan",
        "feb",
        "aug",
    )
)


def _is_name(run: list[str], opens_sentence: bool) -> bool:
    """Two capitals in a row name something; one alone must look foreign or be an acronym.

    A lone capital mid-sentence in Vietnamese is mostly an institution's first syllable
    ("Công ty", "Nhà máy"); company and place names borrowed from abroad ("Nokia",
    "Ecovance") carry no diacritics, so those are kept.
    """
    if len(run) > 1:
        return True
    word = run[0]
    if len(word) > 1 and word.isupper():
        return True
    return not opens_sentence and len(word) >= 4 and word.isascii()


def _canonical(run: list[str]) -> str:
    """Folded, without grammar words and spaces: "the Haiphong" and "Hải Phòng" meet."""
    kept = [w for w in words(" ".join(run)) if w not in _NOT_NAMES]
    name = "".join(kept)
    return "" if any(ch.isdigit() for ch in name) else name


def _names(text: str) -> set[str]:
    """Runs of capitalised words that name someone or something (see ``_is_name``)."""
    found: set[str] = set()
    run: list[str] = []
    opens_sentence = at_start = True
    for token in [*_TOKEN.findall(unicodedata.normalize("NFC", text)), "."]:
        if token[0].isalpha() and token[0].isupper():
            if not run:
                opens_sentence = at_start
            run.append(token)
            at_start = False
            continue
        if run and _is_name(run, opens_sentence):
            found.add(_canonical(run))
        run = []
        at_start = token in ".!?" if not token[0].isalnum() else False
    return {name for name in found if len(name) > 2}


# The milestone an investment article reports, by folded phrase; the title is read first
# because a lead often recalls earlier milestones ("licensed on 22/9, ground broken today").
_EVENTS = {
    "groundbreaking": (
        "khoi cong",
        "dong tho",
        "groundbreaking",
        "ground-breaking",
        "ground breaking",
        "work starts",
        "breaks ground",
    ),
    "inauguration": ("khanh thanh", "inaugurat", "khai truong"),
    "licence": (
        "giay chung nhan",
        "chung nhan dang ky dau tu",
        "investment licen",
        "investment registration",
        "licenses",
        "licences",
        "grants investment",
    ),
}


def event_kind(title: str, lead: str) -> str | None:
    """ "licence", "groundbreaking" or "inauguration": the first named in the title, else lead."""
    for text in (title, lead):
        folded = " ".join(words(text))
        found = [
            (folded.find(phrase), kind)
            for kind, phrases in _EVENTS.items()
            for phrase in phrases
            if phrase in folded
        ]
        if found:
            return min(found)[1]
    return None


def anchors(text: str, language: str | None) -> frozenset[str]:
    """Folded names (runs of capitalised words, acronyms) and amounts found in ``text``."""
    return frozenset(_names(text)) | amounts(text, language)
