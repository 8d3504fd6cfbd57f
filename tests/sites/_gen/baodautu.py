"""Báo Đầu tư replay: article ids ``-d<digits>.html``, section pagination ``/p2`` inside
``nav.pagation`` and ``.post-time`` "- dd/mm/yyyy hh:mm" (as scrapers of baodautu.vn read them);
head quirks: ``article:published_time`` with ``&#x2B;07:00`` and ``<meta name=author>`` = site."""

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

NAME = "baodautu"
CATEGORY = "/dau-tu-d2/"


def article(s: Story) -> str:
    stamp = s.ago("%Y-%m-%dT%H:%M:%S") + "&#x2B;07:00"
    body = "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in s.body)
    tags = " ".join(f'<a href="/tag/">{escape(tag)}</a>' for tag in s.tags)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{escape(s.title)} - Báo Đầu tư</title>
<meta name="description" content="{escape(s.summary)}" />
<meta name="author" content="Báo Đầu tư" />
<meta property="og:title" content="{escape(s.title)}" />
<meta property="og:url" content="{{{{base}}}}{s.path}" />
<meta property="og:site_name" content="Báo Đầu tư" />
<meta property="article:published_time" content="{stamp}" />
<meta property="article:modified_time" content="{stamp}" />
<link rel="canonical" href="{{{{base}}}}{s.path}" />
</head>
<body>
<div class="header"><a href="/" class="logo">Báo Đầu tư</a>
<ul class="menu"><li><a href="/thoi-su-d1/">Thời sự</a></li><li><a href="{CATEGORY}">Đầu tư</a></li>
<li><a href="/tai-chinh-chung-khoan-d6/">Tài chính - Chứng khoán</a></li></ul></div>
<div class="container"><div class="col630 ml-auto mb40">
<div class="fs16 text-uppercase"><a href="{CATEGORY}">{s.section}</a></div>
<div class="title-detail">{escape(s.title)}</div>
<div class="author-share-top"><a class="author cl_green" href="/tac-gia/">{s.author}</a>\
<span class="post-time"> - {s.ago("%d/%m/%Y %H:%M")}</span></div>
<div class="sapo_detail">{escape(s.summary)}</div>
<div id="content_detail_news">
{body}</div>
<div class="tag_detail">Từ khóa: {tags}</div>
</div></div>
<div class="footer">Báo Đầu tư - Cơ quan của Bộ Kế hoạch và Đầu tư</div>
</body>
</html>
"""


def _item(href: str, s: Story) -> str:
    return (f'<li><a class="fs22 fbold" href="{href}" title="{escape(s.title)}">{escape(s.title)}</a>'
            f'<div class="sapo_thumb_news">{escape(s.summary)}</div></li>\n')


def listing(stories: list[Story], page: int) -> str:
    items = "".join(_item(s.path, s) for s in hrefs(stories, f"listing:{page}"))
    if page == 1:
        items += "".join(_item(s.path + TRACKING_QUERY, s) for s in hrefs(stories, "tracking"))

    def href(n: int) -> str:
        return CATEGORY if n == 1 else f"{CATEGORY}p{n}"
    numbers = "".join(f'<a class="active">{n}</a>' if n == page else f'<a href="{href(n)}">{n}</a>'
                      for n in (1, 2, 3))
    more = f'<a href="{href(page + 1)}">»</a>' if page < 3 else ""
    return ('<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8"><title>Đầu tư - Báo '
            'Đầu tư</title></head>\n<body>\n<div class="col630"><ul class="list_news_home">\n'
            f'{items}</ul>\n<nav class="pagation">{numbers}{more}</nav></div>\n</body>\n</html>\n')


def search(stories: list[Story]) -> str:
    items = "".join(_item(s.path, s) for s in hrefs(stories, "search"))
    return ('<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8"><title>Tìm kiếm - Báo '
            'Đầu tư</title></head>\n<body>\n<div class="col630"><h2>Kết quả tìm kiếm</h2>'
            f'<ul class="list_news_home">\n{items}</ul></div>\n</body>\n</html>\n')


def build() -> Site:
    stories = load_stories(NAME)
    site = Site(NAME)
    for s in stories:
        site.page(s.path, article(s))
    for page in (1, 2, 3):
        site.page(CATEGORY if page == 1 else f"{CATEGORY}p{page}", listing(stories, page))
    site.page("/tim-kiem.html?q", search(stories))
    site.page("/robots.txt", robots(["/ban-in/", "/admin/"], ["/sitemap.xml"]),
              "text/plain; charset=utf-8")
    site.page("/sitemap.xml", sitemap_index([("/sitemaps/google-news.xml", "{{ago:0:0:iso}}"),
                                             ("/sitemaps/posts-1.xml", "{{ago:0:0:iso}}")]),
              "application/xml")
    site.page("/sitemaps/google-news.xml",
              news_urlset(hrefs(stories, "news_sitemap"), "Báo Đầu tư"), "application/xml")
    site.page("/sitemaps/posts-1.xml", urlset(hrefs(stories, "sitemap")), "application/xml")
    site.expected = {
        "site": NAME,
        "source": NAME,
        "articles": [expected_entry(s) for s in stories],
        "duplicates": [{"path": s.path + TRACKING_QUERY, "duplicate_of": s.path}
                       for s in hrefs(stories, "tracking")],
        "never_requested": [s.path for s in stories if s.expect == "disallowed"],
        "conditional_on_recrawl": [CATEGORY],
    }
    return site
