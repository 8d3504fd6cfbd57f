"""Storage behaviour every backend must share (upsert, get, stored_after, records)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

from newswatch.core.article import Article
from search.backend import Backend, SearchRequest
from tests.search.conftest import TZ
from tests.servers.backends import MakeBackend


def test_upsert_counts_new_updated_and_unchanged(backend: Backend, corpus: list[Article]) -> None:
    assert backend.upsert(corpus[:3]).new == 3
    edited = corpus[1].model_copy(update={"title": corpus[1].title + " (cập nhật)"})
    result = backend.upsert([corpus[0], edited, corpus[3]])
    assert (result.new, result.updated, result.unchanged) == (1, 1, 1)
    assert backend.count() == 4


def test_refetch_of_unchanged_page_is_unchanged(backend: Backend, corpus: list[Article]) -> None:
    backend.upsert(corpus[:1])
    refetched = corpus[0].model_copy(update={"fetched_at": datetime(2021, 2, 1, tzinfo=UTC)})
    assert backend.upsert([refetched]).unchanged == 1


def test_changed_date_or_tags_count_as_updated(backend: Backend, corpus: list[Article]) -> None:
    backend.upsert(corpus[:2])
    moved = corpus[0].model_copy(update={"published_at": datetime(2021, 1, 20, tzinfo=TZ)})
    retagged = corpus[1].model_copy(update={"tags": ["mới"]})
    assert backend.upsert([moved, retagged]).updated == 2


def test_updated_article_is_found_by_new_words_only(
    backend: Backend, corpus: list[Article]
) -> None:
    backend.upsert(corpus[:1])
    rewritten = corpus[0].model_copy(update={"title": "Nhà máy Quasarvinh khánh thành"})
    backend.upsert([rewritten])
    found = backend.search(SearchRequest(query="quasarvinh"))
    gone = backend.search(SearchRequest(query="thu hút 500 triệu USD"))
    assert [hit.id for hit in found.hits] == ["kcn-01"]
    assert gone.total == 0


def test_known_ids(backend: Backend, corpus: list[Article]) -> None:
    backend.upsert(corpus[:2])
    assert backend.known_ids(["kcn-01", "kcn-02", "kcn-77"]) == {"kcn-01", "kcn-02"}


def test_get_returns_nfc_text_and_aware_local_datetimes(
    backend: Backend, corpus: list[Article]
) -> None:
    nfd = next(a for a in corpus if a.id == "kcn-15")
    backend.upsert([nfd])
    stored = backend.get("kcn-15")
    assert stored is not None
    assert stored.title == unicodedata.normalize("NFC", nfd.title)
    assert stored.tags == [unicodedata.normalize("NFC", tag) for tag in nfd.tags]
    assert stored.published_at == nfd.published_at
    assert stored.fetched_at == nfd.fetched_at
    assert stored.published_at is not None
    assert stored.published_at.utcoffset() == timedelta(hours=7)


def test_get_of_unknown_id_is_none(backend: Backend) -> None:
    assert backend.get("kcn-77") is None


def test_undated_article_round_trips_without_date(backend: Backend, corpus: list[Article]) -> None:
    undated = next(a for a in corpus if a.id == "kcn-10")
    backend.upsert([undated])
    stored = backend.get("kcn-10")
    assert stored is not None and stored.published_at is None


def test_latest_published_is_per_source(backend: Backend, corpus: list[Article]) -> None:
    backend.upsert(corpus)
    assert backend.latest_published("vir") == datetime(2021, 1, 18, 9, 0, tzinfo=TZ)
    assert backend.latest_published("baohaiphong") == datetime(2021, 1, 19, 8, 0, tzinfo=TZ)
    assert backend.latest_published("unknown") is None


def test_stored_after_walks_first_stored_order_with_a_cursor(
    backend: Backend, corpus: list[Article]
) -> None:
    backend.upsert([corpus[4], corpus[0], corpus[2]])
    backend.upsert([corpus[1]])
    first = backend.stored_after(None, limit=2)
    second = backend.stored_after(first.cursor, limit=2)
    third = backend.stored_after(second.cursor, limit=2)
    walked = [a.id for a in first.articles + second.articles]
    # within one upsert call the order is the backend's; the later call comes after it
    assert (len(first.articles), len(second.articles)) == (2, 2)
    assert sorted(walked[:3]) == ["kcn-01", "kcn-03", "kcn-05"]
    assert walked[3] == "kcn-02"
    assert third.articles == []
    assert backend.stored_after(third.cursor).articles == []


def test_stored_after_does_not_replay_updated_articles(
    backend: Backend, corpus: list[Article]
) -> None:
    backend.upsert(corpus[:2])
    seen = backend.stored_after(None)
    backend.upsert([corpus[0].model_copy(update={"title": "Tiêu đề mới"}), corpus[2]])
    assert [a.id for a in backend.stored_after(seen.cursor).articles] == ["kcn-03"]


def test_records_crud(backend: Backend) -> None:
    rule = {"name": "FDI Đình Vũ", "query": 'FDI "Đình Vũ"', "emails": ["a@example.vn"]}
    backend.put_record("alert_rule", "fdi", rule)
    backend.put_record("alert_rule", "an-ninh", {"name": "An ninh", "query": '"an ninh"'})
    backend.put_record("other", "x", {"n": 1})
    assert backend.get_record("alert_rule", "fdi") == rule
    assert [r["name"] for r in backend.list_records("alert_rule")] == ["An ninh", "FDI Đình Vũ"]
    backend.put_record("alert_rule", "fdi", {**rule, "query": "FDI"})
    assert backend.get_record("alert_rule", "fdi") == {**rule, "query": "FDI"}
    assert backend.delete_record("alert_rule", "fdi") is True
    assert backend.delete_record("alert_rule", "fdi") is False
    assert backend.get_record("alert_rule", "fdi") is None
    assert len(backend.list_records("alert_rule")) == 1


def test_data_survives_reopening(make_backend: MakeBackend, corpus: list[Article]) -> None:
    writer = make_backend()
    writer.ensure_ready()
    writer.upsert(corpus)
    writer.put_record("alert_rule", "fdi", {"query": "FDI"})
    writer.close()
    reader = make_backend()
    reader.ensure_ready()
    assert reader.count() == 30
    assert reader.search(SearchRequest(query="Lạch Huyện")).total == 1
    assert reader.get_record("alert_rule", "fdi") == {"query": "FDI"}


def test_end_cursor_is_where_walking_the_whole_store_ends(
    backend: Backend, corpus: list[Article]
) -> None:
    assert backend.end_cursor() is None
    backend.upsert(corpus[:3])
    end = backend.end_cursor()

    walked = backend.stored_after(None, limit=100)
    assert end == walked.cursor
    assert backend.stored_after(end).articles == []
    backend.upsert([corpus[3]])
    assert [a.id for a in backend.stored_after(end).articles] == [corpus[3].id]
