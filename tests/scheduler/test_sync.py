"""Rebuilding the persistent job store from the config when the daemon starts."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from newswatch.core.settings import ScheduleOverride, Settings
from scheduler.daemon import STORE, build_scheduler, stop_scheduler, sync_jobs
from scheduler.jobs import job_specs
from scheduler.jobstore import stored_jobs
from tests.scheduler import scheduler_settings


def start_and_sync(settings: Settings, next_run: dict[str, datetime] | None = None) -> None:
    """What the daemon does on start, without running anything: sync, then stop."""
    scheduler = build_scheduler(settings, workers=1)
    scheduler.start(paused=True)
    try:
        sync_jobs(scheduler, job_specs(settings))
        for job_id, when in (next_run or {}).items():
            scheduler.modify_job(job_id, jobstore=STORE, next_run_time=when)
    finally:
        stop_scheduler(scheduler)


def test_jobs_are_stored_with_next_run_times_in_local_time(tmp_path: Path, jobstore: str) -> None:
    settings = scheduler_settings(tmp_path, sources=("a",), jobstore_url=jobstore)
    start_and_sync(settings)
    found = {job.id: job for job in stored_jobs(settings.schedule.jobstore_url, settings.crawl.tz)}
    assert sorted(found) == ["alerts:digest@daily-07:00", "crawl:all@daily-06:00"]
    crawl = found["crawl:all@daily-06:00"].next_run_time
    assert crawl is not None
    assert (crawl.hour, crawl.minute, crawl.utcoffset()) == (6, 0, timedelta(hours=7))
    assert str(crawl.tzinfo) == "Asia/Ho_Chi_Minh"


def test_jobs_no_longer_in_the_config_are_removed_on_start(tmp_path: Path, jobstore: str) -> None:
    hourly = [ScheduleOverride(source="a", every_minutes=60)]
    start_and_sync(
        scheduler_settings(tmp_path, sources=("a",), overrides=hourly, jobstore_url=jobstore)
    )
    settings = scheduler_settings(tmp_path, sources=("a",), jobstore_url=jobstore)
    start_and_sync(settings)
    ids = {job.id for job in stored_jobs(settings.schedule.jobstore_url, settings.crawl.tz)}
    assert "crawl:a@every-60m" not in ids
    assert "crawl:all@daily-06:00" in ids


def test_an_unchanged_job_keeps_its_missed_next_run_time_across_restarts(
    tmp_path: Path, jobstore: str
) -> None:
    settings = scheduler_settings(tmp_path, sources=("a",), jobstore_url=jobstore)
    missed = datetime.now(settings.crawl.tz).replace(microsecond=0) - timedelta(days=2)
    start_and_sync(settings, {"crawl:all@daily-06:00": missed})
    start_and_sync(settings)
    found = {job.id: job for job in stored_jobs(settings.schedule.jobstore_url, settings.crawl.tz)}
    assert found["crawl:all@daily-06:00"].next_run_time == missed


def test_a_changed_schedule_is_a_new_job_with_a_fresh_next_run_time(
    tmp_path: Path, jobstore: str
) -> None:
    settings = scheduler_settings(tmp_path, sources=("a",), jobstore_url=jobstore)
    start_and_sync(settings)
    settings.schedule.daily_at = "05:30"
    start_and_sync(settings)
    found = {job.id: job for job in stored_jobs(settings.schedule.jobstore_url, settings.crawl.tz)}
    assert "crawl:all@daily-06:00" not in found
    moved = found["crawl:all@daily-05:30"].next_run_time
    assert moved is not None and (moved.hour, moved.minute) == (5, 30)


def test_listing_an_absent_store_finds_nothing_and_creates_nothing(tmp_path: Path) -> None:
    settings = scheduler_settings(tmp_path)
    assert stored_jobs(settings.schedule.jobstore_url, settings.crawl.tz) == []
    assert not (tmp_path / "scheduler.db").exists()
