"""Copy every stored article (and named kinds of records, e.g. alert rules) from one backend
into another, in batches: ``newswatch index copy --to elasticsearch`` moves an embedded store.

Articles keep their ids, so a copy repeated after new crawls only adds what is new (upsert), and
one interrupted half-way can simply be run again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from search.backend import Backend

BATCH = 500


@dataclass
class CopyResult:
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    records: int = 0


def copy_store(
    source: Backend,
    target: Backend,
    record_kinds: Iterable[str] = (),
    on_batch: Callable[[CopyResult], None] | None = None,
) -> CopyResult:
    result = CopyResult()
    cursor: str | None = None
    while True:
        batch = source.stored_after(cursor, limit=BATCH)
        if not batch.articles:
            break
        stored = target.upsert(batch.articles)
        result.read += len(batch.articles)
        result.new += stored.new
        result.updated += stored.updated
        result.unchanged += stored.unchanged
        result.failed += stored.failed + stored.queued
        cursor = batch.cursor
        if on_batch is not None:
            on_batch(result)
    for kind in record_kinds:
        for record in source.list_records(kind):
            target.put_record(kind, str(record["name"]), record)
            result.records += 1
    return result
