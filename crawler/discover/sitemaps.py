"""Sitemaps → article links (``urlset``) or child sitemaps (``sitemapindex``), with dates.

A Google News sitemap's ``news:publication_date`` is the article's publication time and wins
over ``lastmod`` (which a CMS bumps on every edit). Bodies may be gzip-compressed.

Monthly archive sitemaps (Báo Đầu tư ``/sitemaps/news-2026-9.xml``) are configured as
templates: ``{year}``/``{month}`` name this month, ``{last_year}``/``{last_month}`` the one
before (a run on the 1st still reaches yesterday's articles). Months have no leading zero.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import lxml.etree
from scrapy.utils.gz import gunzip

from crawler.dates import publication_date
from crawler.discover import Link

logger = logging.getLogger(__name__)

MAX_UNZIPPED = 50 * 1024 * 1024
"""The sitemap protocol's own size limit for one file."""


def sitemap_urls(templates: list[str], today: date) -> list[str]:
    """The configured sitemaps with this and last month's ``{year}``/``{month}`` filled in."""
    last = date(today.year - 1, 12, 1) if today.month == 1 else date(today.year, today.month - 1, 1)
    months = {"year": today.year, "month": today.month, "last_year": last.year}
    return [template.format(**months, last_month=last.month) for template in templates]


@dataclass(frozen=True)
class SitemapPage:
    """One parsed sitemap file: either article URLs or further sitemaps to read."""

    articles: list[Link] = field(default_factory=list)
    sitemaps: list[Link] = field(default_factory=list)


def sitemap_links(
    body: bytes, base_url: str, *, tz: ZoneInfo, errors: Counter[str] | None = None
) -> SitemapPage:
    """Parse a ``urlset`` or ``sitemapindex``; anything else gives an empty page. An entry that
    cannot be read is skipped and counted in ``errors``, never costing the others."""
    root = _parse(body, base_url)
    if root is None:
        return SitemapPage()
    kind = _local(root.tag)
    if kind == "sitemapindex":
        return SitemapPage(sitemaps=_entries(root, "sitemap", base_url, tz, errors))
    if kind == "urlset":
        return SitemapPage(articles=_entries(root, "url", base_url, tz, errors))
    logger.warning("not a sitemap (%s root) at %s", kind, base_url)
    return SitemapPage()


def _parse(body: bytes, base_url: str) -> lxml.etree._Element | None:
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=MAX_UNZIPPED)
        except (OSError, ValueError) as exc:  # corrupt or over the limit
            logger.warning("unreadable gzip sitemap %s: %s", base_url, exc)
            return None
    parser = lxml.etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, remove_comments=True
    )
    try:
        root = lxml.etree.fromstring(body, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        logger.warning("unreadable sitemap %s: %s", base_url, exc)
        return None
    return root


def _entries(
    root: lxml.etree._Element, tag: str, base_url: str, tz: ZoneInfo, errors: Counter[str] | None
) -> list[Link]:
    links = []
    for element in root:
        if not isinstance(element.tag, str) or _local(element.tag) != tag:
            continue
        try:
            if link := _link(element, base_url, tz):
                links.append(link)
        except Exception as exc:  # one bad entry must not lose the rest of the sitemap
            logger.warning("unreadable sitemap entry in %s: %r", base_url, exc)
            if errors is not None:
                errors[f"entry_{type(exc).__name__}"] += 1
    return links


def _link(element: lxml.etree._Element, base_url: str, tz: ZoneInfo) -> Link | None:
    fields = _fields(element)
    if not (loc := fields.get("loc")):
        return None
    raw_date = fields.get("publication_date") or fields.get("lastmod") or ""
    published = publication_date(raw_date, tz=tz) if raw_date else None
    return Link(urljoin(base_url, loc), published)


def _fields(element: lxml.etree._Element) -> dict[str, str]:
    """Text of every descendant by local name (``news:news/news:publication_date`` included)."""
    found: dict[str, str] = {}
    for child in element.iter():
        if child is element or not isinstance(child.tag, str):
            continue
        text = (child.text or "").strip()
        if text:
            found.setdefault(_local(child.tag), text)
    return found


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
