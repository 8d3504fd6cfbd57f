"""The article record every stage passes along and every backend stores."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, tzinfo
from typing import Any

from pydantic import BaseModel, Field

from newswatch.core.facts import Facts
from newswatch.core.text import nfc


class Article(BaseModel):
    """One news article after extraction and normalisation.

    ``id`` is derived from ``canonical_url`` (see ``crawler.dedupe.article_id``) so the same
    article reached through a feed, a listing or a tracking URL always has one identity.
    """

    id: str
    url: str
    canonical_url: str
    source: str
    title: str
    summary: str = ""
    text: str = ""
    authors: list[str] = Field(default_factory=list)
    section: str | None = None
    tags: list[str] = Field(default_factory=list)
    language: str | None = None
    published_at: datetime | None = None
    modified_at: datetime | None = None
    fetched_at: datetime
    facts: Facts | None = None
    """Investment facts of title, lead and body; ``None`` until computed (older stores)."""
    facts_version: str | None = None
    """``crawler.facts.facts_version()`` of ``facts``: a newer one means re-extract
    (``newswatch index refacts``)."""
    story_id: str | None = None
    """The story (``search.stories``) this article belongs to: the id of the article that
    opened it. Assigned when stored; ``None`` in stores written before stories existed."""


_TEXT_FIELDS = ("title", "summary", "text", "section")
_NOT_CONTENT = {"fetched_at", "story_id"}
"""A re-fetch of an unchanged page is not an update, nor is its (re)assignment to a story."""


def nfc_text(article: Article) -> Article:
    """Every text field in NFC: the text every backend stores, so the same article matches and
    highlights alike in SQLite and in Elasticsearch."""
    texts = {name: getattr(article, name) for name in _TEXT_FIELDS}
    updates: dict[str, Any] = {k: nfc(v) for k, v in texts.items() if isinstance(v, str)}
    updates["tags"] = [nfc(tag) for tag in article.tags]
    updates["authors"] = [nfc(name) for name in article.authors]
    return article.model_copy(update=updates)


def stored_form(article: Article, tz: tzinfo) -> Article:
    """``nfc_text`` plus UTC datetimes (naive ones read as ``tz``), for a store that keeps
    instants without their offset (SQLite; Elasticsearch keeps the offset itself)."""
    updates: dict[str, Any] = {}
    for name in ("published_at", "modified_at", "fetched_at"):
        value = getattr(article, name)
        if isinstance(value, datetime):
            aware = value if value.tzinfo else value.replace(tzinfo=tz)
            updates[name] = aware.astimezone(UTC)
    return nfc_text(article).model_copy(update=updates)


def content_hash(article: Article) -> str:
    """What decides "updated" vs "unchanged" in every backend: the article's content, not when
    we fetched it."""
    content = article.model_dump(mode="json", exclude=_NOT_CONTENT)
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()
