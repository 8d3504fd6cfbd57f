"""Investment facts from news text: zones, amounts, areas, investor countries, companies, events.

Pure functions over a string; the only data file is the zone gazetteer ``zones.toml``.
``extract_facts(text)`` is the one entry point the crawler, search and alerts need.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import TypeVar

from crawler.facts.amounts import USD_RATES, find_amounts
from crawler.facts.areas import find_areas
from crawler.facts.companies import find_companies
from crawler.facts.countries import find_countries
from crawler.facts.events import CUES_VERSION, EVENTS, find_events
from crawler.facts.gazetteer import gazetteer, zones_matching
from crawler.facts.text import prepare
from crawler.facts.zones import find_zones
from newswatch.core.facts import Amount, Area, Facts, Zone

_T = TypeVar("_T")

__all__ = [
    "EVENTS",
    "USD_RATES",
    "Amount",
    "Area",
    "Facts",
    "Zone",
    "extract_facts",
    "facts_version",
    "gazetteer",
    "zones_matching",
]


def facts_version() -> str:
    """Changes whenever the data behind the facts change: store it with the facts and recompute
    stored facts when it differs (a migration by re-extraction, not by hand)."""
    return f"zones {gazetteer().version}; events {CUES_VERSION}"


def extract_facts(text: str, *, usd_rates: Mapping[str, float] | None = None) -> Facts:
    """All facts of ``text`` (title, lead and body joined by newlines is the intended input).

    ``usd_rates`` maps ISO 4217 codes to US dollars per unit and overrides ``USD_RATES``.
    NFC and NFD inputs give equal results. Zones, amounts (by value and currency), areas,
    countries, companies and events are each listed once, in order of first mention.
    """
    prepared = prepare(text)
    return Facts(
        zones=tuple(find_zones(prepared)),
        amounts=_once(find_amounts(prepared, usd_rates), lambda a: (a.min, a.max, a.currency)),
        areas=_once(find_areas(prepared), lambda a: a.hectares),
        countries=tuple(find_countries(prepared)),
        companies=tuple(find_companies(prepared)),
        events=tuple(find_events(prepared)),
    )


def _once(found: list[_T], key: Callable[[_T], Hashable]) -> tuple[_T, ...]:
    """The first mention of each value: title, lead and body often repeat the same sum."""
    seen: dict[Hashable, _T] = {}
    for item in found:
        seen.setdefault(key(item), item)
    return tuple(seen.values())
