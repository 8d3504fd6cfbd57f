"""Investor origins as ISO 3166-1 alpha-2 codes.

Decisions:
- "Đài Loan (Trung Quốc)", "Taiwan (China)", "China's Taiwan" are TW only; "Hồng Kông (Trung
  Quốc)" is HK only: the compound is matched first and consumes the "Trung Quốc".
- Viet Nam is never an origin here: it is the location in nearly every article and the suffix of
  every local subsidiary ("Công ty TNHH Pegatron Việt Nam"); domestic capital is not FDI.
- Names that are also ordinary words or given names (Mỹ, Đức, Anh, Pháp, Nhật, Hàn...) count only
  with their diacritics and in an origin position: in brackets ("Knauf (Đức)") or after
  "nhà đầu tư", "doanh nghiệp", "tập đoàn", "công ty", "đến từ", "của". "đô la Mỹ" is money.
- A country right after "tại", "ở", "sang", "in" is a location ("sản xuất iPhone tại Trung Quốc").
"""

from __future__ import annotations

import re

from crawler.facts.text import Prepared, trie_pattern

# folded name -> code; longest first when compiled
ORIGIN_NAMES: dict[str, str] = {
    "dai loan (trung quoc)": "TW",
    "dai loan - trung quoc": "TW",
    "dai loan, trung quoc": "TW",
    "taiwan (china)": "TW",
    "taiwan, china": "TW",
    "china's taiwan": "TW",
    "chinese taipei": "TW",
    "dai loan": "TW",
    "taiwan": "TW",
    "taiwanese": "TW",
    "hong kong (trung quoc)": "HK",
    "hong kong (china)": "HK",
    "hong kong, china": "HK",
    "hong kong": "HK",
    "hongkong": "HK",
    "nhat ban": "JP",
    "japan": "JP",
    "japanese": "JP",
    "han quoc": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "korea": "KR",
    "korean": "KR",
    "rok": "KR",
    "dai han dan quoc": "KR",
    "trung quoc": "CN",
    "china": "CN",
    "chinese": "CN",
    "mainland china": "CN",
    "singapore": "SG",
    "singaporean": "SG",
    "xin-ga-po": "SG",
    "hoa ky": "US",
    "united states": "US",
    "america": "US",
    "american": "US",
    "ha lan": "NL",
    "netherlands": "NL",
    "dutch": "NL",
    "belgium": "BE",
    "belgian": "BE",
    "vuong quoc bi": "BE",
    "germany": "DE",
    "german": "DE",
    "cong hoa lien bang duc": "DE",
    "france": "FR",
    "french": "FR",
    "cong hoa phap": "FR",
    "vuong quoc anh": "GB",
    "united kingdom": "GB",
    "british": "GB",
    "thai lan": "TH",
    "thailand": "TH",
    "malaysia": "MY",
    "indonesia": "ID",
    "an do": "IN",
    "india": "IN",
    "indian": "IN",
    "australia": "AU",
    "australian": "AU",
    "canada": "CA",
    "canadian": "CA",
    "thuy si": "CH",
    "switzerland": "CH",
    "swiss": "CH",
    "dan mach": "DK",
    "denmark": "DK",
    "thuy dien": "SE",
    "sweden": "SE",
    "swedish": "SE",
    "phan lan": "FI",
    "finland": "FI",
    "na uy": "NO",
    "norway": "NO",
    "samoa": "WS",
    "qatar": "QA",
    "quan dao virgin thuoc anh": "VG",
    "british virgin islands": "VG",
    "quan dao cayman": "KY",
    "cayman islands": "KY",
    "luxembourg": "LU",
}
# Ambiguous names: written form (NFC, lower case) -> code; see the module docstring.
WORD_NAMES = {
    "Mỹ": "US", "Đức": "DE", "Anh": "GB", "Pháp": "FR", "Bỉ": "BE", "Úc": "AU", "Ý": "IT",
    "Nhật": "JP", "Hàn": "KR",
}  # fmt: skip
_ORIGIN_CUES = r"(?i:nhà đầu tư|doanh nghiệp|tập đoàn|công ty|đến từ|của|vốn|nước)"

_COMPILED = re.compile(rf"(?<![a-z])(?P<name>{trie_pattern(ORIGIN_NAMES)})(?![a-z])")
_WORDS = "|".join(WORD_NAMES)
_AMBIGUOUS = re.compile(rf"\((?P<p>{_WORDS})\)|(?<=\s){_ORIGIN_CUES}\s+(?P<c>{_WORDS})(?![\wà-ỹ])")
# Not an origin: a place ("tại Trung Quốc", "in China"), people ("người Trung Quốc"), a joint
# name ("Việt Nam - Singapore", "Japan-Hải Phòng IZ"), a government ("Singapore Prime Minister"),
# a move ("từ Trung Quốc sang Việt Nam").
_NOT_ORIGIN_BEFORE = re.compile(r"(?:\btai|\bo|\bsang|\bin|\bto|\bnguoi|[a-z]\s*-)\s*$")
_NOT_ORIGIN_AFTER = re.compile(
    r"^\s*(?:-\s*(?!based)[a-z]|sang\b|prime minister|president|embassy|ambassador|government"
    r"|thu tuong|dai su|chinh phu)"
)


def find_countries(prepared: Prepared) -> list[str]:
    """ISO codes of the investor origins named in the text, each once, in order."""
    hits: list[tuple[int, str]] = []
    for match in _COMPILED.finditer(prepared.folded):
        before = prepared.folded[max(0, match.start() - 7) : match.start()]
        after = prepared.folded[match.end() : match.end() + 16]
        if _NOT_ORIGIN_BEFORE.search(before) or _NOT_ORIGIN_AFTER.match(after):
            continue
        if match["name"] == "rok" and prepared.nfc[match.start() : match.end()] != "RoK":
            continue
        hits.append((match.start(), ORIGIN_NAMES[match["name"]]))
    for match in _AMBIGUOUS.finditer(prepared.nfc):
        word = match["p"] or match["c"]
        hits.append((match.start(), WORD_NAMES[word]))
    for match in re.finditer(r"(?<![A-Za-z.])(?:U\.S\.|US|USA|UK)(?![A-Za-z$])", prepared.nfc):
        hits.append((match.start(), "GB" if match.group() == "UK" else "US"))
    seen: dict[str, None] = {}
    for _, code in sorted(hits):
        seen.setdefault(code, None)
    return list(seen)
