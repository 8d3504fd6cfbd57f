"""Both backends answer alike on the replay corpus: same hits, same date order, same counts.

The replay sites are crawled once by a real ``newswatch crawl`` child process into SQLite; the
stored articles are then copied through the Elasticsearch backend's ``upsert`` into a fresh
index, and every query is asked of both stores with date sort, paged by ``page_token``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

import pytest

from newswatch.core.article import Article
from newswatch.core.settings import Settings, StorageSettings
from search.backend import Backend, SearchRequest
from search.factory import open_backend
from tests.servers.backends import drop_elasticsearch_store
from tests.servers.child import newswatch
from tests.servers.replay_server import ReplaySites
from tests.servers.sites import replay_settings_for, replay_sites  # noqa: F401

pytestmark = pytest.mark.elasticsearch

QUERIES = ["", "hai phong", '"khu công nghiệp"', 'FDI | "vốn đầu tư"', 'Đình Vũ -"bóng đá"',
           "dau tu*"]  # fmt: skip
PAGE_SIZE = 4  # small, so every query with hits is read over several pages
TZ = Settings().crawl.tz


@dataclass(frozen=True)
class Stores:
    sqlite: Backend
    elastic: Backend
    articles: list[Article]


@dataclass(frozen=True)
class Answer:
    """Everything a backend said about one request, over all its pages."""

    total: int
    ids: list[str]
    per_day: dict[str, int]
    per_source: dict[str, int]


def _all_stored(store: Backend) -> list[Article]:
    articles: list[Article] = []
    batch = store.stored_after(None, limit=100)
    while batch.articles:
        articles.extend(batch.articles)
        batch = store.stored_after(batch.cursor, limit=100)
    return articles


@pytest.fixture(scope="module")
def stores(
    replay_sites: ReplaySites,  # noqa: F811
    es_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Stores]:
    workdir = tmp_path_factory.mktemp("parity")
    settings = replay_settings_for(replay_sites, workdir)
    done = newswatch(settings, workdir, "crawl")
    assert done.returncode == 0, done.stdout + done.stderr

    elastic_storage = StorageSettings(
        backend="elasticsearch",
        url=es_url,
        index=f"nw-parity-{uuid.uuid4().hex[:12]}",
        queue_path=workdir / "es-queue.db",
    )
    sqlite = open_backend(settings)
    elastic = open_backend(Settings(storage=elastic_storage))
    try:
        articles = _all_stored(sqlite)
        elastic.ensure_ready()
        copied = elastic.upsert(articles)
        assert (copied.new, copied.failed, copied.queued) == (len(articles), 0, 0), copied
        yield Stores(sqlite, elastic, articles)
    finally:
        sqlite.close()
        elastic.close()
        drop_elasticsearch_store(elastic_storage)


def _ask(store: Backend, request: SearchRequest) -> Answer:
    first = store.search(replace(request, with_facets=True))
    ids = [hit.id for hit in first.hits]
    token = first.next_page_token
    while token is not None:
        page = store.search(replace(request, page_token=token))
        ids.extend(hit.id for hit in page.hits)
        token = page.next_page_token
    return Answer(first.total, ids, first.per_day, first.per_source)


def _middle_days(articles: list[Article]) -> tuple[datetime, datetime]:
    """Local midnights around the middle half of the corpus: a range that cuts it."""
    days = sorted(a.published_at.astimezone(TZ).date() for a in articles if a.published_at)
    start, end = days[len(days) // 4], days[3 * len(days) // 4]
    return datetime.combine(start, time(), TZ), datetime.combine(end, time(), TZ)


def test_the_crawl_stored_a_corpus_worth_comparing(stores: Stores) -> None:
    sources = {article.source for article in stores.articles}
    assert len(stores.articles) >= 10 and len(sources) >= 3, (len(stores.articles), sources)
    assert stores.elastic.count() == stores.sqlite.count() == len(stores.articles)


@pytest.mark.parametrize("query", QUERIES)
def test_both_backends_agree_over_all_dates(stores: Stores, query: str) -> None:
    request = SearchRequest(query=query, sort="date", size=PAGE_SIZE)

    expected = _ask(stores.sqlite, request)
    assert _ask(stores.elastic, request) == expected
    assert len(expected.ids) == expected.total == sum(expected.per_source.values())


@pytest.mark.parametrize("query", QUERIES)
def test_both_backends_agree_within_a_date_range(stores: Stores, query: str) -> None:
    start, end = _middle_days(stores.articles)
    request = SearchRequest(
        query=query, published_from=start, published_until=end, sort="date", size=PAGE_SIZE
    )

    expected = _ask(stores.sqlite, request)
    assert _ask(stores.elastic, request) == expected
    days = {datetime.fromisoformat(day).date() for day in expected.per_day}
    assert all(start.date() <= day < end.date() for day in days), days


def test_the_queries_select_different_parts_of_the_corpus(stores: Stores) -> None:
    """Guards the comparisons above: agreement on empty or identical answers proves little."""
    request = SearchRequest(sort="date", size=PAGE_SIZE)
    totals = [_ask(stores.sqlite, replace(request, query=q)).total for q in QUERIES]
    assert totals[0] == len(stores.articles)
    assert all(totals), dict(zip(QUERIES, totals, strict=True))
    assert len(set(totals)) >= 3, dict(zip(QUERIES, totals, strict=True))
    start, end = _middle_days(stores.articles)
    ranged = _ask(stores.sqlite, replace(request, published_from=start, published_until=end))
    assert 0 < ranged.total < len(stores.articles)
    assert end - start >= timedelta(days=1)
