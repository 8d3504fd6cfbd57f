"""Migrations: copy into the next versioned index, swap the alias atomically, searches go on."""

from __future__ import annotations

import threading

import pytest

from search.backend import SearchRequest
from search.elastic.backend import ElasticBackend
from search.elastic.migrate import current_index, migrate
from tests.elastic.conftest import MakeBackend, article

pytestmark = pytest.mark.elasticsearch


def test_searches_keep_returning_results_while_migrating(
    backend: ElasticBackend, make_backend: MakeBackend
) -> None:
    backend.upsert([article(n) for n in range(1, 301)])
    reader = make_backend()
    totals: list[int] = []
    errors: list[Exception] = []
    done = threading.Event()

    def search_loop() -> None:
        while not done.is_set():
            try:
                totals.append(reader.search(SearchRequest(query="dinh vu")).total)
            except Exception as exc:  # collected: the test fails on any
                errors.append(exc)

    thread = threading.Thread(target=search_loop)
    thread.start()
    try:
        result = migrate(backend.client, backend.alias)
    finally:
        done.set()
        thread.join()
    assert errors == []
    assert len(totals) > 1 and set(totals) == {300}
    assert (result.old_index, result.new_index, result.copied) == (
        f"{backend.alias}-v1",
        f"{backend.alias}-v2",
        300,
    )
    assert current_index(backend.client, backend.alias) == f"{backend.alias}-v2"


def test_migration_keeps_first_indexed_order_and_accepts_new_writes(
    backend: ElasticBackend,
) -> None:
    backend.upsert([article(1)])
    backend.upsert([article(2)])
    migrate(backend.client, backend.alias)
    assert backend.upsert([article(3)]).new == 1
    assert [a.id for a in backend.stored_after(None).articles] == [
        "art00001",
        "art00002",
        "art00003",
    ]


def test_a_migration_interrupted_half_way_is_undone_by_the_next_one(
    backend: ElasticBackend,
) -> None:
    backend.upsert([article(1), article(2)])
    live = current_index(backend.client, backend.alias)
    assert live is not None
    # What a SIGKILL during the copy leaves: the next version half made, the live one blocked.
    half = live.rsplit("-v", 1)[0] + f"-v{int(live.rsplit('-v', 1)[1]) + 1}"
    backend.client.indices.create(index=half)
    backend.client.index(index=half, id="art00001", document={"id": "art00001"})
    backend.client.indices.add_block(index=live, block="write")
    backend.upsert([article(3)])
    assert backend.queue.pending_count() == 1  # blocked: the write waits in the local queue

    done = migrate(backend.client, backend.alias)
    assert (done.old_index, done.new_index, done.copied) == (live, half, 2)
    assert backend.upsert([article(4)]).new >= 1  # no block outlives the migration
    assert {a.id for a in backend.stored_after(None).articles} == {
        "art00001", "art00002", "art00003", "art00004"
    }  # fmt: skip
