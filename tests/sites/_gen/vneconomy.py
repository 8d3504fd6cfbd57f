"""VnEconomy replay: two sitemaps at the real paths (/sitemap/google-news.xml, a Google News set,
and /sitemap/latest-news.xml), the /dau-tu.htm section paginated ``?trang=2``, articles
``/<long-slug>.htm`` (sections are short ``.htm`` too) with ``h1.name-detail`` (confirmed by
scrapers), NewsArticle JSON-LD and a visible 'HH:MM, dd/mm/yyyy' date (modelled)."""

from __future__ import annotations

import json
from html import escape

from .common import Site, Story, load_stories, news_urlset, robots, urlset
from .pages import expected, html_page, links, paragraphs

NAME = "vneconomy"
CATEGORY = "/dau-tu.htm"
PAGE_2 = "/dau-tu.htm?trang=2"


def article(s: Story) -> str:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": s.title,
          "description": s.summary, "datePublished": s.ago("iso"), "dateModified": s.ago("iso"),
          "author": {"@type": "Person", "name": s.author},
          "publisher": {"@type": "Organization", "name": "VnEconomy"}}
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{escape(s.title)} - Nhịp sống kinh tế Việt Nam &amp; Thế giới</title>
<meta name="description" content="{escape(s.summary)}">
<meta property="og:title" content="{escape(s.title)}">
<meta property="og:url" content="{{{{base}}}}{s.path}">
<meta property="og:site_name" content="VnEconomy">
<link rel="canonical" href="{{{{base}}}}{s.path}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head>
<body>
<header><a href="/" class="logo">VnEconomy</a> <a href="{CATEGORY}">Đầu tư</a></header>
<div class="detail-wrap">
<div class="category-detail"><a href="{CATEGORY}">{s.section}</a></div>
<h1 class="name-detail">{escape(s.title)}</h1>
<div class="date-time">{s.ago("%H:%M, %d/%m/%Y")}</div>
<h2 class="news-sapo"><p><b>{escape(s.summary)}</b></p></h2>
<div class="detail__content" data-field="body">
{paragraphs(s)}</div>
<div class="author-detail"><strong>{s.author}</strong></div>
</div>
<footer>Tạp chí Kinh tế Việt Nam - VnEconomy</footer>
</body>
</html>
"""


def _item(href: str, s: Story) -> str:
    return (f'<article class="story story--featured"><h3 class="story__title"><a href="{href}" '
            f'title="{escape(s.title)}">{escape(s.title)}</a></h3></article>\n')


def listing(stories: list[Story], page: int) -> str:
    pager = (f'<a class="active">1</a><a href="{PAGE_2}">2</a><a href="{PAGE_2}">Trang sau</a>'
             if page == 1 else f'<a href="{CATEGORY}">1</a><a class="active">2</a>')
    return html_page("Đầu tư - VnEconomy",
                     f'<div class="list-story">\n{links(stories, f"listing:{page}", _item)}</div>\n'
                     f'<div class="pagination">{pager}</div>\n')


def build() -> Site:
    stories = load_stories(NAME)
    site = Site(NAME)
    for s in stories:
        site.page(s.path, article(s))
    site.page(CATEGORY, listing(stories, 1))
    site.page(PAGE_2, listing(stories, 2))
    site.page("/robots.txt", robots(["/tim-kiem.htm", "/api/"],
                                    ["/sitemap/google-news.xml", "/sitemap/latest-news.xml"]),
              "text/plain; charset=utf-8")
    site.page("/sitemap/google-news.xml",
              news_urlset([s for s in stories if s.on("news_sitemap")], "VnEconomy"),
              "application/xml")
    site.page("/sitemap/latest-news.xml", urlset([s for s in stories if s.on("sitemap")]),
              "application/xml")
    site.expected = expected(NAME, stories, [CATEGORY])
    return site
