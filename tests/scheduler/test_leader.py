"""The scheduler lease on both state databases: one holder, expiry, takeover, release."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from scheduler.leader import Heartbeat, Lease


@pytest.fixture(params=["sqlite", "postgres"])
def state_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


def test_only_one_holder_until_the_lease_expires(state_url: str) -> None:
    first, second = Lease(state_url, 1.0, "host-a:1"), Lease(state_url, 1.0, "host-b:2")
    assert first.try_acquire()
    assert not second.try_acquire(), "held and unexpired"
    assert first.try_acquire(), "the holder renews"
    time.sleep(1.2)
    assert second.try_acquire(), "expired: taken over"
    assert not first.try_acquire(), "the old holder cannot take it back while it is renewed"
    state = second.state()
    assert state is not None and state.holder == "host-b:2" and 0 < state.expires_in <= 1.0


def test_a_released_lease_is_free_at_once(state_url: str) -> None:
    first, second = Lease(state_url, 60.0, "host-a:1"), Lease(state_url, 60.0, "host-b:2")
    assert first.try_acquire()
    first.release()
    assert second.try_acquire()


def test_many_contenders_at_once_yield_exactly_one_holder(state_url: str) -> None:
    leases = [Lease(state_url, 30.0, f"host-{i}:1") for i in range(6)]
    won: list[str] = []
    start = threading.Barrier(len(leases))

    def contend(lease: Lease) -> None:
        start.wait()
        if lease.try_acquire():
            won.append(lease.holder)

    threads = [threading.Thread(target=contend, args=(lease,)) for lease in leases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1


def test_a_leader_whose_lease_is_taken_is_told_to_stop(state_url: str) -> None:
    leader, usurper = Lease(state_url, 0.6, "host-a:1"), Lease(state_url, 0.6, "host-b:2")
    assert leader.try_acquire()
    lost = threading.Event()
    heartbeat = Heartbeat(leader, lost.set)
    leader.holder = "host-a:stale"  # renewals now fail: someone else's name is on the row
    time.sleep(0.7)
    assert usurper.try_acquire()
    heartbeat.start()
    assert lost.wait(2.0)


def test_schedule_list_names_the_leading_host_on_shared_state(tmp_path: Path, pg_url: str) -> None:
    from typer.testing import CliRunner

    from newswatch.cli import app
    from newswatch.core.settings import StateSettings
    from tests.scheduler import scheduler_settings, write_config

    settings = scheduler_settings(tmp_path)
    settings.state = StateSettings(url=pg_url)
    config = write_config(settings, tmp_path / "newswatch.toml")

    def listing() -> str:
        result = CliRunner().invoke(app, ["--config", str(config), "schedule", "list"])
        assert result.exit_code == 0, result.output
        return result.output

    assert "daemon: not running" in listing()
    lease = Lease(pg_url, 30.0, "db-host-2:4242")
    assert lease.try_acquire()
    shown = listing()
    assert "running (leader db-host-2:4242" in shown
    lease.release()
    assert "daemon: not running" in listing()


def test_a_state_url_is_shown_without_its_password() -> None:
    from newswatch.core.state_db import shown

    assert shown("postgresql://newswatch:s3cret@db/newswatch") == (
        "postgresql://newswatch:***@db/newswatch"
    )
