"""The investment facts of one article: plain frozen values stored with it by every backend.

They live in the kernel beside ``Article`` so ``search`` can store and filter them without
importing ``crawler`` (``crawler.facts.extract_facts`` produces them).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from pydantic import TypeAdapter


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

    @property
    def max_usd(self) -> float | None:
        """The largest USD value named (upper ends of ranges): what ``--min-usd`` compares.

        An article "mentions at least N USD" when any amount reaches N at its upper bound, so
        "12,5 – 15 tỷ USD" qualifies for 14 billion. ``None`` when no amount converts to USD.
        """
        values = [a.usd_max for a in self.amounts if a.usd_max is not None]
        return max(values) if values else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready shape stored with an article and printed by ``newswatch facts``."""
        return {key: list(value) for key, value in asdict(self).items()}

    def to_json(self) -> str:
        """``to_dict`` as compact UTF-8 JSON."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))


_FACTS = TypeAdapter(Facts)


def facts_from_dict(data: dict[str, Any]) -> Facts:
    """``Facts.to_dict`` (or a stored JSON form) back into values; a bad shape raises."""
    return _FACTS.validate_python(data)
