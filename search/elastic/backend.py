"""The Elasticsearch ``Backend``: same contract as the embedded store, plus a durable queue.

When the server is unreachable during a crawl, ``upsert`` parks the articles in the local
queue (``[storage] queue_path``) instead of failing; the next successful write, or
``newswatch index flush``, indexes them first. ``known_ids`` then answers from the queue too,
so a crawl during an outage neither loses nor re-fetches what it already has.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import partial
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from elasticsearch import BadRequestError, NotFoundError

from newswatch.core.article import Article, nfc_text
from newswatch.core.settings import StorageSettings
from search import page_token
from search.backend import (
    BackendUnavailable,
    BadQuery,
    SearchRequest,
    SearchResult,
    StampBatch,
    StoredBatch,
    StoreResult,
)
from search.elastic.breaker import Breaker
from search.elastic.bulk import BulkIndexer, BulkOutcome
from search.elastic.document import from_document
from search.elastic.health import ensure_reachable, guarded, make_client
from search.elastic.hits import hit, parse_time, story_hit
from search.elastic.mapping import records_index
from search.elastic.migrate import ensure_indices, repair_stale_block
from search.elastic.query import fact_counts, search_body
from search.elastic.queue import LocalQueue

log = logging.getLogger(__name__)
T = TypeVar("T")

STORED_SORT = [{"indexed_at": "asc"}, {"id": "asc"}]
STORED_TYPES: page_token.Shape = (int, str)  # indexed_at as epoch milliseconds, id
ARTICLE_SOURCE_EXCLUDES = [
    *("*_folded", "indexed_at", "stored_at", "content_hash", "max_usd", "story_key")
]
MAX_RECORDS = 10_000
STAMPS_PAGE = 10_000
"""Hits per ``stamps`` page (the default ``index.max_result_window``)."""


def _stamp(source: dict[str, Any]) -> str:
    """``Backend.stamps``' value: the content hash and the story (filing is not content)."""
    return f"{source.get('content_hash', '')}|{source.get('story_id') or ''}"


