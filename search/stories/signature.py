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

from datasketch import MinHash

from search.fold import fold

NUM_PERM = 64  # 64 permutations: Jaccard estimates within ~0.06, half the cost of 128
SCHEME = "affine32"  # named, so stored signatures keep comparing across datasketch upgrades
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
_AMOUNT = re.compile(
    r"(?:us\$|\$)?\s*(\d+(?:[.,]\d+)*)\s*"
    r"(nghìn tỷ|nghin ty|ngàn tỷ|tỷ|tỉ|ty|triệu|trieu|nghìn|ngàn|billion|million|bn|mn|m)?\s*"
    r"(usd|đồng|dong|vnd|euro|eur)?",
    re.IGNORECASE,
)
_SCALE = {
    "nghìn tỷ": 10**12,
    "nghin ty": 10**12,
    "ngàn tỷ": 10**12,
    "tỷ": 10**9,
    "tỉ": 10**9,
    "ty": 10**9,
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
_CURRENCY = {"usd": "usd", "đồng": "vnd", "dong": "vnd", "vnd": "vnd", "euro": "eur", "eur": "eur"}


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


def minhash(items: Iterable[str], num_perm: int = NUM_PERM) -> MinHash:
    """A MinHash of ``items`` (fixed seed, so signatures stored yesterday compare to today's)."""
    signature = MinHash(num_perm=num_perm, seed=1, scheme=SCHEME)
    signature.update_batch([item.encode("utf-8") for item in items])
    return signature


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
        digits, scale, currency = match.groups()
        dollar = match.group(0).lstrip().startswith(("$", "US$", "us$"))
        code = _CURRENCY.get((currency or "").casefold()) or ("usd" if dollar else None)
        value = _number(digits, language)
        if code is None or value is None:
            continue
        found.add(f"{code}:{int(value * _SCALE.get((scale or '').casefold(), 1))}")
    return frozenset(found)


def _names(text: str) -> set[str]:
    """Runs of capitalised words; a lone capital counts only mid-sentence or as an acronym."""
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
        if len(run) > 1 or (run and (not opens_sentence or run[0].isupper())):
            found.add(fold(" ".join(run)))
        run = []
        at_start = token in ".!?" if not token[0].isalnum() else False
    return {name for name in found if len(name) > 2}


def anchors(text: str, language: str | None) -> frozenset[str]:
    """Folded names (runs of capitalised words, acronyms) and amounts found in ``text``."""
    return frozenset(_names(text)) | amounts(text, language)
