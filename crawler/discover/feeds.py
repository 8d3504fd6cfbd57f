"""RSS/Atom feeds → article links with their advertised dates.

Real Vietnamese feeds are often not well-formed XML (VnExpress puts a raw ``&`` in attribute
values), so feedparser's lenient parser is used and its ``bozo`` flag is tolerated.
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import feedparser

from crawler.dates import publication_date
from crawler.discover import Link

logger = logging.getLogger(__name__)


def feed_links(
    body: bytes, base_url: str, *, tz: ZoneInfo, errors: Counter[str] | None = None
) -> list[Link]:
    """Every entry with a link, in feed order; an unreadable feed gives an empty list.

    An entry that cannot be read is skipped and counted in ``errors`` by exception name; it
    never costs the feed's other entries.
    """
    # A stream, never a string: feedparser would fetch a string that looks like a URL.
    parsed = feedparser.parse(io.BytesIO(body))
    if parsed.get("bozo") and not parsed.entries:
        logger.warning("unreadable feed %s: %s", base_url, parsed.get("bozo_exception"))
        return []
    links: list[Link] = []
    for entry in parsed.entries:
        try:
            if link := _link(entry, base_url, tz):
                links.append(link)
        except Exception as exc:  # one bad entry must not lose the rest of the feed
            logger.warning("unreadable feed entry in %s: %r", base_url, exc)
            if errors is not None:
                errors[f"entry_{type(exc).__name__}"] += 1
    return links


def _link(entry: Any, base_url: str, tz: ZoneInfo) -> Link | None:
    href = entry.get("link") or _id_as_url(entry.get("id"))
    if not href:
        return None
    raw_date = entry.get("published") or entry.get("updated") or ""
    published = publication_date(raw_date, tz=tz) if raw_date else None
    return Link(urljoin(base_url, href.strip()), published)


def _id_as_url(value: str | None) -> str | None:
    """RSS ``guid`` is often the article URL when ``link`` is missing."""
    if value and value.startswith(("http://", "https://")):
        return value
    return None
