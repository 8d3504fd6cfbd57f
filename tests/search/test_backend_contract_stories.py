"""Collapsed searches (``collapse="story"``): the same stories, pages and versions on every
backend.

Stories are given here, not computed (grouping has its own tests in ``tests/stories``): the
corpus (``tests/fixtures/search/corpus.json``) is stored with three stories, chosen by reading
it: Tràng Duệ's expansion (kcn-02, VIR's kcn-28), the port investment printed twice (kcn-13
with accents, kcn-14 without, same minute), and the support-industry workshop (kcn-16, and the
undated kcn-10). Every other article is a story of its own.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from newswatch.core.article import Article
from search.backend import Backend, SearchRequest, SearchResult
from tests.search.conftest import load_corpus

STORIES = {"kcn-02": "trang-due", "kcn-28": "trang-due", "kcn-13": "port", "kcn-14": "port"}
STORIES |= {"kcn-16": "support", "kcn-10": "support"}
COLLAPSED_BY_DATE = [
    *("30", "02", "29", "13", "03", "15", "11", "01", "04", "26", "27", "05", "06", "07"),
    *("08", "09", "12", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25"),
]
"""``BY_DATE`` of the contract suite with each story at its newest copy's place, shown as its
earliest copy: kcn-28 (newest of Tràng Duệ) becomes kcn-02, kcn-14 and kcn-10 disappear."""


def plain(backend: Backend) -> Backend:
    """The backend under the story decorator: it stores the story ids it is given."""
    inner: Backend = getattr(backend, "backend", backend)
    return inner


@pytest.fixture(scope="module")
def story_backend(module_backend: Backend) -> Backend:
    corpus = [a.model_copy(update={"story_id": STORIES.get(a.id)}) for a in load_corpus()]
    assert plain(module_backend).upsert(corpus).new == len(corpus)
    return module_backend


def run(backend: Backend, query: str = "", **options: Any) -> SearchResult:
    request = SearchRequest(query=query, **{"size": 100, "collapse": "story", **options})
    return backend.search(request)


def short(article_id: str) -> str:
    return article_id.removeprefix("kcn-")


def test_one_hit_per_story_in_date_order(story_backend: Backend) -> None:
    result = run(story_backend, sort="date")
    assert [short(hit.id) for hit in result.hits] == COLLAPSED_BY_DATE
    assert result.total == 27


def test_a_story_lists_its_copies_earliest_first(story_backend: Backend) -> None:
    hits = {hit.id: hit for hit in run(story_backend, sort="date").hits}
    trang_due = hits["kcn-02"]
    assert trang_due.story_id == "trang-due"
    assert [(v.id, v.source) for v in trang_due.versions] == [
        ("kcn-02", "baohaiphong"),
        ("kcn-28", "vir"),
    ]
    assert trang_due.version_count == 2
    assert trang_due.versions[1].title == "Trang Due industrial park expansion approved"
    assert [v.id for v in hits["kcn-16"].versions] == ["kcn-16", "kcn-10"]  # undated last
    assert hits["kcn-30"].versions[0].id == "kcn-30" and hits["kcn-30"].version_count == 1


def test_pages_of_stories_join_up(story_backend: Backend) -> None:
    seen: list[str] = []
    token = None
    for _ in range(10):
        result = run(story_backend, sort="date", size=5, page_token=token)
        seen += [short(hit.id) for hit in result.hits]
        token = result.next_page_token
        if token is None:
            break
    assert seen == COLLAPSED_BY_DATE


def test_versions_and_counts_follow_the_filters(story_backend: Backend) -> None:
    result = run(story_backend, sort="date", sources=("vir",))
    hit = next(hit for hit in result.hits if hit.story_id == "trang-due")
    assert hit.id == "kcn-28" and [v.id for v in hit.versions] == ["kcn-28"]
    assert hit.version_count == 1
    assert result.total == 5  # VIR printed kcn-05, 12, 17, 23, 28: five stories


def test_relevance_collapse_ranks_a_story_by_its_best_copy(story_backend: Backend) -> None:
    pair = ("kcn-13", "kcn-14", "kcn-03")
    result = run(story_backend, "hai phong uu tien dau tu", ids=pair)
    assert [hit.id for hit in result.hits] == ["kcn-13"]
    assert [v.id for v in result.hits[0].versions] == ["kcn-13", "kcn-14"]
    assert result.total == 1


def test_collapsed_total_counts_stories_with_facets(story_backend: Backend) -> None:
    result = run(story_backend, size=1, with_facets=True)
    assert result.total == 27
    assert sum(result.per_source.values()) == 30  # facets still count articles


def test_uncollapsed_hits_carry_their_story(story_backend: Backend) -> None:
    result = story_backend.search(SearchRequest(ids=("kcn-28", "kcn-30"), sort="date"))
    assert {hit.id: hit.story_id for hit in result.hits} == {"kcn-28": "trang-due", "kcn-30": None}


def test_a_collapsed_token_does_not_continue_an_article_listing(story_backend: Backend) -> None:
    token = run(story_backend, sort="date", size=2).next_page_token
    with pytest.raises(Exception, match="page token"):
        story_backend.search(SearchRequest(sort="date", page_token=token))


def _article(backend: Backend, article_id: str) -> Article:
    found = backend.get(article_id)
    assert found is not None
    return found


def test_filing_under_a_story_is_not_an_update(backend: Backend) -> None:
    article = load_corpus()[0]
    assert plain(backend).upsert([article]).new == 1
    filed = plain(backend).upsert([article.model_copy(update={"story_id": "s1"})])
    assert (filed.updated, filed.unchanged) == (0, 1)
    assert _article(backend, article.id).story_id == "s1"
    hit = backend.search(SearchRequest(ids=(article.id,))).hits[0]
    assert hit.story_id == "s1"


def test_a_write_without_a_story_keeps_the_stored_one(backend: Backend) -> None:
    article = load_corpus()[0].model_copy(update={"story_id": "s1"})
    plain(backend).upsert([article])
    edited = article.model_copy(
        update={
            "story_id": None,
            "title": article.title + " (cập nhật)",
            "fetched_at": article.fetched_at + timedelta(hours=1),
        }
    )
    assert plain(backend).upsert([edited]).updated == 1
    assert _article(backend, article.id).story_id == "s1"
