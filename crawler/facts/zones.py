"""Zones named in a text, from the gazetteer in ``zones.toml``.

A core name counts only with a zone word around it ("KCN Tràng Duệ", "Khu công nghiệp Tràng Duệ",
"Trang Due Industrial Park", "Trang Due IP"), because bare place names are also districts,
communes and ports ("huyện An Dương", "khu bến Đình Vũ"). Lists after one zone word count too
("các KCN Tràng Duệ, Nomura và Đình Vũ"). Aliases that cannot mean anything else match bare;
"local" aliases ("VSIP", "DEEP C") only when the text names Hải Phòng and no other province
follows them ("VSIP Bắc Ninh"). The longest name wins at each position.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from crawler.facts.model import Zone
from crawler.facts.text import Prepared, prepare

_PREFIXES = {
    "KCN": ("khu cong nghiep", "kcn", "khu cn", "cac khu cong nghiep", "cac kcn"),
    "KKT": ("khu kinh te", "kkt", "cac khu kinh te", "cac kkt"),
    "CCN": ("cum cong nghiep", "ccn", "cum cn", "cac cum cong nghiep", "cac ccn"),
}
_SUFFIXES = {
    "KCN": ("industrial park", "industrial zone", "industrial estate", "ip", "iz", "industrial parks"),
    "KKT": ("economic zone", "ez"),
    "CCN": ("industrial cluster",),
}
_OTHER_PROVINCES = (
    "bac ninh", "binh duong", "quang ngai", "nghe an", "hai duong", "quang ninh", "thai binh",
    "hung yen", "ha noi", "bac giang", "can tho", "long an", "hue", "binh dinh", "vinh phuc",
)
# Local aliases need the text to be about Hải Phòng: the city, its zone authority or its
# best-known zone areas.
_HAI_PHONG = re.compile(r"(?<![a-z])(?:hai phong|haiphong|heza|dinh vu|cat hai|thuy nguyen)(?![a-z])")
# ... and are not the developer company ("VSIP JSC", "DEEP C Group") or another province's park.
_NOT_LOCAL_AFTER = r"(?!\s+(?:jsc|group|corp|corporation|company|co\b|ltd))"
# Bare aliases are not the peninsula of the same name ("Dinh Vu - Cat Hai Peninsula").
_NOT_BARE_AFTER = r"(?!\s+peninsula)"
_LIST_SEP = r"\s*(?P<sep>,|\bva\b|\band\b|&)\s*"
# A list continues a prefixed name only after a plural zone word ("các KCN X, Y") or with "và"
# ("KCN X và Y"): "KCN Tràng Duệ, An Dương, Hải Phòng" is an address, not two parks.
_PLURAL = re.compile(r"(?:\bcac|\bnhung|\d+)\s+$")


@dataclass(frozen=True)
class Gazetteer:
    """Compiled patterns; group names ``z<index>`` point into ``zones``."""

    version: str
    zones: tuple[Zone, ...]
    prefixed: re.Pattern[str]
    listed: dict[str, re.Pattern[str]]
    bare: re.Pattern[str]
    local: re.Pattern[str] | None


def _variant(name: str) -> str:
    """A folded name as a pattern: any dash or none between parts, any run of spaces."""
    folded = prepare(name).folded
    parts = [re.escape(p) for p in re.split(r"\s*-\s*", folded)]
    return r"(?:\s*[-,]\s*|\s+)".join(p.replace(r"\ ", r"\s+") for p in parts)


def _group(alternatives: list[tuple[str, int]]) -> str:
    """One named group per zone would repeat names; one alternation, longest first, then look up."""
    ordered = sorted(alternatives, key=lambda pair: len(pair[0]), reverse=True)
    return "|".join(f"(?P<z{i}_{n}>{pattern})" for n, (pattern, i) in enumerate(ordered))


def _compile(alternatives: list[tuple[str, int]], before: str = "", after: str = "") -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){before}(?:{_group(alternatives)})(?![a-z0-9]){after}")


@cache
def gazetteer() -> Gazetteer:
    """Load and compile ``zones.toml`` once per process."""
    data = tomllib.loads(resources.files("crawler.facts").joinpath("zones.toml").read_text("utf-8"))
    zones: list[Zone] = []
    prefixed: list[tuple[str, int]] = []
    listed: dict[str, list[tuple[str, int]]] = {kind: [] for kind in _PREFIXES}
    bare: list[tuple[str, int]] = []
    local: list[tuple[str, int]] = []
    for index, entry in enumerate(data["zone"]):
        kind = entry["kind"]
        zones.append(Zone(name=entry["name"], kind=kind))
        for name in entry["names"]:
            core = _variant(name)
            listed[kind].append((core, index))
            prefixed.extend((rf"{p}\s*:?\s+{core}", index) for p in _PREFIXES[kind])
            prefixed.extend((rf"{core}\s+{s}", index) for s in _SUFFIXES[kind])
        bare.extend((_variant(alias), index) for alias in entry.get("aliases", []))
        local.extend((_variant(alias), index) for alias in entry.get("local_aliases", []))
    not_other = rf"(?!\s*(?:-\s*)?(?:{'|'.join(_OTHER_PROVINCES)}))"
    return Gazetteer(
        version=data["version"],
        zones=tuple(zones),
        prefixed=_compile(prefixed + bare, after=_NOT_BARE_AFTER),
        listed={
            kind: re.compile(rf"{_LIST_SEP}(?:kcn\s+|ccn\s+)?(?:{_group(names)})(?![a-z0-9])")
            for kind, names in listed.items()
        },
        bare=_compile(bare),
        local=_compile(local, after=not_other + _NOT_LOCAL_AFTER) if local else None,
    )


def _zone_of(match: re.Match[str], gaz: Gazetteer) -> Zone:
    group = match.lastgroup or ""
    return gaz.zones[int(group[1:].split("_")[0])]


def _listed_after(
    match: re.Match[str], zone: Zone, gaz: Gazetteer, text: str
) -> list[tuple[int, int, Zone]]:
    """Further names sharing the zone word of ``match`` ("các KCN Tràng Duệ, Nomura và An Dương")."""
    head = text[match.start() : match.start() + 4]
    if not any(head.startswith(p[:3]) for p in _PREFIXES[zone.kind]):
        return []  # English suffix forms do not distribute over a list
    plural = head.startswith("cac ") or bool(_PLURAL.search(text[max(0, match.start() - 8) : match.start()]))
    hits = []
    end = match.end()
    while (more := gaz.listed[zone.kind].match(text, end)) is not None:
        if not plural and more["sep"] == ",":
            break
        hits.append((more.start(), more.end(), _zone_of(more, gaz)))
        end = more.end()
    return hits


def find_zones(prepared: Prepared) -> list[Zone]:
    """The zones named in the text, each once, in order of first mention."""
    gaz = gazetteer()
    text = prepared.folded
    hits: list[tuple[int, int, Zone]] = []
    for match in gaz.prefixed.finditer(text):
        zone = _zone_of(match, gaz)
        hits.append((match.start(), match.end(), zone))
        hits.extend(_listed_after(match, zone, gaz, text))
    if gaz.local is not None and _HAI_PHONG.search(text):
        for match in gaz.local.finditer(text):
            if not any(s <= match.start() < e for s, e, _ in hits):
                hits.append((match.start(), match.end(), _zone_of(match, gaz)))
    seen: dict[Zone, None] = {}
    for _, _, zone in sorted(hits, key=lambda hit: hit[0]):
        seen.setdefault(zone, None)
    return list(seen)
