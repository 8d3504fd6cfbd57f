"""VietnamPlus replay: RSS /rss/kinhte-311.rss and the Google News sitemap
/sitemaps/google-news.xml at their real paths, articles ``/<slug>-post<digits>.vnp`` in the
site's current CMS markup (``h1.article__title``, ``div.article__sapo``, ``div.article__body``,
``.article__meta time[datetime]`` 'Thứ Ba, 16/01/2024 14:15') with NewsArticle JSON-LD."""

from __future__ import annotations

import json
from html import escape

from .common import Site, Story, load_stories, news_urlset, robots
from .pages import expected, paragraphs, rss

NAME = "vietnamplus"
FEED = "/rss/kinhte-311.rss"


def article(s: Story) -> str:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": s.title,
          "description": s.summary, "datePublished": s.ago("iso"), "dateModified": s.ago("iso"),
          "author": [{"@type": "Person", "name": s.author}],
          "publisher": {"@type": "Organization", "name": "VietnamPlus"}}
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{escape(s.title)} | Vietnam+ (VietnamPlus)</title>
<meta name="description" content="{escape(s.summary)}">
<meta property="og:title" content="{escape(s.title)}">
<meta property="og:url" content="{{{{base}}}}{s.path}">
<meta property="og:site_name" content="Vietnam+ (VietnamPlus)">
<link rel="canonical" href="{{{{base}}}}{s.path}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head>
<body>
<header class="site-header"><a href="/" class="logo">VietnamPlus</a></header>
<div class="article">
<div class="article__breadcrumb"><a href="/kinhte/">{s.section}</a></div>
<h1 class="article__title cms-title">{escape(s.title)}</h1>
<div class="article__meta"><time class="time" datetime="{s.ago("iso")}">\
{s.ago("%A_vi, %d/%m/%Y %H:%M")}</time></div>
<div class="article__sapo cms-desc">{escape(s.summary)}</div>
<div class="article__body cms-body">
{paragraphs(s)}</div>
<div class="article__author"><span class="name cms-author">{s.author}</span></div>
</div>
<footer>Thông tấn xã Việt Nam (TTXVN)</footer>
</body>
</html>
"""


def build() -> Site:
    stories = load_stories(NAME)
    site = Site(NAME)
    for s in stories:
        site.page(s.path, article(s))
    site.page(FEED, rss("Kinh tế - VietnamPlus", stories), "application/rss+xml; charset=utf-8")
    site.page("/robots.txt", robots(["/search/", "/api/"], ["/sitemaps/google-news.xml"]),
              "text/plain; charset=utf-8")
    site.page("/sitemaps/google-news.xml",
              news_urlset([s for s in stories if s.on("news_sitemap")], "VietnamPlus"),
              "application/xml")
    site.expected = expected(NAME, stories, [FEED])
    return site
