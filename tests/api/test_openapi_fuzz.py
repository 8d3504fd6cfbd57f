"""Schemathesis against the app's own OpenAPI document: no generated request gets a 5xx.

Runs on the embedded store holding the corpus (the Elasticsearch backend shares every route;
its own failure modes are covered by the backend contract tests). Writes carry the API key, so
the generated alert rules reach the handlers instead of stopping at 401.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from newswatch.api.app import create_app
from newswatch.config import StorageSettings
from tests.api import WRITE, api_settings, corpus, fill


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> schemathesis.BaseSchema:
    folder = tmp_path_factory.mktemp("fuzz")
    app_settings = api_settings(StorageSettings(backend="sqlite", path=folder / "news.db"), folder)
    fill(app_settings, corpus())
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(app_settings))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_server_fail(case: Case) -> None:
    case.call_and_validate(
        headers=WRITE, checks=[not_a_server_error, response_schema_conformance]
    )
