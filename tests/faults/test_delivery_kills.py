"""Seeded fault injection on alert delivery: the real ``newswatch alerts run`` SIGKILLed at a
random moment while it works through the outbox (a slow but working webhook on 127.0.0.1),
then started again once the killed sender's lease has run out. Every alert must reach the
receiver (0 lost), under one delivery id each, with at most one extra copy per kill (the
outbox's documented bound: the send in flight when the process died), and the outbox must end
with every row sent. ``NEWSWATCH_FAULT_SEED`` replays a failing moment."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from newswatch.alerts.rules import example_rule_fields, rule_from_dict
from newswatch.alerts.service import add_rule, opened_backend, opened_outbox
from newswatch.core.settings import load_settings
from tests.alerts import WebhookReceiver, article, wait_until
from tests.servers.child import REPO

SEED = int(os.environ.get("NEWSWATCH_FAULT_SEED", "20261202"))
KILLS = 3
ARTICLES, DELAY, LEASE = 8, 0.3, 2.0
"""Eight alerts at 0.3 s each: a kill lands mid-batch; the lease lets a restart retry soon."""
pytestmark = pytest.mark.timeout(120)


def configure(tmp_path: Path) -> Path:
    config = tmp_path / "newswatch.toml"
    config.write_text(
        f"""
[storage]
path = "{tmp_path / "articles.db"}"
[alerts]
outbox_path = "{tmp_path / "outbox.db"}"
webhook_allowlist = ["127.0.0.1"]
webhook_timeout_seconds = 1.0
lease_seconds = {LEASE}
""",
        "utf-8",
    )
    return config


def alerts_run(config: Path) -> list[str]:
    return [sys.executable, "-m", "newswatch", "-c", str(config), "alerts", "run"]


@dataclass
class Delivered:
    """What the receiver got after one kill and restart."""

    expected: set[str]
    copies: Counter[str]  # article id → requests carrying it
    delivery_ids: set[str]
    statuses: set[str]  # of the outbox rows at the end
    restart: subprocess.CompletedProcess[str]

    @property
    def lost(self) -> int:
        return len(self.expected - set(self.copies))

    @property
    def extra(self) -> int:
        return sum(self.copies.values()) - len(self.copies)


def kill_mid_delivery(workdir: Path, after: float) -> Delivered:
    """Queue ``ARTICLES`` alerts, SIGKILL ``alerts run`` ``after`` seconds into sending, let
    its lease run out, run it again to the end."""
    config = configure(workdir)
    settings = load_settings(config)
    hook = WebhookReceiver(delay=DELAY).start()
    # every_copy: the near-identical articles are one story, and this test counts deliveries.
    fields = {**example_rule_fields(), "channels": [hook.url], "every_copy": True}
    add_rule(settings, rule_from_dict(fields))
    text = "Dự án FDI tại KCN Đình Vũ, Hải Phòng."
    found = [
        article(f"fdi-{i}", f"Dự án FDI số {i} vào KCN Đình Vũ", text) for i in range(ARTICLES)
    ]
    with opened_backend(settings) as backend:
        backend.upsert(found)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    try:
        sender = subprocess.Popen(
            alerts_run(config), cwd=workdir, env=env, stderr=subprocess.DEVNULL
        )
        wait_until(lambda: len(hook.requests) >= 1, timeout=60)  # sending has begun
        time.sleep(after)
        sender.send_signal(signal.SIGKILL)
        sender.wait(timeout=10)
        time.sleep(LEASE + 0.5)  # the killed sender's claim runs out
        restart = subprocess.run(
            alerts_run(config), cwd=workdir, env=env, capture_output=True, text=True, timeout=60
        )
    finally:
        hook.stop()
    with opened_outbox(settings) as outbox:
        statuses: set[str] = {str(row.status) for row in outbox.rows()}
    return Delivered(
        expected={a.id for a in found},
        copies=Counter(json.loads(body)["articles"][0]["id"] for _, body in hook.requests),
        delivery_ids={headers["X-Newswatch-Delivery"] for headers, _ in hook.requests},
        statuses=statuses,
        restart=restart,
    )


@pytest.mark.parametrize("kill", range(KILLS))
def test_delivery_killed_at_a_random_moment_loses_nothing_and_doubles_at_most_once(
    tmp_path: Path, kill: int
) -> None:
    after = random.Random(SEED + kill).uniform(0.0, ARTICLES * DELAY)
    got = kill_mid_delivery(tmp_path, after)
    where = f"kill after {after:.2f} s (seed {SEED + kill})"
    print(f"{where}: {sum(got.copies.values())} requests for {len(got.copies)} alerts")
    assert got.restart.returncode == 0, got.restart.stdout + got.restart.stderr
    assert got.lost == 0, where
    assert len(got.delivery_ids) == ARTICLES, "one delivery id per alert, copies included"
    assert got.extra <= 1, f"more than one extra copy; {where}"
    assert got.statuses == {"sent"}
