"""A delivery process SIGKILLed mid-send loses nothing: the real ``newswatch alerts run`` is
killed while blocked on a receiver that never answers, then delivery restarts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newswatch.alerts.rules import example_rule_fields, rule_from_dict
from newswatch.alerts.service import add_rule, deliver_pending, opened_backend, opened_outbox
from newswatch.core.settings import load_settings
from tests.alerts import BlackHole, SmtpSink, WebhookReceiver, article, wait_until

REPO = Path(__file__).resolve().parents[2]
FDI = article(
    "fdi-dinh-vu",
    "Hải Phòng đón dự án FDI 300 triệu USD vào KCN Đình Vũ",
    "Dự án có vốn đầu tư nước ngoài tại KCN Đình Vũ, thành phố Hải Phòng.",
)


def write_config(tmp_path: Path, smtp_port: int) -> Path:
    config = tmp_path / "newswatch.toml"
    config.write_text(
        f"""
[storage]
path = "{tmp_path / "articles.db"}"
[alerts]
outbox_path = "{tmp_path / "outbox.db"}"
smtp_port = {smtp_port}
webhook_allowlist = ["127.0.0.1"]
webhook_timeout_seconds = 60.0
""",
        "utf-8",
    )
    return config


@pytest.mark.parametrize("channel", ["webhook", "email"])
def test_killed_while_sending_the_article_is_delivered_after_restart(
    tmp_path: Path, channel: str
) -> None:
    hole = BlackHole()
    config = write_config(tmp_path, smtp_port=hole.port)
    settings = load_settings(config)
    target = f"http://127.0.0.1:{hole.port}/hook" if channel == "webhook" else "ops@haiphong.vn"
    add_rule(settings, rule_from_dict({**example_rule_fields(), "channels": [target]}))
    with opened_backend(settings) as backend:
        backend.upsert([FDI])

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "newswatch", "-c", str(config), "alerts", "run"]
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.DEVNULL)
    try:
        if channel == "webhook":  # the whole request went out; the answer never comes
            wait_until(lambda: FDI.id.encode() in hole.received, timeout=30)
        else:  # connected; the SMTP greeting never comes
            wait_until(lambda: hole.connected, timeout=30)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        process.kill()
        hole.close()

    with opened_outbox(settings) as outbox:
        (row,) = outbox.status().open_rows
    assert (row.status, row.attempts) == ("pending", 1)
    assert deliver_pending(settings).sent == 0  # leased: a live sender may still be at it

    webhook, smtp = WebhookReceiver(hole.port), SmtpSink(hole.port)
    (webhook.start() if channel == "webhook" else smtp.start())
    try:
        lease = timedelta(seconds=settings.alerts.lease_seconds)
        after_lease = datetime.now(UTC) + lease
        assert deliver_pending(settings, after_lease).sent == 1
        assert deliver_pending(settings, after_lease + lease).sent == 0
    finally:
        webhook.stop()
        smtp.stop()

    if channel == "webhook":
        ((headers, body),) = webhook.requests
        assert json.loads(body)["articles"][0]["id"] == FDI.id
        # The copy the killed process had sent carries the same id: receivers can drop it.
        assert headers["X-Newswatch-Delivery"].encode() in hole.received
    else:
        (message,) = smtp.messages
        assert FDI.title in str(message["Subject"])
