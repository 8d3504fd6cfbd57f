"""The Elasticsearch backend against the real test server: store, search, page, facets."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest

from search.backend import SearchRequest
from search.elastic.backend import ElasticBackend
from tests.elastic.conftest import TZ, article

pytestmark = pytest.mark.elasticsearch


def test_upsert_counts_new_then_unchanged_then_updated(backend: ElasticBackend) -> None:
    first = [article(1), article(2)]
    assert backend.upsert(first).new == 2
    assert backend.upsert(first).unchanged == 2
    changed = backend.upsert([article(1, title="Tin KCN (cập nhật)"), article(2)])
    assert (changed.updated, changed.unchanged, changed.new) == (1, 1, 0)
    assert backend.count() == 2


def test_reupsert_keeps_first_indexed_order(backend: ElasticBackend) -> None:
    backend.upsert([article(1)])
    backend.upsert([article(2)])
    backend.upsert([article(1, title="sửa tiêu đề")])
    batch = backend.stored_after(None)
    assert [a.id for a in batch.articles] == ["art00001", "art00002"]
    assert backend.stored_after(batch.cursor).articles == []


def test_search_without_accents_finds_accented_and_exact_accents_rank_first(
    backend: ElasticBackend,
) -> None:
    backend.upsert(
        [
            article(1, title="Hai Phong thu hut dau tu", text="Hai Phong thu hut dau tu"),
            article(2, title="Hải Phòng thu hút đầu tư", text="Hải Phòng thu hút đầu tư"),
            article(3, title="Cảng biển", text="Không liên quan"),
        ]
    )
    folded = backend.search(SearchRequest(query="hai phong dau tu"))
    assert {h.id for h in folded.hits} == {"art00001", "art00002"}
    exact = backend.search(SearchRequest(query="Hải Phòng đầu tư"))
    assert [h.id for h in exact.hits] == ["art00002", "art00001"]


def test_nfd_input_is_stored_nfc_and_matches_both_forms(backend: ElasticBackend) -> None:
    nfd = unicodedata.normalize("NFD", "Khu kinh tế Đình Vũ – Cát Hải mở rộng")
    backend.upsert([article(1, title=nfd, text=nfd)])
    for query in ("Cát Hải", unicodedata.normalize("NFD", "Cát Hải"), "cat hai"):
        result = backend.search(SearchRequest(query=query))
        assert [h.id for h in result.hits] == ["art00001"], query
        assert "<mark>Cát</mark> <mark>Hải</mark>" in result.hits[0].snippet
    stored = backend.get("art00001")
    assert stored is not None and stored.title == unicodedata.normalize("NFC", nfd)


def test_snippet_is_html_escaped_with_marks(backend: ElasticBackend) -> None:
    backend.upsert([article(1, text="<script>alert(1)</script> dự án đầu tư mới")])
    snippet = backend.search(SearchRequest(query="dau tu")).hits[0].snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>đầu</mark> <mark>tư</mark>" in snippet


def test_query_syntax_or_not_phrase_prefix(backend: ElasticBackend) -> None:
    backend.upsert(
        [
            article(1, text="Khu công nghiệp Nam Đình Vũ"),
            article(2, text="Khu kinh tế Đình Vũ Cát Hải"),
            article(3, text="Cảng Lạch Huyện"),
        ]
    )

    def ids(query: str) -> set[str]:
        return {h.id for h in backend.search(SearchRequest(query=query)).hits}

    assert ids('"khu cong nghiep"') == {"art00001"}
    assert ids("cat | lach") == {"art00002", "art00003"}
    assert ids("dinh -nam") == {"art00002"}
    assert ids("huy*") == {"art00003"}
    assert ids("(nam | cat) +khu") == {"art00001", "art00002"}


def test_date_filter_sort_and_paging_cover_every_hit_once(backend: ElasticBackend) -> None:
    articles = [article(n, published_at=datetime(2025, 3, n, 8, tzinfo=TZ)) for n in range(1, 8)]
    articles.append(article(8, published_at=None))
    backend.upsert(articles)
    seen: list[str] = []
    token = None
    while True:
        page = backend.search(SearchRequest(sort="date", size=3, page_token=token))
        seen += [h.id for h in page.hits]
        token = page.next_page_token
        if token is None:
            break
    assert seen == [f"art{n:05d}" for n in (7, 6, 5, 4, 3, 2, 1, 8)]
    window = backend.search(
        SearchRequest(
            published_from=datetime(2025, 3, 2, 8, tzinfo=TZ),
            published_until=datetime(2025, 3, 4, 8, tzinfo=TZ),
        )
    )
    assert {h.id for h in window.hits} == {"art00002", "art00003"}


def test_facets_count_local_days_and_sources(backend: ElasticBackend) -> None:
    backend.upsert(
        [
            # 23:30 local on 1 March is 16:30 UTC: it must count for 1 March, not 2 March.
            article(1, published_at=datetime(2025, 3, 1, 23, 30, tzinfo=TZ)),
            article(2, published_at=datetime(2025, 3, 2, 0, 30, tzinfo=TZ), source="vnexpress"),
            article(3, published_at=datetime(2025, 3, 2, 7, 0, tzinfo=TZ)),
        ]
    )
    result = backend.search(SearchRequest(with_facets=True))
    assert result.per_day == {"2025-03-01": 1, "2025-03-02": 2}
    assert result.per_source == {"baohaiphong": 2, "vnexpress": 1}


def test_five_megabyte_article_is_indexed_found_and_highlighted(backend: ElasticBackend) -> None:
    filler = "Thông tin chung về thị trường bất động sản công nghiệp. " * 90_000
    big = article(1, text=filler + "Dự án Tràng Duệ mở rộng giai đoạn ba.")
    assert len(big.text.encode("utf-8")) > 5_000_000
    assert backend.upsert([big]).new == 1
    hit = backend.search(SearchRequest(query="trang due")).hits[0]
    assert hit.id == "art00001" and "<mark>Tràng</mark> <mark>Duệ</mark>" in hit.snippet
    stored = backend.get("art00001")
    assert stored is not None and stored.text == big.text


def test_latest_published_and_known_ids(backend: ElasticBackend) -> None:
    backend.upsert(
        [
            article(1, published_at=datetime(2025, 3, 5, 8, tzinfo=TZ)),
            article(2, published_at=datetime(2025, 3, 9, 8, tzinfo=TZ)),
        ]
    )
    assert backend.latest_published("baohaiphong") == datetime(2025, 3, 9, 8, tzinfo=TZ)
    assert backend.latest_published("vnexpress") is None
    assert backend.known_ids(["art00001", "missing"]) == {"art00001"}


def test_records_round_trip(backend: ElasticBackend) -> None:
    backend.put_record("rule", "kcn", {"query": "khu cong nghiep", "emails": ["a@b.vn"]})
    backend.put_record("rule", "kkt", {"query": "khu kinh te"})
    assert backend.get_record("rule", "kcn") == {"query": "khu cong nghiep", "emails": ["a@b.vn"]}
    assert [r["query"] for r in backend.list_records("rule")] == ["khu cong nghiep", "khu kinh te"]
    assert backend.delete_record("rule", "kcn") is True
    assert backend.delete_record("rule", "kcn") is False
    assert backend.get_record("rule", "kcn") is None
