"""Alert evaluation and delivery end to end: a real backend (both kinds), a real SMTP server and
a real HTTP receiver; a "crawl run" is articles upserted into the backend + ``after_crawl``."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from newswatch.alerts.outbox import BACKOFF_BASE
from newswatch.alerts.rules import RuleError, example_rule_fields, rule_from_dict
from newswatch.alerts.service import (
    AlertRun,
    add_rule,
    after_crawl,
    deliver_pending,
    opened_backend,
    opened_outbox,
    remove_rule,
    run_digest,
)
from newswatch.alerts.webhook import TargetRefused
from newswatch.core.article import Article
from newswatch.core.settings import Settings
from tests.alerts import SmtpSink, WebhookReceiver, article, make_settings
from tests.servers.backends import BACKENDS, backend_settings, drop_elasticsearch_store

FDI_DINH_VU = article(
    "fdi-dinh-vu",
    "Hải Phòng đón dự án FDI 300 triệu USD vào KCN Đình Vũ",
    "Dự án có vốn đầu tư nước ngoài 300 triệu USD tại KCN Đình Vũ, thành phố Hải Phòng.",
)
KKT_CAT_HAI = article(
    "kkt-cat-hai",
    "Thêm dự án vốn đầu tư 1 tỷ USD vào Khu kinh tế Đình Vũ – Cát Hải",
    "Ban quản lý KKT Hải Phòng trao giấy chứng nhận đầu tư cho dự án mới.",
)
FOOTBALL = article("bong-da", "Hải Phòng thắng 2-0 trên sân Lạch Tray", "Bóng đá V-League.")


@pytest.fixture(params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path: Path, smtp: SmtpSink) -> Iterator[Settings]:
    """The test's own store of the parametrised kind, alerts pointed at the local receivers."""
    store = backend_settings(request.param, request, tmp_path)
    yield make_settings(tmp_path, store.storage.model_dump(), smtp_port=smtp.port)
    if store.storage.backend == "elasticsearch":
        drop_elasticsearch_store(store.storage)


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


def example_rule(*channels: str, **changes: Any) -> Any:
    return rule_from_dict({**example_rule_fields(), "channels": list(channels), **changes})


def crawl_run(settings: Settings, *articles: Article, now: datetime | None = None) -> AlertRun:
    """What the scheduler does: a crawl stores articles, then ``after_crawl``."""
    with opened_backend(settings) as backend:
        backend.upsert(articles)
    return after_crawl(settings, now)


def mailed_titles(smtp: SmtpSink) -> list[str]:
    return [str(message["Subject"]).split("»: ", 1)[1] for message in smtp.messages]


def posted_titles(receiver: WebhookReceiver) -> list[str]:
    return [json.loads(body)["articles"][0]["title"] for _, body in receiver.requests]


def test_instant_alert_fires_once_per_new_matching_article_across_crawl_runs(
    settings: Settings, smtp: SmtpSink, receiver: WebhookReceiver
) -> None:
    add_rule(settings, example_rule("ops@haiphong.vn", receiver.url))
    first = crawl_run(settings, FDI_DINH_VU, FOOTBALL)
    assert (first.queued, first.sent, first.errors) == (2, 2, [])
    crawl_run(settings, KKT_CAT_HAI, FDI_DINH_VU.model_copy(update={"text": "cập nhật: KCN"}))
    crawl_run(settings)
    expected = [FDI_DINH_VU.title, KKT_CAT_HAI.title]
    assert mailed_titles(smtp) == expected
    assert posted_titles(receiver) == expected


def test_articles_stored_before_the_rule_existed_are_not_alerted(
    settings: Settings, smtp: SmtpSink
) -> None:
    with opened_backend(settings) as backend:
        backend.upsert([FDI_DINH_VU])
    add_rule(settings, example_rule("ops@haiphong.vn"))
    crawl_run(settings, KKT_CAT_HAI)
    assert mailed_titles(smtp) == [KKT_CAT_HAI.title]


def test_source_and_age_filters_keep_other_articles_out(settings: Settings, smtp: SmtpSink) -> None:
    add_rule(settings, example_rule("ops@haiphong.vn", sources=["baohaiphong"], max_age_days=7))
    old = datetime.now(UTC) - timedelta(days=30)
    crawl_run(
        settings,
        article("cu", FDI_DINH_VU.title + " (cũ)", FDI_DINH_VU.text, published_at=old),
        article("khac", KKT_CAT_HAI.title + " (nguồn khác)", KKT_CAT_HAI.text, source="vnx"),
        FDI_DINH_VU,
    )
    assert mailed_titles(smtp) == [FDI_DINH_VU.title]


