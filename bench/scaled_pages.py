"""Generated news sites of any size, built from real pages: the scaled crawl bench's material.

Each source's article page is a real page (``tests/fixtures/extract``: the 222 KB VnExpress page
from /work/shared/eval/vn, Báo Hải Phòng and Báo Đầu tư article markup) with its title, sapo,
dates, JSON-LD and body swapped for one story, everything else (navigation, scripts, footers)
kept. The hand-written pages are 3–8 KB, so they also carry the real VnExpress page's scripts
and styles (192 KB): real pages weigh that much, mostly script. Stories are the replay sites'
(``tests/sites/_gen/stories``), labelled by people ``stored`` (on topic) or ``off_topic``;
each article gets a numbered title and its own date, three hours apart.
Each site also has its discovery pages (``bench.scaled_feeds``).
"""

from __future__ import annotations

import copy
import html
import json
import re
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
from lxml import etree

from bench.scaled_feeds import Truth, discovery_pages
from bench.scaled_server import Page
from newswatch.core.text import fold

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "extract"
STORIES = REPO / "tests" / "sites" / "_gen" / "stories"
WEIGHT_PAGE = FIXTURES / "vn" / "pages" / "vnexpress_4672302_htmldate.html"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
STEP = timedelta(hours=3)
STORY_SOURCES_SKIPPED = ("heza", "vir")  # always_relevant (labels mean nothing); English
_TAG_KEYS = ("article:tag", "news_keywords", "keywords")
_META = {  # meta name/property/itemprop → the placeholder its content becomes
    **dict.fromkeys(("og:title", "twitter:title", "its_title"), "@@TITLE@@"),
    **dict.fromkeys(("description", "og:description", "twitter:description"), "@@SUMMARY@@"),
    **dict.fromkeys(("pubdate", "article:published_time", "datecreated"), "@@DATE@@"),
    **dict.fromkeys(("article:modified_time",), "@@DATE@@"),
    **dict.fromkeys(("its_publication", "article_updatetime"), "@@EPOCH@@"),
    **dict.fromkeys(("og:url", "url"), "@@URL@@"),
}


@dataclass(frozen=True)
class Story:
    title: str
    summary: str
    body: tuple[str, ...]
    author: str
    tags: tuple[str, ...]
    relevant: bool


@dataclass(frozen=True)
class Layout:
    """Where one source's real page keeps what each article changes."""

    source: str  # a bundled source: its patterns and selectors apply
    page: Path
    title: str  # CSS selectors
    sapo: str
    body: str
    date: str
    date_format: str  # {weekday} plus strftime
    path: str  # {slug}, {number}
    first_number: int  # article numbers as the source's URL pattern wants them


LAYOUTS = (
    Layout(
        "vnexpress",
        WEIGHT_PAGE,
        "h1.title-detail",
        "p.description",
        "article.fck_detail",
        "span.date",
        "{weekday}, %d/%m/%Y, %H:%M (GMT+7)",
        "/{slug}-{number}.html",
        4_900_000,
    ),
    Layout(
        "baohaiphong",
        FIXTURES / "sites" / "baohaiphong_deep_c.html",
        "h1",
        ".article__sapo",
        ".b-maincontent",
        "time.time",
        "{weekday}, %d/%m/%Y %H:%M",
        "/{slug}-{number}.html",
        560_000,
    ),
    Layout(
        "baodautu",
        FIXTURES / "sites" / "baodautu_vsip_hai_phong.html",
        ".title-detail",
        ".sapo_detail",
        "#content_detail_news",
        ".post-time",
        "- %d/%m/%Y %H:%M",
        "/{slug}-d{number}.html",
        520_000,
    ),
    Layout(
        "haiphong-gov",
        FIXTURES / "sites" / "baohaiphong_nam_dinh_vu.html",
        "h1",
        ".article__sapo",
        ".b-maincontent",
        "span.time",
        "{weekday}, %d/%m/%Y | %H:%M",
        "/{slug}-{number}.html",
        70_000,
    ),
)


def stories() -> list[Story]:
    found: list[Story] = []
    for path in sorted(STORIES.glob("*.toml")):
        if path.stem in STORY_SOURCES_SKIPPED:
            continue
        for entry in tomllib.loads(path.read_text("utf-8"))["article"]:
            if entry["expect"] in ("stored", "off_topic"):
                body = tuple(_no_placeholders(p) for p in entry["body"])
                found.append(
                    Story(
                        entry["title"],
                        _no_placeholders(entry["summary"]),
                        body,
                        entry.get("author", ""),
                        tuple(entry.get("tags", ())),
                        entry["expect"] == "stored",
                    )
                )
    return found


def _no_placeholders(text: str) -> str:
    """The replay stories' ``{{ago:…}}`` dates become a plain day (they are prose, not dates
    any crawler reads)."""
    return re.sub(r"\{\{[^}]*\}\}", "20/11", text)


