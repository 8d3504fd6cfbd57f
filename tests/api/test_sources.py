"""``GET /api/sources``: configured sources with their stored counts, plus stored-only ones."""

from __future__ import annotations

from fastapi.testclient import TestClient

from crawler.health import FIELDS, KIND, HealthHistory, SourceHealth
from newswatch.core.settings import Settings


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
        "warnings": [],
        "recent_runs": [],
    }


def test_each_source_shows_its_recent_crawls_and_health_warnings(
    corpus_settings: Settings, corpus_client: TestClient
) -> None:
    history = HealthHistory(corpus_settings.crawl.state_dir)
    fields = dict.fromkeys(FIELDS, 4)
    history.record({"haiphong-gov": SourceHealth(pages=6, extracted=4, kept=2, filled=fields)})
    history.record(
        {"haiphong-gov": SourceHealth(pages=6, extracted=4, kept=2, filled={**fields, "title": 0})}
    )
    try:
        listed = {s["name"]: s for s in corpus_client.get("/api/sources").json()}
    finally:
        (corpus_settings.crawl.state_dir / f"haiphong-gov.{KIND}.json").unlink()
    runs = listed["haiphong-gov"]["recent_runs"]
    assert [run["fill"]["title"] for run in runs] == [0.0, 1.0]  # newest first
    assert runs[0]["pages"] == 6 and runs[0]["kept"] == 2
    (warning,) = listed["haiphong-gov"]["warnings"]
    assert warning.startswith("haiphong-gov: title filled in 0% of articles")


def test_a_source_known_only_from_storage_is_listed_as_unconfigured(
    corpus_client: TestClient,
) -> None:
    listed = {s["name"]: s for s in corpus_client.get("/api/sources").json()}
    assert listed["vir"]["configured"] is False
    assert listed["vir"]["stored"] == 5
