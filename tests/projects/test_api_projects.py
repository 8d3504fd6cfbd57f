"""``/api/projects`` and the ``/du-an`` page over a real SQLite store of the real pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newswatch.core.paths import projects_cache_path
from newswatch.core.settings import Settings
from newswatch.projects.live import live_register
from tests.projects.pages import page_articles
from tests.servers.api_app import api_settings, fill, serve
from tests.servers.backends import backend_settings


@pytest.fixture()
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return api_settings(backend_settings("sqlite", request, tmp_path).storage, tmp_path)


@pytest.fixture()
def client(settings: Settings) -> Iterator[TestClient]:
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


def test_pages_of_the_list_cover_the_register_once(client: TestClient) -> None:
    whole = client.get("/api/projects", params={"sort": "date"}).json()
    assert whole["matched"] == whole["total"] == len(whole["projects"]) >= 5
    pages = [
        client.get("/api/projects", params={"sort": "date", "limit": 2, "offset": o}).json()
        for o in range(0, whole["total"], 2)
    ]
    assert [p["id"] for page in pages for p in page["projects"]] == [
        p["id"] for p in whole["projects"]
    ]
    assert client.get("/api/projects", params={"limit": 0}).status_code == 422


def test_the_api_process_keeps_its_register_and_places_only_what_is_stored_later(
    settings: Settings,
) -> None:
    articles = page_articles()
    fill(settings, [a for a in articles if a.id != "H2"])
    for client in serve(settings):
        before = client.get("/api/projects", params={"zone": "VSIP Hải Phòng"}).json()
        assert before["projects"] == []
        fill(settings, [a for a in articles if a.id == "H2"])  # a crawl stores H2 meanwhile
        live = live_register(projects_cache_path(settings))
        after = client.get("/api/projects", params={"zone": "VSIP Hải Phòng"}).json()
        assert [p["investor"] for p in after["projects"]] == ["Chilisin Electronics"]
        assert live is live_register(projects_cache_path(settings))  # the same one, refreshed
        assert [a.article_id for a in live.register.mentions_of_article("H2")]
