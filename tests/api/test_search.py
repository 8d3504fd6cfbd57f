"""``GET /api/search`` over the 30-article corpus, the same cases on SQLite and Elasticsearch."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.servers.api_app import MAX_PAGE_SIZE, MAX_QUERY_LENGTH


def search(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ids(body: dict[str, Any]) -> set[str]:
    return {hit["id"] for hit in body["hits"]}


def test_accent_free_words_find_both_spellings_with_marked_snippets(
    corpus_client: TestClient,
) -> None:
    body = search(corpus_client, q="Tràng Duệ")
    assert ids(body) == {"kcn-02", "kcn-29", "kcn-28", "kcn-12", "kcn-05"}
    assert body["total"] == 5
    assert all("<mark>" in hit["snippet"] for hit in body["hits"])
    assert body["per_source"] == {"baohaiphong": 2, "vir": 3}
    assert body["per_day"] == {"2021-01-10": 1, "2021-01-15": 1, "2021-01-16": 1, "2021-01-18": 2}
    assert body["next_page_token"] is None


def test_a_date_range_covers_whole_local_days(corpus_client: TestClient) -> None:
    body = search(corpus_client, **{"from": "2021-01-16", "to": "2021-01-16"})
    # kcn-27 (15/01 23:55) and kcn-03 (17/01 00:10) fall just outside the local day.
    assert ids(body) == {"kcn-01", "kcn-02", "kcn-04", "kcn-11", "kcn-15", "kcn-26"}
    assert body["per_day"] == {"2021-01-16": 6}


def test_repeated_source_parameters_restrict_to_those_sources(corpus_client: TestClient) -> None:
    body = search(corpus_client, q="FDI", source=["vir", "vnexpress"])
    assert {hit["source"] for hit in body["hits"]} <= {"vir", "vnexpress"}
    assert set(body["per_source"]) == {"vir", "vnexpress"}
    assert body["total"] == sum(body["per_source"].values())


def test_date_sort_lists_newest_first_and_undated_last(corpus_client: TestClient) -> None:
    body = search(corpus_client, sort="date", size=MAX_PAGE_SIZE)
    dated = [hit["published_at"] for hit in body["hits"] if hit["published_at"]]
    assert dated == sorted(dated, reverse=True)
    assert body["hits"][-1]["id"] == "kcn-10"  # the corpus's one undated article


def test_times_are_given_in_the_configured_timezone(corpus_client: TestClient) -> None:
    body = search(corpus_client, q="Lạch Huyện")
    assert [hit["published_at"] for hit in body["hits"]] == ["2021-01-17T00:10:00+07:00"]


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_page_tokens_walk_every_match_exactly_once(corpus_client: TestClient, sort: str) -> None:
    seen: list[str] = []
    params: dict[str, Any] = {"sort": sort, "size": 7}
    while True:
        body = search(corpus_client, **params)
        assert body["total"] == 30
        seen += [hit["id"] for hit in body["hits"]]
        if body["next_page_token"] is None:
            break
        params["page_token"] = body["next_page_token"]
    assert len(seen) == 30
    assert set(seen) == {f"kcn-{n:02d}" for n in range(1, 31)}


def test_a_script_in_the_text_comes_back_escaped_in_the_snippet(
    corpus_client: TestClient,
) -> None:
    (hit,) = search(corpus_client, q="script")["hits"]
    assert "<script>" not in hit["snippet"]
    assert "&lt;" in hit["snippet"]
    assert hit["title"].startswith("<script>")  # JSON carries the raw title; the page escapes it


def problem(client: TestClient, **params: Any) -> str:
    response = client.get("/api/search", params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert isinstance(body["detail"], str)
    return str(body["detail"])


def test_an_unreadable_date_is_refused_with_the_value(corpus_client: TestClient) -> None:
    assert "yesterday" in problem(corpus_client, **{"from": "yesterday"})


def test_a_range_ending_before_it_starts_is_refused(corpus_client: TestClient) -> None:
    detail = problem(corpus_client, **{"from": "2021-01-17", "to": "2021-01-16"})
    assert "empty time range" in detail


def test_a_date_at_the_end_of_the_calendar_is_refused(corpus_client: TestClient) -> None:
    assert "out of range" in problem(corpus_client, to="9999-12-31")


@pytest.mark.parametrize("size", [0, 101, -3])
def test_page_size_outside_1_to_100_is_refused(corpus_client: TestClient, size: int) -> None:
    assert problem(corpus_client, size=size).startswith("size:")


def test_page_size_above_the_configured_maximum_is_refused(corpus_client: TestClient) -> None:
    detail = problem(corpus_client, size=MAX_PAGE_SIZE + 1)
    assert f"at most {MAX_PAGE_SIZE}" in detail


def test_a_query_longer_than_configured_is_refused(corpus_client: TestClient) -> None:
    detail = problem(corpus_client, q="a" * (MAX_QUERY_LENGTH + 1))
    assert f"longer than {MAX_QUERY_LENGTH}" in detail


def test_an_unknown_sort_is_refused(corpus_client: TestClient) -> None:
    assert problem(corpus_client, sort="oldest").startswith("sort:")


def test_a_mangled_page_token_is_refused(corpus_client: TestClient) -> None:
    assert "page token" in problem(corpus_client, page_token="not-a-token")


def test_a_token_with_a_string_where_a_number_goes_is_refused(corpus_client: TestClient) -> None:
    token = search(corpus_client, sort="date", size=5)["next_page_token"]
    keys = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    numbers = [i for i, key in enumerate(keys) if isinstance(key, int | float) and i > 0]
    keys[numbers[0]] = "9" * 3
    forged = base64.urlsafe_b64encode(json.dumps(keys).encode()).decode().rstrip("=")
    assert "page token" in problem(corpus_client, sort="date", page_token=forged)


def test_a_token_from_another_sort_is_refused(corpus_client: TestClient) -> None:
    token = search(corpus_client, sort="date", size=5)["next_page_token"]
    assert "page token" in problem(corpus_client, sort="relevance", page_token=token)
