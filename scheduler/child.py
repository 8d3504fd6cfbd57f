"""Run one crawl in a child process: Scrapy's Twisted reactor cannot be restarted inside a
long-lived daemon, and a child can be stopped (SIGTERM, then SIGKILL) when it overruns.

The child gets its own process group, so a stop reaches everything it spawned, and dies with
the daemon (``PR_SET_PDEATHSIG``): an unsupervised crawl would have no time limit and no
record. That signal follows the thread that forked, which here is an executor worker living
as long as the daemon. Its stdout and stderr go to the run's log file.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from crawler.summary import CrawlSummary

PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)  # loaded before fork: preexec_fn must not import

Ending = Literal["exited", "timeout", "stopped"]


@dataclass(frozen=True)
class ChildOutcome:
    status: str
    """ok, partial, failed, timeout or killed."""
    returncode: int | None
    summary: CrawlSummary | None
    message: str = ""


def crawl_argv(config: Path | None, sources: Sequence[str], summary_path: Path) -> list[str]:
    """``newswatch crawl`` with the daemon's own config file, one ``--source`` per source."""
    argv = [sys.executable, "-m", "newswatch"]
    if config is not None:
        argv += ["--config", str(config.resolve())]
    argv.append("crawl")
    for source in sources:
        argv += ["--source", source]
    # The daemon records the run itself (with its log, time limit and hook outcome).
    return [*argv, "--summary-json", str(summary_path), "--no-history"]


def run_child(
    argv: list[str],
    *,
    log_path: Path,
    summary_path: Path,
    time_limit: float,
    grace: float,
    stop: threading.Event,
    keep_fds: Sequence[int] = (),
    on_spawn: Callable[[int], None] = lambda pid: None,
) -> ChildOutcome:
    """Run ``argv`` to completion, its time limit, or ``stop``; classify how it ended."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    summary_path.unlink(missing_ok=True)  # a stale summary must not pass for this run's
    parent = os.getpid()
    with log_path.open("ab") as log:
        log.write(f"# {' '.join(argv)}\n".encode())
        log.flush()
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            pass_fds=tuple(keep_fds),
            preexec_fn=lambda: _die_with(parent),
        )
        on_spawn(proc.pid)
        ending, returncode = _supervise(proc, time_limit, grace, stop)
    return classify(ending, returncode, read_summary(summary_path), time_limit)


def _die_with(parent: int) -> None:
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the daemon died between fork and prctl
        os._exit(1)


def _supervise(
    proc: subprocess.Popen[bytes], time_limit: float, grace: float, stop: threading.Event
) -> tuple[Ending, int]:
    deadline = time.monotonic() + time_limit
    while True:
        try:
            return "exited", proc.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            pass
        if stop.is_set():
            return "stopped", _terminate(proc, grace)
        if time.monotonic() >= deadline:
            return "timeout", _terminate(proc, grace)


def _terminate(proc: subprocess.Popen[bytes], grace: float) -> int:
    """SIGTERM to the crawl process alone lets Scrapy close its spider and flush what it has;
    its extraction workers finish the pages they hold and are closed by it (a SIGTERM to the
    whole group killed them mid-page, and those pages were lost). Then SIGKILL to the group,
    after the grace or once the crawl has exited, so nothing of it outlives the run."""
    proc.send_signal(signal.SIGTERM)  # a no-op once the crawl has been reaped
    try:
        returncode = proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        _signal_group(proc.pid, signal.SIGKILL)
        return proc.wait()
    _signal_group(proc.pid, signal.SIGKILL)
    return returncode


def _signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group is already gone
        os.killpg(pgid, signum)


def read_summary(path: Path) -> CrawlSummary | None:
    try:
        return CrawlSummary.from_dict(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def classify(
    ending: Ending, returncode: int, summary: CrawlSummary | None, time_limit: float
) -> ChildOutcome:
    """Map how the child ended (and what it said it did) to a run status."""
    if ending == "timeout":
        return ChildOutcome("timeout", returncode, summary, f"time limit of {time_limit:g} s hit")
    if ending == "stopped":
        return ChildOutcome("killed", returncode, summary, "stopped by daemon shutdown")
    if returncode < 0:
        return ChildOutcome(
            "killed", returncode, summary, f"crawl killed by {_signal_name(-returncode)}"
        )
    if summary is None:
        return ChildOutcome(
            "failed", returncode, None, f"crawl exited {returncode} without summary"
        )
    if returncode != 0 and summary.status == "ok":
        return ChildOutcome("failed", returncode, summary, f"crawl exited {returncode}")
    return ChildOutcome(summary.status, returncode, summary)


def _signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"
