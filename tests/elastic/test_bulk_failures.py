"""Per-document failures are reported, kept and retried; nothing is silently dropped."""

from __future__ import annotations

import pytest

from search.elastic.backend import ElasticBackend
from search.elastic.mapping import versioned_index
from tests.elastic.conftest import article

pytestmark = pytest.mark.elasticsearch


def test_refused_document_is_reported_and_kept_while_others_are_indexed(
    backend: ElasticBackend,
) -> None:
    # A keyword over Lucene's 32 766-byte term limit: the server refuses this one document.
    bad = article(2, tags=["x" * 40_000])
    result = backend.upsert([article(1), bad, article(3)])
    assert (result.new, result.failed) == (2, 1)
    assert "art00002" in result.errors[0] and "immense term" in result.errors[0]
    assert backend.known_ids(["art00001", "art00002", "art00003"]) == {"art00001", "art00003"}
    assert [article_id for article_id, _ in backend.queue.rejected()] == ["art00002"]


def test_write_blocked_documents_wait_in_queue_and_land_once_unblocked(
    backend: ElasticBackend,
) -> None:
    backend.upsert([article(1)])
    index = versioned_index(backend.alias, 1)
    backend.client.indices.add_block(index=index, block="write")
    blocked = backend.upsert([article(2), article(3)])
    assert blocked.new == 0 and blocked.failed == 0
    assert backend.queue.pending_ids() == {"art00002", "art00003"}
    backend.client.indices.put_settings(index=index, settings={"index.blocks.write": False})
    flushed = backend.flush_queue()
    assert flushed.new == 2 and backend.queue.pending_count() == 0
    assert backend.count() == 3
