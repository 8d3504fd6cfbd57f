"""VnExpress replay: markup copied from the stored real page (htmldate eval, 2023-11-02) and
head excerpts (desktop 5099243, mobile 5129280); RSS in the real malformed style (raw '&')."""

from __future__ import annotations

import json
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

NAME = "vnexpress"
CATEGORY = "/kinh-doanh"
IMG = "https://vcdn1-kinhdoanh.vnecdn.net/2023/11/02/HoDucPhoc-1698923945-4363-1698924505.jpg"
IMG_Q = "?w=1200&h=0&q=100&dpr=1&fit=crop&s=Vgqg1LvcB_XeOhUl8mH1IA"


def _article_id(story: Story) -> str:
    return story.path.rsplit("-", 1)[1].removesuffix(".html")


def _js(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _head(s: Story) -> str:
    url = "{{base}}" + s.path
    title, desc = escape(s.title), escape(s.summary)
    if s.quirk == "mobile_head":
        dates = (f'<meta content="{s.ago("%Y-%m-%d %H:%M")} + 07:00" itemprop="datePublished" '
                 'name="pubdate"/>\n<meta name="dc.created" content="2001-02-26"/>\n')
        author = '{ "@type":"Organization", "name":"VnExpress" }'
    else:
        dates = (f'<meta content="{s.ago("iso")}" itemprop="datePublished" name="pubdate"/>\n'
                 f'<meta content="{s.ago("iso")}" itemprop="dateModified" name="lastmod"/>\n')
        author = f'{{ "@type":"Person", "name":"{s.author}" }}'
    return f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml">
<head>
<title>{title} - VnExpress {s.section}</title> <meta name="description" content="{desc} - VnExpress"/>
<meta name="keywords" content="{escape(", ".join(s.tags))}"/>
<meta charset="utf-8">
<meta name="tt_article_id" content="{_article_id(s)}"/>
<meta name="tt_site_id" content="1003159"/>
<meta name="tt_list_folder_name" content="VnExpress,{s.section}"/>
<meta name="tt_page_type" content="article"/>
<meta property="og:site_name" content="vnexpress.net"/>
<meta property="og:type" content="article"/>
<meta property="og:url" itemprop="url" content="{url}"/>
<meta property="og:image" itemprop="thumbnailUrl" content="{IMG}{escape(IMG_Q)}"/>
<meta content="{title}" itemprop="headline" property="og:title"/>
<meta content="{desc}" itemprop="description" property="og:description"/>
<meta property="article:tag" content="{escape(",".join(s.tags))}"/>
<meta content="news" itemprop="genre" name="medium"/>
<meta content="vi-VN" itemprop="inLanguage"/>
<meta content="{s.section}" itemprop="articleSection"/>
<meta content="Tin nhanh VnExpress" itemprop="sourceOrganization" name="source"/>
{dates}<meta name="copyright" content="VnExpress"/>
<meta name="author" content="VnExpress"/>
<meta name="robots" content="noarchive, max-image-preview:large, index"/>
<link rel="canonical" href="{url}"/>
<script type="application/ld+json"> {{ "@context":"http://schema.org", "@type":"NewsArticle", \
"mainEntityOfPage":{{ "@type":"WebPage", "@id":"{url}" }}, "headline":{_js(s.title)}, \
"description":{_js(s.summary)}, "datePublished":"{s.ago("iso")}", \
"dateModified":"{s.ago("iso")}", "author":{author}, \
"publisher":{{ "@type": "Organization", "name":"VnExpress" }}, "about": {_js(s.tags)} }} </script>
<script type="application/ld+json"> {{ "@context":"http://schema.org", "@type":"BreadcrumbList", \
"itemListElement":[{{ "@type":"ListItem", "position":1, "item":{{ "@id":"{{{{base}}}}{CATEGORY}", \
"name":"{s.section}" }} }}] }} </script>
</head>
"""


def _nav() -> str:
    return ('<header class="section top-header"><nav class="main-nav"><ul class="parent">'
            '<li class="thoisu"><a href="/thoi-su" title="Thời sự">Thời sự</a></li>'
            '<li class="kinhdoanh"><a href="/kinh-doanh" title="Kinh doanh">Kinh doanh</a></li>'
            '<li class="thethao"><a href="/the-thao" title="Thể thao">Thể thao</a></li>'
            '</ul></nav></header>\n')


def article(s: Story) -> str:
    byline = (f'<p class="Normal" style="text-align:right;"><strong>{s.author}</strong></p>'
              if s.quirk == "mobile_head" else
              f'<p class="author_mail">\n<strong>{s.author}</strong>\n</p>')
    return _head(s) + f"""<body>
{_nav()}<section class="section page-detail top-detail"><div class="container">
<div class="sidebar-1">
<div class="header-content width_common">
<ul class="breadcrumb" data-campaign="Header">
<li><a data-medium="Menu-KinhDoanh" href="{CATEGORY}" title="{s.section}">{s.section}</a></li>
</ul>
<span class="date">{s.ago("%A_vi, %-d/%-m/%Y, %H:%M (GMT+7)")}</span>
</div>
<h1 class="title-detail">{escape(s.title)} </h1>
<p class="description">{escape(s.summary)}</p>
<article class="fck_detail ">
{s.paragraphs()}<figure class="tplCaption"><div class="fig-picture"><img alt="Ảnh minh họa" \
src="{IMG}"/></div><figcaption><p class="Image">Ảnh minh họa: <em>VnExpress</em></p></figcaption>\
</figure>
{byline}
</article>
<div class="footer-content width_common"><a href="{CATEGORY}" class="save back-folder">\
&nbsp;&nbsp;Trở lại {s.section}</a></div>
</div></div></section>
<footer><p>Báo tiếng Việt nhiều người xem nhất. © 1997-2026. Toàn bộ bản quyền thuộc VnExpress</p>
</footer>
</body>
</html>
"""


def _item(s: Story, n: int, path: str | None = None) -> str:
    href = path or s.path
    return (f'<article class="item-news item-news-common thumb-left" data-offset="{n}">\n'
            f'<h3 class="title-news"><a data-medium="Item-{n}" href="{href}" '
            f'title="{escape(s.title)}">{escape(s.title)}</a></h3>\n'
            f'<p class="description"><a data-medium="Item-{n}" href="{href}" '
            f'title="{escape(s.title)}">{escape(s.summary)}</a></p>\n</article>\n')


def _pagination(page: int, last: int) -> str:
    def href(n: int) -> str:
        return CATEGORY if n == 1 else f"{CATEGORY}-p{n}"
    numbers = "".join(f'<a href="javascript:;" class="active">{n}</a>' if n == page else
                      f'<a href="{href(n)}">{n}</a>' for n in range(1, last + 1))
    # The real next button is an icon without text: only pagination_pattern recognises it.
    return ('<div id="pagination" class="button-page flexbox">'
            f'<a href="{href(max(page - 1, 1))}" class="btn-page prev-page"></a>{numbers}'
            f'<a href="{href(page + 1)}" class="btn-page next-page "></a></div>\n')


def listing(stories: list[Story], page: int) -> str:
    items = "".join(_item(s, n) for n, s in enumerate(hrefs(stories, f"listing:{page}"), 1))
    if page == 1:
        items += "".join(_item(s, 20, s.path + TRACKING_QUERY) for s in hrefs(stories, "tracking"))
    return (f'<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8">\n'
            f"<title>Kinh doanh - VnExpress</title>\n"
            f'<link rel="canonical" href="{{{{base}}}}{CATEGORY}"/></head>\n<body>\n{_nav()}'
            '<section class="section section_container mt15"><div class="container">\n'
            '<ul class="ul-nav-folder"><li><a href="/kinh-doanh/vi-mo">Vĩ mô</a></li>'
            '<li><a href="/kinh-doanh/doanh-nghiep">Doanh nghiệp</a></li></ul>\n'
            f'<div class="width_common list-news-subfolder">\n{items}</div>\n'
            f"{_pagination(page, 4)}</div></section>\n</body>\n</html>\n")


def search(stories: list[Story]) -> str:
    items = "".join(_item(s, n) for n, s in enumerate(hrefs(stories, "search"), 1))
    return ('<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8">'
            "<title>Tìm kiếm - VnExpress</title></head>\n<body>\n"
            '<div class="width_common list-news-subfolder" id="result_search">\n'
            f"{items}</div>\n</body>\n</html>\n")


def rss(stories: list[Story]) -> str:
    items = "".join(
        f"""        <item>
            <title>{escape(s.title)}</title>
            <description>
            <![CDATA[ <a href="{{{{base}}}}{s.path}"><img src="{IMG}{IMG_Q}"></a></br>{s.summary} ]]>
            </description>
            <pubDate>{s.ago("rfc822")}</pubDate>
            <link>{{{{base}}}}{s.path}</link>
            <guid>{{{{base}}}}{s.path}</guid>
            <enclosure type="image/jpeg" length="1200" url="{IMG}{IMG_Q}"/>
        </item>
""" for s in hrefs(stories, "feed"))
    return f"""<rss version="2.0">
    <channel>
        <title>Kinh doanh - VnExpress RSS</title>
        <description>VnExpress RSS</description>
        <pubDate>{{{{ago:0:0:rfc822}}}}</pubDate>
        <generator>VnExpress</generator>
        <link>{{{{base}}}}/rss/kinh-doanh.rss</link>
{items}    </channel>
</rss>
"""


def build() -> Site:
    stories = load_stories(NAME)
    site = Site(NAME)
    for s in stories:
        site.page(s.path, article(s))
    for page in (1, 2, 3, 4):
        site.page(CATEGORY if page == 1 else f"{CATEGORY}-p{page}", listing(stories, page))
    site.page("/timkiem/?q", search(stories))
    site.page("/rss/kinh-doanh.rss", rss(stories), "application/rss+xml; charset=utf-8")
    site.page("/robots.txt", robots(["/preview/"], ["/sitemap.xml"]),
              "text/plain; charset=utf-8")
    site.page("/sitemap.xml", sitemap_index([("/sitemap/1003159/sitemap.xml", "{{ago:0:0:iso}}"),
                                             ("/google-news-sitemap.xml", "{{ago:0:0:iso}}")]),
              "application/xml")
    site.page("/sitemap/1003159/sitemap.xml", urlset(hrefs(stories, "sitemap"), (CATEGORY,)),
              "application/xml")
    site.page("/google-news-sitemap.xml", news_urlset(hrefs(stories, "news_sitemap"), "VnExpress"),
              "application/xml")
    site.expected = {
        "site": NAME,
        "source": NAME,
        "articles": [expected_entry(s) for s in stories],
        "duplicates": [{"path": s.path + TRACKING_QUERY, "duplicate_of": s.path}
                       for s in hrefs(stories, "tracking")],
        "never_requested": [s.path for s in stories if s.expect == "disallowed"],
        "conditional_on_recrawl": ["/rss/kinh-doanh.rss", CATEGORY],
    }
    return site
