"""Investor and developer names.

Three general rules, no per-article lists:
1. Vietnamese legal forms: "Công ty (TNHH|Cổ phần|CP|...) X", "Tập đoàn X", "Tổng công ty X",
   where X starts with a capital letter and runs to punctuation or a verb/preposition
   ("làm chủ đầu tư", "tại", "với", ...).
2. English legal suffixes: "X Co., Ltd", "X JSC", "X Corporation", "X Inc.", "X Pte Ltd",
   "X Group" with X a run of capitalised words.
3. A short list of the developers and anchor investors of Hải Phòng's zones, which the press
   names bare ("DEEP C", "LG Display", "Pegatron"); dropped when inside a longer legal name.
"""

from __future__ import annotations

import re

from crawler.facts.text import Prepared

_UPPER = "A-ZÀ-ÝĂĐĨŨƠƯẠ-Ỹ"
_WORDCH = r"[\wÀ-ỹ]"
_VI_FORMS = (
    r"(?:Công ty|Công Ty|công ty|Cty|Tập đoàn|Tập Đoàn|tập đoàn|Tổng công ty|Tổng Công ty|Tổng công Ty)"
    r"(?:\s+(?:TNHH|trách nhiệm hữu hạn|Trách nhiệm hữu hạn)(?:\s+(?:MTV|một thành viên|Một thành viên))?"
    r"|\s+(?:Cổ phần|cổ phần|CP|Cp))?"
)
# words that end a Vietnamese company name
_VI_STOP = (
    "làm", "tại", "với", "đã", "được", "vừa", "cho", "có", "là", "thực hiện", "trao", "sẽ", "đang",
    "cũng", "về", "theo", "do", "thuộc", "nhằm", "đến", "trong", "và các", "khi", "để", "đầu tư vào",
    "ở", "từ", "chuyên", "hiện", "đạt", "nộp", "nâng", "tăng", "bày tỏ", "cho biết", "mong muốn",
)
_STOP_ALT = "|".join(re.escape(w) for w in sorted(_VI_STOP, key=len, reverse=True))
_VI_NAME = re.compile(
    rf"{_VI_FORMS}\s+(?P<name>[{_UPPER}0-9]{_WORDCH}*(?:[ \-&.]+(?!(?:{_STOP_ALT})\b){_WORDCH}+){{0,9}})"
)
_EN_SUFFIX = (
    r"(?:Co\.,?\s?Ltd\.?|Co\.?\s?Ltd\.?|Company\s+Limited|Co\.?,?\s+Limited|Pte\.?\s?Ltd\.?|Ltd\.?\s+Co\.?|"
    r"JSC|Joint Stock Company|Corporation|Corp\.?|Inc\.?|Ltd\.?|Limited|LLC|GmbH|AG|Holdings|Group|Company|Co\b)"
)
_CAP_WORD = rf"(?:[{_UPPER}0-9][\w&'.\-]*|&|of|and|\(Vietnam\)|\(Việt Nam\))"
_EN_NAME = re.compile(rf"(?P<name>[{_UPPER}][\w&'.\-]*(?:\s+{_CAP_WORD}){{0,7}}\s+{_EN_SUFFIX})(?![\w])")
_KNOWN = (
    "DEEP C", "LG Display", "LG Electronics", "LG Innotek", "Pegatron", "VSIP", "Vingroup", "VinFast",
    "Bridgestone", "Kyocera", "Shin-Etsu", "Sao Đỏ", "Becamex", "Idico", "IDICO", "Kinh Bắc",
    "Foxconn", "Luxshare", "USI", "Lite-On", "Liteon", "Nipro", "Heesung", "Wolong", "Haiphong Port",
)
_KNOWN_RE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in _KNOWN) + r")(?![\w-])")
_LEADING_NOISE = re.compile(r"^(?:The|A|An|By|From|Both|At|In|For)\s+")
_COUNTRY_ONLY = re.compile(r"^(?:Hàn Quốc|Nhật Bản|Trung Quốc|Đài Loan|Singapore|Hoa Kỳ|Mỹ)$")


def _clean(name: str) -> str | None:
    name = re.sub(r".*\b\S+'s\s+", "", name)  # "Japan's Kyocera ..." -> "Kyocera ..."
    name = re.sub(r".*\b\S+-based\s+", "", name)  # "Hong Kong-based JD ..." -> "JD ..."
    name = _LEADING_NOISE.sub("", name).strip(" .,-&")
    if len(name) < 2 or _COUNTRY_ONLY.match(name):
        return None
    return name


def find_companies(prepared: Prepared) -> list[str]:
    """Company names in order of first mention, each once (compared without case)."""
    text = prepared.nfc
    spans: list[tuple[int, int, str]] = []
    for match in _VI_NAME.finditer(text):
        name = _clean(match.group(0))
        if name and match["name"] and not _COUNTRY_ONLY.match(match["name"]):
            spans.append((match.start(), match.end(), name))
    for match in _EN_NAME.finditer(text):
        if any(s <= match.start() < e for s, e, _ in spans):
            continue
        name = _clean(match["name"])
        if name and name.split()[0] not in {"Industrial", "Economic", "Management", "People's"}:
            spans.append((match.start(), match.end(), name))
    for match in _KNOWN_RE.finditer(text):
        if not any(s <= match.start() < e for s, e, _ in spans):
            spans.append((match.start(), match.end(), match.group(0)))
    seen: dict[str, str] = {}
    for _, _, name in sorted(spans):
        seen.setdefault(name.casefold(), name)
    return list(seen.values())