def _template(layout: Layout, weight: list[str]) -> str:
    raw = layout.page.read_bytes().decode("utf-8")
    tree = lxml.html.document_fromstring(raw)
    for script in tree.xpath("//script[@type='application/ld+json']"):
        script.drop_tree()
    head = tree.find("head")
    assert head is not None
    ld = etree.SubElement(head, "script", type="application/ld+json")
    ld.text = "@@JSONLD@@"
    for meta in list(tree.iter("meta")):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META:
            meta.set("content", _META[key])
        elif key in _TAG_KEYS:  # the original article's tags: the story brings its own
            meta.drop_tree()
    for box in tree.xpath("//*[contains(@class, 'tag')]"):
        box.drop_tree()
    etree.SubElement(head, "meta", name="keywords", content="@@TAGS@@")
    if not tree.xpath("//meta[@property='og:type']"):  # real news pages declare it
        etree.SubElement(head, "meta", property="og:type", content="article")
    for link in tree.xpath("//link[@rel='canonical']"):
        link.set("href", "@@URL@@")
    title = tree.find(".//title")
    if title is not None:
        title.text = "@@TITLE@@ - " + re.split(r" [-|] ", title.text_content())[-1]
    for selector, text in (
        (layout.title, "@@TITLE@@"),
        (layout.sapo, "@@SUMMARY@@"),
        (layout.body, "@@BODY@@"),
        (layout.date, "@@VISIBLE@@"),
    ):
        for node in tree.cssselect(selector):
            for child in list(node):
                node.remove(child)
            node.text = text
            if node.get("datetime"):
                node.set("datetime", "@@DATE@@")
    if layout.page != WEIGHT_PAGE:
        head.extend(lxml.html.fragment_fromstring(chunk) for chunk in weight)
    return "<!DOCTYPE html>\n" + lxml.html.tostring(tree, encoding="unicode")


def _weight() -> list[str]:
    """The real VnExpress page's scripts and styles (not JSON-LD), serialised."""
    tree = lxml.html.document_fromstring(WEIGHT_PAGE.read_bytes().decode("utf-8"))
    nodes = [n for n in tree.iter("script", "style") if n.get("type") != "application/ld+json"]
    return [lxml.html.tostring(copy.copy(n), encoding="unicode", with_tail=False) for n in nodes]


def _visible(moment: datetime, layout: Layout) -> str:
    return moment.strftime(layout.date_format.replace("{weekday}", WEEKDAYS[moment.weekday()]))


def _article(
    template: str, layout: Layout, story: Story, url: str, moment: datetime, title: str
) -> bytes:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "description": story.summary,
        "datePublished": moment.isoformat(),
        "dateModified": moment.isoformat(),
        "mainEntityOfPage": url,
        "author": {"@type": "Person", "name": story.author} if story.author else None,
        "publisher": {"@type": "Organization", "name": layout.source},
    }
    values = {
        "@@JSONLD@@": json.dumps(ld, ensure_ascii=False).replace("</", "<\\/"),
        "@@TITLE@@": html.escape(title),
        "@@SUMMARY@@": html.escape(story.summary),
        "@@DATE@@": moment.isoformat(),
        "@@EPOCH@@": str(int(moment.timestamp())),
        "@@URL@@": url,
        "@@TAGS@@": html.escape(", ".join(story.tags)),
        "@@VISIBLE@@": _visible(moment, layout),
        "@@BODY@@": "".join(f"<p>{html.escape(p)}</p>\n" for p in story.body),
    }
    return re.sub("|".join(values), lambda m: values[m.group(0)], template).encode("utf-8")


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")


def build_site(
    layout: Layout, base: str, count: int, now: datetime, weight: list[str]
) -> tuple[dict[str, Page], list[Truth]]:
    """One site of ``count`` articles, newest first; its pages by path and the truth."""
    template, pool = _template(layout, weight), stories()
    pages: dict[str, Page] = {}
    truth: list[Truth] = []
    for i in range(count):
        story = pool[(i + 11 * LAYOUTS.index(layout)) % len(pool)]  # sources differ
        title = f"{story.title} (kỳ {i + 1})"
        moment = (now - STEP * (i + 1)).astimezone(TZ).replace(second=0, microsecond=0)
        path = layout.path.format(slug=_slug(title), number=layout.first_number + i)
        url = base + path
        pages[path] = Page(_article(template, layout, story, url, moment, title))
        truth.append(Truth(url, title, moment, story.relevant))
    pages.update(discovery_pages(base, truth))
    return pages, truth


def build_sites(
    bases: list[str], per_source: int, now: datetime
) -> tuple[dict[str, dict[str, Page]], dict[str, list[Truth]]]:
    """All four sources (``bases[i]`` is layout i's base URL)."""
    weight = _weight()
    pages: dict[str, dict[str, Page]] = {}
    truth: dict[str, list[Truth]] = {}
    for layout, base in zip(LAYOUTS, bases, strict=True):
        pages[layout.source], truth[layout.source] = build_site(
            layout, base, per_source, now, weight
        )
    return pages, truth
