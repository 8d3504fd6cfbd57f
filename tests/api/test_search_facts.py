"""``GET /api/search`` fact parameters and facets, the same cases on SQLite and Elasticsearch.

The corpus gets its facts as the crawl pipeline gives them; expected ids were chosen by reading
the corpus texts (see ``tests/search/test_backend_contract_facts.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from crawler.facts.article import with_facts
from newswatch.core.settings import Settings
from tests.servers.api_app import api_settings, corpus, drop_store, fill, serve, storage_for
from tests.servers.backends import BACKENDS


@pytest.fixture(scope="module", params=BACKENDS)
def facts_client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("api-facts")
    storage = storage_for(request.param, request, folder)
    settings: Settings = api_settings(storage, folder)
    fill(settings, [with_facts(article) for article in corpus()])
    yield from serve(settings)
    drop_store(storage)


def search(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_zone_and_min_usd_parameters(facts_client: TestClient) -> None:
    body = search(facts_client, zone="Đình Vũ", min_usd=1e8)
    assert [hit["id"] for hit in body["hits"]] == ["kcn-01"]
    amounts = body["hits"][0]["facts"]["amounts"]
    assert [(a["text"], a["usd_max"]) for a in amounts] == [("500 triệu USD", 5e8)]


def test_repeated_values_are_alternatives(facts_client: TestClient) -> None:
    body = search(facts_client, event=["groundbreaking", "security"], country="JP")
    assert body["total"] == 0  # the Japanese article is a land lease
    body = search(facts_client, event=["groundbreaking", "security"])
    assert {hit["id"] for hit in body["hits"]} >= {"kcn-19", "kcn-24", "kcn-06"}


def test_facets_count_zones_countries_and_events(facts_client: TestClient) -> None:
    body = search(facts_client, q="Deep C")
    assert body["per_country"] == {"JP": 1}
    assert body["per_zone"]["DEEP C"] == 3  # kcn-05, kcn-17, kcn-24
    assert body["per_event"]["land"] == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"zone": "Atlantis"}, "no industrial or economic zone is known as 'Atlantis'"),
        ({"event": "party"}, "'party' is not one of new_project"),
        ({"country": "Japan"}, "not an ISO 3166-1 alpha-2 code"),
        ({"min_usd": -5}, "min_usd: must be a non-negative number"),
    ],
)
def test_bad_fact_parameters_are_refused_with_the_reason(
    facts_client: TestClient, params: dict[str, Any], message: str
) -> None:
    response = facts_client.get("/api/search", params=params)
    assert response.status_code == 422, response.text
    assert message in response.json()["detail"]
