"""``GET /api/articles/{id}/revisions`` and the article's ``edited``/``revisions``, on SQLite and
Elasticsearch, over a real article and its correction stored through the ordinary backend."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newswatch.core.settings import Settings
from search.factory import open_backend
from tests.revisions.material import NEW_AMOUNT, OLD_AMOUNT, edited, original
from tests.servers.api_app import fill, serve


def test_an_edited_article_says_so_and_lists_its_versions_with_the_diff(
    empty_settings: Settings,
) -> None:
    old, new = original(), edited()
    fill(empty_settings, [old])
    backend = open_backend(empty_settings)
    try:
        assert backend.upsert([new]).updated == 1
    finally:
        backend.close()
    for client in serve(empty_settings):
        article = client.get(f"/api/articles/{old.id}").json()
        assert (article["edited"], article["revisions"]) == (True, 1)
        assert article["title"] == new.title
        body = client.get(f"/api/articles/{old.id}/revisions").json()
    assert (body["edited"], body["revisions"]) == (True, 1)
    first, second = body["versions"]
    assert first["title"] == old.title and first["fetched_at"] == "2026-12-01T15:00:00+07:00"
    assert second["fetched_at"] == "2026-12-01T20:00:00+07:00"
    assert second["material"] is True
    assert second["title_change"] == {"before": old.title, "after": new.title}
    assert second["amounts"] == [{"before": OLD_AMOUNT, "after": NEW_AMOUNT}]
    assert {"op": "delete", "text": "500"} in second["body"]
    assert {"op": "insert", "text": "550"} in second["body"]


def test_an_article_never_edited_has_no_versions(empty_settings: Settings) -> None:
    old = original()
    fill(empty_settings, [old])
    for client in serve(empty_settings):
        article = client.get(f"/api/articles/{old.id}").json()
        body = client.get(f"/api/articles/{old.id}/revisions").json()
    assert (article["edited"], article["revisions"]) == (False, 0)
    assert body == {"article_id": old.id, "edited": False, "revisions": 0, "versions": []}


def test_unknown_ids_are_a_clear_404(empty_client: TestClient) -> None:
    response = empty_client.get("/api/articles/no-such-article/revisions")
    assert response.status_code == 404
    assert "no-such-article" in response.json()["detail"]
    assert empty_client.get("/api/articles/bad%20id/revisions").status_code == 422
