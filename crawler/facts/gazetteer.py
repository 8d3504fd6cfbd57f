"""The zone gazetteer (``zones.toml``) as lookup tables, and zone names for search filters.

Names are compared as tuples of folded words, so "Đình Vũ - Cát Hải", "Dinh Vu-Cat Hai" and
"Đình Vũ, Cát Hải" are one key. ``zones.py`` finds the zones of a text with these tables;
``zones_matching`` resolves what a user types after ``--zone``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from crawler.facts.text import prepare
from newswatch.core.facts import Zone

_WORD = re.compile(r"[a-z0-9]+")

PREFIXES = {
    "KCN": ("khu cong nghiep", "kcn", "khu cn"),
    "KKT": ("khu kinh te", "kkt"),
    "CCN": ("cum cong nghiep", "ccn", "cum cn"),
}
SUFFIXES = {
    "KCN": (
        "industrial park",
        "industrial zone",
        "industrial estate",
        "industrial parks",
        "ip",
        "iz",
    ),
    "KKT": ("economic zone", "ez"),
    "CCN": ("industrial cluster",),
}
PREFIX_KEYS = {kind: [tuple(p.split()) for p in ps] for kind, ps in PREFIXES.items()}
SUFFIX_KEYS = {kind: [tuple(s.split()) for s in ss] for kind, ss in SUFFIXES.items()}

# zone words a user may type around a name in a search filter
_QUERY_NOISE = frozenset(
    {"kcn", "kkt", "ccn", "khu", "cong", "nghiep", "kinh", "te", "cum", "industrial", "park",
     "zone", "economic", "ip", "iz", "ez"}
)  # fmt: skip


def key(name: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(prepare(name).folded))


@dataclass(frozen=True)
class Gazetteer:
    """Name tables keyed by word tuples; values index ``zones``."""

    version: str
    zones: tuple[Zone, ...]
    names: dict[str, dict[tuple[str, ...], int]]  # kind -> core name -> zone
    bare: dict[tuple[str, ...], int]
    local: dict[tuple[str, ...], int]
    longest: int
    # first words of bare aliases, zone words and suffixes: any other word is skipped at once
    starts: frozenset[str]
    # per zone: every written form, as words (for ``zones_matching``)
    forms: tuple[tuple[tuple[str, ...], ...], ...]


@cache
def gazetteer() -> Gazetteer:
    """Load ``zones.toml`` once per process."""
    data = tomllib.loads(resources.files("crawler.facts").joinpath("zones.toml").read_text("utf-8"))
    zones: list[Zone] = []
    names: dict[str, dict[tuple[str, ...], int]] = {kind: {} for kind in PREFIXES}
    bare: dict[tuple[str, ...], int] = {}
    local: dict[tuple[str, ...], int] = {}
    forms: list[tuple[tuple[str, ...], ...]] = []
    for index, entry in enumerate(data["zone"]):
        zones.append(Zone(name=entry["name"], kind=entry["kind"]))
        written = [entry["name"], *entry["names"], *entry.get("aliases", [])]
        forms.append(tuple({key(w): None for w in [*written, *entry.get("local_aliases", [])]}))
        for name in entry["names"]:
            names[entry["kind"]].setdefault(key(name), index)
        for alias in entry.get("aliases", []):
            bare.setdefault(key(alias), index)
        for alias in entry.get("local_aliases", []):
            local.setdefault(key(alias), index)
    longest = max(len(k) for table in (*names.values(), bare, local) for k in table)
    starts = frozenset(
        key[0] for keys in (bare, *PREFIX_KEYS.values(), *SUFFIX_KEYS.values()) for key in keys
    )
    return Gazetteer(
        data["version"], tuple(zones), names, bare, local, longest, starts, tuple(forms)
    )


def zones_matching(query: str) -> list[Zone]:
    """The zones a user means by ``query`` (a search filter): every zone with a written form
    that contains the query's words in order, accents and case ignored. "Đình Vũ" gives DEEP C
    Hải Phòng I (Đình Vũ), Nam Đình Vũ, MP Đình Vũ and the Đình Vũ – Cát Hải zone; "KCN Tràng
    Duệ" or "Trang Due" give Tràng Duệ (and Tràng Duệ 3, the cluster Hỗ trợ Tràng Duệ)."""
    words = tuple(w for w in key(query) if w not in _QUERY_NOISE)
    if not words:
        return []
    gaz = gazetteer()
    return [
        zone
        for zone, forms in zip(gaz.zones, gaz.forms, strict=True)
        if any(_contains(form, words) for form in forms)
    ]


def _contains(form: tuple[str, ...], words: tuple[str, ...]) -> bool:
    return any(form[i : i + len(words)] == words for i in range(len(form) - len(words) + 1))
