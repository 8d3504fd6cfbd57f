"""Jobs built from the [schedule] config, and their next run times in local time."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswatch.core.settings import AlertSettings, ScheduleOverride, Settings
from scheduler import jobs
from scheduler.jobs import ScheduleError, job_specs, parse_time_of_day
from tests.scheduler import scheduler_settings

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_default_config_crawls_all_sources_daily_at_six_local_time(tmp_path: Path) -> None:
    specs = job_specs(scheduler_settings(tmp_path, sources=("a", "b")))
    crawl = specs[0]
    assert crawl.id == "crawl:all@daily-06:00"
    assert crawl.args == ("crawl:all@daily-06:00", [])
    after_seven = datetime(2025, 3, 10, 7, 0, tzinfo=HCM)
    assert crawl.trigger.get_next_fire_time(None, after_seven) == datetime(
        2025, 3, 11, 6, 0, tzinfo=HCM
    )


def test_six_local_time_is_twenty_three_utc_the_day_before(tmp_path: Path) -> None:
    crawl = job_specs(scheduler_settings(tmp_path, sources=("a",)))[0]
    utc_noon = datetime(2025, 3, 10, 12, 0, tzinfo=ZoneInfo("UTC"))
    fire = crawl.trigger.get_next_fire_time(None, utc_noon)
    assert fire.astimezone(ZoneInfo("UTC")) == datetime(2025, 3, 10, 23, 0, tzinfo=ZoneInfo("UTC"))


def test_hourly_override_adds_a_per_source_job(tmp_path: Path) -> None:
    overrides = [ScheduleOverride(source="feed", every_minutes=60)]
    specs = job_specs(scheduler_settings(tmp_path, sources=("a", "feed"), overrides=overrides))
    hourly = next(spec for spec in specs if spec.id == "crawl:feed@every-60m")
    assert hourly.args == ("crawl:feed@every-60m", ["feed"])
    start = datetime(2025, 3, 10, 8, 0, tzinfo=HCM)
    first = hourly.trigger.get_next_fire_time(None, start)
    assert hourly.trigger.get_next_fire_time(first, first) - first == timedelta(hours=1)
    assert any(spec.id == "crawl:all@daily-06:00" for spec in specs)


def test_daily_override_runs_that_source_at_its_own_time(tmp_path: Path) -> None:
    overrides = [ScheduleOverride(source="a", daily_at="18:30")]
    specs = job_specs(scheduler_settings(tmp_path, sources=("a",), overrides=overrides))
    evening = next(spec for spec in specs if spec.id == "crawl:a@daily-18:30")
    fire = evening.trigger.get_next_fire_time(None, datetime(2025, 3, 10, 19, 0, tzinfo=HCM))
    assert fire == datetime(2025, 3, 11, 18, 30, tzinfo=HCM)


def test_compressed_schedule_uses_seconds(tmp_path: Path) -> None:
    overrides = [ScheduleOverride(source="a", every_seconds=1.5)]
    settings = scheduler_settings(
        tmp_path, sources=("a",), overrides=overrides, daily_every_seconds=4
    )
    ids = [spec.id for spec in job_specs(settings)]
    assert ids[:2] == ["crawl:all@every-4s", "crawl:a@every-1.5s"]


def test_alert_digest_runs_daily_at_digest_at(tmp_path: Path) -> None:
    settings = scheduler_settings(tmp_path)
    settings.alerts = AlertSettings(digest_at="07:15")
    digest = job_specs(settings)[-1]
    assert digest.id == "alerts:digest@daily-07:15"
    assert digest.func is jobs.digest_job


def test_no_sources_means_no_crawl_job(tmp_path: Path) -> None:
    assert [spec.id for spec in job_specs(scheduler_settings(tmp_path))] == [
        "alerts:digest@daily-07:00"
    ]


def test_override_for_an_unknown_source_is_a_config_error(tmp_path: Path) -> None:
    overrides = [ScheduleOverride(source="nope", every_minutes=5)]
    with pytest.raises(ScheduleError, match=r"unknown source 'nope'.*configured sources: a"):
        job_specs(scheduler_settings(tmp_path, sources=("a",), overrides=overrides))


@pytest.mark.parametrize(
    "override",
    [
        ScheduleOverride(source="a"),
        ScheduleOverride(source="a", every_minutes=5, daily_at="06:00"),
    ],
)
def test_override_needs_exactly_one_schedule(tmp_path: Path, override: ScheduleOverride) -> None:
    with pytest.raises(ScheduleError, match="exactly one of"):
        job_specs(scheduler_settings(tmp_path, sources=("a",), overrides=[override]))


def test_non_positive_interval_is_a_config_error(tmp_path: Path) -> None:
    overrides = [ScheduleOverride(source="a", every_minutes=0)]
    with pytest.raises(ScheduleError, match="must be positive"):
        job_specs(scheduler_settings(tmp_path, sources=("a",), overrides=overrides))


def test_the_same_schedule_twice_is_a_config_error(tmp_path: Path) -> None:
    overrides = [ScheduleOverride(source="a", every_minutes=60)] * 2
    with pytest.raises(ScheduleError, match="configured twice: crawl:a@every-60m"):
        job_specs(scheduler_settings(tmp_path, sources=("a",), overrides=overrides))


@pytest.mark.parametrize("text", ["6h", "24:00", "06:60", "", "6:00 am"])
def test_bad_time_of_day_is_a_config_error(text: str) -> None:
    with pytest.raises(ScheduleError, match="HH:MM"):
        parse_time_of_day(text)


def test_time_of_day_accepts_one_digit_hours() -> None:
    assert parse_time_of_day("6:05") == (6, 5)


def test_job_functions_refuse_to_run_outside_the_daemon() -> None:
    with pytest.raises(RuntimeError, match="only inside `newswatch schedule run`"):
        jobs.crawl_job("crawl:all@daily-06:00", [])


def test_an_elasticsearch_deployment_gets_a_queue_flush_job(tmp_path: Path) -> None:
    settings = Settings(storage={"backend": "elasticsearch"}, sources=[])  # type: ignore[arg-type]
    flush = [spec for spec in job_specs(settings) if spec.id.startswith("index:flush@")]
    assert [spec.id for spec in flush] == ["index:flush@every-1m"]