@pytest.mark.parametrize("channel", ["email", "webhook"])
def test_channel_down_delivery_waits_and_arrives_once_when_back(
    settings: Settings, smtp: SmtpSink, channel: str
) -> None:
    receiver = WebhookReceiver()
    smtp.stop()
    target = "ops@haiphong.vn" if channel == "email" else receiver.url
    add_rule(settings, example_rule(target))
    run = crawl_run(settings, FDI_DINH_VU)
    assert (run.sent, run.failed) == (0, 1)
    with opened_outbox(settings) as outbox:
        (waiting,) = outbox.status().open_rows
    assert waiting.status == "pending" and "Connect" in (waiting.last_error or "")

    (smtp.start() if channel == "email" else receiver.start())
    try:
        assert deliver_pending(settings).sent == 0  # backoff: not due yet
        later = datetime.now(UTC) + BACKOFF_BASE
        assert deliver_pending(settings, later).sent == 1
        assert deliver_pending(settings, later + timedelta(days=1)).sent == 0
        crawl_run(settings)
    finally:
        receiver.stop()
    arrived = mailed_titles(smtp) if channel == "email" else posted_titles(receiver)
    assert arrived == [FDI_DINH_VU.title]


def test_digest_holds_matches_until_its_time_then_sends_one_grouped_message(
    settings: Settings, smtp: SmtpSink
) -> None:
    now = datetime.now(UTC)
    digest_at = (now + timedelta(hours=2)).astimezone(settings.crawl.tz).strftime("%H:%M")
    add_rule(settings, example_rule("ops@haiphong.vn", mode="digest", digest_at=digest_at))
    crawl_run(settings, FDI_DINH_VU, now=now)
    crawl_run(settings, KKT_CAT_HAI, FOOTBALL, now=now + timedelta(minutes=5))
    assert smtp.messages == []
    run = run_digest(settings, now + timedelta(hours=2))
    assert run.sent == 1
    (message,) = smtp.messages
    assert "Bản tin «dau-tu-moi-kcn-hai-phong»" in str(message["Subject"])
    assert "2 bài mới" in str(message["Subject"])
    body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert FDI_DINH_VU.title in body and KKT_CAT_HAI.title in body
    assert FOOTBALL.title not in body


def test_signed_webhook_verifies_with_the_secret_from_the_environment(
    settings: Settings, receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSWATCH_ALERTS__WEBHOOK_SECRET", "bí-mật")
    signed = Settings(**settings.model_dump(exclude={"alerts": {"webhook_secret"}}))
    add_rule(signed, example_rule(receiver.url))
    crawl_run(signed, FDI_DINH_VU)
    ((headers, body),) = receiver.requests
    expected = hmac.new("bí-mật".encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Newswatch-Signature"] == f"sha256={expected}"


def test_private_webhook_is_refused_at_rule_creation(settings: Settings) -> None:
    closed = settings.model_copy(
        update={"alerts": settings.alerts.model_copy(update={"webhook_allowlist": []})}
    )
    with pytest.raises(TargetRefused, match=r"127\.0\.0\.1, a loopback address"):
        add_rule(closed, example_rule("http://127.0.0.1:9/hook"))
    with opened_backend(settings) as backend:
        assert backend.list_records("alert_rule") == []


def test_private_webhook_is_refused_again_at_send_time(
    settings: Settings, receiver: WebhookReceiver
) -> None:
    add_rule(settings, example_rule(receiver.url))
    closed = settings.model_copy(
        update={"alerts": settings.alerts.model_copy(update={"webhook_allowlist": []})}
    )
    run = crawl_run(closed, FDI_DINH_VU)
    assert run.sent == 0 and "loopback address" in run.errors[0]
    assert receiver.requests == []


def test_rule_names_are_unique_unless_replaced_and_replacing_keeps_the_watermark(
    settings: Settings, smtp: SmtpSink
) -> None:
    add_rule(settings, example_rule("ops@haiphong.vn"))
    crawl_run(settings, FDI_DINH_VU)
    with pytest.raises(RuleError, match="exists"):
        add_rule(settings, example_rule("other@haiphong.vn"))
    add_rule(settings, example_rule("ops@haiphong.vn", "other@haiphong.vn"), replace=True)
    crawl_run(settings, KKT_CAT_HAI)
    recipients = sorted((str(m["To"]), mailed_titles(smtp)[i]) for i, m in enumerate(smtp.messages))
    assert recipients == [
        ("ops@haiphong.vn", FDI_DINH_VU.title),
        ("ops@haiphong.vn", KKT_CAT_HAI.title),
        ("other@haiphong.vn", KKT_CAT_HAI.title),
    ]


def test_removed_rule_loses_its_pending_deliveries_and_stops_alerting(
    settings: Settings, smtp: SmtpSink
) -> None:
    smtp.stop()
    add_rule(settings, example_rule("ops@haiphong.vn"))
    crawl_run(settings, FDI_DINH_VU)
    assert remove_rule(settings, "dau-tu-moi-kcn-hai-phong")
    smtp.start()
    crawl_run(settings, KKT_CAT_HAI, now=datetime.now(UTC) + timedelta(hours=1))
    with opened_outbox(settings) as outbox:
        assert outbox.status().counts == {"pending": 0, "sent": 0, "failed": 0}
    assert smtp.messages == []
