"""Discovery: turn feeds, sitemaps, listing and search pages into article URLs.

Each module is a pure function over a fetched body and its URL; the spider does the fetching.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Link:
    """A URL found by discovery, with the date the page advertised for it (if any).

    The date lets incremental runs skip old entries without fetching them.
    """

    url: str
    published_at: datetime | None = None
