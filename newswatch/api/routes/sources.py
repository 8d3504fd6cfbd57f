"""``GET /api/sources``: the configured sources, their stored articles and their recent health."""

from __future__ import annotations

from fastapi import APIRouter

from crawler.health import SourceHealth
from newswatch.api.deps import BackendDep, ReadKeyDep, SettingsDep
from newswatch.api.errors import ERROR_RESPONSES
from newswatch.api.routes.stats import stored_counts
from newswatch.api.schemas import SourceOut, SourceRunOut
from newswatch.sources_health import health_reports

router = APIRouter(tags=["sources"])


@router.get("/api/sources", response_model=list[SourceOut], responses=ERROR_RESPONSES)
def sources(settings: SettingsDep, backend: BackendDep, _: ReadKeyDep) -> list[SourceOut]:
    """Configured sources in config order, then any source known only from stored articles."""
    stored = stored_counts(backend).per_source
    health = {report.name: report for report in health_reports(settings)}
    listed = [
        SourceOut(
            name=source.name,
            configured=True,
            allowed_domains=source.allowed_domains,
            stored=stored.get(source.name, 0),
            warnings=health[source.name].warnings,
            recent_runs=[_run_out(run) for run in health[source.name].runs],
        )
        for source in settings.sources
    ]
    configured = {source.name for source in settings.sources}
    listed += [
        SourceOut(name=name, configured=False, allowed_domains=[], stored=count)
        for name, count in sorted(stored.items())
        if name not in configured
    ]
    return listed


def _run_out(run: SourceHealth) -> SourceRunOut:
    return SourceRunOut(
        at=run.at, pages=run.pages, extracted=run.extracted, kept=run.kept, fill=run.rates()
    )
