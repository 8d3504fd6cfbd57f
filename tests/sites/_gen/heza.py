"""Hải Phòng Economic Zone Authority replay: a WordPress site (heza.gov.vn serves /wp-content/),
so the standard WordPress routes: RSS /feed/, Atom /feed/atom/, /wp-sitemap.xml, ?s= search,
/page/N/ pagination with a "Tiếp »" link. Theme markup is modelled, not verified."""

from __future__ import annotations

from html import escape

from .common import Site, Story, expected_entry, hrefs, load_stories, robots, urlset

NAME = "heza"
CATEGORY = "/chuyen-muc/tin-tuc-su-kien/"


def article(s: Story) -> str:
    body = "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in s.body)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="UTF-8">
<title>{escape(s.title)} &#8211; Ban Quản lý Khu kinh tế Hải Phòng</title>
<link rel="canonical" href="{{{{base}}}}{s.path}" />
<meta property="og:locale" content="vi_VN" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{escape(s.title)}" />
<meta property="og:url" content="{{{{base}}}}{s.path}" />
<meta property="article:published_time" content="{s.ago("iso")}" />
<link rel="alternate" type="application/rss+xml" href="{{{{base}}}}/feed/" />
</head>
<body class="post-template-default single single-post">
<header id="masthead"><a href="/" rel="home">Ban Quản lý Khu kinh tế Hải Phòng</a></header>
<article class="post type-post status-publish format-standard hentry">
<header class="entry-header"><h1 class="entry-title">{escape(s.title)}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" \
datetime="{s.ago("iso")}">{s.ago("%d/%m/%Y")}</time></span> <span class="byline">\
<span class="author vcard">{s.author}</span></span></div></header>
<div class="entry-content">
<p><strong>{escape(s.summary)}</strong></p>
{body}</div>
<footer class="entry-footer"><span class="cat-links"><a href="{CATEGORY}" rel="category tag">\
{s.section}</a></span></footer>
</article>
</body>
</html>
"""


def _item(s: Story) -> str:
    return (f'<article class="post hentry"><h2 class="entry-title"><a href="{s.path}" '
            f'rel="bookmark">{escape(s.title)}</a></h2><div class="entry-summary"><p>'
            f"{escape(s.summary)}</p></div></article>\n")


def listing(stories: list[Story], page: int) -> str:
    items = "".join(_item(s) for s in hrefs(stories, f"listing:{page}"))
    # paginate_links(): numbers plus a "Tiếp »" control (arrow glued to the word).
    pager = ('<span aria-current="page" class="page-numbers current">1</span> '
             f'<a class="page-numbers" href="{CATEGORY}page/2/">2</a> '
             f'<a class="next page-numbers" href="{CATEGORY}page/2/">Tiếp &raquo;</a>' if page == 1
             else f'<a class="prev page-numbers" href="{CATEGORY}">&laquo; Trước</a> '
             f'<a class="page-numbers" href="{CATEGORY}">1</a> '
             '<span aria-current="page" class="page-numbers current">2</span>')
    return ('<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="UTF-8"><title>Tin tức - Sự kiện'
            f'</title></head>\n<body class="archive category">\n<main id="main">\n{items}'
            f'<nav class="navigation pagination"><div class="nav-links">{pager}</div></nav>\n'
            "</main>\n</body>\n</html>\n")


def rss(stories: list[Story]) -> str:
    items = "".join(f"<item>\n<title>{escape(s.title)}</title>\n<link>{{{{base}}}}{s.path}</link>\n"
                    f"<dc:creator><![CDATA[{s.author}]]></dc:creator>\n<pubDate>{s.ago('rfc822')}"
                    f'</pubDate>\n<guid isPermaLink="false">{{{{base}}}}/?p={1000 + n}</guid>\n'
                    f"<description><![CDATA[{s.summary}]]></description>\n</item>\n"
                    for n, s in enumerate(hrefs(stories, "feed")))
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
            "<title>Ban Quản lý Khu kinh tế Hải Phòng</title>\n<link>{{base}}</link>\n"
            "<language>vi</language>\n<generator>https://wordpress.org/?v=6.4.2</generator>\n"
            f"{items}</channel>\n</rss>\n")


def atom(stories: list[Story]) -> str:
    entries = "".join(f'<entry>\n<author><name>{s.author}</name></author>\n<title type="html">'
                      f'<![CDATA[{s.title}]]></title>\n<link rel="alternate" type="text/html" '
                      f'href="{{{{base}}}}{s.path}" />\n<id>{{{{base}}}}{s.path}</id>\n'
                      f"<updated>{s.ago('iso')}</updated>\n<published>{s.ago('iso')}</published>\n"
                      f'<summary type="html"><![CDATA[{s.summary}]]></summary>\n</entry>\n'
                      for s in hrefs(stories, "atom"))
    return ('<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
            'xml:lang="vi">\n<title type="text">Ban Quản lý Khu kinh tế Hải Phòng</title>\n'
            "<updated>{{ago:0:0:iso}}</updated>\n<id>{{base}}/feed/atom/</id>\n"
            f"{entries}</feed>\n")


def search(stories: list[Story]) -> str:
    items = "".join(_item(s) for s in hrefs(stories, "search"))
    return ('<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="UTF-8"><title>Kết quả tìm '
            f'kiếm</title></head>\n<body class="search">\n<main id="main">\n{items}</main>\n'
            "</body>\n</html>\n")


def build() -> Site:
    stories = load_stories(NAME)
    site = Site(NAME)
    for s in stories:
        site.page(s.path, article(s))
    site.page(CATEGORY, listing(stories, 1))
    site.page(f"{CATEGORY}page/2/", listing(stories, 2))
    site.page("/?s", search(stories))
    site.page("/feed/", rss(stories), "application/rss+xml; charset=UTF-8")
    site.page("/feed/atom/", atom(stories), "application/atom+xml; charset=UTF-8")
    site.page("/robots.txt", robots(["/wp-admin/"], ["/wp-sitemap.xml"],
                                    allow=["/wp-admin/admin-ajax.php"]),
              "text/plain; charset=utf-8")
    site.page("/wp-sitemap.xml", _wp_index(), "application/xml")
    site.page("/wp-sitemap-posts-post-1.xml", urlset(hrefs(stories, "sitemap")), "application/xml")
    site.page("/wp-sitemap-taxonomies-category-1.xml", urlset([], (CATEGORY,)), "application/xml")
    site.expected = {
        "site": NAME,
        "source": NAME,
        "always_relevant": True,
        "articles": [expected_entry(s) for s in stories],
        "duplicates": [],
        "never_requested": ["/wp-admin/"],
        "conditional_on_recrawl": ["/feed/", CATEGORY],
    }
    return site


def _wp_index() -> str:
    children = ("/wp-sitemap-posts-post-1.xml", "/wp-sitemap-taxonomies-category-1.xml")
    items = "".join(f"<sitemap><loc>{{{{base}}}}{c}</loc></sitemap>" for c in children)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>\n')
