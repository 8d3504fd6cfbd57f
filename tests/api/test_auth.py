"""Who may read and write: open reads by default, the API key for every write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newswatch.api.app import create_app
from newswatch.core.settings import Settings, load_settings
from tests.servers.api_app import API_KEY, WRITE

RULE = {"name": "fdi-hai-phong", "query": "FDI Hải Phòng", "channels": ["tin@kcn.example.vn"]}


def client_with(settings: Settings, **api: Any) -> TestClient:
    changed = settings.api.model_copy(update=api)
    return TestClient(create_app(settings.model_copy(update={"api": changed})))


def test_reads_are_open_without_a_key_by_default(corpus_client: TestClient) -> None:
    assert corpus_client.get("/api/search", params={"q": "FDI"}).status_code == 200


def test_a_write_without_a_key_is_401_and_says_how_to_send_one(empty_client: TestClient) -> None:
    response = empty_client.post("/api/alerts", json=RULE)
    assert response.status_code == 401
    assert "X-API-Key" in response.json()["detail"]
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_write_with_a_wrong_key_is_401(empty_client: TestClient) -> None:
    response = empty_client.post("/api/alerts", json=RULE, headers={"X-API-Key": "guess"})
    assert response.status_code == 401
    assert response.json()["detail"] == "wrong API key"


def test_a_non_ascii_key_is_just_wrong(empty_client: TestClient) -> None:
    response = empty_client.post("/api/alerts", json=RULE, headers={"X-API-Key": "khóa".encode()})
    assert response.status_code == 401


def test_the_key_is_accepted_as_x_api_key(empty_client: TestClient) -> None:
    assert empty_client.post("/api/alerts", json=RULE, headers=WRITE).status_code == 201


def test_the_key_is_accepted_as_a_bearer_token(empty_client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    assert empty_client.post("/api/alerts", json=RULE, headers=headers).status_code == 201


def test_without_a_configured_key_writes_are_403_naming_the_variable(
    empty_settings: Settings,
) -> None:
    with client_with(empty_settings, api_key=None) as client:
        response = client.post("/api/alerts", json=RULE, headers=WRITE)
    assert response.status_code == 403
    assert "NEWSWATCH_API__API_KEY" in response.json()["detail"]


def test_closed_reads_need_the_key(empty_settings: Settings) -> None:
    with client_with(empty_settings, open_read=False) as client:
        anonymous = client.get("/api/search")
        keyed = client.get("/api/search", headers=WRITE)
        health = client.get("/healthz")
    assert anonymous.status_code == 401
    assert anonymous.json()["detail"].startswith("reads need an API key")
    assert keyed.status_code == 200
    assert health.status_code == 200  # probes stay open


def test_the_key_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "newswatch.toml"
    config.write_text(f'[storage]\npath = "{tmp_path / "news.db"}"\n', encoding="utf-8")
    monkeypatch.setenv("NEWSWATCH_API__API_KEY", "from-the-environment")
    settings = load_settings(config)
    outbox = settings.alerts.model_copy(update={"outbox_path": tmp_path / "outbox.db"})
    with TestClient(create_app(settings.model_copy(update={"alerts": outbox}))) as client:
        wrong = client.post("/api/alerts", json=RULE, headers=WRITE)
        right = client.post("/api/alerts", json=RULE, headers={"X-API-Key": "from-the-environment"})
    assert wrong.status_code == 401
    assert right.status_code == 201


def test_alert_rules_are_not_readable_without_the_key(empty_client: TestClient) -> None:
    # Rules hold e-mail addresses and webhook URLs: administration, not news.
    assert empty_client.get("/api/alerts").status_code == 401
