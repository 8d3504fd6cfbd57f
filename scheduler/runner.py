"""How the daemon crawls: one child process per source, one after another, each with its own
time limit and run record, so a slow or broken site costs only its own run.

Per source: take its lock (skip it if another job is crawling it), record the start, run the
child, call the alerts hook, record the end. A crawl stopped by daemon shutdown queues a
trigger request for the sources it did not finish, which the next daemon start picks up. A
child killed from outside or over its time limit queues a retry of its source after
``retry_after_seconds`` (doubling per failure in a row, at most ``retry_limit`` in a row), so
the source is crawled again soon, not at its next scheduled time.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newswatch.core.settings import Settings
from scheduler.child import ChildOutcome, crawl_argv, run_child
from scheduler.hooks import Hooks, call_hook
from scheduler.locks import source_lock
from scheduler.runs import RETRIED, Run, RunEnd, RunStore, run_log_path

log = logging.getLogger(__name__)


class CrawlRunner:
    """Everything a crawl job needs at run time that must not be pickled into the job store
    (settings hold secrets; the stop event and the runs database belong to this process)."""

    def __init__(
        self,
        settings: Settings,
        config: Path | None,
        runs: RunStore,
        stop: threading.Event,
        hooks: Hooks | None = None,
    ) -> None:
        self.settings = settings
        self.hooks = hooks or Hooks()
        self.config = config
        self.runs = runs
        self.stop = stop

    def crawl(self, job_id: str, sources: list[str], request_id: int | None = None) -> list[Run]:
        """Crawl ``sources`` (empty: every configured source) in order; return their runs.

        A scheduled crawl first records itself as a taken request: if the daemon dies between
        two sources, the next leader resumes the sources not yet crawled (``recover``), not
        only the one that was running."""
        if request_id is None:
            request_id = self.runs.open_request(sources, f"scheduled: {job_id}").id
        known = [source.name for source in self.settings.sources]
        wanted = sources or known
        unknown = [name for name in wanted if name not in known]
        done: list[Run] = []
        if unknown or not wanted:
            message = f"unknown source(s): {', '.join(unknown)}" if unknown else "no sources"
            log.error("crawl %s: %s", job_id, message)
            done.append(self.runs.record_unstarted(job_id, unknown, "failed", message, request_id))
        todo = [name for name in wanted if name in known]
        for index, source in enumerate(todo):
            run = None if self.stop.is_set() else self._crawl_source(job_id, source, request_id)
            if run is None or (self.stop.is_set() and run.status == "killed"):
                self.runs.request(todo[index:], f"resume after shutdown: {job_id}")
                break
            done.append(run)
        if request_id is not None:
            self.runs.finish_request(request_id)
        return done

    def _after_crawl(self) -> str:
        return call_hook("after_crawl", self.hooks.after_crawl, self.settings)

    def _crawl_source(self, job_id: str, source: str, request_id: int | None) -> Run:
        with source_lock(self.settings, source) as lock:
            if lock is None or lock.fd is None:
                message = f"already being crawled: {source}"
                log.warning("crawl %s skipped: %s", job_id, message)
                return self.runs.record_unstarted(job_id, [source], "skipped", message, request_id)
            return self._run_child(job_id, source, lock.fd, request_id)

    def _run_child(self, job_id: str, source: str, lock_fd: int, request_id: int | None) -> Run:
        schedule = self.settings.schedule
        run = self.runs.start(job_id, [source], schedule.log_dir, request_id)
        log.info("crawl started", extra={"run_id": run.id, "job_id": job_id, "source": source})
        log_path = run_log_path(schedule.log_dir, run.id)
        summary_path = log_path.with_suffix(".summary.json")
        try:
            outcome = run_child(
                crawl_argv(self.config, [source], summary_path),
                log_path=log_path,
                summary_path=summary_path,
                time_limit=schedule.crawl_time_limit_seconds,
                grace=schedule.kill_grace_seconds,
                stop=self.stop,
                keep_fds=[lock_fd],  # the lock lasts as long as the child, whatever happens here
                on_spawn=lambda pid: self.runs.set_child_pid(run.id, pid),
            )
        except OSError as exc:
            outcome = ChildOutcome("failed", None, None, f"could not start the crawl: {exc}")
        stopping = self.stop.is_set() and outcome.status == "killed"
        hook = "skipped: daemon stopping" if stopping else self._after_crawl()
        ended = self.runs.finish(
            run.id, RunEnd(outcome.status, outcome.summary, outcome.message, hook)
        )
        if not stopping and ended.status in RETRIED:
            self._retry(source)
        log.info(
            "crawl finished",
            extra={
                "run_id": run.id,
                "status": ended.status,
                "new": ended.new,
                "log": str(log_path),
            },
        )
        return ended

    def _retry(self, source: str) -> None:
        schedule = self.settings.schedule
        failures = self.runs.failures_in_a_row(source)
        if failures > schedule.retry_limit:
            log.warning(
                "crawl of %s failed %d times in a row; left to its schedule", source, failures
            )
            return
        wait = timedelta(seconds=schedule.retry_after_seconds * 2 ** (failures - 1))
        self.runs.request([source], f"retry {failures} of {source}", datetime.now(UTC) + wait)
        log.info("crawl retry queued", extra={"source": source, "in_seconds": wait.total_seconds()})
