"""E-mail channel: a Vietnamese multipart/alternative message (plain text + HTML) over SMTP.

The SMTP password comes only from ``NEWSWATCH_ALERTS__SMTP_PASSWORD``.
"""

from __future__ import annotations

import html
import re
import smtplib
import ssl
from datetime import datetime, tzinfo
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from newswatch.alerts.delivery import (
    AlertArticle,
    Delivery,
    DeliveryError,
    PeerUnreachable,
    facts_line,
    local_time,
    plain_snippet,
    sources_line,
)
from newswatch.core.settings import AlertSettings

_MARK_SPLIT = re.compile(r"(</?mark>)")


def safe_snippet(snippet: str) -> str:
    """Re-escape everything but ``<mark>``: the snippet is meant to be HTML-safe; make sure."""
    return "".join(
        part if _MARK_SPLIT.fullmatch(part) else html.escape(html.unescape(part))
        for part in _MARK_SPLIT.split(snippet)
    )


def subject(delivery: Delivery, tz: tzinfo, now: datetime) -> str:
    if delivery.mode == "digest":
        day = now.astimezone(tz).strftime("%d/%m/%Y")
        count = len(delivery.articles)
        return f"[newswatch] Bản tin «{delivery.rule}» ngày {day}: {count} bài mới"
    first = delivery.articles[0]
    if first.revision is not None:
        return f"[newswatch] Bài đã chỉnh sửa «{delivery.rule}»: {first.title}"
    return f"[newswatch] Tin mới «{delivery.rule}»: {first.title}"


def plain_body(delivery: Delivery, tz: tzinfo) -> str:
    lines = [
        f"Cảnh báo «{delivery.rule}»: {len(delivery.articles)} bài mới khớp truy vấn",
        f"    {delivery.query}",
        "",
    ]
    for number, article in enumerate(delivery.articles, start=1):
        lines += [
            f"{number}. {article.title}",
            f"   Nguồn: {sources_line(article)} · Đăng lúc: {local_time(article.published_at, tz)}",
            f"   {plain_snippet(article.snippet)}",
            *([f"   {line}"] if (line := facts_line(article)) else []),
            *_edit_lines(article),
            f"   {article.url}",
            "",
        ]
    lines += ["-- ", _footer(delivery)]
    return "\n".join(lines)


def _edit_lines(article: AlertArticle) -> list[str]:
    """An edit notice's diff under the article (nothing for a new article)."""
    if article.revision is None:
        return []
    return ["   Đã chỉnh sửa:", *(f"     {line}" for line in article.edit.splitlines())]


def _edit_html(article: AlertArticle) -> str:
    if article.revision is None:
        return ""
    return f"<b>Đã chỉnh sửa:</b><pre>{html.escape(article.edit)}</pre>"


def html_body(delivery: Delivery, tz: tzinfo) -> str:
    items = []
    for article in delivery.articles:
        url = html.escape(article.url, quote=True)
        items.append(
            f'<li style="margin-bottom:1em"><a href="{url}"><b>{html.escape(article.title)}</b>'
            f"</a><br><small>Nguồn: {html.escape(sources_line(article))} · Đăng lúc: "
            f"{local_time(article.published_at, tz)}</small><br>"
            f"{safe_snippet(article.snippet)}<br>{_facts_html(article)}{_edit_html(article)}"
            f"<small>{url}</small></li>"
        )
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body>'
        f"<p>Cảnh báo <b>«{html.escape(delivery.rule)}»</b>: {len(delivery.articles)} bài mới"
        f" khớp truy vấn <code>{html.escape(delivery.query)}</code></p>"
        f"<ol>{''.join(items)}</ol>"
        f"<hr><p><small>{html.escape(_footer(delivery))}</small></p></body></html>"
    )


def _facts_html(article: AlertArticle) -> str:
    line = facts_line(article)
    return f"<small>{html.escape(line)}</small><br>" if line else ""


def _footer(delivery: Delivery) -> str:
    return f"Gửi bởi newswatch. Ngừng nhận cảnh báo này: newswatch alerts remove {delivery.rule}"


def compose(delivery: Delivery, mail_from: str, tz: tzinfo, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject(delivery, tz, now)
    message["From"] = mail_from
    message["To"] = delivery.channel
    message["Date"] = format_datetime(now.astimezone(tz))
    message["Message-ID"] = make_msgid(idstring=delivery.delivery_id[:16], domain="newswatch")
    message["X-Newswatch-Delivery"] = delivery.delivery_id
    message.set_content(plain_body(delivery, tz))
    message.add_alternative(html_body(delivery, tz), subtype="html")
    return message


def _connect(alerts: AlertSettings) -> smtplib.SMTP:
    if alerts.smtp_ssl:
        return smtplib.SMTP_SSL(
            alerts.smtp_host,
            alerts.smtp_port,
            timeout=alerts.smtp_timeout_seconds,
            context=ssl.create_default_context(),
        )
    client = smtplib.SMTP(alerts.smtp_host, alerts.smtp_port, timeout=alerts.smtp_timeout_seconds)
    if alerts.smtp_starttls:
        client.starttls(context=ssl.create_default_context())
    return client


def send(message: EmailMessage, alerts: AlertSettings) -> None:
    """Hand the message to the SMTP server; any refusal or network error → ``DeliveryError``."""
    try:
        with _connect(alerts) as client:
            if alerts.smtp_user:
                password = alerts.smtp_password.get_secret_value() if alerts.smtp_password else ""
                client.login(alerts.smtp_user, password)
            client.send_message(message)
    except (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as exc:
        where = f"{alerts.smtp_host}:{alerts.smtp_port}"  # refused, timed out, hung up
        raise PeerUnreachable(f"SMTP {where}: {type(exc).__name__} {exc}") from exc
    except smtplib.SMTPException as exc:
        where = f"{alerts.smtp_host}:{alerts.smtp_port}"
        raise DeliveryError(f"SMTP {where}: {type(exc).__name__} {exc}") from exc
    except UnicodeEncodeError as exc:  # smtplib's AUTH encodes user and password as ASCII
        raise DeliveryError("SMTP login: user and password must be ASCII") from exc
