"""User-typed fact filters (``--zone``, ``--country``, ``--event``, ``--min-usd``; the same API
parameters; alert rule fields) resolved into the canonical values every backend filters on.

A zone name goes through the gazetteer's aliases (``crawler.facts.zones_matching``) and keeps
its whole breadth: "Đình Vũ" means DEEP C Hải Phòng I (Đình Vũ), Nam Đình Vũ, MP Đình Vũ and
the Đình Vũ – Cát Hải economic zone, because a reader asking for "Đình Vũ" asks about the
peninsula, all of which lies in that economic zone; a fuller name ("Nam Đình Vũ") narrows it.
Values of one filter are alternatives (any of them), different filters must all hold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from crawler.facts import EVENTS, zones_matching
from newswatch.core.errors import BadQuery

_COUNTRY = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class FactFilters:
    """Keyword arguments of ``search.backend.SearchRequest`` for the facts part of a search."""

    zones: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    min_usd: float | None = None


def resolve_fact_filters(
    zones: Iterable[str] = (),
    countries: Iterable[str] = (),
    events: Iterable[str] = (),
    min_usd: float | None = None,
) -> FactFilters:
    """Canonical filter values; ``BadQuery`` names the value nobody could mean."""
    return FactFilters(
        zones=_zones(zones),
        countries=_countries(countries),
        events=_events(events),
        min_usd=_min_usd(min_usd),
    )


def _zones(names: Iterable[str]) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for name in (n for n in names if n.strip()):
        matching = zones_matching(name)
        if not matching:
            raise BadQuery(f"zone: no industrial or economic zone is known as {name!r}")
        found.update((zone.name, None) for zone in matching)
    return tuple(found)


def _countries(codes: Iterable[str]) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    for code in wanted:
        if not _COUNTRY.fullmatch(code):
            raise BadQuery(f"country: {code!r} is not an ISO 3166-1 alpha-2 code (JP, KR, …)")
    return wanted


def _events(names: Iterable[str]) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(e.strip() for e in names if e.strip()))
    for name in wanted:
        if name not in EVENTS:
            raise BadQuery(f"event: {name!r} is not one of {', '.join(EVENTS)}")
    return wanted


def _min_usd(value: float | None) -> float | None:
    if value is not None and (not math.isfinite(value) or value < 0):
        raise BadQuery(f"min_usd: must be a non-negative number of US dollars, not {value}")
    return value
