"""Article identity: one id per canonical URL, so feeds, listings and tracking links converge."""

from __future__ import annotations

import hashlib

from crawler.normalise import canonical_url


def article_id(url: str) -> str:
    """A stable 20-hex-digit id from the canonical form of ``url``.

    The scheme is ignored so that http/https variants of one article share an id.
    """
    canonical = canonical_url(url).split("://", 1)[-1]
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:20]
