"""``GET /api/runs``: crawl history, newest first, from the scheduler's run store."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from newswatch.api.deps import ReadKeyDep, SettingsDep
from newswatch.api.errors import ERROR_RESPONSES
from newswatch.api.schemas import RunOut
from newswatch.core.state_db import runs_url
from scheduler.runs import RunStore

router = APIRouter(tags=["runs"])


@router.get("/api/runs", response_model=list[RunOut], responses=ERROR_RESPONSES)
def runs(
    settings: SettingsDep,
    _: ReadKeyDep,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many runs.")] = 20,
) -> list[RunOut]:
    """What each scheduled or triggered crawl did; empty before the scheduler's first run."""
    path = settings.schedule.runs_path
    if settings.state.url is None and not path.is_file():
        return []  # a read must not create the scheduler's database
    store = RunStore(runs_url(settings))
    try:
        return [RunOut.model_validate(run) for run in store.recent(limit)]
    finally:
        store.close()
