"""``GET /api/stats``: stored articles per source and per local day."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_stats_count_every_article_per_source_and_day(corpus_client: TestClient) -> None:
    response = corpus_client.get("/api/stats")
    assert response.status_code == 200
    stats = response.json()
    assert stats["total"] == 30
    assert stats["per_source"] == {"baohaiphong": 13, "tuoitre": 6, "vir": 5, "vnexpress": 6}
    assert sum(stats["per_day"].values()) == 29  # kcn-10 has no publication date
    assert stats["per_day"]["2021-01-16"] == 6
    assert min(stats["per_day"]) == "2020-12-31"


def test_stats_within_a_range_count_only_those_days(corpus_client: TestClient) -> None:
    stats = corpus_client.get("/api/stats", params={"from": "2021-01-17", "to": "2021-01-18"})
    assert stats.json() == {
        "total": 5,
        "per_source": {"baohaiphong": 2, "tuoitre": 1, "vir": 1, "vnexpress": 1},
        "per_day": {"2021-01-17": 3, "2021-01-18": 2},
    }


def test_stats_refuse_an_unreadable_date(corpus_client: TestClient) -> None:
    response = corpus_client.get("/api/stats", params={"to": "18/13/2021"})
    assert response.status_code == 422
    assert "'18/13/2021' is not a real day" in response.json()["detail"]


def test_stats_read_a_vietnamese_date_like_an_iso_one(corpus_client: TestClient) -> None:
    written = corpus_client.get("/api/stats", params={"to": "18/01/2021"})
    iso = corpus_client.get("/api/stats", params={"to": "2021-01-18"})
    assert written.status_code == iso.status_code == 200
    assert written.json() == iso.json()
