"""The facts of one text: plain frozen values with a JSON form that storage and the CLI share."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Zone:
    """A gazetteer zone named in the text."""

    name: str
    kind: str  # "KCN" | "KKT" | "CCN"


@dataclass(frozen=True)
class Amount:
    """A sum of money; ``min == max`` unless the text gives a range ("12,5 – 15 tỷ USD")."""

    text: str
    min: float
    max: float
    currency: str  # ISO 4217
    usd_min: float | None
    usd_max: float | None


@dataclass(frozen=True)
class Area:
    """A land area, converted to hectares."""

    text: str
    hectares: float


@dataclass(frozen=True)
class Facts:
    """Everything ``extract_facts`` found; lists keep the order of first mention."""

    zones: tuple[Zone, ...] = ()
    amounts: tuple[Amount, ...] = ()
    areas: tuple[Area, ...] = ()
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2
    companies: tuple[str, ...] = ()
    events: tuple[str, ...] = ()  # from events.EVENTS

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready shape stored with an article and printed by ``newswatch facts``."""
        return {key: list(value) for key, value in asdict(self).items()}

    def to_json(self) -> str:
        """``to_dict`` as compact UTF-8 JSON."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))
