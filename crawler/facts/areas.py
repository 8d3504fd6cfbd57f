"""Land areas: "6.500ha", "60 ha", "héc-ta", "1.200 m2", "2 km2", "32,000 sq.m", "1,840 hectares".

A range ("50 - 100 ha") gives its upper figure: an area filter asks "at least this big".

Cubic metres ("12.000 m3/ngày đêm") and lengths ("5 km đường") are not areas; a price per area
("76 USD/m2") is money, not an area, because the unit does not follow the figure.
"""

from __future__ import annotations

import re

from crawler.facts.text import FIGURE, LEAD, Prepared, read_number
from newswatch.core.facts import Area

_HECTARES_PER_UNIT = {
    "ha": 1.0,
    "hecta": 1.0,
    "hec-ta": 1.0,
    "hec ta": 1.0,
    "hectare": 1.0,
    "hectares": 1.0,
    "hectre": 1.0,
    "m2": 1e-4,
    "m 2": 1e-4,
    "met vuong": 1e-4,
    "sq.m": 1e-4,
    "sqm": 1e-4,
    "sq m": 1e-4,
    "square metres": 1e-4,
    "square meters": 1e-4,
    "square metre": 1e-4,
    "square meter": 1e-4,
    "km2": 100.0,
    "ki-lo-met vuong": 100.0,
    "kilomet vuong": 100.0,
    "sq km": 100.0,
    "square kilometres": 100.0,
    "square kilometers": 100.0,
    "sq.km": 100.0,
}
_UNITS = "|".join(re.escape(u) for u in sorted(_HECTARES_PER_UNIT, key=len, reverse=True))
_AREA = re.compile(
    rf"{LEAD}(?:(?P<lo>{FIGURE})\s*(?:-|den|toi|to)\s*)?(?P<num>{FIGURE})\s*-?\s*"
    rf"(?P<unit>{_UNITS})(?![a-z0-9])"
)


def find_areas(prepared: Prepared) -> list[Area]:
    """Every area in the text, in order, converted to hectares."""
    areas = []
    for match in _AREA.finditer(prepared.folded):
        if (
            match["unit"] == "ha"
            and prepared.lower[match.start("unit") : match.end("unit")] != "ha"
        ):
            continue  # "5 Hà Nội" is no area
        value = read_number(match["num"], vietnamese=prepared.vietnamese, scaled=False)
        hectares = value * _HECTARES_PER_UNIT[match["unit"]]
        text = prepared.nfc[match.start() : match.end()]
        areas.append(Area(text=text, hectares=round(hectares, 6)))
    return areas
