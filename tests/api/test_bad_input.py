"""Hostile requests end in a 4xx with a sentence, identically on SQLite and Elasticsearch."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from newswatch.core.settings import ApiSettings
from search.query import MAX_DEPTH, MAX_WORDS
from tests.servers.api_app import WRITE

RULE = {"name": "kcn", "channels": ["ban-tin@kcn.example.vn"]}
BODY_LIMIT = ApiSettings().max_body_bytes


def _forged(payload: str) -> str:
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "params",
    [
        {"q": "(" * 60 + "khu" + ")" * 60},
        {"q": "khu", "page_token": _forged('["relevance",' + "[" * 300 + "]" * 300 + "]")},
        {"q": "khu", "page_token": _forged('["relevance",{"a":1},1,2,"x"]')},
        {"q": "khu", "sort": "date", "page_token": _forged('["date",' + "9" * 300 + ",1,1]")},
        {"from": "0001-01-01"},
        {"to": "9999-12-31"},
        {"from": "0001-01-01T00:00:00+07:00"},
        {"to": "9999-12-31T23:59:59-12:00"},
    ],
)
def test_hostile_search_parameters_are_422_with_a_sentence(
    corpus_client: TestClient, params: dict[str, str]
) -> None:
    response = corpus_client.get("/api/search", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        (" ".join(["khu"] * 3_000), "longer than"),
        (" ".join(["khu"] * (MAX_WORDS + 1)), f"more than {MAX_WORDS} words"),
        ("(" * (MAX_DEPTH + 1) + "khu" + ")" * (MAX_DEPTH + 1), f"more than {MAX_DEPTH} deep"),
    ],
)
def test_an_oversized_rule_query_is_422_and_says_which_limit(
    empty_client: TestClient, query: str, says: str
) -> None:
    response = empty_client.post("/api/alerts", json={**RULE, "query": query}, headers=WRITE)
    assert response.status_code == 422, response.text
    assert says in response.json()["detail"]


def test_a_request_body_over_the_limit_is_413(empty_client: TestClient) -> None:
    padding = "x" * (BODY_LIMIT + 1)
    response = empty_client.post(
        "/api/alerts", json={**RULE, "query": "khu", "pad": padding}, headers=WRITE
    )
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]
    assert empty_client.get("/api/alerts", headers=WRITE).json() == []


def test_a_chunked_body_over_the_limit_is_413(empty_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(BODY_LIMIT // 1024 + 2):
            yield b"x" * 1024

    response = empty_client.post(
        "/api/alerts", content=chunks(), headers={**WRITE, "Content-Type": "application/json"}
    )
    assert response.status_code == 413
