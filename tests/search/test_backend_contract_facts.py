"""Investment facts stored, filtered and counted alike by every backend.

The corpus articles get their facts the way the crawl pipeline gives them
(``crawler.facts.article.with_facts``); expected ids were chosen by reading the titles and
bodies of ``tests/fixtures/search/corpus.json`` (e.g. only kcn-01 names Đình Vũ together with
a sum of at least 100 million USD: "500 triệu USD … khu công nghiệp Đình Vũ").
"""

from __future__ import annotations

from dataclasses import asdict

import pytest

from crawler.facts.article import with_facts
from newswatch.core.article import Article
from newswatch.fact_filters import resolve_fact_filters
from newswatch.refacts import refacts
from search.backend import Backend, SearchRequest
from tests.search.conftest import load_corpus


@pytest.fixture(scope="module")
def facts_backend(module_backend: Backend) -> Backend:
    corpus = [with_facts(article) for article in load_corpus()]
    assert module_backend.upsert(corpus).new == len(corpus)
    return module_backend


def ids(backend: Backend, **filters: object) -> set[str]:
    request = SearchRequest(size=100, **asdict(resolve_fact_filters(**filters)))  # type: ignore[arg-type]
    return {hit.id for hit in backend.search(request).hits}


def test_zone_alias_and_min_usd_give_exactly_the_qualifying_article(
    facts_backend: Backend,
) -> None:
    assert ids(facts_backend, zones=["Đình Vũ"], min_usd=1e8) == {"kcn-01"}


def test_zone_written_without_accents_matches_through_aliases(facts_backend: Backend) -> None:
    assert ids(facts_backend, zones=["Trang Due"]) >= {"kcn-02", "kcn-28", "kcn-29"}


def test_min_usd_compares_amounts_converted_to_usd(facts_backend: Backend) -> None:
    # $1 billion, 2 tỷ USD, 1 tỷ USD (Samsung), 1 tỷ USD (Pegatron), 2 tỷ USD (target)
    assert ids(facts_backend, min_usd=1e9) == {"kcn-05", "kcn-08", "kcn-09", "kcn-24", "kcn-25"}


def test_country_filter(facts_backend: Backend) -> None:
    assert ids(facts_backend, countries=["jp"]) == {"kcn-17"}  # "three Japanese investors"


def test_event_filter(facts_backend: Backend) -> None:
    # "khởi công nhà ở xã hội" and "Pegatron khởi công nhà máy"
    assert ids(facts_backend, events=["groundbreaking"]) == {"kcn-19", "kcn-24"}


def test_filters_combine_with_the_query(facts_backend: Backend) -> None:
    request = SearchRequest(query="Pegatron", min_usd=1e9, size=10)
    assert [hit.id for hit in facts_backend.search(request).hits] == ["kcn-24"]
    assert facts_backend.search(SearchRequest(query="Pegatron", min_usd=2e9)).total == 0


def test_facets_count_zones_countries_and_events(facts_backend: Backend) -> None:
    result = facts_backend.search(SearchRequest(countries=("JP",), with_facets=True))
    assert result.per_fact == {
        "zone": {"DEEP C": 1, "Đình Vũ – Cát Hải": 1},
        "country": {"JP": 1},
        "event": {"land": 1},
    }
    everything = facts_backend.search(SearchRequest(with_facets=True, size=0))
    assert everything.per_fact["event"]["land"] == 3  # kcn-07, kcn-17, kcn-20
    assert everything.per_fact["country"] == {"JP": 1}
    assert list(everything.per_fact["zone"].values()) == sorted(
        everything.per_fact["zone"].values(), reverse=True
    )


def test_hits_carry_their_amounts(facts_backend: Backend) -> None:
    hit = facts_backend.search(SearchRequest(query="500 triệu USD Đình Vũ")).hits[0]
    assert hit.id == "kcn-01"
    assert hit.facts is not None
    assert [(a.text, a.currency, a.usd_max) for a in hit.facts.amounts] == [
        ("500 triệu USD", "USD", 5e8)
    ]


def test_an_update_replaces_the_stored_facts(backend: Backend, corpus: list[Article]) -> None:
    first = with_facts(next(a for a in corpus if a.id == "kcn-01"))
    backend.upsert([first])
    plain = {"title": "Tin khu công nghiệp", "summary": "Không có số tiền.", "text": ""}
    rewritten = with_facts(first.model_copy(update=plain))
    assert backend.upsert([rewritten]).updated == 1
    assert ids(backend, min_usd=1e8) == set()
    assert ids(backend, zones=["Đình Vũ"]) == set()


def test_refacts_fills_facts_of_articles_stored_without_them(
    backend: Backend, corpus: list[Article]
) -> None:
    backend.upsert(corpus)
    assert ids(backend, zones=["Đình Vũ"], min_usd=1e8) == set()
    done = refacts(backend, batch=7)
    assert (done.scanned, done.updated, done.failed) == (len(corpus), len(corpus), 0)
    assert ids(backend, zones=["Đình Vũ"], min_usd=1e8) == {"kcn-01"}
    again = refacts(backend)
    assert (again.scanned, again.updated) == (len(corpus), 0)
    stored = backend.get("kcn-01")
    assert stored is not None and stored.facts is not None and stored.facts_version
