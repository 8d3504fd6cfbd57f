"""Normalisation guarantees NFC text, canonical URL + id, and aware timestamps."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

from crawler.dedupe import article_id
from crawler.pipelines.normalise import normalised
from newswatch.core.article import Article

URL = "https://baohaiphong.vn/kcn-dinh-vu-412345.html"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def raw_article(**fields: object) -> Article:
    values: dict[str, object] = {
        "id": "placeholder",
        "url": URL + "?utm_source=facebook&fbclid=abc",
        "canonical_url": "",
        "source": "baohaiphong",
        "title": "KCN Đình Vũ",
        "fetched_at": datetime(2025, 3, 1, 3, 0, tzinfo=ZoneInfo("UTC")),
    }
    return Article.model_validate(values | fields)


def test_tracking_url_gets_the_canonical_url_and_its_id() -> None:
    item = normalised(raw_article(), TZ)

    assert item.canonical_url == URL
    assert item.id == article_id(URL)


def test_decomposed_text_becomes_nfc_and_whitespace_collapses() -> None:
    nfd = unicodedata.normalize("NFD", "Hải  Phòng\u00a0thu hút FDI")

    item = normalised(
        raw_article(title=nfd, summary=nfd, authors=[" Lê Tân ", ""], tags=["", "FDI"]), TZ
    )

    assert item.title == "Hải Phòng thu hút FDI"
    assert item.summary == "Hải Phòng thu hút FDI"
    assert item.authors == ["Lê Tân"]
    assert item.tags == ["FDI"]


def test_naive_publication_time_is_read_as_the_sources_local_time() -> None:
    item = normalised(raw_article(published_at=datetime(2025, 3, 1, 8, 30)), TZ)

    assert item.published_at == datetime(2025, 3, 1, 8, 30, tzinfo=TZ)
    assert item.published_at.utcoffset() is not None
