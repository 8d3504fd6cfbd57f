"""Bulk indexing docs/s: the project's indexer vs. a bare ``helpers.bulk`` of the same documents.

All runs start from the same ``Article`` objects and write the same documents (built by
``document.to_document``, folded twins included) into fresh indices with the same template,
on the same server, interleaved in the same run. "bare" builds each document and hands it to
``helpers.bulk``: the ratio measures what the indexer adds (create-first idempotency, content
hashes, per-document accounting, the final refresh). "bare, prebuilt" sends documents built
before the clock starts, to show what building them (folding) costs at all.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from elasticsearch import Elasticsearch, helpers

from bench.corpus import articles
from search.elastic.bulk import BulkIndexer
from search.elastic.document import normalised, to_document
from search.elastic.migrate import ensure_indices

TARGET_RATIO = 0.9


def _bare(client: Elasticsearch, alias: str, docs: Iterable[dict[str, Any]]) -> float:
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
    prebuilt = [to_document(normalised(a), now, now) for a in batch]
    times: dict[str, list[float]] = {"prebuilt": [], "bare": [], "project": []}
    for r in range(rounds):  # interleaved so server warm-up and merges hit all alike
        times["prebuilt"].append(_bare(client, f"bench-prebuilt-{r}", prebuilt))
        built = (to_document(normalised(a), now, now) for a in batch)
        times["bare"].append(_bare(client, f"bench-bare-{r}", built))
        times["project"].append(_project(client, f"bench-project-{r}", batch))
    client.indices.delete(index="bench-*")
    client.close()
    rates = {name: count / min(seconds) for name, seconds in times.items()}
    return {
        "documents": count,
        "rounds": rounds,
        "bare_prebuilt_docs_per_s": rates["prebuilt"],
        "bare_docs_per_s": rates["bare"],
        "project_docs_per_s": rates["project"],
        "ratio": rates["project"] / rates["bare"],
        "ratio_vs_prebuilt": rates["project"] / rates["prebuilt"],
        "target_ratio": TARGET_RATIO,
    }
