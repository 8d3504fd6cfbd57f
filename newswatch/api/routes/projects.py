"""``/api/projects``: the register of investment projects (list with filters and sort, one
entry, CSV/XLSX export) and its page ``/du-an``. Reads only; corrections go through the CLI.

The process keeps one ``LiveRegister`` per store (``live_register``): each request places the
articles stored since the last one (one indexed query), and every ``SWEEP_SECONDS`` the store's
every hash is listed so that edited and removed articles are caught too. A list answers one
page of entries (``limit``/``offset``), not the whole register."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from newswatch.api.deps import BackendDep, ReadKeyDep, SettingsDep
from newswatch.api.errors import ERROR_RESPONSES
from newswatch.api.routes.page import PAGE_HEADERS, page_html
from newswatch.core.paths import projects_cache_path, projects_db_path
from newswatch.export import MEDIA_TYPES
from newswatch.projects import service
from newswatch.projects.corrections_db import CorrectionStore
from newswatch.projects.live import live_register
from newswatch.projects.shape import export, project_dict

router = APIRouter(tags=["projects"])

Zones = Annotated[list[str], Query(description="Zone names or aliases; any of them.")]
Countries = Annotated[list[str], Query(description="Investor countries (ISO codes); any.")]
Sort = Annotated[Literal["capital", "date"], Query(description="capital or date (newest).")]


Limit = Annotated[int, Query(ge=1, le=1000, description="Entries per page.")]
Offset = Annotated[int, Query(ge=0, description="Entries skipped (paging).")]
SWEEP_SECONDS = 30.0
"""How stale an edited or removed article may be on the API (a full hash listing costs ~3 µs
per stored article on SQLite; new articles are seen at once)."""


def _view(settings: SettingsDep, backend: BackendDep) -> service.RegisterView:
    live = live_register(projects_cache_path(settings))
    store = CorrectionStore(projects_db_path(settings))
    return service.compute(backend, store, live, SWEEP_SECONDS)


@router.get("/api/projects", responses=ERROR_RESPONSES)
def list_projects(
    settings: SettingsDep,
    backend: BackendDep,
    _: ReadKeyDep,
    zone: Zones = [],  # noqa: B006 (FastAPI copies defaults)
    country: Countries = [],  # noqa: B006
    sort: Sort = "capital",
    limit: Limit = 200,
    offset: Offset = 0,
) -> dict[str, Any]:
    """One page of the register's entries, corrected; ``total`` counts the whole register,
    ``matched`` the entries the filters keep."""
    view = _view(settings, backend)
    chosen = service.select(view.projects, tuple(zone), tuple(country), sort)
    page = chosen[offset : offset + limit]
    tz = settings.crawl.tz
    return {
        "total": len(view.projects),
        "matched": len(chosen),
        "offset": offset,
        "projects": [project_dict(p, tz) for p in page],
    }


@router.get(
    "/api/projects/export",
    response_class=Response,
    responses={**ERROR_RESPONSES, 200: {"content": {t: {} for t in MEDIA_TYPES.values()}}},
)
def export_projects(
    settings: SettingsDep,
    backend: BackendDep,
    _: ReadKeyDep,
    zone: Zones = [],  # noqa: B006
    country: Countries = [],  # noqa: B006
    sort: Sort = "capital",
    format: Annotated[Literal["csv", "xlsx"], Query(description="csv or xlsx.")] = "csv",
) -> Response:
    """The listed entries as a spreadsheet (the CLI's ``projects export`` columns)."""
    view = _view(settings, backend)
    chosen = service.select(view.projects, tuple(zone), tuple(country), sort)
    return Response(
        export(chosen, settings.crawl.tz, format),
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="newswatch-du-an.{format}"'},
    )


@router.get("/api/projects/{project_id}", responses=ERROR_RESPONSES)
def show_project(
    project_id: str, settings: SettingsDep, backend: BackendDep, _: ReadKeyDep
) -> dict[str, Any]:
    """One entry with its capital history, events and articles; 404 for an unknown id."""
    return project_dict(service.find(_view(settings, backend), project_id), settings.crawl.tz)


@router.get("/du-an", response_class=HTMLResponse, include_in_schema=False)
def projects_page() -> HTMLResponse:
    """The register as a sortable table with export buttons, from ``/api/projects``."""
    return HTMLResponse(page_html("projects.html"), headers=PAGE_HEADERS)
