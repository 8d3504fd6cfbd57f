"""CafeF replay: section feeds /vi-mo-dau-tu.rss and /bat-dong-san.rss, the /latest-news-sitemap.xml
named in robots.txt, articles ``/<slug>-<18 digits>.chn`` with the markup public scrapers read
(``h1.title``, ``h2.sapo``, ``div.detail-content.afcbc-body``, ``p.author``) and the date only in
``span.pdate`` as '16-01-2021 - 02:15 PM' (12-hour clock, no meta date)."""

from __future__ import annotations

from html import escape

from .common import Site, Story, load_stories, news_urlset, robots
from .pages import expected, paragraphs, rss

NAME = "cafef"
FEEDS = {"/vi-mo-dau-tu.rss": "feed", "/bat-dong-san.rss": "atom"}
"""Feed path → the ``via`` tag of the stories it carries (``atom`` = the second feed)."""


def article(s: Story) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{escape(s.title)}</title>
<meta name="description" content="{escape(s.summary)}" />
<meta property="og:title" content="{escape(s.title)}" />
<meta property="og:url" content="{{{{base}}}}{s.path}" />
<meta property="og:site_name" content="CafeF" />
<link rel="canonical" href="{{{{base}}}}{s.path}" />
</head>
<body>
<div class="header"><a href="/" class="logo">CafeF</a></div>
<div class="left_cate totalcontentdetail">
<div class="cate-24h-foot-home-latest-list"><a href="/vi-mo-dau-tu.chn">{s.section}</a></div>
<h1 class="title" data-role="title">{escape(s.title)}</h1>
<div class="dateandcat"><span class="pdate" data-role="publishdate">\
{s.ago("%d-%m-%Y - %I:%M %p")}</span></div>
<h2 class="sapo" data-role="sapo">{escape(s.summary)}</h2>
<div class="detail-content afcbc-body" data-role="content">
{paragraphs(s)}</div>
<p class="author">{s.author}</p>
</div>
<div class="footer">CafeF - Kênh thông tin kinh tế - tài chính Việt Nam</div>
</body>
</html>
"""


def build() -> Site:
    stories = load_stories(NAME)
    site = Site(NAME)
    for s in stories:
        site.page(s.path, article(s))
    for path, via in FEEDS.items():
        site.page(path, rss("CafeF - " + path.strip("/").removesuffix(".rss"), stories, via),
                  "text/xml; charset=utf-8")
    site.page("/robots.txt", robots(["/tim-kiem/", "/ajax/"], ["/latest-news-sitemap.xml"]),
              "text/plain; charset=utf-8")
    site.page("/latest-news-sitemap.xml",
              news_urlset([s for s in stories if s.on("news_sitemap")], "CafeF"),
              "application/xml")
    site.expected = expected(NAME, stories, list(FEEDS))
    return site