class ElasticBackend:
    queues_when_unavailable = True

    def __init__(self, storage: StorageSettings, tz: ZoneInfo) -> None:
        self.url = ", ".join(storage.hosts)  # for messages
        self.alias = storage.index
        self.replicas = storage.replicas
        self.settle_seconds = storage.settle_seconds
        self.tz = tz
        self.client = make_client(storage)
        self.queue = LocalQueue(storage.queue_path)
        self.indexer = BulkIndexer(self.client, self.alias)
        self.breaker = Breaker()
        self._ready = False

    def _guarded(self, call: Callable[[], T]) -> T:
        """``guarded``, through the breaker: a server that timed out is not waited on again
        until its cooldown is over (``search.elastic.breaker``)."""
        return self.breaker.call(partial(guarded, self.url, call))

    def _call(self, method: Any, **kwargs: Any) -> Any:
        return self._guarded(partial(method, **kwargs))

    def ensure_ready(self) -> None:
        self.breaker.call(partial(ensure_reachable, self.client, self.url))
        live = self._guarded(partial(ensure_indices, self.client, self.alias, self.replicas))
        self._guarded(partial(repair_stale_block, self.client, self.alias, live))
        self._ready = True

    def _prepare(self) -> None:
        if not self._ready:
            self.ensure_ready()

    # -- writes ---------------------------------------------------------------------------

    def upsert(self, articles: Sequence[Article]) -> StoreResult:
        batch = [nfc_text(article) for article in articles]
        try:
            self._prepare()
            if self.queue.pending_count():
                self.flush_queue()
            outcome = self._guarded(partial(self.indexer.store, batch))
        except BackendUnavailable as exc:
            queued = self.queue.put(batch, str(exc))
            log.warning("Elasticsearch unavailable, %d articles queued: %s", queued, exc)
            return StoreResult(
                queued=queued,
                errors=[
                    f"{queued} articles queued in {self.queue.path} until "
                    f"Elasticsearch is back: {exc}"
                ],
            )
        return self._settle(outcome)

    def _settle(self, outcome: BulkOutcome) -> StoreResult:
        """Keep what could not be indexed: retryable in ``pending``, refused in ``rejected``."""
        self.queue.remove(outcome.acked)
        if outcome.retry_later:
            self.queue.put(outcome.retry_later, "Elasticsearch asked us to retry later")
        self.queue.reject(outcome.rejected)
        errors = [error for _, error in outcome.rejected]
        if outcome.retry_later:
            errors.append(f"{len(outcome.retry_later)} articles queued for a later retry")
        return StoreResult(
            new=outcome.new,
            updated=outcome.updated,
            unchanged=outcome.unchanged,
            failed=len(outcome.rejected),
            queued=len(outcome.retry_later),
            errors=errors,
        )

    def flush_queue(self) -> StoreResult:
        """Index everything the local queue holds; stop when a round makes no progress."""
        self._prepare()
        total = BulkOutcome()
        while batch := self.queue.peek(self.indexer.chunk_size):
            outcome = self._guarded(partial(self.indexer.store, batch))
            self._settle(outcome)
            total.add(outcome)
            if not outcome.acked and not outcome.rejected:
                break
        if total.acked:
            log.info("flushed %d queued articles into %s", len(total.acked), self.alias)
        still = self.queue.pending_count()
        return StoreResult(
            new=total.new,
            updated=total.updated,
            unchanged=total.unchanged,
            failed=len(total.rejected),
            errors=[error for _, error in total.rejected]
            + ([f"{still} articles still queued"] if still else []),
        )

    # -- reads ----------------------------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        queued = self.queue.pending_ids() & set(wanted)
        if not wanted:
            return set()
        try:
            self._prepare()
            found = self._call(self.client.mget, index=self.alias, ids=wanted, source=False)
        except BackendUnavailable as exc:
            log.warning("known_ids answered from the local queue only: %s", exc)
            return queued
        return queued | {doc["_id"] for doc in found["docs"] if doc.get("found")}

    def get(self, article_id: str) -> Article | None:
        self._prepare()
        try:
            doc = self._call(
                self.client.get,
                index=self.alias,
                id=article_id,
                source_excludes=ARTICLE_SOURCE_EXCLUDES,
            )
        except NotFoundError:
            return None
        return from_document(doc["_source"])

    def search(self, request: SearchRequest) -> SearchResult:
        body = search_body(request, self.tz)  # first: a bad query is one whatever ES's state
        self._prepare()
        body["size"] = request.size + 1  # one extra tells whether another page exists
        try:
            response = self._call(self.client.search, index=self.alias, **body)
        except BadRequestError as exc:
            raise BadQuery(f"Elasticsearch rejected the search: {exc.message}") from exc
        raw_hits = response["hits"]["hits"]
        page = raw_hits[: request.size]
        token = None
        if page and len(raw_hits) > request.size:
            after = [body.get("from", 0) + request.size] if request.collapse else page[-1]["sort"]
            token = page_token.encode(page_token.listing(request), after)
        aggs = response.get("aggregations", {})
        total = response["hits"]["total"]["value"]
        if request.collapse:
            total = aggs["stories"]["value"]
        return SearchResult(
            total=total,
            hits=[story_hit(raw) if request.collapse else hit(raw) for raw in page],
            next_page_token=token,
            per_day={
                b["key_as_string"]: b["doc_count"]
                for b in aggs.get("per_day", {}).get("buckets", [])
            },
            per_source={
                b["key"]: b["doc_count"] for b in aggs.get("per_source", {}).get("buckets", [])
            },
            per_fact=fact_counts(aggs) if request.with_facets else {},
        )

    def stored_after(
        self, cursor: str | None, limit: int = 500, settled: bool = False
    ) -> StoredBatch:
        """``indexed_at`` is the writer's clock at bulk start, so a slow bulk can become
        searchable after a later one; ``settled`` keeps to stamps ``settle_seconds`` older
        than the server's ``now``, a point no write in flight can land behind."""
        self._prepare()
        query: dict[str, Any] = {"match_all": {}}
        if settled and self.settle_seconds:
            query = {"range": {"indexed_at": {"lte": f"now-{self.settle_seconds}s"}}}
        extra = {}
        if cursor:
            extra["search_after"] = page_token.decode("stored", cursor, STORED_TYPES)
        response = self._call(
            self.client.search,
            index=self.alias,
            size=limit,
            sort=STORED_SORT,
            source_excludes=ARTICLE_SOURCE_EXCLUDES,
            query=query,
            **extra,
        )
        hits = response["hits"]["hits"]
        if not hits:
            return StoredBatch(articles=[], cursor=cursor)
        return StoredBatch(
            articles=[from_document(hit["_source"]) for hit in hits],
            cursor=page_token.encode("stored", hits[-1]["sort"]),
        )

    def end_cursor(self) -> str | None:
        self._prepare()
        newest_first = [{key: "desc" for key in sort} for sort in STORED_SORT]
        response = self._call(
            self.client.search,
            index=self.alias,
            size=1,
            sort=newest_first,
            source=False,
            query={"match_all": {}},
        )
        hits = response["hits"]["hits"]
        return page_token.encode("stored", hits[0]["sort"]) if hits else None

    def stamps(self, after: str | None = None) -> StampBatch:
        self._prepare()
        found: dict[str, str] = {}
        cursor = after
        while True:
            extra = {"search_after": page_token.decode("stored", cursor)} if cursor else {}
            response = self._call(
                self.client.search,
                index=self.alias,
                size=STAMPS_PAGE,
                sort=STORED_SORT,
                source_includes=["content_hash", "story_id"],
                query={"match_all": {}},
                **extra,
            )
            hits = response["hits"]["hits"]
            found.update((hit["_id"], _stamp(hit["_source"])) for hit in hits)
            if hits:
                cursor = page_token.encode("stored", hits[-1]["sort"])
            if len(hits) < STAMPS_PAGE:
                return StampBatch(found, cursor)

    def latest_published(self, source: str) -> datetime | None:
        try:
            self._prepare()
            response = self._call(
                self.client.search,
                index=self.alias,
                size=1,
                source_includes=["published_at"],
                query={
                    "bool": {
                        "filter": [
                            {"term": {"source": source}},
                            {"exists": {"field": "published_at"}},
                        ]
                    }
                },
                sort=[{"published_at": "desc"}],
            )
        except BackendUnavailable as exc:
            # During an outage a crawl still runs (writes queue up); without the newest stored
            # date it reaches back max_age_days, and re-queued known articles are no-ops later.
            log.warning("newest stored date of %s unknown, server unavailable: %s", source, exc)
            return None
        hits = response["hits"]["hits"]
        return parse_time(hits[0]["_source"]["published_at"]) if hits else None

    def count(self) -> int:
        self._prepare()
        return int(self._call(self.client.count, index=self.alias)["count"])

    # -- records --------------------------------------------------------------------------

    def put_record(self, kind: str, key: str, doc: dict[str, Any]) -> None:
        self._prepare()
        self._call(
            self.client.index,
            index=records_index(self.alias),
            id=f"{kind}:{key}",
            document={"kind": kind, "key": key, "doc": doc},
            refresh=True,
        )

    def get_record(self, kind: str, key: str) -> dict[str, Any] | None:
        self._prepare()
        try:
            found = self._call(self.client.get, index=records_index(self.alias), id=f"{kind}:{key}")
        except NotFoundError:
            return None
        return dict(found["_source"]["doc"])

    def list_records(self, kind: str) -> list[dict[str, Any]]:
        self._prepare()
        response = self._call(
            self.client.search,
            index=records_index(self.alias),
            size=MAX_RECORDS,
            query={"term": {"kind": kind}},
            sort=[{"key": "asc"}],
        )
        return [dict(hit["_source"]["doc"]) for hit in response["hits"]["hits"]]

    def delete_record(self, kind: str, key: str) -> bool:
        self._prepare()
        try:
            self._call(
                self.client.delete,
                index=records_index(self.alias),
                id=f"{kind}:{key}",
                refresh=True,
            )
        except NotFoundError:
            return False
        return True

    def close(self) -> None:
        self.client.close()
