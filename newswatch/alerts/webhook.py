"""Webhook channel: JSON payload, HMAC signature, SSRF guard, POST with httpx.

Payload (``Content-Type: application/json; charset=utf-8``)::

    {
      "delivery_id": "9f…",          # stable per (rule, channel, articles): drop duplicates by it
      "rule": {"name": "dau-tu-moi-kcn-hai-phong", "query": "…", "mode": "instant"},
      "articles": [
        {"id": "…", "title": "…", "url": "https://…", "source": "baohaiphong",
         "published_at": "2021-01-16T10:30:00+07:00",   # ISO 8601, local offset; or null
         "snippet": "… <mark>khu công nghiệp</mark> …",  # HTML-safe, matches in <mark>
         "facts": {"zones": [{"name": "DEEP C", "kind": "KCN"}], "amounts": [{"text": "…",
                   "min": 1.5e8, "max": 1.5e8, "currency": "USD", "usd_min": 1.5e8,
                   "usd_max": 1.5e8}], "areas": […], "countries": ["JP"], "companies": […],
                   "events": ["new_project"]},     # as `newswatch facts --json`; or null
         "story_id": "…",                # the story (search.stories); or null
         "sources": ["vietnamplus", "vir"]}  # all sources of the story (one alert per story)
      ],
      "sent_at": "2021-01-16T10:35:02+07:00",
      "text": "*Cảnh báo tin mới «…»*: 1 bài\\n• <https://…|title> — source, 16/01/2021 10:30"
    }

``text`` is Slack mrkdwn, so a Slack (or Mattermost, Google Chat) incoming-webhook URL works as
is. With ``NEWSWATCH_ALERTS__WEBHOOK_SECRET`` set, ``X-Newswatch-Signature: sha256=<hex>`` is
the HMAC-SHA256 of the raw request body under that secret; verify it over the bytes received,
before parsing. ``X-Newswatch-Delivery`` repeats ``delivery_id``.

Targets in private, loopback, link-local or otherwise non-public ranges are refused (at rule
creation and again at every send, after resolving the host) unless ``[alerts]
webhook_allowlist`` names the host or a CIDR holding its address. The request then goes to the
address that was checked, so a DNS answer that changes in between cannot redirect it.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

import httpx

from newswatch.alerts.delivery import (
    Delivery,
    DeliveryError,
    PeerUnreachable,
    facts_line,
    local_time,
    plain_snippet,
    sources_line,
)
from newswatch.core.settings import AlertSettings

SIGNATURE_HEADER = "X-Newswatch-Signature"
DELIVERY_HEADER = "X-Newswatch-Delivery"
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class TargetRefused(DeliveryError):
    """The webhook URL is not an allowed public http(s) endpoint."""


@dataclass(frozen=True)
class Target:
    """Where to connect: the checked address, with the original host for Host and TLS SNI."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, Any] = field(default_factory=dict)


# IPv6 forms that carry an IPv4 address in their low 32 bits; the embedded address is what a
# translator or tunnel finally connects to, so it must be public too. ``ipaddress`` decodes
# IPv4-mapped, 6to4 and Teredo itself (``.ipv4_mapped``, ``.sixtofour``, ``.teredo``).
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052 well-known prefix
_LOW_32_FORMS = (
    (_NAT64, "NAT64"),
    (ipaddress.IPv6Network("64:ff9b:1::/48"), "local NAT64"),  # RFC 8215
    (ipaddress.IPv6Network("::ffff:0:0:0/96"), "IPv4-translated"),  # RFC 2765 ::ffff:0:a.b.c.d
    (ipaddress.IPv6Network("::/96"), "IPv4-compatible"),  # deprecated ::a.b.c.d
)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[tuple[ipaddress.IPv4Address, str]]:
    """Every IPv4 address ``ip`` embeds, with the name of the form that embeds it."""
    found = [(v4, "IPv4-mapped") for v4 in [ip.ipv4_mapped] if v4 is not None]
    found += [(v4, "6to4") for v4 in [ip.sixtofour] if v4 is not None]
    found += [(v4, "Teredo") for v4 in (ip.teredo or ())]
    low = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    found += [(low, name) for network, name in _LOW_32_FORMS if ip in network]
    return found


