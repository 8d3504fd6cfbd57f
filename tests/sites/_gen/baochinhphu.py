"""Báo Chính phủ replay: section feed /kinh-te.rss and /sitemaps/google-news.xml (the configured,
partly unconfirmed paths), articles ``/<slug>-10<digits>.htm`` in the VCCorp-style CMS markup
(``h1.detail-title``, ``h2.detail-sapo``, ``div.detail-content.afcbc-body``, ``div.detail-time``
'16/01/2024 14:15') with ``article:published_time``; layout modelled, not verified."""

from __future__ import annotations

from html import escape

from .common import Site, Story, load_stories, news_urlset, robots
from .pages import expected, paragraphs, rss

NAME = "baochinhphu"
FEED = "/kinh-te.rss"


def article(s: Story) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{escape(s.title)}</title>
<meta name="description" content="{escape(s.summary)}">
<meta property="og:title" content="{escape(s.title)}">
<meta property="og:url" content="{{{{base}}}}{s.path}">
<meta property="og:site_name" content="baochinhphu.vn">
<meta property="article:published_time" content="{s.ago("%Y-%m-%dT%H:%M:%S")}+07:00">
<link rel="canonical" href="{{{{base}}}}{s.path}">
</head>
<body>
<div class="header"><a href="/" class="logo">Báo Điện tử Chính phủ</a></div>
<div class="detail-container">
<div class="detail-cate"><a href="/kinh-te.htm">{s.section}</a></div>
<h1 class="detail-title" data-role="title">{escape(s.title)}</h1>
<div class="detail-time"><div data-role="publishdate">{s.ago("%d/%m/%Y %H:%M")}</div></div>
<h2 class="detail-sapo" data-role="sapo">{escape(s.summary)}</h2>
<div class="detail-content afcbc-body" data-role="content">
{paragraphs(s)}</div>
<div class="detail-author">{s.author}</div>
</div>
<div class="footer">Cổng Thông tin điện tử Chính phủ</div>
</body>
</html>
"""


def build() -> Site:
    stories = load_stories(NAME)
    site = Site(NAME)
    for s in stories:
        site.page(s.path, article(s))
    site.page(FEED, rss("Kinh tế - Báo Chính phủ", stories), "application/rss+xml; charset=utf-8")
    site.page("/robots.txt", robots(["/print/", "/ajax/"], ["/sitemaps/google-news.xml"]),
              "text/plain; charset=utf-8")
    site.page("/sitemaps/google-news.xml",
              news_urlset([s for s in stories if s.on("news_sitemap")], "Báo Chính phủ"),
              "application/xml")
    site.expected = expected(NAME, stories, [FEED])
    return site
