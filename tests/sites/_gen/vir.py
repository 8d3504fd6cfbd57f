"""Vietnam Investment Review (English) replay: article ids ``-<digits>.html`` as on vir.com.vn;
listing pagination announced with ``<link rel="next">`` and ``<a rel="next">Next</a>``; English
visible dates; one article linked only as a ``?page=1`` variant of its canonical URL. Section
paths and date markup are modelled, not verified."""

from __future__ import annotations

from html import escape

from .common import (
    TRACKING_QUERY,
    Site,
    Story,
    expected_entry,
    hrefs,
    load_stories,
    news_urlset,
    robots,
    sitemap_index,
    urlset,
)

NAME = "vir"
CATEGORY = "/investing.html"
VARIANT_QUERY = "?page=1"
"""A paged-article URL: served as the article, whose ``<link rel=canonical>`` is the bare path."""


def article(s: Story) -> str:
    body = "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in s.body)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(s.title)}</title>
<meta name="description" content="{escape(s.summary)}">
<meta name="author" content="VIR">
<meta property="og:title" content="{escape(s.title)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{{{{base}}}}{s.path}">
<meta property="article:published_time" content="{s.ago("iso")}">
<meta property="article:section" content="{s.section}">
<link rel="canonical" href="{{{{base}}}}{s.path}">
</head>
<body>
<header><a href="/" class="logo">Vietnam Investment Review</a>
<nav><a href="/investing.html">Investing</a> <a href="/property.html">Property</a></nav></header>
<div class="article-detail">
<div class="article-cate"><a href="{CATEGORY}">{s.section}</a></div>
<h1 class="article-detail-title">{escape(s.title)}</h1>
<div class="article-detail-date">{s.ago("%B %-d, %Y | %H:%M")}</div>
<div class="article-detail-desc">{escape(s.summary)}</div>
<div class="__MB_MASTERCMS_EL article-detail-content">
{body}<p class="author"><strong>By {s.author}</strong></p>
</div>
</div>
<footer>Vietnam Investment Review – Ministry of Planning and Investment</footer>
</body>
</html>
"""


def _item(href: str, s: Story) -> str:
    return (f'<article class="story"><h3 class="story__heading"><a href="{href}">'
            f'{escape(s.title)}</a></h3><p class="story__summary">{escape(s.summary)}</p></article>\n')


def listing(stories: list[Story], page: int) -> str:
    items = "".join(_item(s.path, s) for s in hrefs(stories, f"listing:{page}"))
    if page == 1:
        items += "".join(_item(s.path + TRACKING_QUERY, s) for s in hrefs(stories, "tracking"))
        items += "".join(_item(s.path + VARIANT_QUERY, s) for s in hrefs(stories, "variant"))
        head_next = '<link rel="next" href="/investing/page-2.html">'
        pager = '<a rel="next" href="/investing/page-2.html">Next</a>'
    else:
        head_next, pager = "", '<a rel="prev" href="/investing.html">Previous</a>'
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Investing - '
            f'VIR</title>{head_next}</head>\n<body>\n<div class="list-story">\n{items}</div>\n'
            f'<div class="pagination">{pager}</div>\n</body>\n</html>\n')


def build() -> Site:
    stories = load_stories(NAME)
    site = Site(NAME)
    for s in stories:
        site.page(s.path, article(s))
    site.page(CATEGORY, listing(stories, 1))
    site.page("/investing/page-2.html", listing(stories, 2))
    site.page("/robots.txt", robots(["/admin/", "/search"], ["/sitemap.xml"]),
              "text/plain; charset=utf-8")
    site.page("/sitemap.xml", sitemap_index([("/sitemaps/news.xml", "{{ago:0:0:iso}}"),
                                             ("/sitemaps/articles.xml", "{{ago:0:0:iso}}")]),
              "application/xml")
    site.page("/sitemaps/news.xml",
              news_urlset(hrefs(stories, "news_sitemap"), "Vietnam Investment Review", "en"),
              "application/xml")
    site.page("/sitemaps/articles.xml", urlset(hrefs(stories, "sitemap"), (CATEGORY,)),
              "application/xml")
    site.expected = {
        "site": NAME,
        "source": NAME,
        "articles": [expected_entry(s) for s in stories],
        "duplicates": [{"path": s.path + TRACKING_QUERY, "duplicate_of": s.path}
                       for s in hrefs(stories, "tracking")],
        "canonical_variants": [{"path": s.path + VARIANT_QUERY, "canonical": s.path}
                               for s in hrefs(stories, "variant")],
        "never_requested": [],
        "conditional_on_recrawl": [CATEGORY],
    }
    return site
