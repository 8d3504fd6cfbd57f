"""Search semantics every backend must share: the same cases run on SQLite and Elasticsearch.

``corpus_backend`` is loaded once per module and backend: tests that write use ``backend``.

Expected ids are read off ``tests/fixtures/search/corpus.json`` (30 Hải Phòng KCN stories);
ids are written without their ``kcn-`` prefix to keep the cases readable.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from typing import Any

import pytest

from newswatch.core.article import Article
from newswatch.core.text import fold
from search.backend import Backend, BadQuery, SearchRequest, SearchResult
from search.query import words
from search.timerange import resolve_range
from tests.search.conftest import TZ

DINH_VU = {"01", "02", "11", "15", "17"}
DAU_TU_PHRASE = {"01", "02", "13", "14", "16", "19"}
UNACCENTED_HAI_PHONG = {"05", "14", "17", "23", "28"}
BY_DATE = [
    *("30", "28", "29", "13", "14", "03", "02", "15", "11", "01", "04", "26", "27", "05", "06"),
    *("07", "08", "09", "12", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "10"),
]
"""The corpus newest first; 28/29 and 13/14 share a published_at (ties by id); 10 is undated."""


def run(backend: Backend, query: str = "", **options: Any) -> SearchResult:
    return backend.search(SearchRequest(query=query, **{"size": 100, **options}))


def ids(backend: Backend, query: str = "", **options: Any) -> list[str]:
    return [hit.id.removeprefix("kcn-") for hit in run(backend, query, **options).hits]


def id_set(backend: Backend, query: str = "", **options: Any) -> set[str]:
    return set(ids(backend, query, **options))


def local_range(start: str | None, end: str | None) -> dict[str, Any]:
    lower, upper = resolve_range(start, end, TZ)
    return {"published_from": lower, "published_until": upper}


def test_unaccented_query_finds_accented_text(corpus_backend: Backend) -> None:
    assert id_set(corpus_backend, "dinh vu") == DINH_VU


def test_accented_query_finds_unaccented_text(corpus_backend: Backend) -> None:
    assert id_set(corpus_backend, "Đình Vũ") == DINH_VU  # kcn-17 only says "Dinh Vu"


def test_stroked_d_folds_to_d(corpus_backend: Backend) -> None:
    assert id_set(corpus_backend, '"dau tu"') == DAU_TU_PHRASE
    assert id_set(corpus_backend, '"đầu tư"') == DAU_TU_PHRASE


def test_nfd_article_is_found_by_nfc_query(corpus_backend: Backend, corpus: list[Article]) -> None:
    stored_nfd = next(a for a in corpus if a.id == "kcn-03")
    assert not unicodedata.is_normalized("NFC", stored_nfd.title)  # the fixture keeps NFD
    assert ids(corpus_backend, "Lạch Huyện") == ["03"]


def test_nfd_query_gives_the_same_results_as_nfc(corpus_backend: Backend) -> None:
    query = "Đình Vũ lao động"
    nfc = ids(corpus_backend, query)
    assert nfc == ids(corpus_backend, unicodedata.normalize("NFD", query))
    assert nfc == ["15"]


def test_exact_accents_rank_above_folded_match(corpus_backend: Backend) -> None:
    pair = {"ids": ("kcn-13", "kcn-14")}
    assert ids(corpus_backend, "Hải Phòng ưu tiên đầu tư", **pair) == ["13", "14"]
    assert ids(corpus_backend, "hai phong uu tien dau tu", **pair) == ["14", "13"]


def test_every_exact_match_ranks_above_every_unaccented_one(corpus_backend: Backend) -> None:
    ranked = ids(corpus_backend, "Hải Phòng")
    assert len(ranked) == 22
    assert set(ranked[-5:]) == UNACCENTED_HAI_PHONG


def test_all_words_must_match_in_any_field(corpus_backend: Backend) -> None:
    assert id_set(corpus_backend, "Tràng Duệ lao động") == {"29"}  # title + tags


def test_pipe_is_or(corpus_backend: Backend) -> None:
    expected = {"01", "05", "06", "08", "12", "17", "20", "22", "23", "24", "25", "26"}
    assert id_set(corpus_backend, 'FDI | "an ninh"') == expected


def test_minus_excludes(corpus_backend: Backend) -> None:
    assert id_set(corpus_backend, 'fdi -"hải phòng"') == {"08", "12"}


def test_phrase_needs_adjacent_words(corpus_backend: Backend) -> None:
    assert "10" in id_set(corpus_backend, "khu công nghiệp")
    assert "10" not in id_set(corpus_backend, '"khu công nghiệp"')


def test_star_matches_prefix_accent_insensitively(corpus_backend: Backend) -> None:
    # đầu (invest), đâu (where), dẫn đầu (lead), phấn đấu (strive) all start with "dau"
    expected = {"01", "02", "08", "13", "14", "16", "19", "21", "30"}
    assert id_set(corpus_backend, "đầu*") == expected


def test_parentheses_group(corpus_backend: Backend) -> None:
    query = '"khu công nghiệp" + (FDI | "đầu tư")'
    assert id_set(corpus_backend, query) == {"01", "02", "08", "16", "19", "20", "24"}


def test_operators_apply_left_to_right(corpus_backend: Backend) -> None:
    # ("an ninh" | Pegatron) FDI, as Elasticsearch's simple_query_string reads it
    assert id_set(corpus_backend, '"an ninh" | Pegatron FDI') == {"23", "24"}


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ('"Đình Vũ', "Đình Vũ"),
        ("(Đình Vũ", "Đình Vũ"),
        ("Đình Vũ))", "Đình Vũ"),
        ("Đình: Vũ^2", "Đình Vũ 2"),
        ("NEAR(Đình Vũ)", "near Đình Vũ"),
        ("Đình AND Vũ OR", "Đình and Vũ or"),
        ("Đình Vũ -", "Đình Vũ"),
        ('Đình Vũ -"', "Đình Vũ"),
        ("Đình\\ Vũ\\", "Đình Vũ"),
        ('"', ""),
        ("*", ""),
        ("-", ""),
        ("()", ""),
        ("+|", ""),
    ],
)
def test_malformed_query_is_read_as_text(corpus_backend: Backend, query: str, same_as: str) -> None:
    assert ids(corpus_backend, query, sort="date") == ids(corpus_backend, same_as, sort="date")


def test_empty_query_matches_everything(corpus_backend: Backend) -> None:
    assert run(corpus_backend, "").total == 30


def test_sources_filter(corpus_backend: Backend) -> None:
    assert id_set(corpus_backend, "FDI", sources=("vir",)) == {"05", "12", "17", "23"}
    assert id_set(corpus_backend, "Tràng Duệ", sources=("vir", "tuoitre")) == {"05", "12", "28"}


def test_ids_filter(corpus_backend: Backend) -> None:
    assert id_set(corpus_backend, "FDI", ids=("kcn-01", "kcn-02", "kcn-05")) == {"01", "05"}


def test_date_only_range_is_whole_local_days_inclusive(corpus_backend: Backend) -> None:
    # kcn-02 at 23:30 on the 16th is in; kcn-03 at 00:10 on the 17th and kcn-27 at 23:55 on
    # the 15th are out; kcn-26 (00:05) and kcn-04 (06:30) fall on the 15th in UTC but count.
    window = local_range("2021-01-16", "2021-01-16")
    assert id_set(corpus_backend, **window) == {"01", "02", "04", "11", "15", "26"}


def test_from_date_starts_at_local_midnight(corpus_backend: Backend) -> None:
    window = local_range("2021-01-17", None)
    assert id_set(corpus_backend, **window) == {"03", "13", "14", "28", "29", "30"}


def test_date_sort_is_newest_first_with_undated_last(corpus_backend: Backend) -> None:
    assert ids(corpus_backend, sort="date") == BY_DATE


def test_total_counts_all_matches_not_just_the_page(corpus_backend: Backend) -> None:
    result = run(corpus_backend, "khu công nghiệp", size=3)
    assert (result.total, len(result.hits)) == (20, 3)


def test_size_zero_gives_total_and_facets_without_hits(corpus_backend: Backend) -> None:
    result = run(corpus_backend, "FDI", size=0, with_facets=True)
    assert (result.total, result.hits, sum(result.per_source.values())) == (9, [], 9)


def test_facets_count_the_whole_matching_set_by_local_day(corpus_backend: Backend) -> None:
    window = local_range("2021-01-15", "2021-01-17")
    result = run(corpus_backend, size=1, with_facets=True, **window)
    assert result.per_day == {"2021-01-15": 2, "2021-01-16": 6, "2021-01-17": 3}
    assert result.per_source == {"baohaiphong": 5, "tuoitre": 3, "vir": 1, "vnexpress": 2}


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_paging_with_tokens_visits_every_hit_once(corpus_backend: Backend, sort: str) -> None:
    everything = ids(corpus_backend, "khu công nghiệp", sort=sort)
    paged: list[str] = []
    token: str | None = None
    for _ in range(20):
        result = run(corpus_backend, "khu công nghiệp", sort=sort, size=3, page_token=token)
        paged += [hit.id.removeprefix("kcn-") for hit in result.hits]
        token = result.next_page_token
        if token is None:
            break
    assert paged == everything
    assert len(everything) == 20


def test_date_paging_is_stable_when_newer_articles_arrive(
    backend: Backend, corpus: list[Article]
) -> None:
    backend.upsert(corpus)
    first = run(backend, sort="date", size=5)
    fresh = corpus[0].model_copy(
        update={"id": "kcn-99", "published_at": datetime(2021, 2, 1, 8, 0, tzinfo=TZ)}
    )
    assert backend.upsert([fresh]).new == 1
    rest = ids(backend, sort="date", page_token=first.next_page_token)
    assert rest == BY_DATE[5:]


def test_mangled_page_token_is_a_bad_query(corpus_backend: Backend) -> None:
    with pytest.raises(BadQuery):
        run(corpus_backend, "FDI", page_token="not-a-token")


def test_snippet_is_html_safe_and_marks_matches(corpus_backend: Backend) -> None:
    [hit] = run(corpus_backend, "hạ tầng Nam Đình Vũ", ids=("kcn-11",)).hits
    assert "&lt;script&gt;alert(1)&lt;" in hit.snippet  # "/" may or may not be escaped too
    assert "<script" not in hit.snippet
    marked = {fold(m.split("</mark>")[0]) for m in hit.snippet.split("<mark>")[1:]}
    assert marked and marked <= {fold(w) for w in words("hạ tầng Nam Đình Vũ")}


def test_hit_carries_the_article_fields_in_local_time(
    corpus_backend: Backend, corpus: list[Article]
) -> None:
    [hit] = run(corpus_backend, "Lạch Huyện").hits
    article = next(a for a in corpus if a.id == "kcn-03")
    assert (hit.id, hit.url, hit.source) == (article.id, article.url, article.source)
    assert hit.title == unicodedata.normalize("NFC", article.title)
    assert hit.published_at == article.published_at
    assert hit.published_at is not None and hit.published_at.utcoffset() == timedelta(hours=7)


def test_five_megabyte_article_is_stored_and_searchable(
    backend: Backend, corpus: list[Article]
) -> None:
    text = "Khu công nghiệp Đình Vũ mở rộng hạ tầng. " * 125_000 + "Từ khóa cuối: Quasarvinh."
    assert len(text.encode("utf-8")) > 5_000_000
    big = corpus[0].model_copy(update={"id": "big", "text": text})
    assert backend.upsert([big]).new == 1
    [hit] = run(backend, "quasarvinh").hits
    assert hit.id == "big"
    stored = backend.get("big")
    assert stored is not None and stored.text == text
