"""Load the bundled Kibana saved objects through Kibana's saved-objects import API.

``kibana_saved_objects.ndjson`` holds a data view on the alias (time field ``published_at``),
two saved searches and a dashboard (articles per day, per source, latest investment news).
Written for Kibana 9.x's import format; Kibana itself cannot run in our test environment, so
the tests check the request shape against a local server and every field against the mapping.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import httpx

from newswatch.core.errors import NewswatchError
from newswatch.core.settings import StorageSettings

SAVED_OBJECTS = "kibana_saved_objects.ndjson"
DEFAULT_ALIAS = "newswatch-articles"


class KibanaError(NewswatchError):
    """Kibana unreachable, refused the request, or rejected some objects."""


def saved_objects() -> list[dict[str, Any]]:
    text = resources.files("search.elastic").joinpath(SAVED_OBJECTS).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def for_alias(objects: list[dict[str, Any]], alias: str) -> list[dict[str, Any]]:
    """The data view points at the configured alias, not the default name."""
    for obj in objects:
        if obj["type"] == "index-pattern":
            obj["attributes"]["title"] = alias
    return objects


def ndjson(objects: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects).encode("utf-8")


def _auth(storage: StorageSettings) -> tuple[dict[str, str], httpx.Auth | None]:
    if storage.api_key is not None:
        return {"Authorization": f"ApiKey {storage.api_key.get_secret_value()}"}, None
    if storage.username:
        password = storage.password.get_secret_value() if storage.password else ""
        return {}, httpx.BasicAuth(storage.username, password)
    return {}, None


def import_saved_objects(url: str, storage: StorageSettings, timeout: float = 30.0) -> int:
    """POST the objects to ``<url>/api/saved_objects/_import?overwrite=true``; returns count."""
    headers, auth = _auth(storage)
    body = ndjson(for_alias(saved_objects(), storage.index))
    try:
        response = httpx.post(
            f"{url.rstrip('/')}/api/saved_objects/_import",
            params={"overwrite": "true"},
            headers={"kbn-xsrf": "true", **headers},
            files={"file": (SAVED_OBJECTS, body, "application/ndjson")},
            auth=auth,
            timeout=timeout,
            verify=str(storage.ca_certs) if storage.ca_certs else True,
        )
    except httpx.HTTPError as exc:
        raise KibanaError(f"cannot reach Kibana at {url}: {exc}") from exc
    if response.status_code != 200:
        raise KibanaError(f"Kibana at {url} answered {response.status_code}: {response.text[:500]}")
    result = response.json()
    if not result.get("success"):
        errors = [
            f"{e.get('type')}/{e.get('id')}: {e.get('error')}" for e in result.get("errors", [])
        ]
        raise KibanaError(f"Kibana rejected saved objects: {'; '.join(errors)}")
    return int(result.get("successCount", 0))
