"""Source-health warnings by e-mail (``[alerts] health_channel``), through the alert mailer.

A redesign that stops titles or dates coming must reach a person the day it happens, not wait
for someone to read the crawl log.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage

from newswatch.alerts import email
from newswatch.alerts.delivery import DeliveryError, local_time
from newswatch.core.settings import Settings


def health_message(warnings: list[str], mail_from: str, to: str, when: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"] = mail_from, to
    message["Subject"] = f"newswatch: {len(warnings)} cảnh báo nguồn tin ({when})"
    lines = ["Lần thu thập gần nhất cho thấy nguồn tin có vấn đề:", ""]
    message.set_content("\n".join([*lines, *(f"- {warning}" for warning in warnings)]) + "\n")
    return message


def send_health_warnings(
    settings: Settings, warnings: list[str], now: datetime | None = None
) -> str | None:
    """Mail the warnings if a health channel is set; the failure as a sentence, else None."""
    channel = settings.alerts.health_channel
    if not warnings or not channel:
        return None
    when = local_time(now or datetime.now(UTC), settings.crawl.tz)
    message = health_message(warnings, settings.alerts.mail_from, channel, when)
    try:
        email.send(message, settings.alerts)
    except DeliveryError as exc:
        return f"source health warning not sent to {channel}: {exc}"
    return None
