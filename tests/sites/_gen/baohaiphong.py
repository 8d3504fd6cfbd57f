"""Báo Hải Phòng replay, plus the bad-input routes (broken, mis-encoded, huge, binary, looping,
failing and slow pages linked as if they were articles).

Markup follows what scrapers of today's baohaiphong.vn select (h1, ``p.sc-longform-header-sapo``,
``div.b-maincontent``); the visible date format ``%d/%m/%Y %H:%M`` is docbao's 2019 config.
"""

from __future__ import annotations

import base64
import json
import unicodedata
from html import escape

from .common import (
    TRACKING_QUERY,
    Site,
    Story,
    cp1258,
    expected_entry,
    hrefs,
    load_stories,
    news_urlset,
    robots,
    sitemap_index,
    urlset,
)

NAME = "baohaiphong"
CATEGORY = "/kinh-te"
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
       b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
# Bad routes linked from the listing as if they were articles: (path, listing page, outcome).
BAD = {
    "/bao-cao-toan-van-quy-hoach-khu-kinh-te-560201.html": ("big", 1),
    "/quyet-dinh-thanh-lap-khu-cong-nghiep-560202.html": ("pdf", 1),
    "/anh-toan-canh-khu-cong-nghiep-deep-c-560203.html": ("png", 1),
    "/chuyen-huong-vong-lap-khu-cong-nghiep-560204.html": ("redirect_loop", 1),
    "/bai-da-go-khu-cong-nghiep-560205.html": ("404", 1),
    "/loi-may-chu-khu-cong-nghiep-560206.html": ("500", 2),
    "/trang-cham-khu-cong-nghiep-an-duong-560207.html": ("slow", 2),
}


