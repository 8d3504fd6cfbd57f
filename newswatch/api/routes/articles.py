"""``GET /api/articles/{id}``: one stored article in full."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, status

from newswatch.api.deps import BackendDep, ReadKeyDep, SettingsDep
from newswatch.api.errors import ERROR_RESPONSES, responses
from newswatch.api.schemas import local
from newswatch.core.article import Article

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
    response_model=Article,
    responses={**ERROR_RESPONSES, **responses({404: "No such article"})},
)
def article(
    article_id: Annotated[str, ARTICLE_ID],
    settings: SettingsDep,
    backend: BackendDep,
    _: ReadKeyDep,
) -> Article:
    """Title, text, authors, tags and dates (in the configured timezone)."""
    found = backend.get(article_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no article with id {article_id!r}")
    tz = settings.crawl.tz
    moments = ("published_at", "modified_at", "fetched_at")
    return found.model_copy(update={name: local(getattr(found, name), tz) for name in moments})
