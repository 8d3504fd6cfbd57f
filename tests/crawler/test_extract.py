"""One behaviour per test: evidence order, traps from real Vietnamese sites, bad input."""

from __future__ import annotations

import time
import unicodedata
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crawler.dedupe import article_id
from crawler.extract import ExtractionError, extract_article
from newswatch.core.article import Article
from newswatch.core.sources import Selectors, Source

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
VNEXPRESS_PAGE = FIXTURES / "vn" / "pages" / "vnexpress_4672302_htmldate.html"
VNEXPRESS_URL = (
    "https://vnexpress.net/ong-ho-duc-phoc-se-nang-muc-giam-tru-gia-canh-tinh-thue-ca-nhan"
    "-khi-sua-luat-4672302.html"
)
VN = ZoneInfo("Asia/Ho_Chi_Minh")
FETCHED = datetime(2026, 11, 29, 8, 0, tzinfo=VN)
URL = "https://baohaiphong.vn/kinh-te/kcn-deep-c-mo-rong-528417.html"
TITLE = "KCN Deep C mở rộng thêm 200 ha tại Khu kinh tế Đình Vũ – Cát Hải"
PARAGRAPHS = [
    "Ban Quản lý Khu kinh tế Hải Phòng vừa trao quyết định chấp thuận chủ trương đầu tư mở rộng "
    "khu công nghiệp Deep C thêm 200 ha.",
    "Dự án có tổng vốn đầu tư hạ tầng khoảng 3.000 tỷ đồng, dự kiến hoàn thành trong năm 2028 và "
    "tạo việc làm cho hàng nghìn lao động của thành phố.",
]


def page(head: str = "", body: str = "", title: str = TITLE) -> str:
    """A small article page; ``head`` and ``body`` add the markup under test."""
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>{head}'
        f"</head><body><h1>{title}</h1><article>{paragraphs}</article>{body}</body></html>"
    )


def extract(
    html: str | bytes, url: str = URL, source: Source | None = None, content_type: str | None = None
) -> Article:
    return extract_article(
        html, url, tz=VN, fetched_at=FETCHED, source=source, content_type=content_type
    )


def test_canonical_link_gives_the_identity_without_tracking_parameters() -> None:
    canonical = URL + "?utm_source=zalo&utm_medium=share&fbclid=IwAR0"
    article = extract(page(head=f'<link rel="canonical" href="{canonical}">'), url=URL + "?ref=rss")
    assert article.canonical_url == URL
    assert article.id == article_id(URL)
    assert article.url == URL + "?ref=rss"


def test_canonical_on_another_site_is_not_trusted() -> None:
    head = '<link rel="canonical" href="https://aggregator.example/copy/528417">'
    assert extract(page(head=head)).canonical_url == URL


def test_mobile_page_accepts_the_canonical_on_the_main_host() -> None:
    head = f'<link rel="canonical" href="{URL}">'
    article = extract(page(head=head), url=URL.replace("baohaiphong.vn", "m.baohaiphong.vn"))
    assert article.canonical_url == URL


def test_site_name_in_meta_author_is_dropped_for_the_visible_byline() -> None:
    head = '<meta name="author" content="Báo Hải Phòng">'
    byline = '<p style="text-align: right;"><strong>HOÀNG DŨNG</strong></p>'
    assert extract(page(head=head, body=byline)).authors == ["HOÀNG DŨNG"]


def test_site_name_is_never_an_author_even_without_another_byline() -> None:
    head = (
        '<meta name="author" content="TUOI TRE ONLINE"><meta property="og:site_name" content="TTO">'
    )
    assert extract(page(head=head), url="https://tuoitre.vn/a-1002607.htm").authors == []


def test_decoy_dc_created_is_ignored_when_a_visible_date_exists() -> None:
    head = '<meta name="dc.created" content="2001-02-26">'
    body = '<span class="date">Thứ năm, 2/11/2023, 19:20 (GMT+7)</span>'
    assert extract(page(head=head, body=body)).published_at == datetime(
        2023, 11, 2, 19, 20, tzinfo=VN
    )


def test_htmldate_fallback_does_not_fall_for_the_decoy_dc_created() -> None:
    head = '<meta name="dc.created" content="2001-02-26">'
    body = '<div class="post-meta">15/10/2026</div>'  # no selector knows it; htmldate does
    assert extract(page(head=head, body=body)).published_at == datetime(2026, 10, 15, tzinfo=VN)


