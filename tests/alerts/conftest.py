"""Real delivery endpoints for alert tests: an aiosmtpd mailbox and a webhook receiver."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.alerts import SmtpSink, WebhookReceiver


@pytest.fixture()
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture()
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver().start()
    yield server
    server.stop()
