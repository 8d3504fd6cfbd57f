"""One crawl run as the daemon does it: take the sources' locks, record the start, run the
crawl child, call the alerts hook, record the end."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from newswatch.config import Settings
from scheduler.child import ChildOutcome, crawl_argv, run_child
from scheduler.hooks import call_alerts
from scheduler.locks import source_locks
from scheduler.runs import Run, RunEnd, RunStore, run_log_path

log = logging.getLogger(__name__)


class CrawlRunner:
    """Everything a crawl job needs at run time that must not be pickled into the job store
    (settings hold secrets; the stop event and the runs database belong to this process)."""

    def __init__(
        self, settings: Settings, config: Path | None, runs: RunStore, stop: threading.Event
    ) -> None:
        self.settings = settings
        self.config = config
        self.runs = runs
        self.stop = stop

    def crawl(self, job_id: str, sources: list[str], request_id: int | None = None) -> Run | None:
        """Crawl ``sources`` (empty: every configured source) unless they are being crawled."""
        if self.stop.is_set():
            return None  # shutting down: a trigger request stays pending for the next start
        known = [source.name for source in self.settings.sources]
        wanted = sources or known
        unknown = sorted(set(wanted) - set(known))
        if unknown or not wanted:
            message = f"unknown source(s): {', '.join(unknown)}" if unknown else "no sources"
            return self._unstarted(job_id, wanted, "failed", message, request_id)
        with source_locks(self.settings, wanted) as (held, busy):
            if not held:
                message = f"already being crawled: {', '.join(busy)}"
                return self._unstarted(job_id, wanted, "skipped", message, request_id)
            fds = [lock.fd for lock in held.values() if lock.fd is not None]
            return self._run(job_id, list(held), fds, busy, request_id)

    def _unstarted(
        self, job_id: str, sources: list[str], status: str, message: str, request_id: int | None
    ) -> Run:
        log.warning("crawl %s not started: %s", job_id, message)
        run = self.runs.record_unstarted(job_id, sources, status, message)
        if request_id is not None:
            self.runs.link_request(request_id, run.id)
        return run

    def _run(
        self,
        job_id: str,
        sources: list[str],
        lock_fds: list[int],
        busy: list[str],
        request_id: int | None,
    ) -> Run:
        schedule = self.settings.schedule
        run = self.runs.start(job_id, sources, schedule.log_dir)
        if request_id is not None:
            self.runs.link_request(request_id, run.id)
        log.info("crawl started", extra={"run_id": run.id, "job_id": job_id, "sources": sources})
        log_path = run_log_path(schedule.log_dir, run.id)
        summary_path = log_path.with_suffix(".summary.json")
        try:
            outcome = run_child(
                crawl_argv(self.config, sources, summary_path),
                log_path=log_path,
                summary_path=summary_path,
                time_limit=schedule.crawl_time_limit_seconds,
                grace=schedule.kill_grace_seconds,
                stop=self.stop,
                keep_fds=lock_fds,  # the lock outlives this thread while the child lives
                on_spawn=lambda pid: self.runs.set_child_pid(run.id, pid),
            )
        except OSError as exc:
            outcome = ChildOutcome("failed", None, None, f"could not start the crawl: {exc}")
        interrupted = self.stop.is_set() and outcome.status == "killed"
        hook = (
            "skipped: daemon stopping" if interrupted else call_alerts("after_crawl", self.settings)
        )
        notes = [outcome.message, f"skipped busy source(s): {', '.join(busy)}" if busy else ""]
        end = RunEnd(outcome.status, outcome.summary, "; ".join(n for n in notes if n), hook)
        ended = self.runs.finish(run.id, end)
        if interrupted:
            self.runs.request(sources, f"resume of run #{run.id}")
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
