"""Normalisation shared by every stage: Unicode NFC, entities, whitespace, canonical URLs.

Vietnamese text arrives both precomposed (NFC) and decomposed (NFD, common in copy-pasted CMS
content); without NFC, "Hải Phòng" in one article would not equal "Hải Phòng" in another.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newswatch.core.text import nfc, site_host

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"))

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "ref",
        "ref_src",
        "cmpid",
        "zarsrc",
        "zcid",
        "vn_source",
        "vn_medium",
        "vn_campaign",
        "vn_term",
        "vn_content",
        "vn_rid",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "at_", "itm_")


def clean_text(value: str | None) -> str:
    """NFC, HTML entities decoded, zero-width characters dropped, runs of spaces collapsed."""
    if not value:
        return ""
    text = nfc(html.unescape(value)).translate(_ZERO_WIDTH)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_line(value: str | None) -> str:
    """Like ``clean_text`` but on one line (titles, authors, tags)."""
    return " ".join(clean_text(value).split())


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """Stable form of an article URL: lower-case host, no fragment, no tracking parameters.

    Scheme is kept (a replay site on http://127.0.0.1 must stay http). Remaining query
    parameters are sorted so that parameter order does not create a second identity.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80)
        or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    )
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(query), ""))


def same_site(page_url: str, other_url: str, domains: tuple[str, ...] = ()) -> bool:
    """Whether ``other_url`` is on the site of ``page_url`` (or on one of ``domains``).

    Subdomains count as the same site in both directions (kinhdoanh.vnexpress.net, vnexpress.net).
    A page with no web address of its own (``file:``) has no site to compare, so any web
    address it claims is accepted.
    """
    page, other = urlsplit(page_url), urlsplit(other_url)
    if other.scheme not in ("http", "https") or not other.hostname:
        return False
    if page.scheme not in ("http", "https"):
        return True
    mine, theirs = site_host(page.hostname or ""), site_host(other.hostname)
    return any(
        a == b or a.endswith("." + b) or b.endswith("." + a)
        for a, b in [(mine, theirs), *((site_host(d), theirs) for d in domains)]
    )
