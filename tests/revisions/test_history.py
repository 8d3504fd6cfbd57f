"""``KeepingHistory`` over each real backend: an edit keeps the replaced version, nothing else
does, and SQLite and Elasticsearch record the same."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newswatch.core.article import Article
from newswatch.core.paths import revisions_path
from newswatch.core.settings import Settings
from newswatch.core.store import StoreResult
from search.factory import open_backend, open_revisions
from search.stories.history import history
from tests.revisions.material import NEW_AMOUNT, OLD_AMOUNT, edited, original
from tests.servers.backends import BACKENDS, backend_settings, drop_elasticsearch_store


@pytest.fixture(params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    settings = backend_settings(request.param, request, tmp_path)
    yield settings
    if settings.storage.backend == "elasticsearch":
        drop_elasticsearch_store(settings.storage)


def store(settings: Settings, *batches: list[Article]) -> list[StoreResult]:
    backend = open_backend(settings)
    try:
        backend.ensure_ready()
        return [backend.upsert(batch) for batch in batches]
    finally:
        backend.close()


def test_an_edit_keeps_the_replaced_version_with_its_fetch_time(settings: Settings) -> None:
    old, new = original(), edited()
    first, second = store(settings, [old], [new])
    assert (first.new, second.updated) == (1, 1)
    entries = history(open_revisions(settings), old.id)
    assert [e.version.fetched_at for e in entries] == [old.fetched_at, new.fetched_at]
    assert entries[0].version.article.title == old.title  # the text the store no longer has
    change = entries[1].change
    assert change is not None and change.material
    assert change.amounts == ((OLD_AMOUNT, NEW_AMOUNT),)
    assert (
        revisions_path(settings).parent
        == (
            settings.storage.path
            if settings.storage.backend == "sqlite"
            else settings.storage.queue_path
        ).parent
    )


def test_unchanged_refetches_and_new_articles_record_nothing(settings: Settings) -> None:
    old = original()
    again = old.model_copy(update={"fetched_at": edited().fetched_at})
    results = store(settings, [old], [again], [again])
    assert [r.unchanged for r in results[1:]] == [1, 1]
    assert open_revisions(settings).versions(old.id) == []
    assert open_revisions(settings).end() == 0


def test_a_retried_edit_is_recorded_once(settings: Settings) -> None:
    old, new = original(), edited()
    store(settings, [old], [new], [new])
    assert len(open_revisions(settings).versions(old.id)) == 2


def test_only_the_last_versions_are_kept(settings: Settings) -> None:
    settings.storage.revisions_kept = 3
    old = original()
    versions = [
        old.model_copy(
            update={"text": f"{old.text} Cập nhật {n}.", "fetched_at": edited(n).fetched_at}
        )
        for n in range(1, 5)
    ]
    store(settings, [old], *([v] for v in versions))
    kept = open_revisions(settings).versions(old.id)
    assert [v.article.text for v in kept] == [v.text for v in versions[-3:]]
    assert open_revisions(settings).revision_counts([old.id, "nothing"]) == {old.id: 2}


def test_followers_read_every_version_after_a_cursor(settings: Settings) -> None:
    old = original()
    wording = old.model_copy(
        update={"text": f"{old.text} (TTXVN)", "fetched_at": edited(1).fetched_at}
    )
    store(settings, [old], [wording], [edited(2)])
    log = open_revisions(settings)
    every = log.after(0)
    assert [v.article.fetched_at for v in every] == [
        old.fetched_at,
        wording.fetched_at,
        edited(2).fetched_at,
    ]
    assert [v.seq for v in log.after(0, material=True)] == [every[2].seq]
    assert log.previous(every[2]) == every[1]
    assert log.after(log.end()) == []
