"""Schemathesis against the app's own OpenAPI document: no generated request gets a 5xx.

Runs on the embedded store holding the corpus (the Elasticsearch backend shares every route;
its outage and validation paths are covered by the other API tests). Writes carry the API key,
so generated alert rules reach the handlers instead of stopping at 401.

The schema is built eagerly from ``app.openapi()`` (schemathesis' lazy ``from_fixture`` does not
run under pytest 9); the app touches its folder only once the first case is sent.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from newswatch.api.app import create_app
from newswatch.config import StorageSettings
from tests.servers.api_app import WRITE, api_settings, corpus, fill

FOLDER = Path(tempfile.gettempdir()) / f"newswatch-fuzz-{uuid.uuid4().hex[:12]}"
SETTINGS = api_settings(StorageSettings(backend="sqlite", path=FOLDER / "news.db"), FOLDER)
APP = create_app(SETTINGS)
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP


@pytest.fixture(scope="module", autouse=True)
def stored_corpus() -> Iterator[None]:
    fill(SETTINGS, corpus())
    yield
    shutil.rmtree(FOLDER, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_server_fail(case: Case) -> None:
    case.call_and_validate(headers=WRITE, checks=[not_a_server_error, response_schema_conformance])
