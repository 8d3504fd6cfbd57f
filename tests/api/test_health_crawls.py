"""``/healthz`` tells whether the data is current: ``degraded`` with a reason when the last
crawl of a source failed or none succeeded for a day, ``ok`` when every source is fresh.

Runs are recorded in a real run database, as the scheduler and ``newswatch crawl`` do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import update

from crawler.summary import CrawlSummary, SourceOutcome
from newswatch.api.app import create_app
from newswatch.core.settings import Settings, StorageSettings
from scheduler.runs import RunEnd, RunStore
from scheduler.runs_schema import runs_t
from tests.servers.api_app import api_settings

SOURCES = ("baohaiphong", "vnexpress", "tuoitre", "haiphong-gov")


def settings(tmp_path: Path) -> Settings:
    return api_settings(StorageSettings(path=tmp_path / "news.db"), tmp_path)


def record(config: Settings, statuses: dict[str, str], ended: datetime | None = None) -> None:
    """One crawl of all ``statuses``' sources, as ``newswatch crawl`` records it."""
    store = RunStore(config.schedule.runs_path)
    try:
        run = store.start("cli", list(statuses), config.schedule.log_dir)
        by_source = {name: SourceOutcome(status=s) for name, s in statuses.items()}  # type: ignore[arg-type]
        overall = "partial" if "failed" in statuses.values() else "ok"
        store.finish(run.id, RunEnd(overall, CrawlSummary(by_source=by_source)))
        if ended is not None:
            with store.engine.begin() as connection:
                connection.execute(
                    update(runs_t).where(runs_t.c.id == run.id).values(ended_at=ended.isoformat())
                )
    finally:
        store.close()


def health(config: Settings) -> dict[str, object]:
    with TestClient(create_app(config)) as client:
        response = client.get("/healthz")
    assert response.status_code == 200
    body: dict[str, object] = response.json()
    return body


def test_every_source_crawled_well_today_is_ok(tmp_path: Path) -> None:
    config = settings(tmp_path)
    record(config, {name: "ok" for name in SOURCES})
    assert health(config) == {
        "status": "ok",
        "backend": "sqlite",
        "articles": 0,
        "detail": None,
        "reasons": [],
        "stale_sources": [],
        "queued": None,  # the embedded store has no write queue
    }


def test_a_source_whose_last_crawl_failed_makes_health_degraded(tmp_path: Path) -> None:
    config = settings(tmp_path)
    record(config, {name: "ok" for name in SOURCES})
    record(config, {**{name: "ok" for name in SOURCES}, "tuoitre": "failed"})

    body = health(config)

    assert body["status"] == "degraded"
    (reason,) = body["reasons"]  # type: ignore[misc]
    assert reason.startswith("last crawl of tuoitre failed (")
    assert body["stale_sources"] == ["tuoitre"]


def test_no_successful_crawl_for_a_day_is_degraded(tmp_path: Path) -> None:
    config = settings(tmp_path)
    two_days_ago = datetime.now(UTC) - timedelta(days=2)
    record(config, {name: "ok" for name in SOURCES}, ended=two_days_ago)

    body = health(config)

    assert body["status"] == "degraded"
    assert body["reasons"] == [
        f"no successful crawl of {name} since {two_days_ago.isoformat()}" for name in SOURCES
    ]
