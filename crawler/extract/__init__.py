"""HTML page → ``Article``: each field from the most trustworthy evidence the page offers.

Order of evidence per field: a per-source selector (``Source.selectors``), JSON-LD, ``<meta>``
tags, the visible byline/header, then generic extraction (trafilatura for the body, htmldate
for a date nothing else gave). Authors are people: values naming the site are dropped.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
import trafilatura.metadata
from lxml import etree

from crawler.dates import days_named, publication_date
from crawler.decode import decode_html
from crawler.dedupe import article_id
from crawler.extract.body import (
    block_text,
    body_text,
    shown_lead,
    text_of,
    tidied,
    with_lead,
)
from crawler.extract.byline import SiteNames, Visible, top_section
from crawler.extract.heavy_markup import cap_attributes
from crawler.extract.jsonld import find_jsonld
from crawler.extract.meta import DECOY_CREATED_KEYS, Meta
from crawler.normalise import canonical_url, clean_line, clean_text, same_site
from newswatch.core.article import Article
from newswatch.core.errors import ExtractionError
from newswatch.core.selectors import select
from newswatch.core.sources import Selectors, Source
from newswatch.core.text import host_of

_LEADING_SPACE = re.compile(rb"\s*")
# Leading bytes of formats that are never an article page, and what to call them.
BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP image, WAV/AVI media)"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg media file"),
)
NON_HTML_TYPES = ("application/pdf", "image/", "audio/", "video/", "font/", "application/zip")
# Markup an HTML page cannot lack; plain text, JSON and binary junk have none of these.
_MARKUP = re.compile(r"<(?:!doctype|html|head|body|meta|title|div|p|article|h1)\b", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")  # lxml refuses str input that has one
# lxml refuses these too; each becomes a space, since a NUL often sits between two words
# ("khu\x00công") and removing it would glue them into one.
_CONTROL_CHARS = "".join(map(chr, (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))))
_CONTROL_CHAR = re.compile(f"[{re.escape(_CONTROL_CHARS)}]")
_META_NAMED = etree.XPath(
    "//meta[translate(@name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = $key]"
)


def extract_article(
    html: bytes | str,
    url: str,
    *,
    tz: ZoneInfo,
    fetched_at: datetime,
    source: Source | None = None,
    content_type: str | None = None,
) -> Article:
    """Extract one article; raise ``ExtractionError`` when the page is not an article."""
    tree = _parse(_as_text(html, content_type, url), url)
    ld, meta, seen = find_jsonld(tree), Meta(tree), Visible(tree)
    chosen = _Overrides(tree, page_selectors(tree, source))
    canonical = _canonical(url, [*meta.urls(), ld.url()], source)
    declared = [source.name] if source else []
    site = SiteNames.of([*declared, *meta.site_names(), *ld.publishers()], [url, canonical])
    title = clean_line(
        chosen.first("title")
        or site.stripped(ld.title() or meta.title() or seen.title() or meta.page_title())
    )
    summary = clean_line(
        chosen.first("summary") or site.stripped(ld.summary() or meta.summary() or seen.sapo())
    )
    body = clean_text(chosen.body() or body_text(tree))
    if not title and not body:
        raise ExtractionError(f"{url}: no title and no body text found; not an article page")
    authors = _first_people(
        site,
        lambda: chosen.all("authors"),
        ld.authors,
        meta.authors,
        seen.authors,
        lambda: _trafilatura_authors(tree),
    )
    dates = _Dates(tz, fetched_at)
    return Article(
        id=article_id(canonical),
        url=url,
        canonical_url=canonical,
        source=source.name if source else host_of(canonical) or host_of(url),
        title=title,
        summary=summary,
        text=with_lead(
            shown_lead(clean_text(seen.sapo()), summary, tree),
            tidied(body, title=title, authors=authors, is_site=site.is_site),
        ),
        authors=authors,
        section=clean_line(
            chosen.first("section")
            or ld.section()
            or top_section(ld.breadcrumbs())
            or meta.section()
            or seen.section()
        )
        or None,
        tags=_unique(_comma_split(chosen.all("tags")) or ld.tags() or meta.tags() or seen.tags()),
        language=_language(ld.language() or meta.language() or (source.language if source else "")),
        published_at=dates.first(
            lambda: chosen.all("published_at"),
            ld.published,
            meta.published,
            seen.dates,
            lambda: _htmldate(tree, url, fetched_at),
            meta.created_decoys,
        ),
        modified_at=dates.first(ld.modified, meta.modified),
        fetched_at=fetched_at,
    )


def page_selectors(tree: etree._Element, source: Source | None) -> Selectors:
    """The source's selectors for this page: those of the newest layout whose ``match`` is on
    the page (old pages keep their old layout), under the source's own ``selectors``."""
    if source is None:
        return Selectors()
    newest_first = sorted(source.layouts, key=lambda layout: -layout.version)
    layout = next((each for each in newest_first if select(tree, each.match)), None)
    chosen = layout.selectors.model_dump(exclude_none=True) if layout else {}
    chosen.update(source.selectors.model_dump(exclude_none=True))
    return Selectors.model_construct(**chosen)  # compiled when the catalogue was loaded


