"""``GET /api/articles/{id}``: one stored article in full."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, status

from newswatch.api.deps import BackendDep, ReadKeyDep, SettingsDep
from newswatch.api.errors import ERROR_RESPONSES, responses
from newswatch.api.revision_schemas import ArticleOut, RevisionsDep
from newswatch.api.schemas import local

router = APIRouter(tags=["articles"])

ARTICLE_ID = Path(
    min_length=1,
    max_length=200,
    pattern=r"^[\w.:-]+$",
    description="The article's id (from a search hit).",
)
"""Ids are hex digests in practice; the bound keeps absurd ids away from the backend."""


@router.get(
    "/api/articles/{article_id}",
    response_model=ArticleOut,
    responses={**ERROR_RESPONSES, **responses({404: "No such article"})},
)
def article(
    article_id: Annotated[str, ARTICLE_ID],
    settings: SettingsDep,
    backend: BackendDep,
    _: ReadKeyDep,
    revisions: RevisionsDep,
) -> ArticleOut:
    """Title, text, authors, tags and dates (in the configured timezone); ``edited`` and
    ``revisions`` say whether ``/revisions`` has versions to show."""
    found = backend.get(article_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no article with id {article_id!r}")
    tz = settings.crawl.tz
    moments = ("published_at", "modified_at", "fetched_at")
    times = {name: local(getattr(found, name), tz) for name in moments}
    edits = revisions.revision_counts([article_id]).get(article_id, 0)
    return ArticleOut(**{**dict(found), **times}, edited=edits > 0, revisions=edits)
