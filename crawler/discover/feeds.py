"""RSS/Atom feeds → article links with their advertised dates.

Real Vietnamese feeds are often not well-formed XML (VnExpress puts a raw ``&`` in attribute
values), so feedparser's lenient parser is used and its ``bozo`` flag is tolerated. Some feeds print
numeric dates month first (Báo Chính phủ: ``9/5/2026 1:30:00 PM`` is 5 September): the order
is the source's ``feed_date_order`` or, on ``auto``, learned from the feed's own items.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import feedparser

from crawler.dates import publication_date
from crawler.discover import Link
from newswatch.core.sources import DateOrder

logger = logging.getLogger(__name__)

_NUMERIC_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})")


def feed_links(
    body: bytes,
    base_url: str,
    *,
    tz: ZoneInfo,
    date_order: DateOrder = "auto",
    errors: Counter[str] | None = None,
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
    dated: list[tuple[str, str]] = []
    for entry in parsed.entries:
        try:
            if href := entry.get("link") or _id_as_url(entry.get("id")):
                dated.append((str(href), entry.get("published") or entry.get("updated") or ""))
        except Exception as exc:  # one bad entry must not lose the rest of the feed
            _count(errors, base_url, exc)
    month_first = learned_order([raw for _, raw in dated], date_order) == "month_first"
    links: list[Link] = []
    for href, raw in dated:
        try:
            links.append(_link(href, day_first(raw) if month_first else raw, base_url, tz))
        except Exception as exc:  # one bad entry must not lose the rest of the feed
            _count(errors, base_url, exc)
    return links


def _count(errors: Counter[str] | None, base_url: str, exc: Exception) -> None:
    logger.warning("unreadable feed entry in %s: %r", base_url, exc)
    if errors is not None:
        errors[f"entry_{type(exc).__name__}"] += 1


def learned_order(raw_dates: Iterable[str], hint: DateOrder = "auto") -> DateOrder:
    """The feed's numeric date order: the hint, else what its items prove (a first number
    over 12 is a day, a second one over 12 is a day), else day first as Vietnamese print."""
    if hint != "auto":
        return hint
    pairs = [(int(m[1]), int(m[2])) for raw in raw_dates for m in _NUMERIC_DATE.finditer(raw)]
    if any(first > 12 for first, _ in pairs):
        return "day_first"
    return "month_first" if any(second > 12 for _, second in pairs) else "day_first"


def day_first(raw: str) -> str:
    """``9/5/2026`` (month first) rewritten as ``5/9/2026`` for the day-first date parser."""
    return _NUMERIC_DATE.sub(lambda m: f"{m[2]}/{m[1]}/{m[3]}", raw)


def _link(href: str, raw_date: str, base_url: str, tz: ZoneInfo) -> Link:
    published = publication_date(raw_date, tz=tz) if raw_date else None
    return Link(urljoin(base_url, href.strip()), published)


def _id_as_url(value: str | None) -> str | None:
    """RSS ``guid`` is often the article URL when ``link`` is missing."""
    if value and value.startswith(("http://", "https://")):
        return value
    return None