def _canonical(url: str, claims: list[str], source: Source | None) -> str:
    """The page's own canonical/og:url claim when it is plausible for this page, else ``url``.

    CMSs misconfigured to declare one URL (the home page, a section, one fixed article) on
    every page would otherwise merge all their articles into one: a claim must be on the same
    site, not the site root or a section above the page, and match the source's article
    pattern. (A claim shared by several different pages is caught by the dedupe stage.)
    """
    domains = tuple(source.allowed_domains) if source else ()
    given = source.article_url_pattern if source else None
    pattern = re.compile(given, re.IGNORECASE) if given else None  # as the spider matches links
    for claim in claims:
        absolute = urljoin(url, claim.strip())
        if (
            claim.strip()
            and same_site(url, absolute, domains)
            and _plausible(url, absolute, pattern)
        ):
            return canonical_url(absolute)
    return canonical_url(url)


def _plausible(url: str, claim: str, pattern: re.Pattern[str] | None) -> bool:
    path, claimed = urlsplit(url).path, urlsplit(claim).path
    if claimed.strip("/") == "" or (claimed != path and path.startswith(claimed.rstrip("/") + "/")):
        return False  # the home page or a section above this page
    return pattern is None or bool(pattern.search(claim))


def _as_text(html: bytes | str, content_type: str | None, url: str) -> str:
    """Decoded page text, or ``ExtractionError`` for empty, binary or non-HTML input."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type.startswith(NON_HTML_TYPES):
        raise ExtractionError(f"{url}: content type {media_type!r} is not an HTML page")
    if isinstance(html, bytes):
        start = _LEADING_SPACE.match(html).end()  # type: ignore[union-attr]  # always matches
        for signature, name in BINARY_SIGNATURES:
            if html.startswith(signature, start):  # no copy of the page per signature
                raise ExtractionError(f"{url}: the body is {name}, not an HTML page")
        html = decode_html(html, content_type)
    # Rare: every page is searched for them with str's own search, one character at a time (a
    # third of a character-class regex's time on a 200 KB page); only a page that has one is
    # rewritten.
    if any(char in html for char in _CONTROL_CHARS):
        html = _CONTROL_CHAR.sub(" ", html)
    text = _XML_DECLARATION.sub("", html)
    if not text.strip():
        raise ExtractionError(f"{url}: the page is empty")
    if not _MARKUP.search(text):
        raise ExtractionError(f"{url}: no HTML markup found; not an HTML page")
    return text


def _parse(text: str, url: str) -> etree._Element:
    try:
        return lxml.html.document_fromstring(cap_attributes(text)[0])
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"{url}: HTML could not be parsed: {exc}") from exc


class _Overrides:
    """Per-source selectors: when one matches, it wins over the generic path for its field."""

    def __init__(self, tree: etree._Element, selectors: Selectors) -> None:
        self._tree, self._selectors = tree, selectors

    def _matches(self, field: str) -> list[etree._Element | str]:
        query = getattr(self._selectors, field)
        return select(self._tree, query) if query else []

    def all(self, field: str) -> list[str]:
        return [t for t in map(text_of, self._matches(field)) if t.strip()]

    def first(self, field: str) -> str:
        return next(iter(self.all(field)), "")

    def body(self) -> str:
        return block_text(self._matches("body"))


class _Dates:
    """The first candidate string, source by source, that parses to a plausible instant."""

    def __init__(self, tz: ZoneInfo, fetched_at: datetime) -> None:
        self._tz, self._now = tz, fetched_at

    def first(self, *sources: Callable[[], Iterable[str]]) -> datetime | None:
        for candidates in sources:  # called lazily: htmldate only runs if all else failed
            for value in candidates():
                if parsed := publication_date(value, tz=self._tz, now=self._now):
                    return parsed
        return None


def _htmldate(tree: etree._Element, url: str, fetched_at: datetime) -> list[str]:
    """htmldate's guess, blind to the decoy "created" metas it would otherwise trust.

    Its free-text search fills gaps: "30/02/2026" becomes 2026-02-01 and a bare "1995" becomes
    1995-01-01. So a guess from that search is kept only when the page prints that very day as
    a full date; one from structured markup (``<time>``, metas, the URL) is kept as found.
    """
    structured = _htmldate_guess(tree, url, fetched_at, extensive=False)
    if structured:
        return [structured]
    guess = _htmldate_guess(tree, url, fetched_at, extensive=True)
    if guess and date.fromisoformat(guess[:10]) in days_named(tree.text_content()):
        return [guess]
    return []


def _htmldate_guess(
    tree: etree._Element, url: str, fetched_at: datetime, *, extensive: bool
) -> str | None:
    import htmldate  # here: a crawl that finds nothing new never imports it

    page = copy.deepcopy(tree)
    for key in DECOY_CREATED_KEYS:
        for meta in _META_NAMED(page, key=key):
            meta.getparent().remove(meta)
    found = htmldate.find_date(
        page,
        url=url,
        original_date=True,
        extensive_search=extensive,
        outputformat="%Y-%m-%dT%H:%M:%S",
        max_date=fetched_at.replace(tzinfo=None),  # not the machine's clock: reproducible
    )
    return str(found) if found else None


def _first_people(site: SiteNames, *sources: Callable[[], list[str]]) -> list[str]:
    """People from the first source naming any: a byline holding only the site name (VnExpress
    ``<meta name=author>``) must not hide a real one further down."""
    for candidates in sources:
        if people := site.people(candidates()):
            return people
    return []


def _trafilatura_authors(tree: etree._Element) -> list[str]:
    """trafilatura's byline search, last: its XPaths know many more CMS templates than ours.
    It joins several names with "; "; our site-name and person filters still apply."""
    found = trafilatura.metadata.extract_author(tree)
    return found.split("; ") if found else []


def _comma_split(values: list[str]) -> list[str]:
    """A tag selector may match one comma list (``<meta name=keywords>``) or links whose text
    ends in the comma that separates them on the page ("Green SM,")."""
    return [tag for value in values for tag in value.split(",") if tag.strip()]


def _unique(values: Iterable[str]) -> list[str]:
    """Cleaned, non-empty values in first-seen order, case-insensitively distinct."""
    seen: dict[str, str] = {}
    for value in map(clean_line, values):
        if value and value.casefold() not in seen:
            seen[value.casefold()] = value
    return list(seen.values())


def _language(value: str) -> str | None:
    """The primary language subtag: "vi-VN", "vi_VN" → "vi"."""
    match = re.match(r"\s*([A-Za-z]{2,3})(?:[-_]|\s*$)", value or "")
    return match.group(1).lower() if match else None
