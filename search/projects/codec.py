"""Mentions as JSON and back, so a cache can keep what each article said (placing an article's
facts costs about a millisecond; reading its stored mentions back, a few microseconds).

``RULES_VERSION`` names the placing rules (``mentions``); a cache written under another
version is stale as a whole, since the same article would now be placed differently.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import TypeAdapter

from search.projects.mentions import Mention

RULES_VERSION = "1"
"""Bump when ``mentions_of`` or the gazetteer's zone matching it relies on changes."""

_MENTIONS = TypeAdapter(list[Mention])


def mentions_json(mentions: Sequence[Mention]) -> bytes:
    """``mentions`` as compact UTF-8 JSON."""
    return _MENTIONS.dump_json(list(mentions))


def mentions_from_json(data: str | bytes) -> list[Mention]:
    """``mentions_json`` back into values; a bad shape raises ``pydantic.ValidationError`` (a
    ``ValueError``). Validating is the fast way here: pydantic-core reads a row in ~8 µs,
    building the values by hand from ``json.loads`` takes twice that."""
    return _MENTIONS.validate_json(data)
