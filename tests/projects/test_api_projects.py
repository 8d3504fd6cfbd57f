"""``/api/projects`` and the ``/du-an`` page over a real SQLite store of the real pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.projects.pages import page_articles
from tests.servers.api_app import api_settings, fill, serve
from tests.servers.backends import backend_settings


@pytest.fixture()
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    settings = api_settings(backend_settings("sqlite", request, tmp_path).storage, tmp_path)
    fill(settings, page_articles())
    yield from serve(settings)


def test_list_show_export_and_unknown_id(client: TestClient) -> None:
    listed = client.get("/api/projects", params={"sort": "capital", "zone": "VSIP Hải Phòng"})
    assert listed.status_code == 200
    (chilisin,) = listed.json()["projects"]
    assert (chilisin["investor"], chilisin["capital_usd"]) == ("Chilisin Electronics", 170.2e6)
    shown = client.get(f"/api/projects/{chilisin['id']}").json()
    assert [a["id"] for a in shown["articles"]] == ["H2"]
    assert client.get("/api/projects/p-nope").status_code == 404
    assert client.get("/api/projects", params={"sort": "size"}).status_code == 422
    exported = client.get("/api/projects/export", params={"format": "xlsx"})
    assert exported.status_code == 200 and exported.content[:2] == b"PK"
    assert "Dự án" in client.get("/du-an").text
