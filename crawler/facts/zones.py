"""Zones named in a text, from the gazetteer in ``zones.toml``.

A core name counts only with a zone word around it ("KCN Tràng Duệ", "Khu công nghiệp Tràng Duệ",
"Trang Due Industrial Park", "Trang Due IP"), because bare place names are also districts,
communes and ports ("huyện An Dương", "khu bến Đình Vũ"). Lists after one zone word count too
("các KCN Tràng Duệ, Nomura và Đình Vũ"). Aliases that cannot mean anything else match bare;
"local" aliases ("VSIP", "DEEP C") only when the text is about Hải Phòng and neither another
province nor a company word follows them ("VSIP Bắc Ninh", "VSIP JSC"). The longest name wins.

Matching works on words of the folded text (a dictionary lookup per window of words, not one
regular expression with thousands of alternatives), so a page costs about as much as folding it.
"""

from __future__ import annotations

import re

from crawler.facts.gazetteer import PREFIX_KEYS, SUFFIX_KEYS, Gazetteer, gazetteer
from crawler.facts.text import Prepared
from newswatch.core.facts import Zone

_OTHER_PROVINCES = (
    "bac ninh",
    "binh duong",
    "quang ngai",
    "nghe an",
    "hai duong",
    "quang ninh",
    "thai binh",
    "hung yen",
    "ha noi",
    "bac giang",
    "can tho",
    "long an",
    "hue",
    "binh dinh",
    "vinh phuc",
)
_COMPANY_WORDS = frozenset({"jsc", "group", "corp", "corporation", "company", "co", "ltd"})
# Local aliases need the text to be about Hải Phòng: the city, its zone authority or its
# best-known zone areas.
_HAI_PHONG = re.compile(
    r"(?<![a-z])(?:hai phong|haiphong|heza|dinh vu|cat hai|thuy nguyen)(?![a-z])"
)
_WORD_SPLIT = re.compile(r"([a-z0-9]+)")
# what may stand between two words of one name, or between a zone word and the name
_JOINING = frozenset({"", "-", ",", ":"})
_LIST_WORDS = frozenset({"va", "and"})
# "X such as A, B and C": the list after a zone word, within a few words in one sentence
_INTRODUCERS = {
    "nhu": ("nhu",),
    "gom": ("gom",),
    "such": ("such", "as"),
    "including": ("including",),
    "like": ("like",),
}
_INTRODUCER_REACH = 10
_ABBREVIATIONS = frozenset({"kcn", "kkt", "ccn"})


def _by_first_word(
    keys: dict[str, list[tuple[str, ...]]],
) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Zone words indexed by their first word, so most words of a page cost one lookup."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for kind, forms in keys.items():
        for form in forms:
            index.setdefault(form[0], []).append((kind, form))
    return index


_PREFIX_FIRST = _by_first_word(PREFIX_KEYS)
_ZONE_WORDS = [
    (kind, form)
    for kind, forms in (*PREFIX_KEYS.items(), *SUFFIX_KEYS.items())
    for form in forms
    if len(form) > 1 or form[0] in {"kcn", "kkt", "ccn"}
] + [("KCN", ("ips",)), ("KCN", ("industrial", "zones"))]
_SUFFIX_FIRST = _by_first_word(SUFFIX_KEYS)
_PROVINCE_KEYS = [tuple(p.split()) for p in _OTHER_PROVINCES]


class _Words:
    """The folded text as words, with which neighbours may join into one name."""

    def __init__(self, folded: str) -> None:
        parts = _WORD_SPLIT.split(folded)  # gap, word, gap, word, ..., gap
        self.words = parts[1::2]
        self.gaps = parts[2::2]  # gaps[i] follows words[i]

    def joins(self, i: int) -> bool:
        """Whether words ``i`` and ``i + 1`` may be parts of one name."""
        return i + 1 < len(self.words) and self.gaps[i].strip() in _JOINING

    def at(self, start: int, key: tuple[str, ...]) -> bool:
        """Whether the words from ``start`` are ``key``, joined as one name."""
        end = start + len(key)
        if start < 0 or tuple(self.words[start:end]) != key:
            return False
        return all(self.joins(j) for j in range(start, end - 1))

    def longest(
        self, start: int, table: dict[tuple[str, ...], int], most: int
    ) -> tuple[int, int] | None:
        """(size, zone) of the longest name of ``table`` starting at word ``start``."""
        best = None
        parts: list[str] = []
        for j in range(start, min(start + most, len(self.words))):
            if parts and not self.joins(j - 1):
                break
            parts.append(self.words[j])
            zone = table.get(tuple(parts))
            if zone is not None:
                best = (len(parts), zone)
        return best


