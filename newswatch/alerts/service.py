"""Entry points the scheduler, the CLI and the API call: evaluate, deliver, manage rules.

* ``after_crawl(settings)`` — after every crawl run: queue new matches of every rule, then send
  whatever is due (instant alerts, retries, digests whose time has come).
* ``deliver_pending(settings)`` — send what is due; run it every few minutes so retries
  (exponential backoff) and per-rule digest times do not wait for the next crawl.
* ``run_digest(settings)`` — the daily digest job (``[alerts] digest_at``): queue new matches,
  then send every digest that is due.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from newswatch.alerts import email, webhook
from newswatch.alerts.delivery import (
    AlertArticle,
    Delivery,
    DeliveryError,
    Mode,
    PeerUnreachable,
    channel_kind,
)
from newswatch.alerts.digest import deliveries, next_digest_time
from newswatch.alerts.edits import delete_edit_watermark, evaluate_edits, save_edit_watermark
from newswatch.alerts.evaluate import (
    delete_watermark,
    evaluate_rule,
    save_watermark,
)
from newswatch.alerts.outbox import Outbox
from newswatch.alerts.rules import (
    AlertRule,
    RuleError,
    check_sources,
    delete_rule,
    list_rules,
    load_rule,
    save_rule,
)
from newswatch.core.settings import Settings
from newswatch.core.state_db import outbox_url
from search.backend import Backend, BackendUnavailable, BadQuery, SearchRequest
from search.factory import open_backend, open_revisions

log = logging.getLogger(__name__)


@dataclass
class AlertRun:
    """What one call did; ``errors`` are one line each, for logs and the run record."""

    rules: int = 0
    queued: int = 0
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


@contextlib.contextmanager
def opened_backend(settings: Settings, given: Backend | None = None) -> Iterator[Backend]:
    """``given`` as it is (the API's and the daemon's open backend, readied once), else the
    configured backend opened, readied and closed around the block (one CLI command)."""
    if given is not None:
        yield given
        return
    backend = open_backend(settings)
    try:
        backend.ensure_ready()
        yield backend
    finally:
        backend.close()


@contextlib.contextmanager
def opened_outbox(settings: Settings) -> Iterator[Outbox]:
    alerts = settings.alerts
    outbox = Outbox(
        outbox_url(settings), alerts.max_attempts, timedelta(seconds=alerts.lease_seconds)
    )
    try:
        yield outbox
    finally:
        outbox.close()


def _due(settings: Settings, rule: AlertRule, now: datetime) -> datetime:
    if rule.mode == "instant":
        return now
    return next_digest_time(now, rule.digest_at or settings.alerts.digest_at, settings.crawl.tz)


def evaluate_all(
    settings: Settings,
    outbox: Outbox,
    now: datetime,
    run: AlertRun,
    backend: Backend | None = None,
) -> None:
    """Queue new matches of every enabled rule; one broken rule does not stop the others."""
    revisions = open_revisions(settings)
    try:
        with opened_backend(settings, backend) as store:
            for rule in list_rules(store):
                if not rule.enabled:
                    continue
                run.rules += 1
                try:
                    due = _due(settings, rule, now)
                    run.queued += evaluate_rule(store, outbox, rule, due, now)
                    run.queued += evaluate_edits(store, revisions, outbox, rule, due)
                except BadQuery as exc:
                    run.errors.append(f"rule {rule.name}: bad query: {exc}")
    except BackendUnavailable as exc:
        run.errors.append(f"storage unavailable, alerts not evaluated: {exc}")
    finally:
        revisions.close()


def send(settings: Settings, delivery: Delivery, now: datetime) -> None:
    """One message to one channel; raises ``DeliveryError`` with the reason."""
    tz = settings.crawl.tz
    if channel_kind(delivery.channel) == "email":
        message = email.compose(delivery, settings.alerts.mail_from, tz, now)
        email.send(message, settings.alerts)
    else:
        webhook.send(delivery, settings.alerts, tz, now)


def deliver(
    settings: Settings, outbox: Outbox, now: datetime, run: AlertRun, mode: Mode | None
) -> None:
    started = time.monotonic()
    unreachable: Counter[str] = Counter()
    """Peers that refused or timed out in this pass → deliveries left to the next pass."""
    for delivery in deliveries(outbox.due(now, mode)):
        peer = _peer(settings, delivery.channel)
        if peer in unreachable:  # would wait out the same timeout: not claimed, not counted
            unreachable[peer] += 1
            continue
        # ``now`` may be simulated; the time spent sending so far is real.
        moment = now + timedelta(seconds=time.monotonic() - started)
        if not outbox.claim(delivery.row_ids, moment):
            continue  # another process took it since ``due``
        try:
            send(settings, delivery, moment)
        except PeerUnreachable as exc:
            unreachable[peer] = 0  # from now on, counts the deliveries it holds back
            error = str(exc)
        except DeliveryError as exc:
            error = str(exc)
        except Exception as exc:  # a bug must not strand the other deliveries
            log.exception("alert delivery to %s crashed", delivery.channel)
            error = f"{type(exc).__name__}: {exc}"
        else:
            outbox.mark_sent(delivery.row_ids, moment)
            run.sent += 1
            continue
        outbox.mark_failed(delivery.row_ids, error, moment)
        run.failed += 1
        run.errors.append(f"rule {delivery.rule} → {delivery.channel}: {error}")
    for peer, held in unreachable.items():
        if held:
            run.errors.append(f"{peer} unreachable: {held} more deliveries left for the next pass")


def _peer(settings: Settings, channel: str) -> str:
    """The server a channel's sends go to: every e-mail goes through the one SMTP server."""
    if channel_kind(channel) == "email":
        return f"SMTP {settings.alerts.smtp_host}:{settings.alerts.smtp_port}"
    return f"webhook {urlsplit(channel).netloc}"


