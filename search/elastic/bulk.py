"""Bulk indexing: idempotent by article id, every document's fate accounted for.

Each chunk is one ``mget`` (what is stored already, by content hash) and one
``streaming_bulk`` call: new ids are ``create``d with a first-indexed stamp, changed ones
re-``index``ed keeping that stamp, identical ones skipped. Per-document 429/503 answers are
retried by the helper with exponential backoff; what still fails comes back to the caller as
either *retry later* (overload, a write block during a migration, a race) or *rejected* (the
document itself is bad), never dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from elasticsearch import Elasticsearch, helpers

from crawler.article import Article
from search.elastic.document import content_hash, to_document

RETRY_STATUSES = (429, 503)
_LATER_STATUSES = {403, 409, 429}
"""403: index write block (migration, disk flood stage); 409: a concurrent writer won."""


@dataclass
class BulkOutcome:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    acked: list[str] = field(default_factory=list)
    """Ids Elasticsearch holds now (written or already identical)."""
    retry_later: list[Article] = field(default_factory=list)
    rejected: list[tuple[Article, str]] = field(default_factory=list)

    def add(self, other: BulkOutcome) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.acked += other.acked
        self.retry_later += other.retry_later
        self.rejected += other.rejected


def _chunks(articles: Sequence[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while chunk := list(islice(iterator, size)):
        yield chunk


MAX_REASON_CHARS = 160
"""Server reasons quote the offending value, which may be megabytes."""


def _reason(error: dict[str, Any]) -> str:
    return f"{error.get('type', 'error')}: {str(error.get('reason', ''))[:MAX_REASON_CHARS]}"


def item_error(item: dict[str, Any]) -> tuple[int, str]:
    """``(status, "type: reason (cause)")`` of one failed bulk item, shortened."""
    result = next(iter(item.values()))
    status = int(result.get("status", 0))
    error = result.get("error", {})
    if not isinstance(error, dict):
        return status, str(error)[:MAX_REASON_CHARS]
    text = _reason(error)
    if isinstance(error.get("caused_by"), dict):
        text += f" (caused by {_reason(error['caused_by'])})"
    return status, text


class BulkIndexer:
    def __init__(
        self,
        client: Elasticsearch,
        alias: str,
        chunk_size: int = 500,
        max_retries: int = 5,
        initial_backoff: float = 0.5,
    ) -> None:
        self.client = client
        self.alias = alias
        self.chunk_size = chunk_size
        self.max_retries = max_retries
        self.initial_backoff = initial_backoff

    def store(self, articles: Sequence[Article], refresh: bool = True) -> BulkOutcome:
        """Index ``articles`` (already ``normalised``); the last copy of a repeated id wins."""
        latest = list({article.id: article for article in articles}.values())
        outcome = BulkOutcome()
        for chunk in _chunks(latest, self.chunk_size):
            outcome.add(self._store_chunk(chunk))
        if refresh and (outcome.new or outcome.updated):
            # Visible to the next search: the CLI runs "crawl" then "search" back to back.
            self.client.indices.refresh(index=self.alias)
        return outcome

    def _stored_stamps(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        found = self.client.mget(
            index=self.alias, ids=ids, source_includes=["content_hash", "indexed_at"]
        )
        return {doc["_id"]: doc["_source"] for doc in found["docs"] if doc.get("found")}

    def _store_chunk(self, chunk: list[Article]) -> BulkOutcome:
        outcome = BulkOutcome()
        stored = self._stored_stamps([a.id for a in chunk])
        now = datetime.now(UTC)
        by_id: dict[str, Article] = {}
        actions: list[dict[str, Any]] = []
        for article in chunk:
            previous = stored.get(article.id)
            digest = content_hash(article)
            if previous and previous.get("content_hash") == digest:
                outcome.unchanged += 1
                outcome.acked.append(article.id)
                continue
            first = datetime.fromisoformat(previous["indexed_at"]) if previous else now
            by_id[article.id] = article
            actions.append(
                {
                    "_op_type": "index" if previous else "create",
                    "_index": self.alias,
                    "_id": article.id,
                    "_source": to_document(article, first, now, digest),
                }
            )
        for ok, item in helpers.streaming_bulk(
            self.client,
            actions,
            chunk_size=len(actions) or 1,
            max_chunk_bytes=20 * 1024 * 1024,
            raise_on_error=False,
            max_retries=self.max_retries,
            initial_backoff=self.initial_backoff,
            max_backoff=30,
            retry_on_status=RETRY_STATUSES,
        ):
            op, result = next(iter(item.items()))
            article = by_id[result["_id"]]
            if ok:
                outcome.acked.append(article.id)
                if op == "create":
                    outcome.new += 1
                else:
                    outcome.updated += 1
                continue
            status, error = item_error(item)
            if status in _LATER_STATUSES or status >= 500:
                outcome.retry_later.append(article)
            else:
                outcome.rejected.append((article, f"{article.id}: {error}"))
        return outcome