def find_zones(prepared: Prepared) -> list[Zone]:
    """The zones named in the text, each once, in order of first mention."""
    gaz = gazetteer()
    words = _Words(prepared.folded)
    hits: list[tuple[int, int, int]] = []  # (first word, word count, zone)
    for i, word in enumerate(words.words):
        if word in _INTRODUCERS:
            hits.extend(_introduced(words, i, gaz))
        if word not in gaz.starts:
            continue
        hits.extend(_prefixed(words, i, gaz))
        hits.extend(_suffixed(words, i, gaz))
        found = words.longest(i, gaz.bare, gaz.longest)
        if found and not words.at(i + found[0], ("peninsula",)):
            hits.append((i, found[0], found[1]))
    if gaz.local and _HAI_PHONG.search(prepared.folded):
        local_starts = {key[0] for key in gaz.local}
        for i, word in enumerate(words.words):
            if word not in local_starts:
                continue
            found = words.longest(i, gaz.local, gaz.longest)
            if found and _local_ok(words, i + found[0]):
                hits.append((i, found[0], found[1]))
    return _first_mentions(hits, gaz)


def _introduced(words: _Words, i: int, gaz: Gazetteer) -> list[tuple[int, int, int]]:
    """Names listed after "như"/"gồm"/"such as"/"including" that follow a zone word in the same
    sentence: "các khu công nghiệp thu hút nhiều dự án như An Phát 1, Đại An, Lai Cách"."""
    introducer = _INTRODUCERS[words.words[i]]
    if not words.at(i, introducer):
        return []
    for back in range(i - 1, max(-1, i - _INTRODUCER_REACH), -1):
        if any(mark in words.gaps[back] for mark in ".;!?"):
            return []
        for kind, phrase in _ZONE_WORDS:
            if words.at(back - len(phrase) + 1, phrase):
                return _listed(words, i + len(introducer), kind, True, gaz, first=True)
    return []


def _prefixed(words: _Words, i: int, gaz: Gazetteer) -> list[tuple[int, int, int]]:
    """ "KCN X" at word ``i``, and the list that may follow ("các KCN X, Y và Z")."""
    for kind, prefix in _PREFIX_FIRST.get(words.words[i], ()):
        start = i + len(prefix)
        if not words.at(i, prefix) or start >= len(words.words):
            continue
        if words.words[start] in _ABBREVIATIONS and words.gaps[start - 1].strip() == "(":
            start += 1  # "Khu công nghiệp (KCN) Tràng Duệ"
            if words.gaps[start - 1].strip() != ")":
                continue
        elif not words.joins(start - 1):
            continue
        found = words.longest(start, gaz.names[kind], gaz.longest)
        if found is None:
            continue
        plural = i > 0 and (words.words[i - 1] in {"cac", "nhung"} or words.words[i - 1].isdigit())
        hits = [(start, found[0], found[1])]
        return hits + _listed(words, start + found[0], kind, plural, gaz)
    return []


def _listed(
    words: _Words, nxt: int, kind: str, plural: bool, gaz: Gazetteer, *, first: bool = False
) -> list[tuple[int, int, int]]:
    """Names of ``kind`` listed from word ``nxt``; ``first``: the first needs no separator.

    A list goes on after a comma only when the zone word was plural: "KCN Tràng Duệ, An Dương,
    Hải Phòng" is an address, not two parks; "và"/"and" always joins.
    """
    hits = []
    while nxt < len(words.words):
        if not first:
            if words.words[nxt] in _LIST_WORDS:
                nxt += 1
            elif not (plural and words.gaps[nxt - 1].strip() == ","):
                break
        first = False
        if nxt < len(words.words) and words.words[nxt] in {"kcn", "ccn"}:
            nxt += 1
        found = words.longest(nxt, gaz.names[kind], gaz.longest)
        if found is None:
            break
        hits.append((nxt, found[0], found[1]))
        nxt += found[0]
    return hits


def _suffixed(words: _Words, i: int, gaz: Gazetteer) -> list[tuple[int, int, int]]:
    """ "X Industrial Park" with the suffix starting at word ``i``."""
    for kind, suffix in _SUFFIX_FIRST.get(words.words[i], ()):
        if i == 0 or not words.at(i, suffix) or not words.joins(i - 1):
            continue
        for size in range(min(gaz.longest, i), 0, -1):
            window = tuple(words.words[i - size : i])
            zone = gaz.names[kind].get(window)
            if zone is not None and words.at(i - size, window):
                return [(i - size, size, zone)]
    return []


def _local_ok(words: _Words, after: int) -> bool:
    if after < len(words.words) and words.words[after] in _COMPANY_WORDS:
        return False
    return not any(words.at(after, province) for province in _PROVINCE_KEYS)


def _first_mentions(hits: list[tuple[int, int, int]], gaz: Gazetteer) -> list[Zone]:
    """Longest hit wins where hits overlap; each zone once, in text order."""
    chosen: list[tuple[int, int, int]] = []
    for start, size, zone in sorted(hits, key=lambda h: (h[0], -h[1])):
        if chosen and start < chosen[-1][0] + chosen[-1][1]:
            continue
        chosen.append((start, size, zone))
    seen: dict[Zone, None] = {}
    for _, _, zone in chosen:
        seen.setdefault(gaz.zones[zone], None)
    return list(seen)