def refusal_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` is not a public address to send to, or ``None`` if it is one."""
    for name, flag in (("loopback", ip.is_loopback), ("unspecified", ip.is_unspecified)):
        if flag:
            return name
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # the socket layer connects to the IPv4 address itself
            return refusal_reason(ip.ipv4_mapped)
        if ip.is_site_local:  # fec0::/10: deprecated, still routed inside some networks
            return "site-local"
        for v4, form in embedded_ipv4(ip):
            if (reason := refusal_reason(v4)) is not None:
                return f"{reason} (IPv4 {v4} embedded as {form})"
        if ip in _NAT64:  # globally reachable (IANA), though inside the reserved ::/8
            return None
    for name, flag in (
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return name
    return None if ip.is_global else "non-public"


def _allowed_networks(
    allowlist: Sequence[str],
) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for entry in allowlist:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue  # a host name, matched by name
    return networks


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise DeliveryError(f"cannot resolve webhook host {host!r}: {exc.strerror}") from exc
    found: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if ip not in found:
            found.append(ip)
    return found


def check_target(url: str, allowlist: Sequence[str]) -> Target:
    """Validate a webhook URL and pin it to a checked address, or raise ``TargetRefused``."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise TargetRefused(f"webhook URL {url!r} is not a valid URL: {exc}") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise TargetRefused(f"webhook URL {url!r} must be an http:// or https:// URL with a host")
    host = parsed.host
    if host.lower() in {entry.strip().lower() for entry in allowlist}:
        return Target(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    addresses = _resolve(host, port)
    networks = _allowed_networks(allowlist)
    for ip in addresses:
        reason = refusal_reason(ip)
        if reason and not any(ip in network for network in networks):
            raise TargetRefused(
                f"webhook target {url} refused: {host} resolves to {ip}, a {reason} address;"
                " to allow it add the host or a CIDR to [alerts] webhook_allowlist"
            )
    pinned = str(parsed.copy_with(host=str(addresses[0])))
    return Target(pinned, {"Host": parsed.netloc.decode("ascii")}, {"sni_hostname": host})


def slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_text(delivery: Delivery, tz: tzinfo) -> str:
    """Slack mrkdwn: a bold heading, then one bullet per article with its link."""
    count = len(delivery.articles)
    kind = "Bản tin" if delivery.mode == "digest" else "Cảnh báo tin mới"
    lines = [f"*{kind} «{slack_escape(delivery.rule)}»*: {count} bài"]
    for article in delivery.articles:
        title = slack_escape(article.title).replace("|", "¦")
        when = local_time(article.published_at, tz)
        lines.append(f"• <{article.url}|{title}> — {slack_escape(sources_line(article))}, {when}")
        if article.snippet:
            lines.append(f"> {slack_escape(plain_snippet(article.snippet))}")
        if line := facts_line(article):
            lines.append(f"> {slack_escape(line)}")
        if article.revision is not None:  # an edit notice (newswatch.alerts.edits)
            lines += [f"> Đã chỉnh sửa: {slack_escape(e)}" for e in article.edit.splitlines()]
    return "\n".join(lines)


def payload(delivery: Delivery, tz: tzinfo, now: datetime) -> dict[str, Any]:
    articles = []
    for article in delivery.articles:
        item = article.to_json()
        if article.published_at is not None:
            item["published_at"] = article.published_at.astimezone(tz).isoformat()
        articles.append(item)
    return {
        "delivery_id": delivery.delivery_id,
        "rule": {"name": delivery.rule, "query": delivery.query, "mode": delivery.mode},
        "articles": articles,
        "sent_at": now.astimezone(tz).isoformat(timespec="seconds"),
        "text": slack_text(delivery, tz),
    }


def signature(secret: str, body: bytes) -> str:
    """The ``X-Newswatch-Signature`` value: ``sha256=`` + hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def send(delivery: Delivery, alerts: AlertSettings, tz: tzinfo, now: datetime) -> None:
    """POST the payload; any non-2xx answer, timeout or refusal raises ``DeliveryError``."""
    target = check_target(delivery.channel, alerts.webhook_allowlist)
    body = json.dumps(payload(delivery, tz, now), ensure_ascii=False).encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "newswatch-alerts",
        DELIVERY_HEADER: delivery.delivery_id,
        **target.headers,
    }
    if alerts.webhook_secret is not None:
        headers[SIGNATURE_HEADER] = signature(alerts.webhook_secret.get_secret_value(), body)
    try:
        with httpx.Client(timeout=alerts.webhook_timeout_seconds, trust_env=False) as client:
            response = client.post(
                target.url, content=body, headers=headers, extensions=target.extensions
            )
    except (httpx.TimeoutException, httpx.ConnectError) as exc:
        raise PeerUnreachable(f"webhook {delivery.channel}: {type(exc).__name__} {exc}") from exc
    except httpx.HTTPError as exc:
        raise DeliveryError(f"webhook {delivery.channel}: {type(exc).__name__} {exc}") from exc
    if not response.is_success:
        raise DeliveryError(
            f"webhook {delivery.channel} answered HTTP {response.status_code}"
            f" {response.reason_phrase}"
        )
