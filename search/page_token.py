"""Opaque search_after-style tokens: the sort values of the last row a caller has seen.

Callers must not build or read tokens, so the values are JSON wrapped in URL-safe base64 and
tagged with what they continue (``"date"``, ``"relevance"``, ``"stored"``…). A token from another
listing, or a mangled one, is a ``BadQuery`` rather than a silently wrong page.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from search.backend import BadQuery


def encode(kind: str, values: list[Any]) -> str:
    payload = json.dumps([kind, *values], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")


def decode(kind: str, token: str) -> list[Any]:
    """The values ``encode(kind, …)`` stored; ``BadQuery`` for anything else."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadQuery("invalid page token") from exc
    if not isinstance(payload, list) or not payload or payload[0] != kind:
        raise BadQuery(f"page token does not continue a {kind} listing")
    return payload[1:]
