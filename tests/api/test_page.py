"""``GET /``: the search page and its static files ship in the package and load nothing remote."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

LOCAL_ASSETS = ("/static/style.css", "/static/chart.js", "/static/app.js")


def test_the_page_is_vietnamese_and_links_only_local_assets(corpus_client: TestClient) -> None:
    response = corpus_client.get("/")
    assert response.status_code == 200
    page = response.text
    assert '<html lang="vi">' in page
    assert "Cú pháp tìm kiếm" in page
    references = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert set(LOCAL_ASSETS) <= set(references)
    assert not [ref for ref in references if "//" in ref]  # no CDN, works offline


def test_the_page_forbids_inline_and_remote_scripts(corpus_client: TestClient) -> None:
    policy = corpus_client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy


def test_static_files_are_served_with_their_types(corpus_client: TestClient) -> None:
    script = corpus_client.get("/static/app.js")
    style = corpus_client.get("/static/style.css")
    assert script.status_code == style.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert style.headers["content-type"].startswith("text/css")


def test_the_scripts_never_assign_inner_html(corpus_client: TestClient) -> None:
    # Crawled text reaches the DOM through textContent only (see appendSnippet in app.js).
    for script in ("/static/app.js", "/static/chart.js", "/static/revisions.js"):
        assert "innerHTML" not in corpus_client.get(script).text


def test_the_openapi_document_lists_every_endpoint(corpus_client: TestClient) -> None:
    paths = set(corpus_client.get("/openapi.json").json()["paths"])
    assert paths == {
        "/api/search",
        "/api/export",
        "/api/articles/{article_id}",
        "/api/articles/{article_id}/revisions",
        "/api/sources",
        "/api/stats",
        "/api/runs",
        "/api/alerts",
        "/api/alerts/{name}",
        "/api/alerts/{name}/test",
        "/api/alerts/{name}/feed",
        "/feeds/{name}.atom",
        "/api/projects",
        "/api/projects/export",
        "/api/projects/{project_id}",
        "/healthz",
    }
