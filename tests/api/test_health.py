"""``/healthz`` and backend outages: a store that cannot be reached gives 503 JSON, not a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newswatch.api.app import create_app
from newswatch.core.settings import Settings, StorageSettings
from tests.servers.api_app import WRITE, api_settings
from tests.servers.elasticsearch import free_port


def test_health_without_any_recorded_crawl_is_degraded_not_ok(corpus_client: TestClient) -> None:
    response = corpus_client.get("/healthz")
    assert response.status_code == 200  # the store answers: not an outage
    assert response.json()["status"] == "degraded"
    assert response.json()["reasons"] == ["no crawl recorded yet"]
    assert response.json()["articles"] == 30


def unreachable(kind: str, tmp_path: Path) -> StorageSettings:
    """Elasticsearch on a closed port of 127.0.0.1; SQLite under a path that is a file."""
    if kind == "elasticsearch":
        return StorageSettings(
            backend="elasticsearch",
            url=f"http://127.0.0.1:{free_port()}",
            queue_path=tmp_path / "queue.db",
            request_timeout=2.0,
        )
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the store's folder should be")
    return StorageSettings(backend="sqlite", path=blocker / "news.db")


@pytest.fixture(params=["sqlite", "elasticsearch"])
def down_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return api_settings(unreachable(request.param, tmp_path), tmp_path)


def test_the_app_starts_and_health_says_503_when_the_store_is_down(
    down_settings: Settings,
) -> None:
    with TestClient(create_app(down_settings)) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["backend"] == down_settings.storage.backend
    assert body["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/search?q=FDI",
        "/api/articles/kcn-01",
        "/api/sources",
        "/api/stats",
    ],
)
def test_reads_during_an_outage_are_503_json_without_a_traceback(
    down_settings: Settings, path: str
) -> None:
    with TestClient(create_app(down_settings)) as client:
        response = client.get(path)
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 503 and response.json()["title"] == "Service Unavailable"
    assert response.json()["detail"].startswith("storage unavailable:")
    assert "Traceback" not in response.text


def test_an_alert_write_during_an_outage_is_503(down_settings: Settings) -> None:
    rule = {"name": "fdi", "query": "FDI", "channels": ["ban-tin@haiphong.example.vn"]}
    with TestClient(create_app(down_settings)) as client:
        response = client.post("/api/alerts", json=rule, headers=WRITE)
    assert response.status_code == 503
    assert response.json()["detail"].startswith("storage unavailable:")
