"""``<meta>`` and ``<link>`` evidence: OpenGraph, article:*, Dublin Core, itemprop, plain names.

Every ``<meta>`` is indexed under each of its ``name``, ``property``, ``itemprop`` and
``http-equiv`` keys (VnExpress puts ``itemprop`` and ``name`` on one tag). Field methods return
raw strings in order of trust; the caller parses dates and cleans text.
"""

from __future__ import annotations

from collections import defaultdict

from lxml import etree

_METAS = etree.XPath("//meta")
_CANONICAL = etree.XPath(
    "//link[contains(concat(' ', translate(@rel, 'CANONICAL', 'canonical'), ' '), ' canonical ')]"
    "/@href"
)
_HTML_LANG = etree.XPath("/html/@lang | /html/@xml:lang")
_TITLE = etree.XPath("//title[1]")
_KEYS = ("name", "property", "itemprop", "http-equiv")

TITLE_KEYS = ("og:title", "twitter:title", "headline", "dc.title", "its_title")
SUMMARY_KEYS = ("og:description", "twitter:description", "description", "dc.description")
AUTHOR_KEYS = ("article:author", "author", "dc.creator", "byl", "parsely-author", "sailthru.author")
PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "article.published", "published_time",
    "dc.date.issued", "dcterms.issued", "parsely-pub-date", "sailthru.date", "date", "dc.date",
)  # fmt: skip
MODIFIED_KEYS = (
    "article:modified_time", "og:updated_time", "datemodified", "lastmod", "last-modified",
    "article.updated", "dcterms.modified", "dc.date.modified",
)  # fmt: skip
# A "created" date is often the *site's* founding date (VnExpress: dc.created = 2001-02-26),
# so it is the very last resort, after the visible byline and htmldate.
DECOY_CREATED_KEYS = ("dc.created", "dcterms.created", "dc.date.created")
SECTION_KEYS = ("article:section", "articlesection", "parsely-section", "section")
TAG_KEYS = ("article:tag", "news_keywords", "keywords")
LANGUAGE_KEYS = ("content-language", "inlanguage", "og:locale", "dc.language", "language")
URL_KEYS = ("og:url", "twitter:url")
SITE_NAME_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title")


class Meta:
    """The ``<meta>`` tags of one page, looked up by lower-cased key."""

    def __init__(self, tree: etree._Element) -> None:
        self._values: dict[str, list[str]] = defaultdict(list)
        for meta in _METAS(tree):
            content = meta.get("content") or meta.get("value") or ""
            if not content.strip():
                continue
            for key in {meta.get(k, "").strip().lower() for k in _KEYS} - {""}:
                self._values[key].append(content)
        self._tree = tree

    def all(self, keys: tuple[str, ...]) -> list[str]:
        return [value for key in keys for value in self._values.get(key, [])]

    def first(self, keys: tuple[str, ...]) -> str:
        return next(iter(self.all(keys)), "")

    def title(self) -> str:
        return self.first(TITLE_KEYS)

    def summary(self) -> str:
        return self.first(SUMMARY_KEYS)

    def authors(self) -> list[str]:
        # article:author is often a profile URL rather than a name.
        return [a for a in self.all(AUTHOR_KEYS) if "://" not in a]

    def published(self) -> list[str]:
        return self.all(PUBLISHED_KEYS)

    def modified(self) -> list[str]:
        return self.all(MODIFIED_KEYS)

    def created_decoys(self) -> list[str]:
        return self.all(DECOY_CREATED_KEYS)

    def section(self) -> str:
        return self.first(SECTION_KEYS)

    def tags(self) -> list[str]:
        """``article:tag`` values (one per tag, some comma-joined), else the keyword list."""
        for key in TAG_KEYS:
            values = self.all((key,))
            if values:
                return [tag for value in values for tag in value.split(",")]
        return []

    def language(self) -> str:
        lang = _HTML_LANG(self._tree)
        return str(lang[0]) if lang else self.first(LANGUAGE_KEYS)

    def urls(self) -> list[str]:
        """The page's own claims about its address: ``<link rel=canonical>``, then og:url."""
        return [str(href) for href in _CANONICAL(self._tree)] + self.all(URL_KEYS)

    def site_names(self) -> list[str]:
        return self.all(SITE_NAME_KEYS)

    def page_title(self) -> str:
        """The ``<title>`` text (site suffix still attached)."""
        titles = _TITLE(self._tree)
        return titles[0].text_content() if titles else ""
