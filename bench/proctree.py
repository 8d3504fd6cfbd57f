"""Wall time, CPU and peak memory of a command's whole process tree.

CPU is ``os.wait4``'s resource usage of the child, which includes every descendant it waited
for (news-please runs one crawler process per site); the peak RSS is the largest sum over the
live tree seen by sampling with psutil every ``SAMPLE_SECONDS`` (a sum, unlike ``ru_maxrss``,
which is one process's peak).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

SAMPLE_SECONDS = 0.05
MIB = 1024 * 1024


@dataclass(frozen=True)
class Usage:
    wall_s: float
    cpu_s: float  # user + sys, the tree
    peak_rss_mib: float
    work_s: float  # until the last descendant ended (news-please's launcher then polls ≤ 10 s)


class ChildFailed(RuntimeError):
    """The measured command exited non-zero; its stderr tail says why."""


def _tree(root: psutil.Process) -> tuple[int, int]:
    """Summed RSS of the live tree and how many descendants it has."""
    total, procs = 0, [root, *root.children(recursive=True)]
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue  # ended between listing and reading
    return total, len(procs) - 1


def measure(
    command: list[str], cwd: Path, env: dict[str, str] | None, stderr: Path, timeout_s: float = 900
) -> Usage:
    """Run ``command`` to its end; stderr goes to a file (a full pipe would stall the child)."""
    started = time.perf_counter()
    with stderr.open("wb") as sink:
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=sink)
    root, peak, last_descendant = psutil.Process(child.pid), 0, 0.0
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        with contextlib.suppress(psutil.NoSuchProcess):  # ended since wait4
            rss, descendants = _tree(root)
            peak = max(peak, rss)
            if descendants:
                last_descendant = time.perf_counter() - started
        if time.perf_counter() - started > timeout_s:
            child.kill()
        time.sleep(SAMPLE_SECONDS)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = stderr.read_text(errors="replace")[-3000:]
        raise ChildFailed(f"{command[:4]} exited {child.returncode}:\n{tail}")
    return Usage(wall, usage.ru_utime + usage.ru_stime, peak / MIB, last_descendant or wall)
