"""``/api/projects``: the register of investment projects (list with filters and sort, one
entry, CSV/XLSX export) and its page ``/du-an``. Reads only; corrections go through the CLI."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from newswatch.api.deps import BackendDep, ReadKeyDep, SettingsDep
from newswatch.api.errors import ERROR_RESPONSES
from newswatch.api.routes.page import PAGE_HEADERS, page_html
from newswatch.core.paths import projects_db_path
from newswatch.export import MEDIA_TYPES
from newswatch.projects import service
from newswatch.projects.corrections_db import CorrectionStore
from newswatch.projects.shape import export, project_dict

router = APIRouter(tags=["projects"])

Zones = Annotated[list[str], Query(description="Zone names or aliases; any of them.")]
Countries = Annotated[list[str], Query(description="Investor countries (ISO codes); any.")]
Sort = Annotated[Literal["capital", "date"], Query(description="capital or date (newest).")]


def _view(settings: SettingsDep, backend: BackendDep) -> service.RegisterView:
    return service.compute(backend, CorrectionStore(projects_db_path(settings)))


@router.get("/api/projects", responses=ERROR_RESPONSES)
def list_projects(
    settings: SettingsDep,
    backend: BackendDep,
    _: ReadKeyDep,
    zone: Zones = [],  # noqa: B006 (FastAPI copies defaults)
    country: Countries = [],  # noqa: B006
    sort: Sort = "capital",
) -> dict[str, Any]:
    """Entries of the register, corrected; ``total`` counts the whole register."""
    view = _view(settings, backend)
    chosen = service.select(view.projects, tuple(zone), tuple(country), sort)
    tz = settings.crawl.tz
    return {"total": len(view.projects), "projects": [project_dict(p, tz) for p in chosen]}


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
