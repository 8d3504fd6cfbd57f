"""Investment facts from news text: zones, amounts, areas, investor countries, companies, events.

Pure functions over a string; the only data file is the zone gazetteer ``zones.toml``.
``extract_facts(text)`` is the one entry point the crawler, search and alerts need.
"""

from __future__ import annotations

from collections.abc import Mapping

from crawler.facts.amounts import USD_RATES, find_amounts
from crawler.facts.areas import find_areas
from crawler.facts.companies import find_companies
from crawler.facts.countries import find_countries
from crawler.facts.events import EVENTS, find_events
from crawler.facts.model import Amount, Area, Facts, Zone
from crawler.facts.text import prepare
from crawler.facts.zones import find_zones, gazetteer

__all__ = ["EVENTS", "USD_RATES", "Amount", "Area", "Facts", "Zone", "extract_facts", "gazetteer"]


def extract_facts(text: str, *, usd_rates: Mapping[str, float] | None = None) -> Facts:
    """All facts of ``text`` (title, lead and body joined by newlines is the intended input).

    ``usd_rates`` maps ISO 4217 codes to US dollars per unit and overrides ``USD_RATES``.
    NFC and NFD inputs give equal results.
    """
    prepared = prepare(text)
    return Facts(
        zones=tuple(find_zones(prepared)),
        amounts=tuple(find_amounts(prepared, usd_rates)),
        areas=tuple(find_areas(prepared)),
        countries=tuple(find_countries(prepared)),
        companies=tuple(find_companies(prepared)),
        events=tuple(find_events(prepared)),
    )
