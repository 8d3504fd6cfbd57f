"""A generated site's discovery pages, as a real news site serves them.

``/robots.txt`` (naming the sitemap), ``/sitemap.xml`` (every article, lastmod), ``/rss.xml``
(the newest 30, links with tracking parameters as real feeds carry them) and ``/`` (the newest
20 links, the feed advertised in ``<link rel=alternate>``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from bench.scaled_server import Page

FEED_ITEMS, LISTING_LINKS = 30, 20
TRACKING = "?utm_source=rss&utm_medium=feed"


@dataclass(frozen=True)
class Truth:
    """What a correct crawl stores for one article (read off the story, not off a crawler)."""

    url: str
    title: str
    published: datetime
    relevant: bool


def discovery_pages(base: str, truth: list[Truth]) -> dict[str, Page]:
    xml = "application/xml; charset=utf-8"
    urls = "".join(
        f"<url><loc>{t.url}</loc><lastmod>{t.published.isoformat()}</lastmod></url>" for t in truth
    )
    sitemap = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    items = "".join(
        f"<item><title>{html.escape(t.title)}</title><link>{t.url}{html.escape(TRACKING)}</link>"
        f"<pubDate>{format_datetime(t.published)}</pubDate></item>"
        for t in truth[:FEED_ITEMS]
    )
    feed = f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Tin mới</title><link>{base}/</link>{items}</channel></rss>'  # noqa: E501
    links = "".join(
        f'<li><h3><a href="{t.url}">{html.escape(t.title)}</a></h3></li>'
        for t in truth[:LISTING_LINKS]
    )
    home = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tin mới</title>'
        f'<link rel="alternate" type="application/rss+xml" href="{base}/rss.xml"></head>'
        f"<body><ul>{links}</ul></body></html>"
    )
    robots = f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n"
    return {
        "/robots.txt": Page(robots.encode(), "text/plain; charset=utf-8"),
        "/sitemap.xml": Page(sitemap.encode(), xml),
        "/rss.xml": Page(feed.encode(), "application/rss+xml; charset=utf-8"),
        "/": Page(home.encode()),
    }
