"""``GET /api/articles/{id}``: one stored article, on SQLite and Elasticsearch."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_an_article_comes_back_whole_with_local_times(corpus_client: TestClient) -> None:
    response = corpus_client.get("/api/articles/kcn-03")
    assert response.status_code == 200
    article = response.json()
    assert article["title"] == "Cảng nước sâu Lạch Huyện đón tàu container lớn nhất"
    assert article["text"].startswith("Rạng sáng 17/1, cảng nước sâu Lạch Huyện")
    assert article["canonical_url"] == "https://vnexpress.example.vn/tin/kcn-03.html"
    assert article["published_at"] == "2021-01-17T00:10:00+07:00"
    assert article["fetched_at"] == "2021-01-20T09:00:00+07:00"


def test_an_unknown_id_is_404_naming_the_id(corpus_client: TestClient) -> None:
    response = corpus_client.get("/api/articles/kcn-99")
    assert response.status_code == 404
    assert "kcn-99" in response.json()["detail"]


def test_an_id_with_spaces_or_slashes_is_refused_before_the_store(
    corpus_client: TestClient,
) -> None:
    response = corpus_client.get("/api/articles/kcn%2001")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("article_id:")
