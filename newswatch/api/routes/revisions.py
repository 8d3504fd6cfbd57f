"""``GET /api/articles/{id}/revisions``: the kept versions of an edited article and what changed.

The versions come from the store's revision log (``search.stories.revision_log``), opened once
by the lifespan beside the backend. The article endpoint reports ``edited``/``revisions`` from
the same log, so the page knows when to ask for the diff.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, status

from newswatch.api.deps import BackendDep, ReadKeyDep, SettingsDep
from newswatch.api.errors import ERROR_RESPONSES, responses
from newswatch.api.revision_schemas import Change, RevisionOut, RevisionsDep, RevisionsOut, Segment
from newswatch.api.routes.articles import ARTICLE_ID
from newswatch.api.schemas import local
from newswatch.core.settings import Settings
from search.stories.history import Entry, history

router = APIRouter(tags=["articles"])


def _changes(values: tuple[tuple[str, str], ...]) -> list[Change]:
    return [Change(before=before, after=after) for before, after in values]


def revision_out(entry: Entry, settings: Settings) -> RevisionOut:
    article, change = entry.version.article, entry.change
    return RevisionOut(
        seq=entry.version.seq,
        fetched_at=local(article.fetched_at, settings.crawl.tz) or article.fetched_at,
        title=article.title,
        material=change is not None and change.material,
        changed_fields=list(change.changed_fields) if change else [],
        title_change=Change(before=change.title[0], after=change.title[1])
        if change and change.title
        else None,
        amounts=_changes(change.amounts) if change else [],
        areas=_changes(change.areas) if change else [],
        body=[Segment(op=s.op, text=s.text) for s in change.body] if change else [],
        diff=change.diff if change else "",
    )


@router.get(
    "/api/articles/{article_id}/revisions",
    response_model=RevisionsOut,
    responses={**ERROR_RESPONSES, **responses({404: "No such article"})},
)
def article_revisions(
    article_id: Annotated[str, ARTICLE_ID],
    settings: SettingsDep,
    backend: BackendDep,
    revisions: RevisionsDep,
    _: ReadKeyDep,
) -> RevisionsOut:
    """Every kept version with its fetch time and the diff from the one before: title old →
    new, changed amounts and areas, a word-level body diff; ``material`` when the title or an
    amount changed. An article never edited has no versions (``edited: false``)."""
    entries = history(revisions, article_id)
    if not entries and backend.get(article_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no article with id {article_id!r}")
    versions = [revision_out(entry, settings) for entry in entries]
    edits = max(len(versions) - 1, 0)
    return RevisionsOut(article_id=article_id, edited=edits > 0, revisions=edits, versions=versions)