def test_dc_created_is_the_last_resort_when_nothing_else_dates_the_page() -> None:
    head = '<meta name="dc.created" content="2026-11-20">'
    assert extract(page(head=head)).published_at == datetime(2026, 11, 20, tzinfo=VN)


def test_entity_encoded_offset_in_article_published_time_is_read() -> None:
    head = '<meta property="article:published_time" content="2026-07-16T23:47:00&#x2B;07:00">'
    assert extract(page(head=head)).published_at == datetime(2026, 7, 16, 23, 47, tzinfo=VN)


def test_published_date_after_the_fetch_is_not_believed() -> None:
    head = '<meta property="article:published_time" content="2030-01-01T00:00:00+07:00">'
    body = '<span class="date">20/11/2026 15:42</span>'
    assert extract(page(head=head, body=body)).published_at == datetime(
        2026, 11, 20, 15, 42, tzinfo=VN
    )


def test_nfd_decomposed_vietnamese_comes_out_nfc() -> None:
    article = extract(unicodedata.normalize("NFD", page()))
    assert article.title == TITLE
    assert unicodedata.is_normalized("NFC", article.text)
    assert PARAGRAPHS[1] in article.text


def test_lead_is_on_top_of_the_text_once() -> None:
    sapo = "Khu công nghiệp Deep C được mở rộng thêm 200 ha trong năm nay."
    html = page(body="").replace("<article>", f'<p class="sapo">{sapo}</p><article>')
    article = extract(html)
    assert article.text.startswith(sapo + "\n\n" + PARAGRAPHS[0])
    assert article.text.count(sapo) == 1


def test_truncated_page_with_unclosed_tags_still_gives_an_article() -> None:
    raw = VNEXPRESS_PAGE.read_text("utf-8")
    cut = raw[: raw.index("Bộ Tài chính đã kiến nghị")]  # mid-body: no </p>, </article>, </html>
    article = extract(cut + "<div><p><b>unclosed", url=VNEXPRESS_URL)
    assert article.title.startswith("Ông Hồ Đức Phớc")
    assert article.published_at == datetime(2023, 11, 2, 19, 20, 45, tzinfo=VN)
    assert "Thông tin trên được Bộ trưởng" in article.text


def test_five_megabyte_page_is_extracted_in_reasonable_time() -> None:
    raw = VNEXPRESS_PAGE.read_text("utf-8")
    state = '<script>window.__STATE__ = "' + "x" * 1_000_000 + '";</script>'
    comment = '<div class="comment_item"><p>Ý kiến bạn đọc về thuế thu nhập cá nhân.</p></div>'
    bloated = raw.replace("</body>", state * 2 + comment * 45_000 + "</body>").encode()
    assert len(bloated) > 5_000_000
    started = time.monotonic()
    article = extract(bloated, url=VNEXPRESS_URL)
    assert time.monotonic() - started < 20  # about 0.5 s on a laptop; generous for slow CI
    assert article.text.endswith("mà Bộ Tài chính xác định.")
    assert "Ý kiến bạn đọc" not in article.text


def test_windows_1258_bytes_declared_as_utf8_are_decoded_as_windows_1258() -> None:
    raw = _cp1258(page())
    assert b'charset="utf-8"' in raw
    assert extract(raw).title == TITLE


def test_cp1252_bytes_declared_as_utf8_are_decoded_as_cp1252() -> None:
    title = "Café crème: Haiphong’s façade"
    text = "The naïve café owners in Haiphong’s old quarter serve crème brûlée to visitors."
    html = f'<html><head><meta charset="utf-8"><title>{title}</title></head><body><p>{text}</p>'
    article = extract(html.encode("cp1252"), url="https://example.com/cafe")
    assert (article.title, article.text) == (title, text)


def test_page_without_any_charset_declaration_is_decoded() -> None:
    raw = _cp1258(page().replace('<meta charset="utf-8">', ""))
    assert extract(raw).title == TITLE


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
    ],
)
def test_binary_documents_are_not_articles(data: bytes, what: str) -> None:
    with pytest.raises(ExtractionError, match=what):
        extract(data)


def test_non_html_content_type_is_refused_before_parsing() -> None:
    with pytest.raises(ExtractionError, match="image/webp"):
        extract(page().encode(), content_type="image/webp")


@pytest.mark.parametrize("html", [b"", b"   \n  ", "plain text, no markup"])
def test_empty_or_markupless_input_is_not_an_article(html: bytes | str) -> None:
    with pytest.raises(ExtractionError):
        extract(html)


