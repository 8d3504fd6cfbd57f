"""The article record every stage passes along and every backend stores."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


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
