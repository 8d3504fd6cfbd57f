"""Investor and developer names.

General rules, no per-article lists:
1. Vietnamese legal forms: "Công ty (TNHH|Cổ phần|CP|...) X", "Tập đoàn X", "Tổng công ty X",
   where X starts with a capital letter and runs to punctuation or a verb/preposition
   ("làm chủ đầu tư", "tại", "với", ...).
2. English legal suffixes: "X Co., Ltd", "X JSC", "X Corporation", "X Inc.", "X Pte Ltd",
   "X Group" with X a run of capitalised words.
3. A capitalised name with its origin in brackets: "Knauf (Germany)", "Pegatron (Đài Loan)".
4. The investor slot of Vietnamese phrasing: "do X làm chủ đầu tư", "nhà đầu tư [country] X".
5. A short list of anchor investors of Hải Phòng's zones that the press names bare ("LG
   Display", "Pegatron"), extended by the capitalised words that follow ("Kyocera Mita"). Zone
   names that are also developers (DEEP C, VSIP) are left to the zone gazetteer: the bare name
   is far more often the park than the company.
"""

from __future__ import annotations

import re

from crawler.facts.countries import ORIGIN_NAMES, WORD_NAMES
from crawler.facts.text import Prepared, prepare

_UPPER = "A-ZÀ-ÝĂĐĨŨƠƯẠ-Ỹ"
_WORDCH = r"[\wÀ-ỹ]"
_VI_FORMS = (
    r"(?:Công ty|Công Ty|công ty|Cty|Tập đoàn|Tập Đoàn|tập đoàn|Tổng công ty|Tổng Công ty|Tổng công Ty)"
    r"(?:\s+(?:TNHH|trách nhiệm hữu hạn|Trách nhiệm hữu hạn)(?:\s+(?:MTV|một thành viên|Một thành viên))?"
    r"|\s+(?:Cổ phần|cổ phần|CP|Cp))?"
)
# words that end a Vietnamese company name
_VI_STOP = (
    "làm",
    "tại",
    "với",
    "đã",
    "được",
    "vừa",
    "cho",
    "có",
    "là",
    "thực hiện",
    "trao",
    "sẽ",
    "đang",
    "cũng",
    "về",
    "theo",
    "do",
    "thuộc",
    "nhằm",
    "đến",
    "trong",
    "và các",
    "khi",
    "để",
    "đầu tư vào",
    "ở",
    "từ",
    "chuyên",
    "hiện",
    "đạt",
    "nộp",
    "nâng",
    "tăng",
    "bày tỏ",
    "cho biết",
    "mong muốn",
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
_EN_NAME = re.compile(
    rf"(?P<name>[{_UPPER}][\w&'.\-]*(?:\s+{_CAP_WORD}){{0,7}}\s+{_EN_SUFFIX})(?![\w])"
)
_KNOWN = (
    "LG Display",
    "LG Electronics",
    "LG Innotek",
    "Pegatron",
    "Vingroup",
    "VinFast",
    "Vinhomes",
    "Bridgestone",
    "Kyocera",
    "Shin-Etsu",
    "Sao Đỏ",
    "Becamex",
    "Idico",
    "Kinh Bắc",
    "Foxconn",
    "Luxshare",
    "USI",
    "Lite-On",
    "Liteon",
    "Nipro",
    "Heesung",
    "Wolong",
    "Jinko Solar",
)
_KNOWN_RE = re.compile(
    r"(?<![\w-])(?i:" + "|".join(re.escape(k) for k in _KNOWN) + r")(?![\w-])"
    rf"(?:\s+(?!Vi[eệ]t Nam\b)[{_UPPER}][\w-]*){{0,2}}"
)
_CAP_RUN = rf"[{_UPPER}][\w.&'\-]*(?:\s+(?:&\s+)?[{_UPPER}0-9][\w.&'\-]*){{0,4}}"
_WITH_ORIGIN = re.compile(rf"(?<![\w])(?P<name>{_CAP_RUN})\s+\((?P<origin>[^()]{{2,30}})\)")
_SLOTS = re.compile(
    rf"(?:\bdo\s+(?P<by>{_CAP_RUN})\s+làm chủ đầu tư)"
    rf"|(?:nhà đầu tư\s+(?P<inv>{_CAP_RUN}))"
)
_LEADING_NOISE = re.compile(r"^(?:The|A|An|By|From|Both|At|In|For)\s+")
_COUNTRY_ONLY = re.compile(r"^(?:Hàn Quốc|Nhật Bản|Trung Quốc|Đài Loan|Singapore|Hoa Kỳ|Mỹ)$")


def _clean(name: str) -> str | None:
    name = re.sub(r".*\b\S+'s\s+", "", name)  # "Japan's Kyocera ..." -> "Kyocera ..."
    name = re.sub(r".*\b\S+-based\s+", "", name)  # "Hong Kong-based JD ..." -> "JD ..."
    name = _LEADING_NOISE.sub("", name).strip(" .,-&")
    if len(name) < 2 or _COUNTRY_ONLY.match(name):
        return None
    return name


def _is_origin(words: str) -> bool:
    folded = prepare(words).folded
    return folded in ORIGIN_NAMES or folded in {"vietnam", "viet nam"} or words in WORD_NAMES


def _origin_named(prepared: Prepared) -> list[tuple[int, int, str]]:
    """Rules 3 and 4: a name before "(country)" or in the investor slot."""
    spans = []
    for match in _WITH_ORIGIN.finditer(prepared.nfc):
        if _is_origin(match["origin"]) and not _is_origin(match["name"]):
            spans.append((match.start(), match.end("name"), match["name"]))
    for match in _SLOTS.finditer(prepared.nfc):
        key = "by" if match["by"] else "inv"
        name = match[key]
        words = name.split()
        for cut in range(len(words), 0, -1):  # "Singapore Biel Crystal" -> "Biel Crystal"
            if _is_origin(" ".join(words[:cut])):
                name = " ".join(words[cut:])
                break
        if name and not _is_origin(name):
            spans.append((match.start(key), match.end(key), name))
    return spans


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
    for start, end, name in _origin_named(prepared):
        if not any(s <= start < e for s, e, _ in spans):
            spans.append((start, end, name))
    for match in _KNOWN_RE.finditer(text):
        if not any(s <= match.start() < e for s, e, _ in spans):
            spans.append((match.start(), match.end(), match.group(0)))
    seen: dict[str, str] = {}
    for _, _, name in sorted(spans):
        seen.setdefault(name.casefold(), name)
    return list(seen.values())
