"""``GET /api/stats``: how many articles are stored, per source and per local day."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from newswatch.api.deps import BackendDep, ReadKeyDep, SettingsDep
from newswatch.api.errors import ERROR_RESPONSES
from newswatch.api.routes.search import time_range
from newswatch.api.schemas import RangeParams, StatsOut
from search.backend import Backend, SearchRequest

router = APIRouter(tags=["stats"])


def stored_counts(
    backend: Backend, start: datetime | None = None, until: datetime | None = None
) -> StatsOut:
    """Counts from the facets of a match-all search: one query, same day boundaries as search."""
    request = SearchRequest(published_from=start, published_until=until, size=1, with_facets=True)
    result = backend.search(request)
    return StatsOut(total=result.total, per_source=result.per_source, per_day=result.per_day)


@router.get("/api/stats", response_model=StatsOut, responses=ERROR_RESPONSES)
def stats(
    params: Annotated[RangeParams, Query()],
    settings: SettingsDep,
    backend: BackendDep,
    _: ReadKeyDep,
) -> StatsOut:
    """Stored articles per source and per local day, optionally within `from`/`to`."""
    start, until = time_range(params, settings.crawl.tz)
    return stored_counts(backend, start, until)
