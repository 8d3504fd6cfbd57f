"""Listing pages → article links and the next page, as Vietnamese news sites mark them up."""

from __future__ import annotations

import pytest

from crawler.discover.listings import article_links, is_next_label, next_page, on_domains

BASE = "https://baohaiphong.vn/kinh-te/"
DOMAINS = ["baohaiphong.vn"]

LISTING = """<html><body>
<nav><a href="/kinh-te/">Kinh tế</a><a href="/thoi-su/">Thời sự</a></nav>
<article><a href="/kinh-te/kcn-dinh-vu-thu-hut-fdi-412345.html">KCN Đình Vũ</a></article>
<article><a href="https://baohaiphong.vn/kinh-te/kcn-dinh-vu-thu-hut-fdi-412345.html#comments">
  12 bình luận</a></article>
<article><a href="kkt-dinh-vu-cat-hai-412346.html?utm_source=fb">KKT</a></article>
<a href="https://m.baohaiphong.vn/mobile-tin-412347.html">mobile</a>
<a href="https://quangcao.example.com/ad-999999.html">ad</a>
<a href="javascript:void(0)">share</a>
</body></html>"""


def test_article_links_are_absolute_unique_and_on_the_sources_domains() -> None:
    links = article_links(LISTING, BASE, pattern=None, domains=DOMAINS)

    assert links == [
        "https://baohaiphong.vn/kinh-te/kcn-dinh-vu-thu-hut-fdi-412345.html",
        "https://baohaiphong.vn/kinh-te/kkt-dinh-vu-cat-hai-412346.html?utm_source=fb",
        "https://m.baohaiphong.vn/mobile-tin-412347.html",
    ]


def test_a_source_pattern_replaces_the_default_article_shape() -> None:
    html = '<a href="/news/2025/03/kcn-trang-due">a</a><a href="/news/tag/fdi">tag</a>'

    links = article_links(html, BASE, pattern=r"/news/\d{4}/\d{2}/", domains=DOMAINS)

    assert links == ["https://baohaiphong.vn/news/2025/03/kcn-trang-due"]


def test_domains_compare_host_names_so_ports_and_schemes_do_not_matter() -> None:
    assert on_domains("http://127.0.0.1:8123/a-12345.html", ["127.0.0.1"])
    assert on_domains("https://www.vir.com.vn/x", ["vir.com.vn"])
    assert not on_domains("https://evilvir.com.vn/x", ["vir.com.vn"])


def test_rel_next_is_followed_first() -> None:
    html = '<head><link rel="next" href="?page=2"></head><a href="?page=9">»</a>'

    assert next_page(html, BASE, page=1) == "https://baohaiphong.vn/kinh-te/?page=2"


def test_vietnamese_next_labels_are_recognised() -> None:
    for label in ("Trang sau", "Tiếp", " TIẾP  THEO ", "»", "Sau"):
        html = f'<a href="/kinh-te/trang-1.html">1</a><a href="/kinh-te/p2">{label}</a>'
        assert next_page(html, BASE, page=1) == "https://baohaiphong.vn/kinh-te/p2", label


def test_decomposed_vietnamese_label_matches_after_nfc() -> None:
    html = '<a href="/kinh-te/p2">Tie\u0302\u0301p</a>'  # "Tiếp" typed as NFD

    assert next_page(html, BASE, page=1) == "https://baohaiphong.vn/kinh-te/p2"


def test_page_number_link_gives_the_following_page() -> None:
    html = """<div class="pagination"><a href="/kinh-te/trang-1.html">1</a>
      <a href="/kinh-te/trang-2.html">2</a><a href="/kinh-te/trang-3.html">3</a></div>"""

    assert next_page(html, BASE, page=2) == "https://baohaiphong.vn/kinh-te/trang-3.html"


def test_pagination_template_builds_the_next_page_url() -> None:
    url = next_page("<html></html>", BASE, page=1, pattern="trang-{page}.html")

    assert url == "https://baohaiphong.vn/kinh-te/trang-2.html"


def test_pagination_regex_limits_page_number_links_to_the_listing() -> None:
    html = """<a href="/video/trang-3.html">3</a><a href="/kinh-te/trang-3.html">3</a>"""

    url = next_page(html, BASE, page=2, pattern=r"/kinh-te/trang-\d+\.html")

    assert url == "https://baohaiphong.vn/kinh-te/trang-3.html"


def test_last_page_has_no_next_page() -> None:
    html = '<a href="/kinh-te/trang-1.html">1</a><a href="/kinh-te/trang-2.html">2</a>'

    assert next_page(html, BASE, page=2) is None


def test_wordpress_word_and_arrow_label_is_a_next_link() -> None:
    html = """<a class="page-numbers" href="/kinh-te/page/1/">1</a>
      <a class="next page-numbers" href="/kinh-te/page/2/">Tiếp »</a>"""

    assert next_page(html, BASE, page=5) == "https://baohaiphong.vn/kinh-te/page/2/"


@pytest.mark.parametrize(
    "label", ["Tiếp »", "Trang sau ›", "Next ›", "next →", "TIEP", "» Tiếp", ">>", "›", "Sau >"]
)
def test_next_labels_match_whatever_the_arrows_case_and_accents(label: str) -> None:
    assert is_next_label(label)


@pytest.mark.parametrize("label", ["« Trước", "«", "‹ Trang trước", "Trang chủ", "Tiếp thị", ""])
def test_back_links_and_other_words_are_not_next_labels(label: str) -> None:
    assert not is_next_label(label)
