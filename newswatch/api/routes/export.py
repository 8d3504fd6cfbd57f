"""``GET /api/export``: the current search (same parameters as ``/api/search``) as a CSV or
Excel file, every match up to ``newswatch.export.MAX_ROWS``, not one page."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from newswatch.api.deps import BackendDep, ReadKeyDep, SettingsDep
from newswatch.api.errors import ERROR_RESPONSES
from newswatch.api.routes.search import search_request
from newswatch.api.schemas import SearchParams
from newswatch.export import MAX_ROWS, MEDIA_TYPES, all_hits, export

router = APIRouter(tags=["search"])


@router.get(
    "/api/export",
    response_class=Response,
    responses={
        **ERROR_RESPONSES,
        200: {"content": {MEDIA_TYPES["csv"]: {}, MEDIA_TYPES["xlsx"]: {}}},
    },
)
def export_search(
    params: Annotated[SearchParams, Query()],
    settings: SettingsDep,
    backend: BackendDep,
    _: ReadKeyDep,
    format: Annotated[  # the query parameter's public name
        Literal["csv", "xlsx"], Query(description="csv (UTF-8 with BOM) or xlsx (Excel).")
    ] = "csv",
) -> Response:
    """Download what the search finds: local times (zone in the header), Vietnamese intact."""
    request = search_request(settings, params.model_copy(update={"size": 1}))
    data = export(all_hits(backend, request, MAX_ROWS), settings.crawl.tz, format)
    return Response(
        data,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="newswatch-ket-qua.{format}"'},
    )