def _finish(name: str, run: AlertRun) -> AlertRun:
    for error in run.errors:
        log.warning("alerts: %s", error)
    log.info(
        "alerts %s: %d rules, %d queued, %d sent, %d failed",
        name,
        run.rules,
        run.queued,
        run.sent,
        run.failed,
    )
    return run


def after_crawl(
    settings: Settings, now: datetime | None = None, backend: Backend | None = None
) -> AlertRun:
    now, run = now or datetime.now(UTC), AlertRun()
    with opened_outbox(settings) as outbox:
        evaluate_all(settings, outbox, now, run, backend)
        if wait := settle_wait(settings):
            # The crawl's own articles settle only now: evaluate again so instant alerts
            # about them go out with this crawl, not with the next one.
            time.sleep(wait)
            # Deliveries queued by this second pass are due from its own time, so the send
            # below must not use the time from before the wait (it would find them not due).
            now = max(now, datetime.now(UTC))
            again = AlertRun()
            evaluate_all(settings, outbox, now, again, backend)
            run.queued += again.queued
            run.errors.extend(again.errors)
        deliver(settings, outbox, now, run, mode=None)
    return _finish("after crawl", run)


def settle_wait(settings: Settings) -> int:
    """Seconds until articles stored now are visible to evaluation (see ``stored_after``)."""
    storage = settings.storage
    return storage.settle_seconds if storage.backend == "elasticsearch" else 0


def deliver_pending(settings: Settings, now: datetime | None = None) -> AlertRun:
    now, run = now or datetime.now(UTC), AlertRun()
    with opened_outbox(settings) as outbox:
        deliver(settings, outbox, now, run, mode=None)
    return _finish("delivery", run)


def run_digest(
    settings: Settings, now: datetime | None = None, backend: Backend | None = None
) -> AlertRun:
    now, run = now or datetime.now(UTC), AlertRun()
    with opened_outbox(settings) as outbox:
        evaluate_all(settings, outbox, now, run, backend)
        deliver(settings, outbox, now, run, mode="digest")
    return _finish("digest", run)


def check_channels(settings: Settings, rule: AlertRule) -> None:
    """Refuse a webhook target the sender would refuse, before the rule is stored."""
    for channel in rule.channels:
        if channel_kind(channel) == "webhook":
            webhook.check_target(channel, settings.alerts.webhook_allowlist)


def add_rule(
    settings: Settings, rule: AlertRule, replace: bool = False, backend: Backend | None = None
) -> None:
    """Validate and store ``rule``; a new rule watches articles stored from now on.

    Raises ``RuleError`` (name taken), ``DeliveryError`` (webhook refused) or ``BadQuery``.
    Replacing a rule keeps its watermark, so nothing is alerted twice or skipped.
    """
    check_channels(settings, rule)
    check_sources(rule, [source.name for source in settings.sources])
    with opened_backend(settings, backend) as backend:
        existing = load_rule(backend, rule.name)
        if existing is not None and not replace:
            raise RuleError(f"an alert rule named {rule.name!r} exists (use --replace)")
        backend.search(SearchRequest(query=rule.query, size=1))
        save_rule(backend, rule)
        if existing is None:
            save_watermark(backend, rule.name, backend.end_cursor())
        if rule.on_edit and (existing is None or not existing.on_edit):
            # Edits from now on; a rule switched to on_edit does not replay earlier ones.
            revisions = open_revisions(settings)
            try:
                save_edit_watermark(backend, rule.name, revisions.end())
            finally:
                revisions.close()


def remove_rule(settings: Settings, name: str, backend: Backend | None = None) -> bool:
    """Delete the rule, its watermark and its unsent deliveries."""
    with opened_backend(settings, backend) as backend:
        found = delete_rule(backend, name)
        delete_watermark(backend, name)
        delete_edit_watermark(backend, name)
    with opened_outbox(settings) as outbox:
        outbox.forget_rule(name)
    return found


def preview(
    settings: Settings,
    rule: AlertRule,
    days: int,
    limit: int,
    now: datetime | None = None,
    backend: Backend | None = None,
) -> list[AlertArticle]:
    """Recent articles (published in the last ``days``) the rule matches, newest first."""
    now = now or datetime.now(UTC)
    request = SearchRequest(
        query=rule.query,
        sources=tuple(rule.sources),
        published_from=now - timedelta(days=days),
        sort="date",
        size=limit,
    )
    with opened_backend(settings, backend) as backend:
        return [AlertArticle.from_hit(hit) for hit in backend.search(request).hits]


def send_test(
    settings: Settings, rule: AlertRule, articles: list[AlertArticle], now: datetime | None = None
) -> dict[str, str | None]:
    """Send ``articles`` to every channel now, outside the outbox: channel → error or None."""
    now = now or datetime.now(UTC)
    mode: Mode = "digest" if len(articles) > 1 else "instant"
    outcome: dict[str, str | None] = {}
    for channel in rule.channels:
        delivery = Delivery(rule.name, rule.query, mode, channel, tuple(articles))
        try:
            send(settings, delivery, now)
            outcome[channel] = None
        except DeliveryError as exc:
            outcome[channel] = str(exc)
    return outcome
