"""Schemathesis against the app's own OpenAPI document: no generated request gets a 5xx.

Runs on both backends, each holding the corpus. Writes carry the API key, so generated alert
rules reach the handlers instead of stopping at 401. Nothing a generated rule sends may leave
the machine: SMTP goes to a closed port on 127.0.0.1, and every generated webhook URL is pointed
at 127.0.0.1, which the empty webhook allowlist refuses (a public host would pass the guard).

The schema is built eagerly from one app's ``openapi()`` (schemathesis' lazy ``from_fixture``
does not run under pytest 9); each case is sent to the app of the backend under test.
"""

from __future__ import annotations

import re
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from newswatch.api.app import create_app
from newswatch.core.settings import Settings, StorageSettings
from tests.servers.api_app import WRITE, api_settings, corpus, drop_store, fill, storage_for
from tests.servers.backends import BACKENDS
from tests.servers.elasticsearch import free_port

CLOSED_PORT = free_port()
_WEBHOOK_HOST = re.compile(r"^(https?://)[^/?#]*", re.IGNORECASE)


def offline(settings: Settings) -> Settings:
    """SMTP to a closed local port, no webhook host allowlisted: no delivery can succeed."""
    alerts = settings.alerts.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": CLOSED_PORT,
            "smtp_starttls": False,
            "smtp_ssl": False,
            "webhook_allowlist": [],
        }
    )
    return settings.model_copy(update={"alerts": alerts})


def local_webhooks(case: Case) -> None:
    """Point generated webhook channels at 127.0.0.1 before any DNS lookup or POST."""
    body = case.body
    channels = body.get("channels") if isinstance(body, dict) else None
    if isinstance(body, dict) and isinstance(channels, list):
        body["channels"] = [
            _WEBHOOK_HOST.sub(rf"\g<1>127.0.0.1:{CLOSED_PORT}", c) if isinstance(c, str) else c
            for c in channels
        ]


# The document depends on settings (page and query limits), so it comes from the same
# configuration; this app is never called, so its folder is never created.
_UNUSED = Path(tempfile.gettempdir()) / f"newswatch-fuzz-schema-{uuid.uuid4().hex[:12]}"
schema = schemathesis.openapi.from_dict(
    create_app(api_settings(StorageSettings(path=_UNUSED / "news.db"), _UNUSED)).openapi()
)


@pytest.fixture(scope="module", params=BACKENDS)
def app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FastAPI]:
    folder = tmp_path_factory.mktemp("fuzz")
    storage = storage_for(request.param, request, folder)
    fuzzed = offline(api_settings(storage, folder))
    fill(fuzzed, corpus())
    yield create_app(fuzzed)
    drop_store(storage)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_server_fail(case: Case, app: FastAPI) -> None:
    local_webhooks(case)
    case.call_and_validate(
        app=app, headers=WRITE, checks=[not_a_server_error, response_schema_conformance]
    )


def test_generated_webhooks_are_pointed_at_the_closed_local_port() -> None:
    operation = schema["/api/alerts"]["POST"]
    case = operation.Case(
        body={
            "name": "r",
            "query": "KCN",
            "channels": ["https://hooks.example.com/x?t=1", "a@b.vn"],
        }
    )
    local_webhooks(case)
    assert isinstance(case.body, dict)
    assert case.body["channels"] == [f"https://127.0.0.1:{CLOSED_PORT}/x?t=1", "a@b.vn"]


def test_the_fuzzed_app_can_deliver_nothing(app: FastAPI) -> None:
    webhook: dict[str, Any] = {
        "name": "hook",
        "query": "khu công nghiệp",
        "channels": ["https://example.com/h"],
    }
    case = schema["/api/alerts"]["POST"].Case(body=webhook)
    local_webhooks(case)
    with TestClient(app) as client:
        refused = client.post("/api/alerts", json=case.body, headers=WRITE)
        mail = {**webhook, "name": "mail", "channels": ["ban-tin@example.vn"]}
        assert client.post("/api/alerts", json=mail, headers=WRITE).status_code == 201
        sent = client.post("/api/alerts/mail/test?send=true&days=3650", headers=WRITE).json()
        client.delete("/api/alerts/mail", headers=WRITE)

    assert refused.status_code in (400, 422) and "webhook_allowlist" in refused.text
    assert sent["matches"] and [d["sent"] for d in sent["deliveries"]] == [False]
