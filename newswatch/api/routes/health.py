"""``GET /healthz``: 200 ``ok`` when the store answers and every source was crawled well
recently, 200 ``degraded`` (with reasons) when the store answers but its data is stale, 503
``unavailable`` when the store cannot be read."""

from __future__ import annotations

from fastapi import APIRouter, status
from fastapi.responses import JSONResponse

from newswatch.api.deps import BackendDep, SettingsDep
from newswatch.api.schemas import HealthOut
from scheduler.health import reasons, stale_sources
from search.backend import BackendUnavailable

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "Storage backend unavailable"}},
)
def healthz(settings: SettingsDep, backend: BackendDep) -> HealthOut | JSONResponse:
    """Counting the stored articles proves the backend can answer a real read, not just a ping;
    the run history says whether what it holds is current."""
    kind = settings.storage.backend
    queue = getattr(backend, "queue", None)  # Elasticsearch's local write queue
    queued = queue.pending_count() if queue is not None else None
    try:
        articles = backend.count()
    except BackendUnavailable as exc:
        down = HealthOut(status="unavailable", backend=kind, queued=queued, detail=str(exc))
        return JSONResponse(down.model_dump(), status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
    stale = stale_sources(settings)
    return HealthOut(
        status="degraded" if stale else "ok",
        backend=kind,
        articles=articles,
        queued=queued,
        reasons=reasons(stale),
        stale_sources=sorted(stale),
    )
