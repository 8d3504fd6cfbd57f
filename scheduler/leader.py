"""One active scheduler across hosts: a lease row with an expiry in the ``[state] url`` database.

Why a lease and not ``pg_advisory_lock``: it works the same on SQLite and PostgreSQL, its
holder and expiry can be read by ``schedule list`` on any host, and it needs no connection
held open for the daemon's lifetime (a PgBouncer in transaction mode would break that).

- A daemon stands by, trying every ``lease/6`` seconds, until the lease is free or expired,
  then takes it in one conditional UPDATE (or the first INSERT), so two hosts never both win.
  Expiry is judged by the database's clock, so hosts' clocks need not agree.
- The leader renews every ``lease/3``. When it has not managed to renew for ``2/3`` of the
  lease (database unreachable, process stalled), it stops itself (``on_lost``) *before* a
  standby can take over: its crawls are stopped and recorded, nothing runs on two hosts.
- A leader that dies (SIGKILL, power loss) renews nothing; within ``takeover_bound`` (the
  lease plus one standby poll) a standby takes over and ``scheduler.daemon.recover`` finds
  the dead leader's run still "running", closes it as killed and queues it again: resumed
  once, never lost.

Without ``[state] url`` the single-host file lock of ``scheduler.locks`` is used as before.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import Column, Float, MetaData, String, Table, or_, select, text, update

from newswatch.core.settings import Settings
from newswatch.core.state_db import create_tables, db_epoch, insert_new, is_shared, open_engine
from scheduler.locks import daemon_is_running, daemon_lock

log = logging.getLogger(__name__)

LEASE_NAME = "scheduler"
metadata = MetaData()
leases_t = Table(
    "leases",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("holder", String(200), nullable=False),
    Column("expires_at", Float, nullable=False),  # database clock, Unix seconds
)


def standby_poll(lease_seconds: float) -> float:
    return lease_seconds / 6


def takeover_bound(lease_seconds: float) -> float:
    """Longest time from a leader's death to a standby leading: its last renewal may have
    just happened (``lease``), then the standby's next try comes (``standby_poll``)."""
    return lease_seconds + standby_poll(lease_seconds)


def holder_id() -> str:
    """Who holds the lease, for logs and ``schedule list``: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class LeaseState:
    holder: str
    expires_in: float
    """Seconds until it expires (negative: expired)."""


class Lease:
    def __init__(self, url: str, seconds: float, holder: str, name: str = LEASE_NAME) -> None:
        self.engine = open_engine(url)
        create_tables(self.engine, metadata)
        self.seconds = seconds
        self.holder = holder
        self.name = name

    def try_acquire(self) -> bool:
        """Take the lease if free or expired, or renew it if ours; True when we hold it."""
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # a stuck renewal must fail in time
                timeout_ms = int(self.seconds * 1000 / 3)
                connection.execute(text(f"SET LOCAL statement_timeout = {timeout_ms}"))
            now = db_epoch(connection)
            row = {"holder": self.holder, "expires_at": now + self.seconds}
            taken = connection.execute(
                update(leases_t)
                .where(
                    leases_t.c.name == self.name,
                    or_(leases_t.c.holder == self.holder, leases_t.c.expires_at < now),
                )
                .values(**row)
            )
            if taken.rowcount == 1:
                return True
            return insert_new(connection, leases_t, {"name": self.name, **row})

    def release(self) -> None:
        """Expire our lease now, so a standby need not wait out the rest of it."""
        with self.engine.begin() as connection:
            connection.execute(
                update(leases_t)
                .where(leases_t.c.name == self.name, leases_t.c.holder == self.holder)
                .values(expires_at=0.0)
            )

    def state(self) -> LeaseState | None:
        with self.engine.connect() as connection:
            now = db_epoch(connection)
            row = connection.execute(
                select(leases_t).where(leases_t.c.name == self.name)
            ).one_or_none()
        return None if row is None else LeaseState(row.holder, row.expires_at - now)

    def close(self) -> None:
        self.engine.dispose()


class Heartbeat(threading.Thread):
    """Renews the lease every ``lease/3``; calls ``on_lost`` once when renewal has failed for
    ``2/3`` of the lease (or another holder took it)."""

    def __init__(self, lease: Lease, on_lost: Callable[[], None]) -> None:
        super().__init__(name="scheduler-lease", daemon=True)
        self.lease = lease
        self.on_lost = on_lost
        self.done = threading.Event()

    def run(self) -> None:
        renewed = time.monotonic()
        while not self.done.wait(self.lease.seconds / 3):
            try:
                if self.lease.try_acquire():
                    renewed = time.monotonic()
                    continue
                log.error("scheduler lease taken by another daemon: stopping")
            except Exception as exc:  # a database outage: retried until the margin runs out
                log.warning("scheduler lease not renewed: %s", exc)
                if time.monotonic() - renewed < self.lease.seconds * 2 / 3:
                    continue
                log.error("scheduler lease could not be renewed in time: stopping")
            self.on_lost()
            return


@contextlib.contextmanager
def leadership(settings: Settings, on_lost: Callable[[], None]) -> Iterator[Lease]:
    """Stand by until this daemon holds the lease; keep it renewed for the block."""
    assert settings.state.url is not None
    lease = Lease(settings.state.url, settings.state.lease_seconds, holder_id())
    try:
        waited = time.monotonic()
        if not lease.try_acquire():
            current = lease.state()
            log.info(
                "standing by: another scheduler daemon is the leader",
                extra={"leader": current.holder if current else None},
            )
            while not lease.try_acquire():
                time.sleep(standby_poll(lease.seconds))
        log.info(
            "scheduler lease taken",
            extra={"holder": lease.holder, "waited_seconds": round(time.monotonic() - waited, 3)},
        )
        heartbeat = Heartbeat(lease, on_lost)
        heartbeat.start()
        try:
            yield lease
        finally:
            heartbeat.done.set()
            heartbeat.join()
            with contextlib.suppress(Exception):  # unreachable database: the lease expires
                lease.release()
    finally:
        lease.close()


@contextlib.contextmanager
def scheduler_lock(settings: Settings, wait: bool, on_lost: Callable[[], None]) -> Iterator[None]:
    """The lease on shared state (a daemon there always stands by: that is the point of
    several hosts), else this host's file lock (refused or waited for, as asked)."""
    if is_shared(settings):
        with leadership(settings, on_lost):
            yield
    else:
        with daemon_lock(settings, wait):
            yield


def _leader(settings: Settings) -> LeaseState | None:
    """The unexpired lease on shared state, if any daemon holds one."""
    assert settings.state.url is not None
    lease = Lease(settings.state.url, settings.state.lease_seconds, holder_id())
    try:
        current = lease.state()
    finally:
        lease.close()
    return current if current is not None and current.expires_in > 0 else None


def scheduler_running(settings: Settings) -> bool:
    """Whether some daemon is active: an unexpired lease, or the file lock held."""
    if not is_shared(settings):
        return daemon_is_running(settings)
    return _leader(settings) is not None


def scheduler_state(settings: Settings) -> str:
    """For ``schedule list``: running or not, and on shared state which host leads."""
    if not is_shared(settings):
        return "running" if daemon_is_running(settings) else "not running"
    current = _leader(settings)
    if current is None:
        return "not running"
    return f"running (leader {current.holder}, lease valid {current.expires_in:.0f} s more)"
