"""``/feeds/<rule>.atom``: alert rules as Atom feeds, read back by a real consumer (feedparser).

Expected entries come from reading the corpus (``tests/fixtures/search/corpus.json``): "Tràng
Duệ" is in kcn-02, -05, -12, -28 and -29 (see ``test_search.py``); kcn-01 is the one article
about 500 million USD in a zone at Đình Vũ. kcn-02 is given an edit time here, later than every
publication time, so the feed's ``updated`` must come from it, not from the first entry.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import feedparser
import pytest
from fastapi.testclient import TestClient

from crawler.facts.article import with_facts
from newswatch.core.settings import Settings
from tests.servers.api_app import WRITE, api_settings, corpus, drop_store, fill, serve, storage_for
from tests.servers.backends import BACKENDS

EDITED = datetime.fromisoformat("2021-01-20T08:00:00+07:00")
TRANG_DUE = {"kcn-02", "kcn-05", "kcn-12", "kcn-28", "kcn-29"}
PUBLIC = {"name": "trang-due", "query": "Tràng Duệ", "public_feed": True}
PRIVATE = {"name": "dinh-vu-fdi", "zones": ["Đình Vũ"], "min_usd": 1e8}
OTHER = {"name": "cang", "query": "cảng"}
ATOM_NS = "{http://www.w3.org/2005/Atom}"


def articles() -> list[Any]:
    found = [with_facts(article) for article in corpus()]
    return [a.model_copy(update={"modified_at": EDITED}) if a.id == "kcn-02" else a for a in found]


@pytest.fixture(scope="module", params=BACKENDS)
def feed_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    folder = tmp_path_factory.mktemp("feeds")
    storage = storage_for(request.param, request, folder)
    settings = api_settings(storage, folder)
    fill(settings, articles())
    yield settings
    drop_store(storage)


@pytest.fixture(scope="module")
def client(feed_settings: Settings) -> Iterator[TestClient]:
    for made in serve(feed_settings):
        for rule in (PUBLIC, PRIVATE, OTHER):
            body = {**rule, "channels": ["tin@kcn.example.vn"]}
            assert made.post("/api/alerts", json=body, headers=WRITE).status_code == 201
        yield made


def feed_link(client: TestClient, name: str) -> str:
    response = client.get(f"/api/alerts/{name}/feed", headers=WRITE)
    assert response.status_code == 200, response.text
    url: str = response.json()["url"]
    return url


def parsed(response: Any) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/atom+xml")
    document = feedparser.parse(response.content)
    assert not document.bozo, document.get("bozo_exception")
    assert document.version == "atom10"
    return document


def test_a_public_rule_lists_its_newest_matches_newest_first(client: TestClient) -> None:
    document = parsed(client.get("/feeds/trang-due.atom"))
    links = [entry.link for entry in document.entries]
    assert {link.rsplit("/", 1)[1].split(".")[0] for link in links} == TRANG_DUE
    published = [entry.published_parsed for entry in document.entries]
    assert published == sorted(published, reverse=True)
    first = document.entries[0]
    assert first.title in {
        "Tràng Duệ cần thêm 5.000 lao động",
        "Trang Due industrial park expansion approved",
    }
    assert {tag.term for tag in first.tags} & {"baohaiphong", "vir"}


def test_the_feed_is_updated_when_its_newest_entry_was(client: TestClient) -> None:
    document = parsed(client.get("/feeds/trang-due.atom"))
    assert datetime.fromisoformat(document.feed.updated) == EDITED
    edited = next(e for e in document.entries if e.link.endswith("/kcn-02.html"))
    assert datetime.fromisoformat(edited.updated) == EDITED
    assert datetime.fromisoformat(edited.published) == datetime.fromisoformat(
        "2021-01-16T23:30:00+07:00"
    )


def test_an_undated_article_is_updated_when_fetched_and_has_no_published(
    client: TestClient,
) -> None:
    rule = {"name": "hoi-thao", "query": "hội thảo", "public_feed": True}
    body = {**rule, "channels": ["tin@kcn.example.vn"]}
    assert client.post("/api/alerts", json=body, headers=WRITE).status_code == 201
    document = parsed(client.get("/feeds/hoi-thao.atom"))
    [entry] = document.entries  # only kcn-10 mentions a "hội thảo"; it has no date
    assert entry.link.endswith("/kcn-10.html")
    assert "published" not in entry
    fetched = datetime.fromisoformat("2021-01-20T02:00:00+00:00")
    assert datetime.fromisoformat(entry.updated) == fetched
    assert datetime.fromisoformat(document.feed.updated) == fetched


def test_every_required_atom_element_is_there(client: TestClient) -> None:
    """RFC 4287 §4.1: feed id, title, updated, author (or one per entry), a self link; each
    entry id, title, updated, an alternate link and (without content) a summary."""
    root = ET.fromstring(client.get("/feeds/trang-due.atom").content)
    assert root.tag == f"{ATOM_NS}feed"
    for name in ("id", "title", "updated", "author/{ns}name"):
        assert root.findtext(f"{ATOM_NS}{name}".replace("{ns}", ATOM_NS)), name
    assert root.find(f"{ATOM_NS}link[@rel='self']") is not None
    entries = root.findall(f"{ATOM_NS}entry")
    assert len(entries) == len(TRANG_DUE)
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM_NS}{name}"), name
        # §4.2.7.2: a link without rel is the alternate (feedgen leaves the default out).
        links = [
            link
            for link in entry.findall(f"{ATOM_NS}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        assert len(links) == 1 and links[0].get("href", "").startswith("https://")
    ids = [entry.findtext(f"{ATOM_NS}id") for entry in entries]
    assert len(set(ids)) == len(ids)
    assert all(entry_id.startswith("urn:uuid:") for entry_id in ids)


def test_entry_ids_are_stable_across_sizes_and_hosts(client: TestClient) -> None:
    whole = parsed(client.get("/feeds/trang-due.atom"))
    short = parsed(client.get("/feeds/trang-due.atom?limit=2", headers={"Host": "tin.example"}))
    by_link = {entry.link: entry.id for entry in whole.entries}
    assert len(short.entries) == 2
    assert all(by_link[entry.link] == entry.id for entry in short.entries)
    assert whole.feed.id == short.feed.id


def test_the_summary_carries_the_lead_and_the_facts(client: TestClient) -> None:
    url = feed_link(client, "dinh-vu-fdi")
    document = parsed(client.get(url))
    assert [entry.link for entry in document.entries] == [
        "https://baohaiphong.example.vn/tin/kcn-01.html"
    ]
    summary = document.entries[0].summary
    assert summary.startswith("Ban Quản lý khu kinh tế Hải Phòng trao giấy chứng nhận")
    assert "Vốn: 500 triệu USD" in summary
    assert any("Đình Vũ" in tag.term for tag in document.entries[0].tags)


def test_the_self_link_never_carries_the_key(client: TestClient) -> None:
    url = feed_link(client, "dinh-vu-fdi")
    key = url.split("key=", 1)[1]
    document = parsed(client.get(url))
    self_link = next(link.href for link in document.feed.links if link.rel == "self")
    assert key not in self_link
    assert self_link.endswith("/feeds/dinh-vu-fdi.atom")


def test_an_etag_or_last_modified_copy_is_answered_304(client: TestClient) -> None:
    first = client.get("/feeds/trang-due.atom")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert modified == "Wed, 20 Jan 2021 01:00:00 GMT"  # kcn-02's edit, 08:00 at UTC+7
    again = client.get("/feeds/trang-due.atom", headers={"If-None-Match": etag})
    assert (again.status_code, again.content) == (304, b"")
    assert again.headers["etag"] == etag
    since = client.get("/feeds/trang-due.atom", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    before = {"If-Modified-Since": "Wed, 20 Jan 2021 00:59:59 GMT"}
    assert client.get("/feeds/trang-due.atom", headers=before).status_code == 200
    other = client.get("/feeds/trang-due.atom", headers={"If-None-Match": '"not-this-one"'})
    assert other.status_code == 200


def test_a_new_match_changes_the_etag_and_leads_the_feed(
    client: TestClient, feed_settings: Settings
) -> None:
    etag = client.get("/feeds/cang.atom", headers=WRITE).headers["etag"]
    newest = corpus()[0].model_copy(
        update={
            "id": "kcn-31",
            "url": "https://baohaiphong.example.vn/tin/kcn-31.html",
            "canonical_url": "https://baohaiphong.example.vn/tin/kcn-31.html",
            "title": "Khởi công cảng container Nam Đồ Sơn",
            "summary": "Bến cảng đầu tiên của khu bến Nam Đồ Sơn.",
            "text": "Sáng 21/1, thành phố khởi công bến cảng container đầu tiên tại Nam Đồ Sơn.",
            "tags": [],
            "published_at": datetime.fromisoformat("2021-01-21T09:00:00+07:00"),
        }
    )
    fill(feed_settings, [newest])
    changed = client.get("/feeds/cang.atom", headers={**WRITE, "If-None-Match": etag})
    document = parsed(changed)
    assert changed.headers["etag"] != etag
    assert document.entries[0].title == "Khởi công cảng container Nam Đồ Sơn"


def test_a_private_feed_without_its_key_looks_like_no_feed_at_all(client: TestClient) -> None:
    private = client.get("/feeds/dinh-vu-fdi.atom")
    unknown = client.get("/feeds/no-such-rule.atom")
    assert private.status_code == unknown.status_code == 401
    assert private.json()["detail"] == unknown.json()["detail"]
    assert "?key=" in private.json()["detail"]
    wrong = client.get("/feeds/dinh-vu-fdi.atom?key=guess")
    wrong_unknown = client.get("/feeds/no-such-rule.atom?key=guess")
    assert wrong.status_code == wrong_unknown.status_code == 401
    assert wrong.json()["detail"] == wrong_unknown.json()["detail"]


def test_a_feed_key_opens_its_own_feed_only_and_never_writes(client: TestClient) -> None:
    key = feed_link(client, "dinh-vu-fdi").split("key=", 1)[1]
    assert client.get(f"/feeds/dinh-vu-fdi.atom?key={key}").status_code == 200
    assert client.get(f"/feeds/cang.atom?key={key}").status_code == 401
    write = client.delete("/api/alerts/dinh-vu-fdi", headers={"X-API-Key": key})
    assert write.status_code == 401


def test_the_api_key_opens_every_feed_and_learns_of_unknown_names(client: TestClient) -> None:
    assert client.get("/feeds/cang.atom", headers=WRITE).status_code == 200
    unknown = client.get("/feeds/no-such-rule.atom", headers=WRITE)
    assert unknown.status_code == 404
    assert "no-such-rule" in unknown.json()["detail"]


@pytest.mark.parametrize(
    ("path", "wanted"),
    [
        ("/feeds/bad%20name.atom", "name"),
        ("/feeds/trang-due.atom?limit=0", "limit"),
        ("/feeds/trang-due.atom?limit=101", "limit"),
    ],
)
def test_bad_input_is_422_naming_the_parameter(client: TestClient, path: str, wanted: str) -> None:
    response = client.get(path)
    assert response.status_code == 422
    assert wanted in " ".join(response.json()["errors"]) + response.json()["detail"]


def test_the_feed_link_of_an_unknown_rule_is_404(client: TestClient) -> None:
    assert client.get("/api/alerts/no-such-rule/feed", headers=WRITE).status_code == 404
    assert client.get("/api/alerts/trang-due/feed").status_code == 401


def test_without_an_api_key_private_feeds_are_off_and_public_ones_open(
    feed_settings: Settings,
) -> None:
    api = feed_settings.api.model_copy(update={"api_key": None})
    for bare in serve(feed_settings.model_copy(update={"api": api})):
        assert bare.get("/feeds/trang-due.atom").status_code == 200
        private, unknown = bare.get("/feeds/dinh-vu-fdi.atom"), bare.get("/feeds/nothing.atom")
        assert private.status_code == unknown.status_code == 403
        assert "NEWSWATCH_API__API_KEY" in private.json()["detail"]


def test_closed_reads_close_public_feeds_too(feed_settings: Settings) -> None:
    api = feed_settings.api.model_copy(update={"open_read": False})
    for closed in serve(feed_settings.model_copy(update={"api": api})):
        assert closed.get("/feeds/trang-due.atom").status_code == 401
        assert closed.get("/feeds/trang-due.atom", headers=WRITE).status_code == 200
