"""The jobs the configuration asks for, and the module-level functions they call.

- ``crawl:all@daily-06:00`` crawls every source at ``schedule.daily_at`` (local time,
  ``crawl.timezone``), or every ``schedule.daily_every_seconds`` when that is set.
- each ``schedule.overrides`` entry adds a job for one source (``every_minutes``,
  ``every_seconds`` or ``daily_at``) on top of the all-sources crawl; when both are due at
  once, the per-source lock makes the later one skip the busy source.
- ``alerts:digest@daily-07:00`` runs the alert digest at ``alerts.digest_at``.
- ``index:flush@every-60s`` drains the local Elasticsearch write queue
  (``scheduler.drain``), every ``schedule.queue_flush_seconds`` with backoff while ES is down.

A job id spells out its schedule, so a changed schedule is a new job (the old one is
removed on start) and an unchanged one keeps its stored next run time across restarts,
which is what lets missed runs coalesce.

The job store pickles only a function reference and plain arguments; what a run needs
from this process (settings, runs database, stop event) is bound here by the daemon.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from newswatch.core.clock import parse_clock
from newswatch.core.errors import InputError
from newswatch.core.settings import ScheduleOverride, Settings
from scheduler.drain import QueueDrainer
from scheduler.hooks import call_hook
from scheduler.runner import CrawlRunner

ALL_SOURCES = "all"


class ScheduleError(InputError):
    """The [schedule] section asks for something that cannot be scheduled."""


@dataclass(frozen=True)
class JobSpec:
    id: str
    name: str
    func: Callable[..., None]
    args: tuple[object, ...]
    trigger: BaseTrigger


_runner: CrawlRunner | None = None
_drainer: QueueDrainer | None = None


def bind(runner: CrawlRunner | None) -> None:
    """Give the job functions this daemon's runner (``None`` on shutdown)."""
    global _runner, _drainer
    _runner = runner
    _drainer = QueueDrainer(runner.settings, runner.hooks.flush_queue) if runner else None


def _bound() -> CrawlRunner:
    if _runner is None:
        raise RuntimeError("scheduler jobs run only inside `newswatch schedule run`")
    return _runner


def crawl_job(job_id: str, sources: list[str]) -> None:
    """Scheduled crawl of ``sources`` (empty: every configured source)."""
    _bound().crawl(job_id, sources)


def digest_job() -> None:
    runner = _bound()
    call_hook("run_digest", runner.hooks.run_digest, runner.settings)


def flush_job() -> None:
    """Index what an Elasticsearch outage left in the local queue."""
    _bound()
    assert _drainer is not None
    _drainer.tick()


def job_specs(settings: Settings) -> list[JobSpec]:
    tz = settings.crawl.tz
    schedule = settings.schedule
    known = {source.name for source in settings.sources}
    specs: list[JobSpec] = []
    if known:
        trigger, when = _trigger(
            tz, daily_at=schedule.daily_at, seconds=schedule.daily_every_seconds
        )
        specs.append(_crawl_spec(ALL_SOURCES, [], trigger, when))
    for override in schedule.overrides:
        if override.source not in known:
            raise ScheduleError(
                f"schedule override for unknown source {override.source!r}; "
                f"configured sources: {', '.join(sorted(known)) or 'none'}"
            )
        trigger, when = _override_trigger(override, tz)
        specs.append(_crawl_spec(override.source, [override.source], trigger, when))
    trigger, when = _trigger(tz, daily_at=settings.alerts.digest_at)
    specs.append(JobSpec(f"alerts:digest@{when}", f"alert digest {when}", digest_job, (), trigger))
    if settings.storage.backend == "elasticsearch":
        trigger, when = _trigger(tz, seconds=schedule.queue_flush_seconds)
        specs.append(JobSpec(f"index:flush@{when}", f"queue flush {when}", flush_job, (), trigger))
    ids = [spec.id for spec in specs]
    duplicates = sorted({job_id for job_id in ids if ids.count(job_id) > 1})
    if duplicates:
        raise ScheduleError(f"the same schedule is configured twice: {', '.join(duplicates)}")
    return specs


def _crawl_spec(label: str, sources: list[str], trigger: BaseTrigger, when: str) -> JobSpec:
    job_id = f"crawl:{label}@{when}"
    return JobSpec(job_id, f"crawl {label} {when}", crawl_job, (job_id, sources), trigger)


def _override_trigger(override: ScheduleOverride, tz: ZoneInfo) -> tuple[BaseTrigger, str]:
    given = [
        value
        for value in (override.every_minutes, override.every_seconds, override.daily_at)
        if value is not None
    ]
    if len(given) != 1:
        raise ScheduleError(
            f"schedule override for {override.source!r} needs exactly one of "
            "every_minutes, every_seconds, daily_at"
        )
    seconds = override.every_seconds
    if override.every_minutes is not None:
        seconds = override.every_minutes * 60
    return _trigger(tz, daily_at=override.daily_at, seconds=seconds)


def _trigger(
    tz: ZoneInfo, *, daily_at: str | None = None, seconds: float | None = None
) -> tuple[BaseTrigger, str]:
    """A trigger and the words (used in the job id) that describe it; ``seconds`` wins."""
    if seconds is not None:
        if seconds <= 0:
            raise ScheduleError(f"an interval must be positive, got {seconds:g} s")
        if seconds % 60 == 0:
            return IntervalTrigger(seconds=seconds, timezone=tz), f"every-{seconds / 60:g}m"
        return IntervalTrigger(seconds=seconds, timezone=tz), f"every-{seconds:g}s"
    hour, minute = parse_time_of_day(daily_at or "")
    return CronTrigger(hour=hour, minute=minute, timezone=tz), f"daily-{hour:02d}:{minute:02d}"


def parse_time_of_day(text: str) -> tuple[int, int]:
    """``"06:00"`` → ``(6, 0)``; anything else is a configuration error, not a crash at 6 am."""
    try:
        clock = parse_clock(text)
    except ValueError as exc:
        raise ScheduleError(str(exc)) from exc
    return clock.hour, clock.minute
