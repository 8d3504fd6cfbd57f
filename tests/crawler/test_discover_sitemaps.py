"""Sitemaps → links: index files, plain urlsets with lastmod, Google News sitemaps, gzip."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from crawler.discover.sitemaps import sitemap_links

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = "https://baodautu.vn/sitemap.xml"

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://baodautu.vn/sitemap-news.xml</loc><lastmod>2025-03-02</lastmod></sitemap>
  <sitemap><loc>/sitemap-2024-12.xml</loc></sitemap>
</sitemapindex>"""

NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://baodautu.vn/kcn-deep-c-hai-phong-d123456.html</loc>
    <lastmod>2025-03-05T10:00:00+07:00</lastmod>
    <news:news>
      <news:publication><news:name>Báo Đầu tư</news:name><news:language>vi</news:language>
      </news:publication>
      <news:publication_date>2025-03-01T09:15:00+07:00</news:publication_date>
      <news:title>KCN Deep C Hải Phòng</news:title>
    </news:news>
  </url>
  <url><loc>https://baodautu.vn/fdi-d654321.html</loc><lastmod>2025-02-28</lastmod></url>
  <url><lastmod>2025-02-28</lastmod></url>
</urlset>""".encode()


def test_sitemap_index_lists_child_sitemaps_with_their_lastmod() -> None:
    page = sitemap_links(INDEX, BASE, tz=TZ)

    assert page.articles == []
    assert [(s.url, s.published_at) for s in page.sitemaps] == [
        ("https://baodautu.vn/sitemap-news.xml", datetime(2025, 3, 2, tzinfo=TZ)),
        ("https://baodautu.vn/sitemap-2024-12.xml", None),
    ]


def test_news_publication_date_wins_over_lastmod() -> None:
    page = sitemap_links(NEWS, BASE, tz=TZ)

    assert page.sitemaps == []
    assert page.articles[0].url == "https://baodautu.vn/kcn-deep-c-hai-phong-d123456.html"
    assert page.articles[0].published_at == datetime(2025, 3, 1, 2, 15, tzinfo=UTC)


def test_plain_url_entries_use_lastmod_and_entries_without_loc_are_skipped() -> None:
    page = sitemap_links(NEWS, BASE, tz=TZ)

    assert [a.url for a in page.articles] == [
        "https://baodautu.vn/kcn-deep-c-hai-phong-d123456.html",
        "https://baodautu.vn/fdi-d654321.html",
    ]
    assert page.articles[1].published_at == datetime(2025, 2, 28, tzinfo=TZ)


def test_gzipped_sitemap_is_read_like_a_plain_one() -> None:
    assert sitemap_links(gzip.compress(NEWS), BASE, tz=TZ) == sitemap_links(NEWS, BASE, tz=TZ)


def test_html_error_page_or_garbage_gives_an_empty_result() -> None:
    for body in (b"<html><body>404</body></html>", b"", b"\x1f\x8bnot gzip", b"plain text"):
        page = sitemap_links(body, BASE, tz=TZ)
        assert page.articles == [] and page.sitemaps == []
