"""``GET /api/search?collapse=story`` over the corpus, stories assigned as it was stored.

kcn-13 and kcn-14 are one report (the same title and text with and without accents, printed
the same minute by two sources): stored through the story decorator they are one story."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.test_search import search

PORT_REPORT = '"uu tien dau tu ha tang cang"'


def test_collapse_story_gives_one_hit_with_its_versions(corpus_client: TestClient) -> None:
    plain = search(corpus_client, q=PORT_REPORT)
    assert {hit["id"] for hit in plain["hits"]} == {"kcn-13", "kcn-14"}
    assert plain["total"] == 2 and all(hit["versions"] == [] for hit in plain["hits"])
    assert len({hit["story_id"] for hit in plain["hits"]}) == 1
    body = search(corpus_client, q=PORT_REPORT, collapse="story")
    assert body["total"] == 1
    [hit] = body["hits"]
    assert hit["id"] == "kcn-13" and hit["version_count"] == 2
    assert [(v["id"], v["source"]) for v in hit["versions"]] == [
        ("kcn-13", "baohaiphong"),
        ("kcn-14", "tuoitre"),
    ]
    assert hit["versions"][1]["published_at"] == "2021-01-17T08:00:00+07:00"


def test_collapse_pages_through_stories(corpus_client: TestClient) -> None:
    seen: list[str] = []
    token = None
    while True:
        params = {"sort": "date", "size": 7, "collapse": "story"}
        body = search(corpus_client, **params, **({"page_token": token} if token else {}))
        seen += [hit["id"] for hit in body["hits"]]
        token = body["next_page_token"]
        if token is None:
            break
    assert len(seen) == len(set(seen)) == body["total"] < 30
    assert "kcn-14" not in seen  # shown under kcn-13's story, never on its own


def test_an_unknown_collapse_is_refused(corpus_client: TestClient) -> None:
    response = corpus_client.get("/api/search", params={"collapse": "source"})
    assert response.status_code == 422
