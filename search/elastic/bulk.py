"""Bulk indexing: idempotent by article id, every document's fate accounted for.

Each chunk is first sent as ``create`` actions with a first-indexed stamp; the ids that
already exist (409) are compared by content hash (one ``mget``) and only changed ones are
re-``index``ed, keeping their first stamp, so a re-upsert neither doubles nor re-orders.
Per-document 429/503 answers are retried by the helper with exponential backoff; what still
fails comes back to the caller as either *retry later* (overload, a write block during a
migration, a race) or *rejected* (the document itself is bad), never dropped.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from elasticsearch import Elasticsearch, helpers

from newswatch.core.article import Article
from search.elastic.document import content_hash, to_document

RETRY_STATUSES = (429, 503)
_LATER_STATUSES = {403, 409, 429}
"""403: index write block (migration, disk flood stage); 409: a concurrent writer won."""


@dataclass
class BulkOutcome:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    refiled: int = 0
    """Counted as unchanged, yet rewritten: only their ``story_id`` changed."""
    acked: list[str] = field(default_factory=list)
    """Ids Elasticsearch holds now (written or already identical)."""
    retry_later: list[Article] = field(default_factory=list)
    rejected: list[tuple[Article, str]] = field(default_factory=list)

    def add(self, other: BulkOutcome) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.refiled += other.refiled
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


def _keep_story(article: Article, stored: str | None) -> Article:
    """A write without a story (a plain backend upsert) keeps the story already stored."""
    if article.story_id is None and stored:
        return article.model_copy(update={"story_id": stored})
    return article


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
        if refresh and (outcome.new or outcome.updated or outcome.refiled):
            # Visible to the next search: the CLI runs "crawl" then "search" back to back.
            self.client.indices.refresh(index=self.alias)
        return outcome

    def _stored_stamps(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        found = self.client.mget(
            index=self.alias, ids=ids, source_includes=["content_hash", "indexed_at", "story_id"]
        )
        return {doc["_id"]: doc["_source"] for doc in found["docs"] if doc.get("found")}

    def _store_chunk(self, chunk: list[Article]) -> BulkOutcome:
        """``create`` everything first (crawls dedupe before fetching, so most ids are new);
        only ids that already exist cost an ``mget`` and a second, ``index`` round."""
        outcome = BulkOutcome()
        now = datetime.now(UTC)
        by_id = {article.id: article for article in chunk}
        digests = {article.id: content_hash(article) for article in chunk}
        creates = [self._action("create", a, now, now, digests[a.id]) for a in chunk]
        existing = self._run(creates, by_id, outcome)
        if not existing:
            return outcome
        stored = self._stored_stamps(existing)
        updates = []
        refiled: set[str] = set()
        for article_id in existing:
            previous = stored.get(article_id)
            if previous is None:  # deleted meanwhile: try again later, as a create
                outcome.retry_later.append(by_id[article_id])
                continue
            article = _keep_story(by_id[article_id], previous.get("story_id"))
            by_id[article_id] = article
            same = previous.get("content_hash") == digests[article_id]
            if same and previous.get("story_id") == article.story_id:
                outcome.unchanged += 1
                outcome.acked.append(article_id)
                continue
            if same:
                refiled.add(article_id)  # filed under a story: rewritten, not an update
            first = datetime.fromisoformat(previous["indexed_at"])
            updates.append(self._action("index", article, first, now, digests[article_id]))
        self._run(updates, by_id, outcome, refiled)
        return outcome

    def _action(
        self, op: str, article: Article, first: datetime, now: datetime, digest: str
    ) -> dict[str, Any]:
        return {
            "_op_type": op,
            "_index": self.alias,
            "_id": article.id,
            "_source": to_document(article, first, now, digest),
        }

    def _run(
        self,
        actions: list[dict[str, Any]],
        by_id: dict[str, Article],
        outcome: BulkOutcome,
        refiled: Collection[str] = (),
    ) -> list[str]:
        """Send ``actions``; record each result in ``outcome``; return ids that already exist."""
        existing: list[str] = []
        if not actions:
            return existing
        for ok, item in helpers.streaming_bulk(
            self.client,
            actions,
            chunk_size=len(actions),
            max_chunk_bytes=20 * 1024 * 1024,
            raise_on_error=False,
            max_retries=self.max_retries,
            initial_backoff=self.initial_backoff,
            max_backoff=30,
            retry_on_status=RETRY_STATUSES,
        ):
            op, result = next(iter(item.items()))
            article = by_id[result["_id"]]
            status, error = (200, "") if ok else item_error(item)
            if ok:
                outcome.acked.append(article.id)
                outcome.new += op == "create"
                outcome.updated += op == "index" and article.id not in refiled
                outcome.unchanged += op == "index" and article.id in refiled
                outcome.refiled += op == "index" and article.id in refiled
            elif status == 409 and op == "create":
                existing.append(article.id)
            elif status in _LATER_STATUSES or status >= 500:
                outcome.retry_later.append(article)
            else:
                outcome.rejected.append((article, f"{article.id}: {error}"))
        return existing
