"""Response models and the dependency of the revision endpoints (``routes/revisions.py``) and
of the article endpoint's ``edited``/``revisions`` (``routes/articles.py``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from pydantic import BaseModel

from newswatch.core.article import Article
from search.stories.revision_log import RevisionLog
from search.stories.revisions import Op


def get_revisions(request: Request) -> RevisionLog:
    revisions: RevisionLog = request.state.revisions
    return revisions


RevisionsDep = Annotated[RevisionLog, Depends(get_revisions)]


class Change(BaseModel):
    before: str
    after: str


class Segment(BaseModel):
    op: Op
    text: str


class RevisionOut(BaseModel):
    """One kept version and what differs from the version before it (nothing for the oldest
    kept one)."""

    seq: int
    fetched_at: datetime
    title: str
    material: bool
    changed_fields: list[str]
    title_change: Change | None
    amounts: list[Change]
    areas: list[Change]
    body: list[Segment]
    diff: str
    """The same change as plain text, one line each (what e-mails show)."""


class RevisionsOut(BaseModel):
    article_id: str
    edited: bool
    revisions: int
    """Kept edits: versions after the oldest kept one."""
    versions: list[RevisionOut]
    """Oldest first; the last one is the stored article."""


class ArticleOut(Article):
    edited: bool = False
    revisions: int = 0
