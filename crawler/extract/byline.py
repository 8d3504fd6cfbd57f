"""What a reader sees around the headline: visible title, sapo, byline, date, breadcrumb, tags.

Used after JSON-LD and ``<meta>``, and for the sapo, which many pages only show in the body.
The selectors are named data, each group in order of trust, first match wins. Bylines are
split into people: "Bài và ảnh: HOÀNG DŨNG - MINH KHÔI" → ["HOÀNG DŨNG", "MINH KHÔI"].
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from crawler.extract.body import text_of
from crawler.normalise import clean_line
from newswatch.core.selectors import select
from newswatch.core.text import fold, host_of, site_host

# Generic CMS conventions only: a bundled site's own markup lives in its catalogue entry
# (crawler/sources/<name>.toml), where it wins over these.
TITLE_SELECTORS = (
    "h1.article__title, .story__heading",
    "h1.detail-title, h1[itemprop=headline], h1.entry-title",  # Tuổi Trẻ, WordPress
    "h1",
)
SAPO_SELECTORS = (
    ".article__sapo, .detail-sapo, .story__summary",
    ".article-sapo, .sapo, h2.lead",
)
BYLINE_SELECTORS = (
    ".article__author .name, .article__author",
    "a.author",
    ".detail-author .name, .author-info .name, .author-name, [itemprop=author] [itemprop=name]",
    "[rel=author], .byline",
    # Generic CMS conventions: an author-name class, a link to the author's archive page
    # (WordPress ``/author/<slug>/``), microdata without a nested name, Drupal's "submitted".
    "[class*=author-name], [class*=author_name], a[href*='/author/'], [itemprop=author],"
    " .submitted .username",
    # The common Vietnamese sign-off: the author's name bold and right-aligned under the text.
    'p[style*="text-align: right"] > strong, p[style*="text-align:right"] > strong,'
    " p[align=right] > strong",
    ".author",  # last: on some pages the class also marks comment authors
)
DATE_SELECTORS = (
    "span.date",
    ".article__meta time, .article__meta .time",
    ".detail-time, [data-role=publishdate]",  # Tuổi Trẻ
    ".story__time",
    "time[datetime]",
    ".publish-date, .date-time, .time-post, .post-date, .article-date, .posted-on",
)
BREADCRUMB_SELECTORS = (
    "ul.breadcrumb a, .breadcrumb a, .breadcrumbs a, .article__breadcrumb a",
    ".article-cate a, nav[aria-label=breadcrumb] a",
)
TAG_SELECTORS = (
    ".tags a, .tag-item a, .box-tag a, .article__tag a, .tag_detail a, .detail-tab a",
    "a[rel=tag]",
)
HOME_CRUMBS = frozenset({"trang chủ", "trang chu", "home", "homepage"})
MAX_BYLINE_CHARS = 100  # a longer "byline" is a paragraph that happened to match

# "Bài và ảnh:", "Ảnh:", "Tác giả:", "By" … before the names.
_AUTHOR_LABEL = re.compile(
    r"^(?:(?:bài|ảnh|video|clip)(?:\s*(?:và|,|&|\+)\s*(?:bài|ảnh|video|clip))*"
    r"|tác giả|nhóm phóng viên|nhóm pv|thực hiện|by|text|von|par|(?:view|see) all posts by"
    r"|zeige alle (?:beiträge|artikel) von|(?:ein )?(?:beitrag|artikel) von)\s*[:.\-–]?\s+",
    re.IGNORECASE,
)
# "Theo TTXVN", "Nguồn: Reuters": an attribution to another outlet, not a person.
_ATTRIBUTION = re.compile(r"^(?:theo|nguồn|source)\b", re.IGNORECASE)
# "A, B và C", "A - B", "A, and B", "A / B".
_AUTHOR_SEPARATORS = re.compile(
    r"\s*(?:,\s*(?:and|và)\s|[,;/&|]|\s[-–—]\s|\svà\s|\sand\s)\s*", re.IGNORECASE
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_URLS = re.compile(r"\S+://\S*")
# "VCCorp.vn", "facebook.com", "christian.stadtfeld": a site, an operator or a user handle.
_DOTTED = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
# A year or a clock time: "20 Nov 2019 08:00 GMT" is a dateline caught by a byline selector.
_DATELIKE = re.compile(r"\d{4}|\d:\d\d")
MAX_AUTHOR_WORDS = 6
# Lowercase words inside names: "Ursula von der Leyen", "Nguyễn văn A", "and" between two.
NAME_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "del", "dos", "bin", "al"}
    | {"văn", "thị", "và", "and", "und", "et", "y", "e"}
)
# Roles that stand where a name should ("PV" = phóng viên, reporter; "CTV" = contributor).
# A byline label left without its name ("Submitted" of Drupal's "Submitted by …") neither.
NOT_PEOPLE = frozenset(
    {"pv", "ctv", "btv", "phóng viên", "cộng tác viên", "ban biên tập", "admin"}
    | {"submitted", "posted", "author", "by"}
)


def _name_shaped(text: str) -> bool:
    words = [w for w in re.split(r"[\s,;/&|]+", text) if w.isalpha()]
    return len(words) < 2 or all(w[0].isupper() or w.casefold() in NAME_PARTICLES for w in words)


def _bare(byline: str) -> str:
    """The byline without URLs and parenthesised notes ("Minh Anh (tổng hợp)" → "Minh Anh")."""
    return " ".join(_URLS.sub(" ", _PARENTHESES.sub(" ", byline)).split())


def split_authors(raw: str) -> list[str]:
    """People named in one byline string; attributions, e-mails and sentences are dropped."""
    line = _bare(raw)
    if _ATTRIBUTION.match(line):
        return []
    line = _AUTHOR_LABEL.sub("", line)
    names = (name.strip(" .:-–") for name in _AUTHOR_SEPARATORS.split(line))
    return [
        name
        for name in names
        if any(char.isalpha() for char in name)
        and "@" not in name
        and not _DOTTED.match(name)
        and not _DATELIKE.search(name)
        and len(name.split()) <= MAX_AUTHOR_WORDS
        and not _ATTRIBUTION.match(name)
        and name.casefold() not in NOT_PEOPLE
    ]


# Host labels that say nothing about which site it is.
GENERIC_HOST_LABELS = frozenset({"www", "com", "net", "org", "gov", "edu", "info", "vn", "news"})
MIN_SITE_KEY = 3  # shorter keys ("e", "m", "tt") are noise
MIN_CONTAINED = 5  # shortest key that counts when found inside a longer one ("tuoitre")


def site_key(text: str) -> str:
    """Letters and digits only, diacritics folded: "Báo Hải Phòng" → "baohaiphong"."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def top_section(crumbs: list[str]) -> str:
    """The first breadcrumb after a leading "home" crumb: the article's top-level section."""
    return next((c for c in crumbs if c.strip().casefold() not in HOME_CRUMBS), "")


