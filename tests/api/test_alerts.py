"""``/api/alerts``: rule CRUD and the test endpoint, on SQLite and Elasticsearch.

Deliveries go to a real HTTP receiver on 127.0.0.1 (allow-listed in the test settings).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newswatch.core.settings import Settings
from tests.alerts import WebhookReceiver
from tests.servers.api_app import WRITE, corpus, fill

RULE: dict[str, Any] = {
    "name": "trang-due",
    "query": "Tràng Duệ",
    "channels": ["ban-tin@kcn.example.vn"],
}


@pytest.fixture()
def receiver() -> Iterator[WebhookReceiver]:
    hook = WebhookReceiver().start()
    yield hook
    hook.stop()


def create(client: TestClient, **changes: Any) -> dict[str, Any]:
    response = client.post("/api/alerts", json={**RULE, **changes}, headers=WRITE)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_created_rule_is_listed_and_readable(empty_client: TestClient) -> None:
    created = create(empty_client)
    assert created["mode"] == "instant"
    listed = empty_client.get("/api/alerts", headers=WRITE).json()
    assert [rule["name"] for rule in listed] == ["trang-due"]
    one = empty_client.get("/api/alerts/trang-due", headers=WRITE).json()
    assert one["query"] == "Tràng Duệ"
    assert one["channels"] == ["ban-tin@kcn.example.vn"]


def test_creating_a_rule_twice_is_409_and_keeps_the_first(empty_client: TestClient) -> None:
    create(empty_client)
    again = empty_client.post("/api/alerts", json={**RULE, "query": "Deep C"}, headers=WRITE)
    assert again.status_code == 409
    assert "PUT /api/alerts/trang-due" in again.json()["detail"]
    assert empty_client.get("/api/alerts/trang-due", headers=WRITE).json()["query"] == "Tràng Duệ"


def test_put_replaces_a_rule(empty_client: TestClient) -> None:
    create(empty_client)
    replaced = {**RULE, "query": "Tràng Duệ | Deep C", "mode": "digest", "digest_at": "07:30"}
    response = empty_client.put("/api/alerts/trang-due", json=replaced, headers=WRITE)
    assert response.status_code == 200
    stored = empty_client.get("/api/alerts/trang-due", headers=WRITE).json()
    assert (stored["query"], stored["mode"], stored["digest_at"]) == (
        "Tràng Duệ | Deep C",
        "digest",
        "07:30",
    )


def test_put_with_a_different_name_in_the_body_is_refused(empty_client: TestClient) -> None:
    response = empty_client.put("/api/alerts/other-name", json=RULE, headers=WRITE)
    assert response.status_code == 422
    assert "other-name" in response.json()["detail"]
    assert empty_client.get("/api/alerts", headers=WRITE).json() == []


def test_a_rule_without_channels_is_refused_and_nothing_is_stored(
    empty_client: TestClient,
) -> None:
    response = empty_client.post("/api/alerts", json={**RULE, "channels": []}, headers=WRITE)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("channels:")
    assert empty_client.get("/api/alerts", headers=WRITE).json() == []


def test_a_webhook_to_a_private_address_is_refused(empty_client: TestClient) -> None:
    rule = {**RULE, "channels": ["http://10.20.30.40/hook"]}
    response = empty_client.post("/api/alerts", json=rule, headers=WRITE)
    assert response.status_code == 422
    assert "private" in response.json()["detail"]


def test_a_deleted_rule_is_gone(empty_client: TestClient) -> None:
    create(empty_client)
    assert empty_client.delete("/api/alerts/trang-due", headers=WRITE).status_code == 204
    assert empty_client.get("/api/alerts/trang-due", headers=WRITE).status_code == 404
    assert empty_client.delete("/api/alerts/trang-due", headers=WRITE).status_code == 404


def test_an_unknown_rule_is_404(empty_client: TestClient) -> None:
    response = empty_client.get("/api/alerts/khong-co", headers=WRITE)
    assert response.status_code == 404
    assert "khong-co" in response.json()["detail"]


def test_testing_a_rule_lists_matches_and_sends_nothing(
    empty_client: TestClient, empty_settings: Settings, receiver: WebhookReceiver
) -> None:
    fill(empty_settings, corpus())
    create(empty_client, channels=[receiver.url])
    response = empty_client.post("/api/alerts/trang-due/test", params={"days": 3650}, headers=WRITE)
    assert response.status_code == 200
    body = response.json()
    assert {m["id"] for m in body["matches"]} == {"kcn-02", "kcn-29", "kcn-28", "kcn-12", "kcn-05"}
    assert body["deliveries"] == []
    assert receiver.requests == []


def test_testing_with_send_delivers_once_to_each_channel(
    empty_client: TestClient, empty_settings: Settings, receiver: WebhookReceiver
) -> None:
    fill(empty_settings, corpus())
    create(empty_client, channels=[receiver.url])
    response = empty_client.post(
        "/api/alerts/trang-due/test",
        params={"days": 3650, "limit": 2, "send": "true"},
        headers=WRITE,
    )
    assert response.json()["deliveries"] == [{"channel": receiver.url, "sent": True, "error": None}]
    assert len(receiver.requests) == 1
    payload = json.loads(receiver.requests[0][1])
    assert payload["rule"]["name"] == "trang-due"
    assert len(payload["articles"]) == 2


def test_a_failed_test_delivery_reports_the_reason(
    empty_client: TestClient, empty_settings: Settings
) -> None:
    fill(empty_settings, corpus())
    broken = WebhookReceiver(status=500).start()
    try:
        create(empty_client, channels=[broken.url])
        response = empty_client.post(
            "/api/alerts/trang-due/test", params={"days": 3650, "send": "true"}, headers=WRITE
        )
    finally:
        broken.stop()
    (outcome,) = response.json()["deliveries"]
    assert outcome["sent"] is False
    assert "HTTP 500" in outcome["error"]
