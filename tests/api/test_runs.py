"""``GET /api/runs``: the crawl history the scheduler records (scheduler/runs.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from crawler.summary import CrawlSummary
from newswatch.api.app import create_app
from newswatch.core.settings import Settings
from scheduler.runs import RunEnd, RunStore


def record_two_runs(settings: Settings) -> None:
    store = RunStore(settings.schedule.runs_path)
    try:
        daily = store.start("daily", ["baohaiphong", "vnexpress"], settings.schedule.log_dir)
        summary = CrawlSummary(
            pages_fetched=40,
            new=7,
            updated=1,
            filtered=12,
            too_old=3,
            queued=5,
            errors=2,
            error_kinds={"http_404": 2},
        )
        store.finish(daily.id, RunEnd(status="partial", summary=summary, message="2 lỗi 404"))
        store.start("source:tuoitre", ["tuoitre"], settings.schedule.log_dir)
    finally:
        store.close()


def test_runs_are_listed_newest_first_with_their_counts(empty_settings: Settings) -> None:
    record_two_runs(empty_settings)
    with TestClient(create_app(empty_settings)) as client:
        runs = client.get("/api/runs").json()
    assert [run["job_id"] for run in runs] == ["source:tuoitre", "daily"]
    running, finished = runs
    assert running["status"] == "running"
    assert running["ended_at"] is None
    assert finished["status"] == "partial"
    assert finished["sources"] == ["baohaiphong", "vnexpress"]
    assert (finished["pages_fetched"], finished["new"], finished["errors"]) == (40, 7, 2)
    assert (finished["too_old"], finished["queued"]) == (3, 5)
    assert finished["error_kinds"] == {"http_404": 2}
    assert finished["message"] == "2 lỗi 404"
    assert "log_file" not in finished  # server paths stay private


def test_limit_keeps_only_the_newest_runs(empty_settings: Settings) -> None:
    record_two_runs(empty_settings)
    with TestClient(create_app(empty_settings)) as client:
        runs = client.get("/api/runs", params={"limit": 1}).json()
    assert [run["job_id"] for run in runs] == ["source:tuoitre"]


def test_no_history_yet_is_an_empty_list_and_creates_no_file(empty_settings: Settings) -> None:
    with TestClient(create_app(empty_settings)) as client:
        response = client.get("/api/runs")
    assert response.status_code == 200
    assert response.json() == []
    assert not empty_settings.schedule.runs_path.exists()
