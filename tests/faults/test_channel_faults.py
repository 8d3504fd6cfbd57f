"""Alert channels that hang (accept, never answer) or answer slowly, for e-mail (a real aiosmtpd
server) and webhooks (a real HTTP receiver), on 127.0.0.1.

A send that gets no answer in the channel's timeout fails on its own, and the pass leaves the
peer's other deliveries for the next one (unclaimed, no attempt counted): one delivery pass over
``ARTICLES`` alerts costs one timeout, so the crawl it follows is not held up; every alert stays
pending, and once the peer recovers each is delivered. A peer that answers too late may have
taken the message already: the documented bound is one extra copy per timed-out send, under
the same delivery id (receivers drop it); a peer slow but in time gets each exactly once.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newswatch.alerts.rules import example_rule_fields, rule_from_dict
from newswatch.alerts.service import (
    add_rule,
    after_crawl,
    deliver_pending,
    opened_backend,
    opened_outbox,
)
from newswatch.core.settings import Settings
from tests.alerts import BlackHole, SmtpSink, WebhookReceiver, article, make_settings
from tests.servers.elasticsearch import free_port

pytestmark = pytest.mark.timeout(120)
TIMEOUT = 1.0
"""The channel's timeout per send (``webhook_timeout_seconds`` / ``smtp_timeout_seconds``)."""
ARTICLES = 5
DELAYS = {"slow": TIMEOUT / 4, "too_slow": 2.5 * TIMEOUT}
"""A slow peer's answer time: within the timeout, or past it (it took the message, late)."""
SLUG = re.compile(r"fdi-kcn-(\d+)")


def copies(peer: WebhookReceiver | SmtpSink) -> Counter[tuple[str, str]]:
    """(article slug, delivery id) of every message the peer took, with its copies."""
    if isinstance(peer, WebhookReceiver):
        found = [
            (SLUG.findall(body.decode())[0], headers["X-Newswatch-Delivery"])
            for headers, body in peer.requests
        ]
    else:
        found = [
            (SLUG.findall(m.get_body(("plain",)).get_content())[0], m["X-Newswatch-Delivery"])  # type: ignore[union-attr]
            for m in peer.messages
        ]
    return Counter(found)


def queue_alerts(tmp_path: Path, channel: str, port: int) -> tuple[Settings, set[str]]:
    settings = make_settings(
        tmp_path,
        smtp_port=port,
        smtp_timeout_seconds=TIMEOUT,
        webhook_timeout_seconds=TIMEOUT,
        lease_seconds=10 * TIMEOUT,
    )
    target = f"http://127.0.0.1:{port}/hook" if channel == "webhook" else "ops@haiphong.vn"
    # every_copy: the near-identical articles are one story, and this test counts deliveries.
    fields = {**example_rule_fields(), "channels": [target], "every_copy": True}
    add_rule(settings, rule_from_dict(fields))
    found = [
        article(
            f"fdi-kcn-{i}",
            f"Dự án FDI số {i} vào KCN Đình Vũ",
            "Dự án FDI tại KCN Đình Vũ, Hải Phòng.",
        )
        for i in range(ARTICLES)
    ]
    with opened_backend(settings) as backend:
        backend.upsert(found)
    return settings, {str(i) for i in range(ARTICLES)}


def healthy(channel: str, port: int, delay: float = 0.0) -> WebhookReceiver | SmtpSink:
    if channel == "webhook":
        return WebhookReceiver(port, delay=delay).start()
    return SmtpSink(port, delay=delay).start()


@pytest.mark.parametrize("channel", ["webhook", "email"])
@pytest.mark.parametrize("fault", ["hanging", "too_slow"])
def test_a_peer_without_an_answer_in_time_fails_each_send_then_gets_each_alert(
    tmp_path: Path, channel: str, fault: str
) -> None:
    port = free_port()
    settings, expected = queue_alerts(tmp_path, channel, port)
    faulty: BlackHole | WebhookReceiver | SmtpSink
    faulty = BlackHole(port) if fault == "hanging" else healthy(channel, port, DELAYS[fault])
    try:
        started = time.monotonic()
        during = after_crawl(settings)
        took = time.monotonic() - started
    finally:
        faulty.close() if isinstance(faulty, BlackHole) else faulty.stop()
    print(f"{channel} {fault}: one pass over {ARTICLES} alerts took {took:.1f} s")
    assert (during.sent, during.failed) == (0, 1), during.errors
    assert f"{ARTICLES - 1} more deliveries left for the next pass" in during.errors[-1]
    assert took < TIMEOUT + 2.0, "one timeout, not one per alert"
    with opened_outbox(settings) as outbox:
        tried = sorted((row.status, row.attempts) for row in outbox.rows())
    assert tried == [("pending", 0)] * (ARTICLES - 1) + [("pending", 1)]

    recovered = healthy(channel, port)
    try:
        later = datetime.now(UTC) + timedelta(minutes=5)  # past the first failure's backoff
        assert deliver_pending(settings, later).sent == ARTICLES
        assert deliver_pending(settings, later + timedelta(hours=7)).sent == 0
    finally:
        recovered.stop()
    taken = copies(recovered)
    if not isinstance(faulty, BlackHole):
        taken += copies(faulty)
    assert {slug for slug, _ in taken} == expected, "0 lost"
    assert len({delivery for _, delivery in taken}) == ARTICLES, "one delivery id per alert"
    bound = 1 if fault == "hanging" else 2  # a late answer: the copy it took, then the retry
    assert max(Counter(slug for slug, _ in taken).values()) <= bound
    with opened_outbox(settings) as outbox:
        sent = sorted((row.status, row.attempts) for row in outbox.rows())
    assert sent == [("sent", 1)] * (ARTICLES - 1) + [("sent", 2)], "attempts count real sends"


@pytest.mark.parametrize("channel", ["webhook", "email"])
def test_a_slow_peer_within_the_timeout_gets_each_alert_exactly_once(
    tmp_path: Path, channel: str
) -> None:
    port = free_port()
    settings, expected = queue_alerts(tmp_path, channel, port)
    peer = healthy(channel, port, DELAYS["slow"])
    try:
        run = after_crawl(settings)
    finally:
        peer.stop()
    assert (run.sent, run.failed) == (ARTICLES, 0), run.errors
    taken = copies(peer)
    assert {slug for slug, _ in taken} == expected
    assert set(taken.values()) == {1}, "0 duplicated"
    with opened_outbox(settings) as outbox:
        assert {(row.status, row.attempts) for row in outbox.rows()} == {("sent", 1)}
