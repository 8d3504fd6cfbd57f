"""Opaque search_after-style tokens: the sort values of the last row a caller has seen.

Callers must not build or read tokens, so the values are JSON wrapped in URL-safe base64 and
tagged with what they continue (``"date"``, ``"relevance"``, ``"stored"``…). A token from another
listing, or a mangled one, is a ``BadQuery`` rather than a silently wrong page.

Each backend states the ``Shape`` of its sort keys next to them (one type per key): a forged
token holding a string where a number goes would otherwise sort after every number in SQLite
(an empty or wrong page, no error) or reach Elasticsearch as a parse failure.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Sequence
from typing import Any

from search.backend import BadQuery, SearchRequest

MAX_TOKEN_CHARS = 2048  # a real token holds a few sort values: some hundred characters
_INT64 = 2**63

Shape = Sequence[type]
"""The type of each sort value in order: ``int``, ``float`` (an integer is a number too) or
``str``; a JSON ``true``/``false`` is never a number here."""


def _sort_value(value: Any) -> bool:
    """Whether ``value`` is what a sort key can be. A nested list or object, an integer past
    64 bits or a NaN was forged, and would reach SQL or search_after as a value neither takes
    (an HTTP 500 instead of a 422)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return -_INT64 <= value < _INT64
    return isinstance(value, float) and math.isfinite(value)


def encode(kind: str, values: list[Any]) -> str:
    payload = json.dumps([kind, *values], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


_NAMES = {int: "an integer", float: "a number", str: "a string", bool: "a boolean"}


def _fits(value: Any, expected: type) -> bool:
    if isinstance(value, bool):
        return expected is bool
    if expected is float:
        return isinstance(value, int | float)
    return isinstance(value, expected)


def check_shape(values: list[Any], shape: Shape) -> list[Any]:
    """``values`` if they are one of each type of ``shape``, in order; else ``BadQuery``."""
    if len(values) != len(shape):
        raise BadQuery(f"invalid page token: {len(values)} sort values, expected {len(shape)}")
    for position, (value, expected) in enumerate(zip(values, shape, strict=True), start=1):
        if not _fits(value, expected):
            raise BadQuery(
                f"invalid page token: sort value {position} must be {_NAMES[expected]},"
                f" not {type(value).__name__}"
            )
    return values


def decode(kind: str, token: str, shape: Shape | None = None) -> list[Any]:
    """The values ``encode(kind, …)`` stored; ``BadQuery`` for anything else, including values
    not of ``shape`` (when given: the backend's sort key types)."""
    if len(token) > MAX_TOKEN_CHARS:
        raise BadQuery("invalid page token: too long")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BadQuery("invalid page token") from exc
    if not isinstance(payload, list) or not payload or payload[0] != kind:
        raise BadQuery(f"page token does not continue a {kind} listing")
    if not all(map(_sort_value, payload[1:])):
        raise BadQuery("invalid page token")
    return payload[1:] if shape is None else check_shape(payload[1:], shape)


def listing(request: SearchRequest) -> str:
    """The kind of listing ``request`` pages through: a collapsed one pages by stories, so its
    tokens never continue an article listing (nor the other way round)."""
    return f"{request.sort}+story" if request.collapse else request.sort
