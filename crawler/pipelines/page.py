"""A fetched article page, and what one extraction call does with it (in a worker process).

Kept apart from the pipeline so the crawl process imports neither the extractor nor the facts
until a page needs them inline (``[crawl] workers = 0``): with the pool, only the workers do,
and a crawl that finds nothing new never does (issue 14: start-up is most of its CPU). Each
worker imports ``HEAVY`` as it starts (``preload``), and this module is all it imports besides:
no Scrapy, no Twisted, no pool.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from newswatch.core.sources import Source

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from newswatch.core.article import Article

HEAVY = ("crawler.extract", "crawler.facts.article", "crawler.pipelines.normalise")
"""What ``prepare_page`` runs: each worker imports it before its first page (``preload``)."""


def preload() -> None:
    """A worker's start: import what ``prepare_page`` runs, so no page waits for it."""
    for name in HEAVY:
        importlib.import_module(name)


@dataclass(frozen=True)
class Page:
    """A fetched article page on its way to extraction (picklable: it crosses to a worker)."""

    url: str
    body: bytes
    source: Source
    tz: ZoneInfo
    fetched_at: datetime
    content_type: str | None


def prepare_page(page: Page) -> Article:
    """Everything a page costs before filtering, in one call: the article, normalised, with its
    facts (computed on normalised text, as the facts stage after dedupe used to). Raises
    ``ExtractionError`` for a page that holds no article."""
    extract, facts, normalise = (importlib.import_module(name) for name in HEAVY)
    article = extract.extract_article(
        page.body,
        page.url,
        tz=page.tz,
        fetched_at=page.fetched_at,
        source=page.source,
        content_type=page.content_type,
    )
    result: Article = facts.with_facts(normalise.normalised(article, page.tz))
    return result
