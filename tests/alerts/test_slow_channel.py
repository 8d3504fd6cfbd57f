"""A slow but working webhook is never sent a delivery twice, and attempts count real sends.

Real parts: a receiver on 127.0.0.1 that takes ``DELAY`` seconds per answer, and two senders
working the same outbox at once, as the scheduler's delivery job and ``newswatch alerts run``
would. The whole batch takes several leases; each single send stays inside its own.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path

from newswatch.alerts.rules import example_rule_fields, rule_from_dict
from newswatch.alerts.service import (
    add_rule,
    after_crawl,
    deliver_pending,
    opened_backend,
    opened_outbox,
)
from newswatch.core.settings import Settings
from tests.alerts import WebhookReceiver, article, make_settings, wait_until

DELAY, LEASE_SECONDS, ARTICLES = 0.4, 1.0, 8  # the batch: 8 x 0.4 s = 3.2 leases


def _queue(settings: Settings, hook: WebhookReceiver) -> None:
    # every_copy: the eight near-identical articles are one story, and this test counts rows.
    fields = {**example_rule_fields(), "channels": [hook.url], "every_copy": True}
    add_rule(settings, rule_from_dict(fields))
    found = [
        article(
            f"fdi-{i}", f"Dự án FDI số {i} vào KCN Đình Vũ", "Dự án FDI tại KCN Đình Vũ, Hải Phòng."
        )
        for i in range(ARTICLES)
    ]
    with opened_backend(settings) as backend:
        backend.upsert(found)


def test_two_senders_and_a_slow_webhook_send_each_delivery_once(tmp_path: Path) -> None:
    hook = WebhookReceiver(delay=DELAY).start()
    settings = make_settings(tmp_path, lease_seconds=LEASE_SECONDS, webhook_timeout_seconds=0.9)
    try:
        _queue(settings, hook)
        first = threading.Thread(target=after_crawl, args=(settings,))  # evaluates, then sends
        first.start()
        wait_until(lambda: len(hook.requests) >= 1)
        while first.is_alive():  # a second sender keeps polling while the first is busy
            deliver_pending(settings)
        first.join()
    finally:
        hook.stop()
    sent = Counter(json.loads(body)["articles"][0]["id"] for _, body in hook.requests)
    assert len(sent) == ARTICLES
    assert set(sent.values()) == {1}
    with opened_outbox(settings) as outbox:
        rows = outbox.rows()
    assert {(row.status, row.attempts) for row in rows} == {("sent", 1)}


def test_an_outage_counts_one_attempt_per_row_actually_tried(tmp_path: Path) -> None:
    hook = WebhookReceiver(status=503).start()
    settings = make_settings(tmp_path)
    try:
        _queue(settings, hook)
        run = after_crawl(settings)
    finally:
        hook.stop()
    assert run.failed == ARTICLES and len(hook.requests) == ARTICLES
    with opened_outbox(settings) as outbox:
        assert {(row.status, row.attempts) for row in outbox.rows()} == {("pending", 1)}
