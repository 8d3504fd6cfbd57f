"""A meta refresh is still followed, and a page without one is never decoded in the crawl process.

Scrapy's own middleware decodes every HTML response (``response.text``) to look for a refresh;
ours looks at the bytes first (issue 14). Pages here are real Scrapy ``HtmlResponse`` objects run
through the middleware Scrapy builds from our settings.
"""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares import redirect
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares.refusals import MetaRefreshMiddleware

ARTICLE = (
    "<html><head><meta charset='utf-8'><title>Khu công nghiệp Đình Vũ</title></head><body>"
    + "<p>Hải Phòng thu hút FDI vào khu công nghiệp.</p>" * 2000
    + "</body></html>"
)


def middleware() -> MetaRefreshMiddleware:
    return MetaRefreshMiddleware.from_crawler(get_crawler())


def response(body: bytes, encoding: str = "utf-8") -> HtmlResponse:
    url = "http://127.0.0.1:8000/bai-viet-1.html"
    return HtmlResponse(url, body=body, encoding=encoding, request=Request(url))


REFRESH = '<html><head><meta http-equiv="refresh" content="0; url=/moi.html"></head></html>'
SHOUTED = '<html><head><META HTTP-EQUIV="Refresh" CONTENT="0;URL=/moi.html"></head></html>'


@pytest.mark.parametrize(
    ("html", "encoding"),
    [(REFRESH, "utf-8"), (SHOUTED, "utf-8"), (REFRESH, "utf-16-le"), (REFRESH, "utf-16-be")],
)
def test_a_meta_refresh_is_followed_whatever_its_case_or_encoding(html: str, encoding: str) -> None:
    page = response(html.encode(encoding), encoding)
    redirected = middleware().process_response(page.request, page)
    assert isinstance(redirected, Request)
    assert redirected.url == "http://127.0.0.1:8000/moi.html"
    scrapys = redirect.MetaRefreshMiddleware.from_crawler(get_crawler())
    again = response(html.encode(encoding), encoding)
    assert redirected.url == scrapys.process_response(again.request, again).url  # type: ignore[union-attr]


def test_a_page_without_a_refresh_passes_undecoded() -> None:
    page = response(ARTICLE.encode())
    assert middleware().process_response(page.request, page) is page
    # TextResponse caches its decoded body once anything reads .text or .encoding's inference.
    assert getattr(page, "_cached_ubody", None) is None


def test_the_word_refresh_in_the_text_only_costs_a_decode() -> None:
    page = response(ARTICLE.replace("FDI", "refresh FDI", 1).encode())
    assert middleware().process_response(page.request, page) is page
