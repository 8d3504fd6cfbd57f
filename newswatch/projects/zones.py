"""The gazetteer's zone matcher, handed to ``search.projects`` (which cannot import crawler)."""

from __future__ import annotations

from crawler.facts.text import prepare
from crawler.facts.zones import find_zones
from newswatch.core.facts import Zone

_CONTEXT = "\nHải Phòng"
"""Only articles already naming a Hải Phòng zone are cut into pieces, so a piece may use the
local aliases ("DEEP C", "VSIP") that need the text to be about Hải Phòng."""


def locate_zones(piece: str) -> list[Zone]:
    """The zones a piece of a Hải Phòng article names."""
    return find_zones(prepare(piece + _CONTEXT))
