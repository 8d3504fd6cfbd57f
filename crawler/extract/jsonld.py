"""Schema.org JSON-LD: the first and most reliable evidence an article page offers.

Sites wrap the article in ``@graph`` (Yoast, WordPress), in lists, or nest it under
``mainEntity``; some emit malformed JSON (trailing commas, raw newlines in strings, HTML
comments around the block). Each field method returns raw strings; the caller cleans them.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

ARTICLE_TYPES = (  # most specific first: a page with both keeps the NewsArticle
    "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting", "Article", "BlogPosting",
    "Report",
)  # fmt: skip
# Author @types that name a publisher, not a person (VnExpress: {"@type": "Organization"}).
ORGANISATION_TYPES = frozenset({"Organization", "NewsMediaOrganization", "Corporation"})
# type="application/ld+json" with any case or stray spaces.
_LD_SCRIPTS = etree.XPath(
    "//script[contains(translate(@type, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ', "
    "'abcdefghijklmnopqrstuvwxyz'), 'ld+json')]"
)
_WRAPPERS = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
MAX_DEPTH = 6  # how far to look into nested values for an article node
MAX_ENTITY_PASSES = 3  # entities escaped more often than this are the text, not markup


def parse_jsonld(text: str) -> Any:
    """Parse one JSON-LD block, repairing the common breakages; None if hopeless."""
    cleaned = _WRAPPERS.sub("", text.strip())
    for candidate in (cleaned, _TRAILING_COMMA.sub(r"\1", cleaned)):
        try:
            # strict=False accepts raw control characters (newlines) inside strings.
            value, _ = json.JSONDecoder(strict=False).raw_decode(candidate)
            return value
        except (ValueError, RecursionError):  # nested 100k deep: hopeless, not a crash
            continue
    return None


def _nodes(
    value: Any, nested: bool = False, depth: int = 0
) -> Iterator[tuple[dict[str, Any], bool]]:
    """Every object in a JSON-LD value, flagged ``nested`` when it sits under another object's
    property (an author, a related article) rather than at the top, in a list or in ``@graph``."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item, nested, depth + 1)
    elif isinstance(value, dict):
        yield value, nested
        for key, item in value.items():
            if isinstance(item, dict | list):
                yield from _nodes(item, nested or key != "@graph", depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def unescaped(text: str) -> str:
    """``text`` with HTML entities decoded, however many times the CMS escaped them.

    JSON has no entities, yet CMSs write them into JSON-LD strings, sometimes escaped twice
    (``Chi&amp;#7871;n``): one decoding leaves ``Chi&#7871;n``, so decode until nothing changes.
    """
    for _ in range(MAX_ENTITY_PASSES):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def _text(value: Any) -> str:
    """A plain string from a JSON-LD value: a string, ``{"name"|"@value": …}`` or a list."""
    if isinstance(value, str):
        return unescaped(value)
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value") or "")
    if isinstance(value, list) and value:
        return _text(value[0])
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [text for text in map(_text, items) if text]


@dataclass(frozen=True)
class JsonLd:
    """The article node of a page (empty when there is none) and every other node beside it."""

    article: dict[str, Any] = field(default_factory=dict)
    nodes: list[dict[str, Any]] = field(default_factory=list)

    def title(self) -> str:
        return _text(self.article.get("headline") or self.article.get("name"))

    def summary(self) -> str:
        return _text(self.article.get("description"))

    def authors(self) -> list[str]:
        names = []
        for author in self._resolved(self.article.get("author")):
            if isinstance(author, dict) and _types(author) & ORGANISATION_TYPES:
                continue
            names.append(_text(author))
        return [name for name in names if name]

    def published(self) -> list[str]:
        return _strings(self.article.get("datePublished"))

    def modified(self) -> list[str]:
        return _strings(self.article.get("dateModified"))

    def section(self) -> str:
        return _text(self.article.get("articleSection"))

    def breadcrumbs(self) -> list[str]:
        """The crumb names of the first BreadcrumbList, in position order."""
        for node in self.nodes:
            if "BreadcrumbList" in _types(node):
                return _strings(self._crumb_items(node))
        return []

    def tags(self) -> list[str]:
        keywords = self.article.get("keywords")
        if isinstance(keywords, str):
            return keywords.split(",")
        # VnExpress lists its tags in "about" as plain strings.
        return _strings(keywords) or _strings(self.article.get("about"))

    def language(self) -> str:
        return _text(self.article.get("inLanguage"))

    def url(self) -> str:
        page = self.article.get("mainEntityOfPage")
        return _text(self.article.get("url")) or (
            page.get("@id", "") if isinstance(page, dict) else _text(page)
        )

    def publishers(self) -> list[str]:
        return _strings(self._resolved(self.article.get("publisher")))

    def _resolved(self, value: Any) -> list[Any]:
        """Follow ``{"@id": …}`` references into the other nodes of the page."""
        by_id = {n["@id"]: n for n in self.nodes if isinstance(n.get("@id"), str)}
        items = value if isinstance(value, list) else [value]
        return [by_id.get(_reference(item), item) for item in items if item]

    @staticmethod
    def _crumb_items(node: dict[str, Any]) -> list[Any]:
        elements = node.get("itemListElement") or []
        elements = elements if isinstance(elements, list) else [elements]
        ordered = sorted((e for e in elements if isinstance(e, dict)), key=_position)
        return [e.get("name") or e.get("item") for e in ordered]


def _reference(item: Any) -> str:
    """The target of a bare ``{"@id": "…"}`` reference, else ""."""
    if isinstance(item, dict) and set(item) == {"@id"} and isinstance(item["@id"], str):
        return item["@id"]
    return ""


def _position(crumb: dict[str, Any]) -> int:
    position = crumb.get("position")
    return position if isinstance(position, int) else 0


def find_jsonld(tree: etree._Element) -> JsonLd:
    """All JSON-LD nodes of a page and its article node: top-level nodes before nested ones
    (a listing's related articles are not the page's article), then by ``ARTICLE_TYPES``."""
    found = [
        pair for script in _LD_SCRIPTS(tree) for pair in _nodes(parse_jsonld(script.text or ""))
    ]
    nodes = [node for node, _ in found]
    for nested in (False, True):
        for kind in ARTICLE_TYPES:
            for node, is_nested in found:
                if is_nested == nested and kind in _types(node):
                    return JsonLd(node, nodes)
    return JsonLd({}, nodes)
