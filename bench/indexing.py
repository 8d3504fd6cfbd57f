"""Bulk indexing docs/s: the project's indexer vs. a bare ``helpers.bulk`` of the same documents.

Both write the same documents (folded twins included) into fresh indices with the same
template on the same server in the same run; the bare run skips only what the indexer adds
on top (the ``mget`` for idempotency, content hashes, per-document accounting).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from elasticsearch import Elasticsearch, helpers

from bench.corpus import articles
from search.elastic.bulk import BulkIndexer
from search.elastic.document import normalised, to_document
from search.elastic.migrate import ensure_indices

TARGET_RATIO = 0.9


def _bare(client: Elasticsearch, alias: str, docs: list[dict[str, Any]]) -> float:
    ensure_indices(client, alias)
    actions = ({"_index": alias, "_id": d["id"], "_source": d} for d in docs)
    started = time.perf_counter()
    helpers.bulk(client, actions, chunk_size=500, max_chunk_bytes=20 * 1024 * 1024)
    client.indices.refresh(index=alias)
    return time.perf_counter() - started


def _project(client: Elasticsearch, alias: str, batch: list[Any]) -> float:
    ensure_indices(client, alias)
    indexer = BulkIndexer(client, alias)
    started = time.perf_counter()
    outcome = indexer.store([normalised(a) for a in batch])
    elapsed = time.perf_counter() - started
    assert outcome.new == len(batch), outcome  # a benchmark of lost documents is worthless
    return elapsed


def run(es_url: str, count: int, rounds: int = 3) -> dict[str, Any]:
    client = Elasticsearch(es_url, request_timeout=120)
    batch = list(articles(count))
    now = datetime.now(UTC)
    docs = [to_document(normalised(a), now, now) for a in batch]
    bare, project = [], []
    for r in range(rounds):  # interleaved so server warm-up and merges hit both alike
        bare.append(_bare(client, f"bench-bare-{r}", docs))
        project.append(_project(client, f"bench-project-{r}", batch))
    client.indices.delete(index="bench-*")
    bare_rate, project_rate = count / min(bare), count / min(project)
    client.close()
    return {
        "documents": count,
        "rounds": rounds,
        "bare_docs_per_s": bare_rate,
        "project_docs_per_s": project_rate,
        "ratio": project_rate / bare_rate,
        "target_ratio": TARGET_RATIO,
    }
