"""``GET /api/sources``: configured sources with their stored counts, plus stored-only ones."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_configured_sources_come_first_with_stored_counts(corpus_client: TestClient) -> None:
    response = corpus_client.get("/api/sources")
    assert response.status_code == 200
    listed = {source["name"]: source for source in response.json()}
    assert [name for name in listed][:4] == ["baohaiphong", "vnexpress", "tuoitre", "haiphong-gov"]
    assert listed["baohaiphong"]["stored"] == 13
    assert listed["vnexpress"]["stored"] == 6
    assert listed["baohaiphong"]["allowed_domains"] == ["baohaiphong.vn"]


def test_a_configured_source_without_articles_shows_zero(corpus_client: TestClient) -> None:
    listed = {s["name"]: s for s in corpus_client.get("/api/sources").json()}
    assert listed["haiphong-gov"] == {
        "name": "haiphong-gov",
        "configured": True,
        "allowed_domains": ["haiphong-gov.vn"],
        "stored": 0,
    }


def test_a_source_known_only_from_storage_is_listed_as_unconfigured(
    corpus_client: TestClient,
) -> None:
    listed = {s["name"]: s for s in corpus_client.get("/api/sources").json()}
    assert listed["vir"]["configured"] is False
    assert listed["vir"]["stored"] == 5
