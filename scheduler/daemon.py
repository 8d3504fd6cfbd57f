"""``newswatch schedule run``: the scheduler daemon's lifecycle.

Start: take the daemon lock (one daemon per job store), close runs a dead daemon left
"running" and queue their resumption, rebuild the jobs from the config, then run.
SIGTERM/SIGINT: stop taking work, stop running crawls cleanly (SIGTERM, then SIGKILL after
``kill_grace_seconds``), record them as killed and queue their resumption for the next start.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from newswatch.core.errors import NewswatchError
from newswatch.core.settings import Settings
from newswatch.core.state_db import jobstore_url, runs_url
from scheduler import jobs
from scheduler.hooks import Hooks
from scheduler.jobs import JobSpec
from scheduler.jobstore import open_jobstore
from scheduler.leader import scheduler_lock
from scheduler.runner import CrawlRunner
from scheduler.runs import RunStore

log = logging.getLogger(__name__)

STORE = "default"
INTERNAL = "internal"  # in-memory: the trigger poller and one-off triggered runs


class LeaseLost(NewswatchError):
    """This daemon stopped because it could not renew its leadership in time."""


def build_scheduler(settings: Settings, workers: int) -> BackgroundScheduler:
    return BackgroundScheduler(
        jobstores={
            STORE: open_jobstore(jobstore_url(settings)),
            INTERNAL: MemoryJobStore(),
        },
        executors={"default": ThreadPoolExecutor(max_workers=workers)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": settings.schedule.misfire_grace_seconds,
        },
        timezone=settings.crawl.tz,
    )


def sync_jobs(scheduler: BackgroundScheduler, specs: list[JobSpec]) -> None:
    """Make the persistent store hold exactly ``specs``.

    A job whose id (hence schedule) and timezone are unchanged keeps its stored next run
    time, so runs missed while the daemon was down still fire, coalesced into one.
    """
    wanted = {spec.id for spec in specs}
    stored = {job.id: job for job in scheduler.get_jobs(jobstore=STORE)}
    for job_id in stored.keys() - wanted:
        scheduler.remove_job(job_id, jobstore=STORE)
        log.info("removed job no longer in the config", extra={"job_id": job_id})
    for spec in specs:
        kept = stored.get(spec.id)
        timing = {}
        if kept and kept.next_run_time and str(kept.trigger.timezone) == str(spec.trigger.timezone):
            timing["next_run_time"] = kept.next_run_time
        scheduler.add_job(
            spec.func,
            spec.trigger,
            args=spec.args,
            id=spec.id,
            name=spec.name,
            jobstore=STORE,
            replace_existing=True,
            **timing,
        )


def poll_triggers(scheduler: BackgroundScheduler, runner: CrawlRunner) -> None:
    """Turn each ``schedule trigger`` request into a one-off run in this daemon."""
    if runner.stop.is_set():
        return
    for request in runner.runs.take_requests():
        job_id = f"trigger:{request.id}"
        log.info(
            "trigger request taken", extra={"request_id": request.id, "reason": request.reason}
        )
        scheduler.add_job(
            runner.crawl,
            args=(job_id, request.sources),
            kwargs={"request_id": request.id},
            id=job_id,
            name=f"{request.reason}: {', '.join(request.sources) or 'all sources'}",
            jobstore=INTERNAL,
            misfire_grace_time=None,
        )


def recover(runs: RunStore, known: list[str]) -> None:
    """Queue again what a daemon that died (SIGKILL, power loss) left undone.

    Only this daemon holds the lock (or the lease), so a run still "running" has lost its
    daemon; its child died with it. Articles are stored by id, so crawling a source again
    duplicates nothing. Runs recorded without a request (by an older newswatch) are queued
    again on their own; all others through their request, with the sources not yet served.
    """
    for run in runs.mark_interrupted("the daemon stopped before this run ended"):
        if run.request_id is None:  # a scheduled run; requests are resumed below
            runs.request(run.sources, f"resume of interrupted run #{run.id}")
        log.warning("interrupted run queued again", extra={"run_id": run.id})
    for request in runs.unfinished_requests():
        served = {
            source
            for run in runs.runs_for(request.id)
            if run.status != "killed"
            for source in run.sources
        }
        remaining = [source for source in request.sources or known if source not in served]
        runs.finish_request(request.id)
        if remaining:
            runs.request(remaining, f"resume of request #{request.id}")


def stop_scheduler(scheduler: BackgroundScheduler) -> None:
    """Shut down, waiting for running jobs, without losing a run that falls due meanwhile.

    APScheduler 3 looks for due jobs once more after its executors are shut down; a due job
    then fails to submit and its next run time is advanced, so the run would be lost instead
    of coalesced at the next start. Detaching the persistent store first keeps it due.
    """
    scheduler.pause()
    scheduler.remove_jobstore(STORE)
    scheduler.shutdown(wait=True)


def run_daemon(
    settings: Settings, config: Path | None, wait: bool = False, hooks: Hooks | None = None
) -> None:
    """Run until SIGTERM/SIGINT. Raises ``DaemonBusy`` when another daemon holds the store,
    ``LeaseLost`` after stopping cleanly when the shared-state lease could not be kept.

    ``hooks`` are what the shell wants called after crawls and on the digest schedule."""
    specs = jobs.job_specs(settings)  # a bad schedule fails before anything is touched
    stop, lost = threading.Event(), threading.Event()
    with scheduler_lock(settings, wait, on_lost=lost.set):
        runs = RunStore(runs_url(settings))
        recover(runs, [source.name for source in settings.sources])
        runner = CrawlRunner(settings, config, runs, stop, hooks)
        scheduler = build_scheduler(settings, workers=len(specs) + 4)
        # "Running job…/executed successfully" twice per trigger poll would drown the log;
        # runs are logged by the runner, and failures still come through at ERROR.
        logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
        previous = _on_stop_signals(stop)
        jobs.bind(runner)
        try:
            scheduler.start(paused=True)
            sync_jobs(scheduler, specs)
            scheduler.add_job(
                poll_triggers,
                "interval",
                seconds=settings.schedule.trigger_poll_seconds,
                args=(scheduler, runner),
                id="daemon:poll-triggers",
                jobstore=INTERNAL,
                next_run_time=datetime.now(settings.crawl.tz),
            )
            scheduler.resume()
            _log_jobs(scheduler)
            log.info("scheduler daemon started", extra={"pid": os.getpid()})
            while not (stop.wait(1.0) or lost.is_set()):
                pass
            log.info("stopping: finishing or stopping running crawls")
        finally:
            stop.set()
            if scheduler.running:
                stop_scheduler(scheduler)
            jobs.bind(None)
            runs.close()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        log.info("scheduler daemon stopped")
    if lost.is_set():
        raise LeaseLost("lost the scheduler lease; another daemon may lead now")


def _on_stop_signals(stop: threading.Event) -> dict[int, Any]:
    def handle(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s", signal.Signals(signum).name)
        stop.set()

    return {signum: signal.signal(signum, handle) for signum in (signal.SIGTERM, signal.SIGINT)}


def _log_jobs(scheduler: BackgroundScheduler) -> None:
    for job in scheduler.get_jobs(jobstore=STORE):
        next_run = job.next_run_time.isoformat() if job.next_run_time else None
        log.info("job scheduled", extra={"job_id": job.id, "next_run_time": next_run})
