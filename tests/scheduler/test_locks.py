"""Daemon and per-source locks: exclusive, and released by the kernel when the holder dies."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from scheduler.locks import (
    DaemonBusy,
    FileLock,
    daemon_is_running,
    daemon_lock,
    daemon_lock_path,
    source_lock,
    source_lock_path,
)
from tests.scheduler import scheduler_settings

HOLD_LOCK = """
import sys, time
from pathlib import Path
from scheduler.locks import FileLock
lock = FileLock(Path(sys.argv[1]))
assert lock.try_acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_a_held_lock_cannot_be_taken_twice(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "x.lock"), FileLock(tmp_path / "x.lock")
    assert first.try_acquire()
    assert not second.try_acquire()
    first.release()
    assert second.try_acquire()


def test_a_lock_dies_with_its_holder_process(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    assert not FileLock(path).try_acquire()
    assert FileLock(path).holder_pid() == holder.pid
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert FileLock(path).try_acquire()


def test_daemon_lock_sits_beside_the_sqlite_job_store(tmp_path: Path) -> None:
    settings = scheduler_settings(tmp_path)
    assert daemon_lock_path(settings) == tmp_path / "scheduler.db.lock"


def test_daemon_lock_for_a_server_job_store_sits_beside_the_runs_database(tmp_path: Path) -> None:
    settings = scheduler_settings(tmp_path, jobstore_url="postgresql://db.example/newswatch")
    assert daemon_lock_path(settings) == tmp_path / "scheduler-daemon.lock"


def test_second_daemon_is_refused_with_the_holders_pid(tmp_path: Path) -> None:
    settings = scheduler_settings(tmp_path)
    with daemon_lock(settings):
        assert daemon_is_running(settings)
        busy = pytest.raises(DaemonBusy, match=r"another scheduler daemon \(pid \d+\)")
        with busy, daemon_lock(settings):
            pass
    assert not daemon_is_running(settings)


def test_waiting_daemon_takes_over_when_the_first_stops(tmp_path: Path) -> None:
    settings = scheduler_settings(tmp_path)
    took_over = threading.Event()

    def second() -> None:
        with daemon_lock(settings, wait=True):
            took_over.set()

    with daemon_lock(settings):
        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.3)
        assert not took_over.is_set()
    waiter.join(5)
    assert took_over.is_set()


def test_a_busy_source_yields_no_lock_and_another_source_is_free(tmp_path: Path) -> None:
    settings = scheduler_settings(tmp_path)
    with source_lock(settings, "a") as first:
        assert first is not None
        with source_lock(settings, "a") as again, source_lock(settings, "b") as other:
            assert again is None
            assert other is not None
    with source_lock(settings, "a") as after:
        assert after is not None


def test_source_lock_file_names_are_safe_for_odd_source_names(tmp_path: Path) -> None:
    path = source_lock_path(scheduler_settings(tmp_path), "báo/hải phòng")
    assert path.parent == tmp_path / "locks"
    assert "/" not in path.name and path.name.startswith("source-b")
