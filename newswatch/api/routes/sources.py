"""``GET /api/sources``: the configured sources and how many articles each has in storage."""

from __future__ import annotations

from fastapi import APIRouter

from newswatch.api.deps import BackendDep, ReadKeyDep, SettingsDep
from newswatch.api.errors import ERROR_RESPONSES
from newswatch.api.routes.stats import stored_counts
from newswatch.api.schemas import SourceOut

router = APIRouter(tags=["sources"])


@router.get("/api/sources", response_model=list[SourceOut], responses=ERROR_RESPONSES)
def sources(settings: SettingsDep, backend: BackendDep, _: ReadKeyDep) -> list[SourceOut]:
    """Configured sources in config order, then any source known only from stored articles."""
    stored = stored_counts(backend).per_source
    listed = [
        SourceOut(
            name=source.name,
            configured=True,
            allowed_domains=source.allowed_domains,
            stored=stored.get(source.name, 0),
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
