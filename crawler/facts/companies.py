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
Rules 2 and 3 find their anchor (the suffix, the bracket) first and read the name backwards,
which keeps a page cheap: a capital letter alone does not start a costly match.
"""

from __future__ import annotations

import re

from crawler.facts.countries import ORIGIN_NAMES, WORD_NAMES
from crawler.facts.text import Prepared, prepare, trie_pattern

_UPPER = "A-ZÀ-ÝĂĐĨŨƠƯẠ-Ỹ"
_WORDCH = r"[\wÀ-ỹ]"
_VI_FORMS = (
    r"(?:[Cc]ông [Tt]y|Cty|[Tt]ập [Đđ]oàn|[Tt]ổng [Cc]ông [Tt]y)"
    r"(?:\s+(?:TNHH|[Tt]rách nhiệm hữu hạn)(?:\s+(?:MTV|[Mm]ột thành viên))?"
    r"|\s+(?:[Cc]ổ phần|CP|Cp))?"
)
# words that end a Vietnamese company name
_VI_STOP = (
    "làm", "tại", "với", "đã", "được", "vừa", "cho", "có", "là", "thực hiện", "trao", "sẽ",
    "đang", "cũng", "về", "theo", "do", "thuộc", "nhằm", "đến", "trong", "và các", "khi", "để",
    "đầu tư vào", "ở", "từ", "chuyên", "hiện", "đạt", "nộp", "nâng", "tăng", "bày tỏ",
    "cho biết", "mong muốn",
)  # fmt: skip
_VI_NAME = re.compile(
    rf"{_VI_FORMS}\s+(?P<name>[{_UPPER}0-9]{_WORDCH}*"
    rf"(?:(?:[ \-&]+|\.(?=\S))(?!(?:{trie_pattern(_VI_STOP)})\b){_WORDCH}+){{0,9}})"
)
# No look-behind for the space before the suffix: ``re`` scans a look-behind-first pattern
# position by position; the space is checked on the matches instead.
_EN_SUFFIX = re.compile(
    r"(?:Co\.,?\s?Ltd\.?|Co\.?\s?Ltd\.?|Company\s+Limited|Co\.?,?\s+Limited|Pte\.?\s?Ltd\.?"
    r"|Ltd\.?\s+Co\.?|JSC|Joint Stock Company|Corporation|Corp\.?|Inc\.?|Ltd\.?|Limited|LLC"
    r"|GmbH|AG|Holdings|Group|Company|Co\b)(?![\w])"
)
_CAP_WORD = rf"(?:[{_UPPER}0-9][\w&'.\-]*|&|of|and|\(Vietnam\)|\(Việt Nam\))"
# a capitalised run that ends where the window ends (the anchor follows it)
_EN_NAME_BEFORE = re.compile(rf"(?<![\w&'.\-])[{_UPPER}][\w&'.\-]*(?:\s+{_CAP_WORD}){{0,7}}\s+$")
_CAP_RUN = rf"[{_UPPER}][\w.&'\-]*(?:\s+(?:&\s+)?[{_UPPER}0-9][\w.&'\-]*){{0,4}}"
_RUN_BEFORE = re.compile(rf"(?<![\w.&'\-]){_CAP_RUN}\s+$")
_BRACKET = re.compile(r"\((?P<origin>[^()]{2,30})\)")
# Each slot pattern starts with its literal, which ``re`` finds fast; the word boundary before
# it is checked on the (few) matches.
_SLOTS = (
    re.compile(rf"do\s+(?P<name>{_CAP_RUN})\s+làm chủ đầu tư"),
    re.compile(rf"nhà đầu tư\s+(?P<name>{_CAP_RUN})"),
)
_KNOWN = (
    "LG Display", "LG Electronics", "LG Innotek", "Pegatron", "Vingroup", "VinFast", "Vinhomes",
    "Bridgestone", "Kyocera", "Shin-Etsu", "Sao Đỏ", "Becamex", "Idico", "Kinh Bắc", "Foxconn",
    "Luxshare", "USI", "Lite-On", "Liteon", "Nipro", "Heesung", "Wolong", "Jinko Solar",
)  # fmt: skip
_KNOWN_LOWER = re.compile(rf"(?<![\w-])(?:{trie_pattern(k.lower() for k in _KNOWN)})(?![\w-])")
_KNOWN_TAIL = re.compile(rf"(?:\s+(?!Vi[eệ]t Nam\b)[{_UPPER}][\w-]*){{0,2}}")
_LEADING_NOISE = re.compile(r"^(?:The|A|An|By|From|Both|At|In|For)\s+")
_WINDOW = 120

Span = tuple[int, int, str]


# capitalised words that are no company: investment jargon and Vietnamese authorities
_NOT_COMPANIES = frozenset({"FDI", "DDI", "ODA", "PPP", "BOT", "KCN", "KKT", "CCN", "UBND", "HĐND"})


def _clean(name: str) -> str | None:
    name = re.sub(r".*\b\S+'s\s+", "", name)  # "Japan's Kyocera ..." -> "Kyocera ..."
    name = re.sub(r".*\b\S+-based\s+", "", name)  # "Hong Kong-based JD ..." -> "JD ..."
    name = _LEADING_NOISE.sub("", name).strip(" .,-&")
    if len(name) < 2 or _is_origin(name) or name in _NOT_COMPANIES:
        return None
    return name


def _is_origin(words: str) -> bool:
    folded = prepare(words).folded
    return folded in ORIGIN_NAMES or folded in {"vietnam", "viet nam"} or words in WORD_NAMES


def _legal_vi(text: str) -> list[Span]:
    spans = []
    for match in _VI_NAME.finditer(text):
        name = _clean(match.group(0))
        if name and not _is_origin(match["name"]):
            spans.append((match.start(), match.end(), name))
    return spans


def _legal_en(text: str) -> list[Span]:
    longest: dict[int, int] = {}
    for suffix in _EN_SUFFIX.finditer(text):
        if not text[suffix.start() - 1 : suffix.start()].isspace():
            continue
        before = _EN_NAME_BEFORE.search(text, max(0, suffix.start() - _WINDOW), suffix.start())
        if before is not None:
            longest[before.start()] = max(longest.get(before.start(), 0), suffix.end())
    spans = []
    for start, end in longest.items():
        name = _clean(text[start:end])
        if name and name.split()[0] not in {"Industrial", "Economic", "Management", "People's"}:
            spans.append((start, end, name))
    return spans


def _with_origin(text: str) -> list[Span]:
    spans = []
    for bracket in _BRACKET.finditer(text):
        if not text[bracket.start() - 1 : bracket.start()].isspace() or not _is_origin(
            bracket["origin"]
        ):
            continue
        before = _RUN_BEFORE.search(text, max(0, bracket.start() - _WINDOW), bracket.start())
        if before is not None:
            name = before.group().strip()
            if not _is_origin(name):
                spans.append((before.start(), before.start() + len(name), name))
    return spans


def _slots(text: str) -> list[Span]:
    spans = []
    for match in (m for slot in _SLOTS for m in slot.finditer(text)):
        if text[match.start() - 1 : match.start()].isalnum():
            continue
        words = match["name"].split()
        for cut in range(len(words), 0, -1):  # "Singapore Biel Crystal" -> "Biel Crystal"
            if _is_origin(" ".join(words[:cut])):
                words = words[cut:]
                break
        name = _clean(" ".join(words))
        if name:
            spans.append((match.start("name"), match.end("name"), name))
    return spans


def _known(prepared: Prepared) -> list[Span]:
    spans = []
    for match in _KNOWN_LOWER.finditer(prepared.lower):
        tail = _KNOWN_TAIL.match(prepared.nfc, match.end())
        end = tail.end() if tail else match.end()
        spans.append((match.start(), end, prepared.nfc[match.start() : end]))
    return spans


def find_companies(prepared: Prepared) -> list[str]:
    """Company names in order of first mention, each once (compared without case)."""
    text = prepared.nfc
    spans: list[Span] = []
    for found in (
        _legal_vi(text),
        _legal_en(text),
        _with_origin(text),
        _slots(text),
        _known(prepared),
    ):
        for start, end, name in found:
            if not any(s <= start < e for s, e, _ in spans):
                spans.append((start, end, name))
    seen: dict[str, str] = {}
    for _, _, name in sorted(spans):
        seen.setdefault(name.casefold(), name)
    return list(seen.values())