def test_page_with_neither_title_nor_text_is_not_an_article() -> None:
    with pytest.raises(ExtractionError, match="no title and no body text"):
        extract("<html><head></head><body><nav><a href='/'>Trang chủ</a></nav></body></html>")


def test_xhtml_with_an_xml_declaration_is_parsed() -> None:
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n' + page()
    assert extract(xhtml).title == TITLE


def test_source_selectors_win_over_the_generic_path() -> None:
    body = (
        '<div class="tieu-de">Tiêu đề theo cấu hình</div>'
        '<div class="noi-dung"><p>Đoạn một của bài.</p><p>Đoạn hai của bài.</p></div>'
        '<span class="ngay" data-time="2026-11-21T07:30:00+07:00">hôm qua</span>'
    )
    source = Source(
        name="Báo Hải Phòng",
        allowed_domains=["baohaiphong.vn"],
        selectors=Selectors(
            title="div.tieu-de",
            body="xpath://div[@class='noi-dung']",
            published_at="xpath://span[@class='ngay']/@data-time",
        ),
    )
    article = extract(page(body=body), source=source)
    assert article.title == "Tiêu đề theo cấu hình"
    assert article.text == "Đoạn một của bài.\n\nĐoạn hai của bài."
    assert article.published_at == datetime(2026, 11, 21, 7, 30, tzinfo=VN)
    assert article.source == "Báo Hải Phòng"


def test_source_selector_that_matches_nothing_falls_back_to_the_generic_path() -> None:
    source = Source(
        name="x", allowed_domains=["baohaiphong.vn"], selectors=Selectors(title=".gone")
    )
    assert extract(page(), source=source).title == TITLE


def test_malformed_jsonld_inside_a_graph_is_still_read() -> None:
    jsonld = (
        '<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "X"},'
        '{"@type": ["NewsArticle"], "headline": "Tiêu đề JSON-LD", "author": [{"@type": "Person",'
        ' "name": "Thu Hà"},], "datePublished": "2026-11-20T15:42:00+07:00",},]}</script>'
    )
    article = extract(page(head=jsonld))
    assert (article.title, article.authors) == ("Tiêu đề JSON-LD", ["Thu Hà"])
    assert article.published_at == datetime(2026, 11, 20, 15, 42, tzinfo=VN)


def _cp1258(text: str) -> bytes:
    """windows-1258 bytes as a legacy Vietnamese CMS writes them: base letter + tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += base.encode("cp1258") + "".join(c for c in parts if c in tones).encode("cp1258")
    return bytes(out)


def test_a_related_article_nested_in_the_page_graph_is_not_the_article() -> None:
    jsonld = (
        '<script type="application/ld+json">{"@type": "Article", "headline": "Bài chính",'
        ' "hasPart": {"@type": "ItemList", "itemListElement": [{"@type": "NewsArticle",'
        ' "headline": "Bài liên quan"}]}}</script>'
    )
    assert extract(page(head=jsonld)).title == "Bài chính"


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x1f"])
def test_a_control_character_between_words_becomes_a_space(control: str) -> None:
    page = f"<html><head><title>T</title></head><body><p>khu{control}công nghiệp</p></body></html>"
    article = extract_article(
        page.encode("utf-8"), "https://x.vn/a", tz=VN, fetched_at=datetime(2026, 1, 1, tzinfo=VN)
    )
    assert "khu công nghiệp" in article.text


@pytest.mark.parametrize(
    "claim",
    [
        "https://baohaiphong.vn/",  # the home page
        "https://baohaiphong.vn/kinh-te/",  # the section above the page
        "https://baohaiphong.vn/lien-he.html",  # not an article URL of the source
    ],
)
def test_an_implausible_canonical_claim_is_ignored(claim: str) -> None:
    source = Source(
        name="baohaiphong",
        allowed_domains=["baohaiphong.vn"],
        article_url_pattern=r"-\d{6}\.html$",
    )
    page = (
        f'<html><head><title>T</title><link rel="canonical" href="{claim}"></head>'
        "<body><p>Khu công nghiệp</p></body></html>"
    )
    url = "https://baohaiphong.vn/kinh-te/kcn-mo-rong-528417.html"
    article = extract_article(page, url, tz=VN, fetched_at=FETCHED, source=source)
    assert article.canonical_url == url
