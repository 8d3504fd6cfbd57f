"""Listing and search-result pages → article links and the next page to read.

Article links are recognised by the source's ``article_url_pattern`` (a regex searched in the
absolute URL) or, without one, by the shape most Vietnamese news CMSs use: a hyphenated slug
ending in a numeric id (``…-4846612.html``, ``…-d123456.html``, ``…-188250101.chn``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from parsel import Selector

from crawler.dates import publication_date
from crawler.discover import Link
from newswatch.core.text import fold, host_of

DEFAULT_ARTICLE_PATTERN = r"/[^/?#]*-[a-z]*\d{5,}\.(?:html?|chn|vnp|ece|aspx)(?:$|[?#])"

NEXT_LABELS = frozenset(
    {"trang sau", "tiep", "tiep theo", "trang tiep", "xem tiep", "sau", "next", "next page",
     "older posts"}
)  # fmt: skip
"""Words of a "next page" control, folded (``newswatch.core.text``), arrows and spacing removed."""
ITEM_DEPTH = 4
"""Ancestors of a link searched for its item's date before the item is given up as undated."""
_DATE_MARKUP = "time, [class*=time], [class*=date]"
FORWARD_ARROWS = "»›>→"
"""A control made of these alone ("»", ">>") is a next link; "«", "‹", "<" point back."""
_NO_ARROWS = str.maketrans(dict.fromkeys(FORWARD_ARROWS + "«‹<←", " "))


def on_domains(url: str, domains: Iterable[str]) -> bool:
    """Is ``url``'s host one of ``domains`` or a subdomain of one (ports ignored)?"""
    host = host_of(url)
    hosts = {host_of(domain) for domain in domains}  # written with a scheme or port, or bare
    return any(host == allowed or host.endswith("." + allowed) for allowed in hosts)


def article_matcher(pattern: str | None) -> re.Pattern[str]:
    """What an article URL of a source looks like (sitemaps also list sections and tags)."""
    return re.compile(pattern or DEFAULT_ARTICLE_PATTERN, re.IGNORECASE)


def article_links(
    html: str, base_url: str, *, pattern: str | None, domains: Iterable[str]
) -> list[str]:
    """Absolute article URLs on the page, first occurrence order, on the source's domains."""
    return list(_article_anchors(html, base_url, article_matcher(pattern), list(domains)))


def _article_anchors(
    html: str, base_url: str, matcher: re.Pattern[str], domains: list[str]
) -> dict[str, Selector]:
    """Each article URL on the page with its first anchor, in page order."""
    found: dict[str, Selector] = {}
    for anchor in Selector(text=html).css("a[href]"):
        url = _absolute(base_url, anchor.attrib.get("href", ""))
        if url and matcher.search(url) and on_domains(url, domains):
            found.setdefault(url, anchor)
    return found


def dated_links(
    html: str, base_url: str, *, pattern: str | None, domains: Iterable[str], tz: ZoneInfo
) -> list[Link]:
    """``article_links`` with the date each item shows beside its link, when it shows one.

    An item is the link's nearest ancestor holding no other article; its date is the first
    ``<time>`` or ``…time…``/``…date…``-classed element in it (``datetime`` attribute first,
    else the text, read day first as Vietnamese sites print it). The dates let a first crawl
    stop paging where the listing passes ``max_age_days``.
    """
    matcher = article_matcher(pattern)
    anchors = _article_anchors(html, base_url, matcher, list(domains))
    return [
        Link(url, _item_date(anchor, url, matcher, base_url, tz)) for url, anchor in anchors.items()
    ]


def _item_date(
    anchor: Selector, url: str, matcher: re.Pattern[str], base_url: str, tz: ZoneInfo
) -> datetime | None:
    item = anchor
    for _ in range(ITEM_DEPTH):
        parent = item.xpath("..")
        if not parent:
            return None
        others = {_absolute(base_url, href) for href in parent.css("a::attr(href)").getall()}
        if any(other and other != url and matcher.search(other) for other in others):
            break  # the parent is the list, not this item
        item = parent[0]
        for stamp in item.css(_DATE_MARKUP):
            raw = stamp.attrib.get("datetime") or " ".join(stamp.css("::text").getall())
            if raw.strip() and (published := publication_date(raw, tz=tz)):
                return published
    return None


def next_page(html: str, base_url: str, *, page: int, pattern: str | None = None) -> str | None:
    """URL of page ``page + 1`` of a listing whose page ``page`` is ``html``, if it has one.

    In order: a ``pagination_pattern`` template with ``{page}``, ``rel="next"``, a link whose
    text is the next page number, then a control labelled "Trang sau"/"Tiếp »"/"»"…
    (``is_next_label``); links are limited to ``pagination_pattern`` when it is a regex.
    """
    if pattern and "{page}" in pattern:
        return urljoin(base_url, pattern.replace("{page}", str(page + 1)))
    selector = Selector(text=html)
    rel_next = selector.css('link[rel~="next"]::attr(href), a[rel~="next"]::attr(href)').get()
    if rel_next and (url := _absolute(base_url, rel_next)):
        return url
    anchors = [(a.attrib.get("href", ""), _label(a)) for a in selector.css("a[href]")]
    if pattern:
        matcher = re.compile(pattern)
        anchors = [(h, t) for h, t in anchors if matcher.search(_absolute(base_url, h) or "")]
    # The link numbered page + 1 first: Báo Đầu tư's ">>>" jumps ten pages ahead (p2 … p10,
    # then ">>>" to p11), so reading pages in order needs the number before the arrow.
    for wanted in (lambda text: text == str(page + 1), is_next_label):
        for href, text in anchors:
            if wanted(text) and (url := _absolute(base_url, href)) and url != base_url:
                return url
    return None


def is_next_label(text: str) -> bool:
    """Does a link's visible text say "next page"? WordPress glues an arrow to the word
    ("Tiếp »", "Next ›"), sites differ in case and accents, and some print only "»"."""
    words = " ".join(fold(text).translate(_NO_ARROWS).split())
    if words:
        return words in NEXT_LABELS
    return any(arrow in text for arrow in FORWARD_ARROWS)


def _label(anchor: Selector) -> str:
    text = " ".join(anchor.css("::text").getall()).strip() or anchor.attrib.get("title", "")
    return " ".join((text or anchor.attrib.get("aria-label", "")).split())


def _absolute(base_url: str, href: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    url = urljoin(base_url, href).split("#", 1)[0]
    return url if url.startswith(("http://", "https://")) else None