def article(s: Story, charset: bool = True) -> str:
    meta_charset = '<meta charset="utf-8">\n' if charset else ""
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": s.title,
          "datePublished": s.ago("iso"), "dateModified": s.ago("iso"),
          "author": {"@type": "Person", "name": s.author},
          "publisher": {"@type": "Organization", "name": "Báo Hải Phòng"}}
    body = "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in s.body)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
{meta_charset}<title>{escape(s.title)}</title>
<meta name="description" content="{escape(s.summary)}">
<meta name="author" content="Báo Hải Phòng">
<meta property="og:title" content="{escape(s.title)}">
<meta property="og:url" content="{{{{base}}}}{s.path}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{s.ago("iso")}">
<meta property="article:section" content="{s.section}">
<link rel="canonical" href="{{{{base}}}}{s.path}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head>
<body>
<header class="c-header"><a href="/" class="logo">Báo Hải Phòng</a>
<nav><a href="/chinh-tri">Chính trị</a> <a href="/kinh-te">Kinh tế</a> <a href="/the-thao">Thể thao</a>
</nav></header>
<main class="c-news-detail">
<div class="sc-longform-header">
<div class="block-sc-category"><a href="{CATEGORY}">{s.section}</a></div>
<h1 class="sc-longform-header-title block-sc-title">{escape(s.title)}</h1>
<div class="sc-longform-header-meta"><span class="sc-longform-header-author block-sc-author">\
{s.author}</span> <span class="sc-longform-header-date block-sc-publish-time">\
{s.ago("%d/%m/%Y %H:%M")}</span></div>
<p class="sc-longform-header-sapo block-sc-sapo">{escape(s.summary)}</p>
</div>
<div class="b-maincontent">
{body}<!--pad--></div>
<div class="b-related"><h3>Tin liên quan</h3><a href="{CATEGORY}">Xem thêm tin Kinh tế</a></div>
</main>
<footer class="c-footer">Báo Hải Phòng – Cơ quan của Đảng bộ thành phố Hải Phòng</footer>
</body>
</html>
"""


def _item(href: str, title: str) -> str:
    return (f'<article class="b-grid"><h3 class="b-grid__title"><a href="{href}" '
            f'title="{escape(title)}">{escape(title)}</a></h3></article>\n')


def listing(stories: list[Story], page: int) -> str:
    items = "".join(_item(s.path, s.title) for s in hrefs(stories, f"listing:{page}"))
    items += "".join(_item(path, path.strip("/").rsplit("-", 1)[0].replace("-", " ").capitalize())
                     for path, (_, on) in BAD.items() if on == page)
    if page == 1:
        items += "".join(_item(s.path + TRACKING_QUERY, s.title) for s in hrefs(stories, "tracking"))
        nav = ('<a class="active">1</a> <a href="/kinh-te?page=2">2</a> '
               '<a href="/kinh-te?page=2" class="next">Trang sau</a> '
               '<a href="/kinh-te?page=2" class="last">»</a>')
    else:
        nav = '<a href="/kinh-te" class="prev">Trang trước</a> <a href="/kinh-te">1</a> <a class="active">2</a>'
    return ('<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8"><title>Kinh tế - '
            f'Báo Hải Phòng</title></head>\n<body>\n<main class="c-category">\n{items}'
            f'<div class="pagination">{nav}</div>\n</main>\n</body>\n</html>\n')


def rss(stories: list[Story]) -> str:
    items = "".join(f"<item><title><![CDATA[{s.title}]]></title>"
                    f"<link>{{{{base}}}}{s.path}</link><guid isPermaLink=\"true\">{{{{base}}}}{s.path}"
                    f"</guid><description><![CDATA[{s.summary}]]></description>"
                    f"<pubDate>{s.ago('rfc822')}</pubDate></item>\n" for s in hrefs(stories, "feed"))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
            "<title>Báo Hải Phòng - Tin mới nhất</title><link>{{base}}/</link>\n"
            f"<description>Báo Hải Phòng</description>\n{items}</channel></rss>\n")


def _add_story(site: Site, s: Story) -> None:
    html = article(s, charset=s.quirk != "no_charset")
    if s.quirk == "nfd":
        site.page(s.path, unicodedata.normalize("NFD", html))
    elif s.quirk == "no_charset":
        site.page(s.path, html, "text/html")
    elif s.quirk == "cp1258":
        site.raw(s.path, cp1258(html), "text/html; charset=utf-8", encoding="cp1258")
    elif s.quirk == "truncated":
        site.page(s.path, html[: html.index(s.body[-1]) + len(s.body[-1]) - 4])
    elif s.quirk == "flaky":
        site.page(s.path, html, flaky=1, status=503)
    else:
        site.page(s.path, html)


def _add_bad(site: Site, template: Story) -> list[dict[str, str]]:
    outcomes = []
    for path, (kind, _) in BAD.items():
        page = Story(**{**template.__dict__, "path": path})
        if kind == "big":
            site.page(path, article(page), big=5_000_000)
        elif kind == "pdf":
            site.raw(path, PDF, "application/pdf", render=False)
        elif kind == "png":
            site.raw(path, PNG_1PX, "image/png", render=False)
        elif kind == "redirect_loop":
            site.special(path, redirect="/chuyen-huong-vong-lap-b")
            site.special("/chuyen-huong-vong-lap-b", redirect=path)
        elif kind == "slow":
            site.page(path, article(page), slow=5)
        else:
            site.special(path, status=int(kind))
        outcomes.append({"path": path, "expect": "failed", "kind": kind})
    return outcomes


def build() -> Site:
    stories = load_stories(NAME)
    site = Site(NAME)
    for s in stories:
        _add_story(site, s)
    bad = _add_bad(site, stories[1])
    site.page(CATEGORY, listing(stories, 1))
    site.page("/kinh-te?page=2", listing(stories, 2))
    site.page("/rss/tin-moi-nhat.rss", rss(stories), "application/rss+xml; charset=utf-8")
    site.page("/robots.txt", robots(["/tim-kiem", "/noi-bo/"], ["/sitemap.xml"]),
              "text/plain; charset=utf-8")
    site.page("/sitemap.xml", sitemap_index([("/sitemaps/news.xml", "{{ago:0:0:iso}}"),
                                             ("/sitemaps/articles-1.xml", "{{ago:0:0:iso}}")]),
              "application/xml")
    site.page("/sitemaps/news.xml", news_urlset(hrefs(stories, "news_sitemap"), "Báo Hải Phòng"),
              "application/xml")
    site.page("/sitemaps/articles-1.xml", urlset(hrefs(stories, "sitemap")), "application/xml")
    site.expected = {
        "site": NAME,
        "source": NAME,
        "articles": [expected_entry(s) for s in stories],
        "bad_inputs": bad,
        "duplicates": [{"path": s.path + TRACKING_QUERY, "duplicate_of": s.path}
                       for s in hrefs(stories, "tracking")],
        "never_requested": [],
        "conditional_on_recrawl": ["/rss/tin-moi-nhat.rss", CATEGORY],
    }
    return site
