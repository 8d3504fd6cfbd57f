"""Hải Phòng city portal replay: home page only (no feed, sitemap or search is configured), two
article URL shapes on one host — thanhphohaiphong.gov.vn's ``/<long-slug>.html`` and the
department sub-portals' ``/<section>/<slug>-<id>`` — and a visible date only, in
``div.divDetail_DateCreate`` as 'Thứ bảy, 26/01/2019 19:26' (docbao config, modelled layout)."""

from __future__ import annotations

from html import escape

from .common import Site, Story, load_stories, robots, urlset
from .pages import expected, html_page, links, paragraphs

NAME = "haiphong-gov"
HOME = "/"
PAGE_2 = "/?page=2"


def article(s: Story) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{escape(s.title)}</title>
<meta name="description" content="{escape(s.summary)}">
<meta property="og:title" content="{escape(s.title)}">
<meta property="og:url" content="{{{{base}}}}{s.path}">
</head>
<body>
<div class="header"><a href="/">Cổng Thông tin điện tử thành phố Hải Phòng</a></div>
<div class="divDetail">
<div class="divDetail_Title"><h1>{escape(s.title)}</h1></div>
<div class="divDetail_DateCreate">{s.ago("%A_vi, %d/%m/%Y %H:%M")}</div>
<div class="divDetail_Summary"><strong>{escape(s.summary)}</strong></div>
<div class="divDetail_Content">
{paragraphs(s)}<p style="text-align: right;"><strong>{s.author}</strong></p>
</div>
</div>
<div class="footer">Cơ quan chủ quản: Ủy ban nhân dân thành phố Hải Phòng</div>
</body>
</html>
"""


def _item(href: str, s: Story) -> str:
    return (f'<div class="news-item"><a class="news-title" href="{href}">{escape(s.title)}</a>'
            f'<p class="news-sapo">{escape(s.summary)}</p></div>\n')


def home(stories: list[Story], page: int) -> str:
    pager = (f'<a href="{PAGE_2}">2</a> <a href="{PAGE_2}">Trang sau</a>' if page == 1
             else f'<a href="{HOME}">Trang trước</a> <a href="{HOME}">1</a> <span>2</span>')
    return html_page("Cổng Thông tin điện tử thành phố Hải Phòng",
                     f'<div class="list-news">\n{links(stories, f"listing:{page}", _item)}</div>\n'
                     f'<div class="paging">{pager}</div>\n')


def build() -> Site:
    stories = load_stories(NAME)
    site = Site(NAME)
    for s in stories:
        site.page(s.path, article(s))
    site.page(HOME, home(stories, 1))
    site.page(PAGE_2, home(stories, 2))
    site.page("/robots.txt", robots(["/Admin/", "/tim-kiem"], ["/sitemap.xml"]),
              "text/plain; charset=utf-8")
    site.page("/sitemap.xml", urlset([s for s in stories if s.expect == "stored"]),
              "application/xml")
    site.expected = expected(NAME, stories, [HOME])
    return site
