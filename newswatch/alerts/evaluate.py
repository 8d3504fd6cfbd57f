"""Rule evaluation: which articles stored since a rule's watermark match it, into the outbox.

Matching runs the rule's query through the backend's own search, restricted to the batch's
ids, so an alert fires exactly when ``newswatch search`` would have found the article.
A rule alerts once per story: the outbox remembers which stories each rule has alerted, so a
copy arriving later (another source, the next crawl) finds its story taken and stays silent.
The watermark (record kind ``alert_watermark``, per rule, in the same backend as the articles)
moves past a batch only after the batch's outbox rows are committed: a crash in between makes
the next run re-read the batch, and the outbox's UNIQUE key drops what was already queued.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta

from newswatch.alerts.delivery import AlertArticle
from newswatch.alerts.outbox import Outbox
from newswatch.alerts.rules import AlertRule
from newswatch.core.article import Article
from search.backend import Backend, SearchRequest

log = logging.getLogger(__name__)

WATERMARK_KIND = "alert_watermark"
BATCH_SIZE = 100


def save_watermark(backend: Backend, rule: str, cursor: str | None) -> None:
    doc = {"rule": rule, "cursor": cursor, "updated_at": datetime.now(UTC).isoformat()}
    backend.put_record(WATERMARK_KIND, rule, doc)


def load_watermark(backend: Backend, rule: str) -> str | None:
    """The rule's cursor; a rule stored without one starts at the end (no alerts on history)."""
    record = backend.get_record(WATERMARK_KIND, rule)
    if record is None:
        log.warning("alert rule %r had no watermark: watching from now on", rule)
        cursor = backend.end_cursor()
        save_watermark(backend, rule, cursor)
        return cursor
    value = record.get("cursor")
    return None if value is None else str(value)


def delete_watermark(backend: Backend, rule: str) -> None:
    backend.delete_record(WATERMARK_KIND, rule)


def search_request(rule: AlertRule, ids: Sequence[str], now: datetime) -> SearchRequest:
    """The rule as a search over exactly ``ids``; ``max_age_days`` becomes a lower date bound,
    zones, countries, events and ``min_usd`` the same fact filters as ``newswatch search``.
    Unless the rule wants ``every_copy``, copies of one story collapse into one hit."""
    oldest = now - timedelta(days=rule.max_age_days) if rule.max_age_days else None
    return SearchRequest(
        query=rule.query,
        ids=tuple(ids),
        sources=tuple(rule.sources),
        published_from=oldest,
        size=len(ids),
        collapse=None if rule.every_copy else "story",
        **asdict(rule.fact_filters()),
    )


def matching(backend: Backend, request: SearchRequest) -> Iterator[AlertArticle]:
    """Every hit of ``request``, following result pages if the backend caps the size."""
    seen = 0
    while True:
        result = backend.search(request)
        yield from (AlertArticle.from_hit(hit) for hit in result.hits)
        seen += len(result.hits)
        if not result.next_page_token or not result.hits or seen >= result.total:
            return
        request = replace(request, page_token=result.next_page_token)


def evaluate_rule(
    backend: Backend, outbox: Outbox, rule: AlertRule, due: datetime, now: datetime
) -> int:
    """Queue the rule's matches among articles stored since its watermark; returns how many
    deliveries were newly queued. ``due`` is when they should go out (now, or the digest)."""
    cursor = load_watermark(backend, rule.name)
    queued = 0
    while True:
        batch = backend.stored_after(cursor, BATCH_SIZE, settled=True)
        if not batch.articles or batch.cursor is None:
            return queued
        found = _dedupe(matching(backend, search_request(rule, _ids(batch.articles), now)))
        queued += outbox.enqueue(
            rule.name, rule.query, rule.mode, rule.channels, found, due, not rule.every_copy
        )
        save_watermark(backend, rule.name, batch.cursor)
        cursor = batch.cursor


def _ids(articles: Sequence[Article]) -> list[str]:
    return [article.id for article in articles]


def _dedupe(found: Iterator[AlertArticle]) -> list[AlertArticle]:
    return list({article.id: article for article in found}.values())
