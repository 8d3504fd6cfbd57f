"""Locks that die with their holder: ``fcntl.flock`` on a file, released by the kernel on exit.

A crashed daemon or crawl child therefore never leaves a stale lock behind, unlike a
"running" flag in a database. Two kinds:

- the daemon lock, beside the SQLite job store: only one daemon runs jobs from a store;
- one lock per source, so the daily all-sources crawl and an hourly per-source crawl never
  fetch the same site at once. The crawl child inherits the lock's file descriptor, so the
  lock lasts as long as either the daemon thread or the child still holds it.

For state shared by several hosts (``[state] url``) a file lock is not enough: there the
daemons elect one leader through a lease in the database instead (``scheduler.leader``).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
from collections.abc import Iterator
from pathlib import Path

from newswatch.core.errors import NewswatchError
from newswatch.core.settings import Settings
from scheduler.jobstore import sqlite_file


class DaemonBusy(NewswatchError):
    """Another daemon already runs the jobs of this store."""


class FileLock:
    """An exclusive ``flock`` on one file; the file holds the holder's pid for messages."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def try_acquire(self) -> bool:
        return self._acquire(fcntl.LOCK_EX | fcntl.LOCK_NB)

    def acquire(self) -> None:
        self._acquire(fcntl.LOCK_EX)

    def _acquire(self, flags: int) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, flags)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def holder_pid(self) -> int | None:
        """The pid written by the current holder (best effort, for messages)."""
        try:
            return int(self.path.read_text().strip())
        except (OSError, ValueError):
            return None


def daemon_lock_path(settings: Settings) -> Path:
    """Beside the SQLite job store; for other stores, beside the runs database."""
    database = sqlite_file(settings.schedule.jobstore_url)
    if database is not None:
        return database.with_name(database.name + ".lock")
    return settings.schedule.runs_path.with_name("scheduler-daemon.lock")


def daemon_is_running(settings: Settings) -> bool:
    """True when some process holds the daemon lock (checked without keeping it)."""
    probe = FileLock(daemon_lock_path(settings))
    if probe.try_acquire():
        probe.release()
        return False
    return True


@contextlib.contextmanager
def daemon_lock(settings: Settings, wait: bool = False) -> Iterator[FileLock]:
    """Hold the daemon lock for the block; refuse (``DaemonBusy``) or wait when it is taken."""
    lock = FileLock(daemon_lock_path(settings))
    if not lock.try_acquire():
        if not wait:
            holder = lock.holder_pid()
            raise DaemonBusy(
                f"another scheduler daemon (pid {holder or 'unknown'}) already runs the jobs of "
                f"{settings.schedule.jobstore_url} (lock {lock.path}); stop it first, or start "
                "this one with --wait to take over when it stops"
            )
        lock.acquire()
    try:
        yield lock
    finally:
        lock.release()


def source_lock_path(settings: Settings, source: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", source)
    return settings.schedule.runs_path.parent / "locks" / f"source-{safe}.lock"


@contextlib.contextmanager
def source_lock(settings: Settings, source: str) -> Iterator[FileLock | None]:
    """Hold the source's lock for the block, or yield ``None`` at once if it is busy."""
    lock = FileLock(source_lock_path(settings, source))
    if not lock.try_acquire():
        yield None
        return
    try:
        yield lock
    finally:
        lock.release()
