"""An index written before facts existed: refused with the way out, migrated, then refacted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from elasticsearch import helpers

from newswatch.fact_filters import resolve_fact_filters
from newswatch.refacts import refacts
from search.backend import SearchRequest
from search.elastic.backend import ElasticBackend
from search.elastic.document import normalised, to_document
from search.elastic.mapping import ARTICLE_MAPPINGS, INDEX_SETTINGS
from search.elastic.migrate import MappingConflict, migrate
from tests.elastic.conftest import MakeBackend
from tests.search.conftest import load_corpus

pytestmark = pytest.mark.elasticsearch

ADDED_WITH_FACTS = ("facts", "facts_version", "max_usd")


def pre_facts_store(backend: ElasticBackend) -> int:
    """``<alias>-v1`` as newswatch wrote it before facts: old mapping, documents without them."""
    old_properties = {
        name: spec
        for name, spec in ARTICLE_MAPPINGS["properties"].items()
        if name not in ADDED_WITH_FACTS
    }
    index = f"{backend.alias}-v1"
    backend.client.indices.create(
        index=index,
        mappings={"dynamic": "strict", "properties": old_properties},
        settings=INDEX_SETTINGS,
        aliases={backend.alias: {"is_write_index": True}},
    )
    now = datetime(2021, 1, 20, tzinfo=UTC)
    actions = []
    for article in load_corpus():
        doc = to_document(normalised(article), now, now)
        actions.append(
            {
                "_index": index,
                "_id": article.id,
                "_source": {k: v for k, v in doc.items() if k not in ADDED_WITH_FACTS},
            }
        )
    copied, _ = helpers.bulk(backend.client, actions, refresh="wait_for")
    return copied


def test_old_index_is_refused_then_migrated_and_refacted(make_backend: MakeBackend) -> None:
    backend = make_backend()
    stored = pre_facts_store(backend)
    with pytest.raises(
        MappingConflict, match=r"missing fields \['facts', 'facts_version', 'max_usd'\]"
    ):
        backend.ensure_ready()
    assert migrate(backend.client, backend.alias).copied == stored
    backend.ensure_ready()
    wanted = SearchRequest(**vars(resolve_fact_filters(["Đình Vũ"], min_usd=1e8)))
    assert backend.search(wanted).total == 0  # copied as they were: no facts yet
    done = refacts(backend)
    assert (done.scanned, done.updated, done.failed) == (stored, stored, 0)
    backend.client.indices.refresh(index=backend.alias)
    assert [hit.id for hit in backend.search(wanted).hits] == ["kcn-01"]