class SiteNames:
    """The names a site goes by, to tell its own name from a person's in bylines and titles."""

    def __init__(self, names: Iterable[str]) -> None:
        keys = {site_key(name) for name in names}
        self._keys = {k for k in keys if len(k) >= MIN_SITE_KEY and not k.isdigit()}

    @classmethod
    def of(cls, names: Iterable[str], urls: Iterable[str]) -> SiteNames:
        """From declared names (source, og:site_name, publisher) and the page's host names."""
        hosts = [site_host(host_of(url)) for url in urls]
        labels = [label for host in hosts for label in host.split(".")]
        return cls([*names, *hosts, *(x for x in labels if x not in GENERIC_HOST_LABELS)])

    def is_site(self, value: str, *, inside_name: bool = True) -> bool:
        """Whether ``value`` is, contains (or, with ``inside_name``, is part of) a site name.

        Short keys ("vir") must match exactly: inside other words they are just letters.
        """
        key = site_key(value)
        return bool(key) and any(
            key == site
            or (len(site) >= MIN_CONTAINED and site in key)
            or (inside_name and len(key) >= MIN_CONTAINED and key in site)
            for site in self._keys
        )

    def people(self, bylines: Iterable[str]) -> list[str]:
        """Distinct person names from raw byline strings, site names dropped."""
        found: dict[str, str] = {}
        for byline in bylines:
            for name in map(clean_line, split_authors(clean_line(byline))):
                if name and not self.is_site(name):
                    found.setdefault(name.casefold(), name)
        return list(found.values())

    def stripped(self, text: str) -> str:
        """``text`` without a trailing site name: "Tiêu đề - VnExpress Kinh doanh" → "Tiêu đề"."""
        for separator in (" - ", " | ", " – ", " — "):
            head, found, tail = text.rpartition(separator)
            # Strict here: "Đình Vũ - Hải Phòng" must not lose "Hải Phòng" on baohaiphong.vn.
            if found and head.strip() and self.is_site(tail, inside_name=False):
                return head
        return text


class Visible:
    """The visible header and byline of one page."""

    def __init__(self, tree: etree._Element) -> None:
        self._tree = tree

    def _first(self, groups: tuple[str, ...]) -> str:
        for query in groups:
            for node in select(self._tree, query):
                if text := text_of(node):
                    return text
        return ""

    def _all(self, groups: tuple[str, ...]) -> list[str]:
        for query in groups:
            texts = [t for t in map(text_of, select(self._tree, query)) if t]
            if texts:
                return texts
        return []

    def title(self) -> str:
        return self._first(TITLE_SELECTORS)

    def sapo(self) -> str:
        return self._first(SAPO_SELECTORS)

    def authors(self) -> list[str]:
        """Visible bylines; a multi-word one with a lowercase word that is no name particle is
        link text ("Zeige alle Artikel", "View all posts"), not a name."""
        return [
            a
            for a in self._all(BYLINE_SELECTORS)
            if len(a) <= MAX_BYLINE_CHARS and _name_shaped(_AUTHOR_LABEL.sub("", _bare(a)))
        ]

    def dates(self) -> list[str]:
        """Visible date strings; a ``<time datetime>`` gives its machine-readable value."""
        found = []
        for query in DATE_SELECTORS:
            for node in select(self._tree, query):
                value = node if isinstance(node, str) else node.get("datetime") or text_of(node)
                if value.strip():
                    found.append(value)
        return found

    def section(self) -> str:
        return top_section(self._all(BREADCRUMB_SELECTORS))

    def tags(self) -> list[str]:
        return self._all(TAG_SELECTORS)
