"""Wall time, CPU and peak memory of a command's whole process tree.

CPU is the larger of two lower bounds: ``os.wait4``'s resource usage of the child, which
includes every descendant it waited for (news-please runs one crawler process per site), and
the sum of each process's own CPU as last sampled, which also counts descendants nobody waits
for (multiprocessing's resource tracker; before session 9, our extraction workers too, children
of a fork server the crawl never reaped: ``wait4`` alone left their CPU out). The peak RSS is
the largest sum over the live tree seen by sampling with psutil every ``SAMPLE_SECONDS`` (a
sum, unlike ``ru_maxrss``, which is one process's peak). A sum of RSS counts every page shared
by several processes once per process (forked processes share their parent's pages,
copy-on-write), so the peak PSS of the tree is taken too: each shared page divided among its
sharers (``/proc/<pid>/smaps_rollup``), the tree's real footprint.
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
    peak_pss_mib: float = 0.0  # shared pages divided among their processes


class ChildFailed(RuntimeError):
    """The measured command exited non-zero; its stderr tail says why."""


def _tree(root: psutil.Process, cpu: dict[int, float]) -> tuple[int, int, int]:
    """Summed RSS and PSS of the live tree and how many descendants it has; ``cpu`` gets each
    process's own user + system seconds so far."""
    rss = pss = 0
    procs = [root, *root.children(recursive=True)]
    for proc in procs:
        try:
            rss += proc.memory_info().rss
            pss += _pss(proc.pid)
            times = proc.cpu_times()
            cpu[proc.pid] = times.user + times.system
        except (psutil.NoSuchProcess, psutil.AccessDenied, OSError):
            continue  # ended between listing and reading
    return rss, pss, len(procs) - 1


def _pss(pid: int) -> int:
    """Proportional set size in bytes (Linux ≥ 4.14)."""
    with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
        for line in rollup:
            if line.startswith(b"Pss:"):
                return int(line.split()[1]) * 1024
    return 0


def measure(
    command: list[str], cwd: Path, env: dict[str, str] | None, stderr: Path, timeout_s: float = 900
) -> Usage:
    """Run ``command`` to its end; stderr goes to a file (a full pipe would stall the child)."""
    started = time.perf_counter()
    with stderr.open("wb") as sink:
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=sink)
    root, peak, peak_pss, last_descendant = psutil.Process(child.pid), 0, 0, 0.0
    sampled: dict[int, float] = {}
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        with contextlib.suppress(psutil.NoSuchProcess):  # ended since wait4
            rss, pss, descendants = _tree(root, sampled)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
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
    cpu = max(usage.ru_utime + usage.ru_stime, sum(sampled.values()))
    return Usage(wall, cpu, peak / MIB, last_descendant or wall, peak_pss / MIB)
