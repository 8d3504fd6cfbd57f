"""Site-search URLs: every template × every keyword, with the query URL-encoded."""

from __future__ import annotations

from crawler.discover.search_pages import search_page_urls
from newswatch.core.settings import Source


def test_each_template_is_filled_with_each_keyword_url_encoded() -> None:
    source = Source(
        name="baodautu",
        allowed_domains=["baodautu.vn"],
        search_urls=["https://baodautu.vn/search?q={query}", "https://baodautu.vn/tim/{query}"],
        search_keywords=["khu công nghiệp Hải Phòng", "Đình Vũ"],
    )

    assert search_page_urls(source) == [
        "https://baodautu.vn/search?q=khu+c%C3%B4ng+nghi%E1%BB%87p+H%E1%BA%A3i+Ph%C3%B2ng",
        "https://baodautu.vn/search?q=%C4%90%C3%ACnh+V%C5%A9",
        "https://baodautu.vn/tim/khu+c%C3%B4ng+nghi%E1%BB%87p+H%E1%BA%A3i+Ph%C3%B2ng",
        "https://baodautu.vn/tim/%C4%90%C3%ACnh+V%C5%A9",
    ]


def test_a_source_without_search_templates_or_keywords_has_no_search_urls() -> None:
    assert search_page_urls(Source(name="a", allowed_domains=["a.vn"], search_keywords=["x"])) == []
    assert (
        search_page_urls(Source(name="b", allowed_domains=["b.vn"], search_urls=["/s?q={query}"]))
        == []
    )
