"""``GET /api/search``: the same search as ``newswatch search``, with per-day/per-source counts."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query

from newswatch.api.deps import BackendDep, ReadKeyDep, SettingsDep
from newswatch.api.errors import ERROR_RESPONSES
from newswatch.api.schemas import RangeParams, SearchOut, SearchParams, search_out
from newswatch.core.settings import Settings
from newswatch.fact_filters import resolve_fact_filters
from search.backend import BadQuery, SearchRequest
from search.timerange import resolve_range

router = APIRouter(tags=["search"])


def time_range(params: RangeParams, tz: ZoneInfo) -> tuple[datetime | None, datetime | None]:
    """``resolve_range`` (which refuses years outside its bounds as ``BadQuery``)."""
    return resolve_range(params.start, params.end, tz)


def search_request(settings: Settings, params: SearchParams) -> SearchRequest:
    """Apply the configured bounds and resolve the range; ``BadQuery`` explains a refusal."""
    limits = settings.api
    if len(params.q) > limits.max_query_length:
        raise BadQuery(f"q: the query is longer than {limits.max_query_length} characters")
    if params.size > limits.max_page_size:
        raise BadQuery(f"size: at most {limits.max_page_size} results per page")
    published_from, published_until = time_range(params, settings.crawl.tz)
    facts = resolve_fact_filters(params.zone, params.country, params.event, params.min_usd)
    return SearchRequest(
        query=params.q,
        published_from=published_from,
        published_until=published_until,
        sources=tuple(dict.fromkeys(s for s in params.source if s)),
        sort=params.sort,
        size=params.size,
        page_token=params.page_token or None,
        with_facets=True,
        collapse=params.collapse,
        **asdict(facts),
    )


@router.get("/api/search", response_model=SearchOut, responses=ERROR_RESPONSES)
def search(
    params: Annotated[SearchParams, Query()],
    settings: SettingsDep,
    backend: BackendDep,
    _: ReadKeyDep,
) -> SearchOut:
    """Articles matching `q` in the time range, best or newest first, one page at a time."""
    request = search_request(settings, params)
    return search_out(backend.search(request), settings.crawl.tz)
