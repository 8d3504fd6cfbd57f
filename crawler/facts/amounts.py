"""Money in Vietnamese and English news: "12,5 – 15 tỷ USD", "146 nghìn tỷ đồng", "US$150 million".

A number is money only when a currency is attached (before or after it, optionally with a
scale word between), so dates, percentages, decree numbers ("35/2022/NĐ-CP"), phone numbers and
head counts never become amounts. One exception, because Vietnamese writers drop "đồng": a
figure with "triệu"/"tỷ"/"nghìn tỷ" and no unit after it, right after a money word ("vốn",
"đầu tư", "giảm trừ", "thu nhập", ...), is VND ("tổng vốn 3.200 tỷ, ..."; not "100 triệu dân").
Qualifiers ("hơn", "gần", "over") are left out: ``min`` and ``max`` are the figures printed, a
range only when two figures are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from crawler.facts.text import FIGURE, LEAD, Prepared, read_number, trie_pattern
from newswatch.core.facts import Amount

# US dollars per unit of each currency: fixed round figures (late 2025 bank rates, e.g.
# Vietcombank ~26,000 VND/USD), good enough to rank projects; pass ``usd_rates`` to override.
USD_RATES: Mapping[str, float] = {
    "USD": 1.0,
    "VND": 1 / 26_000,
    "EUR": 1.16,
    "JPY": 1 / 150,
    "KRW": 1 / 1_400,
    "CNY": 1 / 7.1,
    "TWD": 1 / 31,
    "HKD": 1 / 7.8,
    "SGD": 1 / 1.3,
    "GBP": 1.33,
    "THB": 1 / 33,
}

# folded currency words after a number, longest first
_SUFFIX_CURRENCIES = {
    "do la my": "USD",
    "do-la": "USD",
    "do-la my": "USD",
    "dola my": "USD",
    "do la": "USD",
    "dola": "USD",
    "usd": "USD",
    "us dollars": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "do": "USD",
    "dong": "VND",
    "vnd": "VND",
    "vn dong": "VND",
    "euro": "EUR",
    "eur": "EUR",
    "yen": "JPY",
    "jpy": "JPY",
    "won": "KRW",
    "krw": "KRW",
    "nhan dan te": "CNY",
    "yuan": "CNY",
    "cny": "CNY",
    "rmb": "CNY",
    "nhan dan te (cny)": "CNY",
    "sgd": "SGD",
    "twd": "TWD",
    "hkd": "HKD",
    "gbp": "GBP",
    "bang anh": "GBP",
    "baht": "THB",
}
_PREFIX_CURRENCIES = {
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "vnd": "VND",
    "€": "EUR",
    "eur": "EUR",
    "s$": "SGD",
    "sgd": "SGD",
    "hk$": "HKD",
    "nt$": "TWD",
    "£": "GBP",
    "¥": "JPY",
}
_SCALES = {
    "nghin ty": 1e12,
    "ngan ty": 1e12,
    "trieu ty": 1e15,
    "nghin ti": 1e12,
    "ngan ti": 1e12,
    "nghin": 1e3,
    "ngan": 1e3,
    "trieu": 1e6,
    "ty": 1e9,
    "ti": 1e9,
    "thousand": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_VI_SCALES = frozenset(
    {"nghin ty", "ngan ty", "trieu ty", "nghin ti", "ngan ti", "nghin", "ngan", "trieu", "ty", "ti"}
)
# Scale words that are only read right after a prefix currency ("$35m", "$1.5b").
_PREFIX_ONLY_SCALES = frozenset({"m", "b", "mn", "tn"})


_RANGE_SEP = r"\s*(?:-|~|den|toi|to)\s*"
_SCALE_ALT = trie_pattern(_SCALES)
_SUFFIX = re.compile(
    rf"{LEAD}(?P<lo>{FIGURE})(?:{_RANGE_SEP}(?P<hi>{FIGURE}))?"
    rf"\s*(?:(?P<scale>{_SCALE_ALT})(?![a-z])\s*)?"
    rf"(?P<cur>{trie_pattern(_SUFFIX_CURRENCIES)})(?![a-z])"
)
_PREFIX = re.compile(
    rf"(?<![a-z])(?P<cur>{trie_pattern(_PREFIX_CURRENCIES)})\s?"
    rf"(?P<lo>{FIGURE})(?:{_RANGE_SEP}(?P<hi>{FIGURE}))?"
    rf"(?:\s*(?P<scale>{_SCALE_ALT})(?![a-z]))?"
)


_IMPLIED = re.compile(
    rf"{LEAD}(?P<lo>{FIGURE})(?:{_RANGE_SEP}(?P<hi>{FIGURE}))?"
    rf"\s*(?P<scale>{trie_pattern(_VI_SCALES - {'nghin', 'ngan'})})(?![a-z])"
)
_MONEY_BEFORE = re.compile(
    r"(?<![a-z])(?:von|dau tu|tri gia|gia tri|tong muc|doanh thu|ngan sach|thu nhap|giam tru"
    r"|chi phi|kinh phi|nop|dong gop|loi nhuan|chi tieu|tien|gia thue|gia ban)(?![a-z])"
)
# words that may follow an implied sum; any other word makes the figure a count ("100 triệu dân")
_AFTER_IMPLIED = frozenset(
    {"va", "hoac", "cho", "de", "tu", "den", "moi", "mot", "nam", "thang", "tai", "trong", "voi",
     "duoc", "la", "thi", "nhung", "nen", "da", "se"}
)  # fmt: skip
_NEXT_WORD = re.compile(r"\s*([a-z]*)")


def find_amounts(prepared: Prepared, usd_rates: Mapping[str, float] | None = None) -> list[Amount]:
    """Every sum of money in the text, in order, each span once."""
    rates = USD_RATES if usd_rates is None else {**USD_RATES, **usd_rates}
    found: list[tuple[int, Amount]] = []
    taken: list[tuple[int, int]] = []
    for pattern, prefixed in ((_PREFIX, True), (_SUFFIX, False), (_IMPLIED, False)):
        for match in pattern.finditer(prepared.folded):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            if pattern is _IMPLIED and not _implied_vnd(match, prepared):
                continue
            amount = _amount(match, prepared, rates, prefixed=prefixed)
            if amount is not None:
                taken.append((start, end))
                found.append((start, amount))
    return [amount for _, amount in sorted(found, key=lambda pair: pair[0])]


def _amount(
    match: re.Match[str], prepared: Prepared, rates: Mapping[str, float], *, prefixed: bool
) -> Amount | None:
    scale_word = match["scale"]
    if scale_word in _PREFIX_ONLY_SCALES and not prefixed:
        return None
    cur_word = match.groupdict().get("cur")
    if cur_word is None:
        currency = "VND"  # an implied sum, see the module docstring
    elif not prefixed and not _currency_is_written(match, prepared):
        return None
    elif prefixed and cur_word in {"usd", "vnd", "eur", "sgd"} and scale_word is None:
        return None  # "USD 3" without a scale is rare; "VND 2" is usually a list item
    else:
        currency = (_PREFIX_CURRENCIES if prefixed else _SUFFIX_CURRENCIES)[cur_word]
    scale = _SCALES[scale_word] if scale_word else 1.0
    vietnamese = scale_word in _VI_SCALES if scale_word else prepared.vietnamese
    lo = read_number(match["lo"], vietnamese=vietnamese, scaled=bool(scale_word)) * scale
    hi = lo
    start = match.start()
    if match["hi"]:
        hi = read_number(match["hi"], vietnamese=vietnamese, scaled=bool(scale_word)) * scale
        if hi < lo:  # "năm 2025 - 15 tỷ USD": the first figure is no part of the sum
            lo, start = hi, match.start("hi") if not prefixed else start
    rate = rates.get(currency)
    text = prepared.nfc[start : match.end()]
    return Amount(
        text=text,
        min=lo,
        max=hi,
        currency=currency,
        usd_min=lo * rate if rate is not None else None,
        usd_max=hi * rate if rate is not None else None,
    )


def _implied_vnd(match: re.Match[str], prepared: Prepared) -> bool:
    """A money word shortly before, and no unit word after ("15,4 triệu (gồm ...", "tỷ, ...")."""
    begin = max(0, match.start() - 40)
    if not _MONEY_BEFORE.search(prepared.folded, begin, match.start()):
        return False
    after = _NEXT_WORD.match(prepared.folded, match.end())
    return after is None or not after.group(1) or after.group(1) in _AFTER_IMPLIED


def _currency_is_written(match: re.Match[str], prepared: Prepared) -> bool:
    """Folded "do" and "dong" also fold "do" (by) and "Đông" (east): require the written forms."""
    start, end = match.span("cur")
    written = prepared.lower[start:end]
    if match["cur"] == "do":
        return written == "đô"
    if match["cur"] == "dong":
        return written in {"đồng", "dong"}
    return True
