from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crawler.facts import extract_facts
from newswatch.alerts.delivery import AlertArticle, Delivery, DeliveryError
from newswatch.alerts.webhook import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TargetRefused,
    check_target,
    payload,
    send,
    signature,
)
from tests.alerts import BlackHole, WebhookReceiver, make_settings

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2021, 1, 16, 3, 35, tzinfo=UTC)
ARTICLE = AlertArticle(
    id="a1",
    title="Hải Phòng: dự án FDI 500 triệu USD vào KCN Đình Vũ",
    url="https://baohaiphong.vn/a1.html",
    source="baohaiphong",
    published_at=datetime(2021, 1, 16, 3, 30, tzinfo=UTC),
    snippet="… vốn đầu tư vào <mark>KCN</mark> Đình Vũ &amp; Cát Hải …",
)


@pytest.fixture()
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver().start()
    yield server
    server.stop()


def delivery_to(url: str) -> Delivery:
    return Delivery("fdi", "FDI KCN", "instant", url, (ARTICLE,))


def test_payload_and_slack_text_carry_the_facts() -> None:
    facts = extract_facts(ARTICLE.title)  # "… dự án FDI 500 triệu USD vào KCN Đình Vũ"
    with_facts = replace(ARTICLE, facts=facts)
    delivery = Delivery("fdi", "FDI KCN", "instant", "https://hooks.vn/x", (with_facts,))
    body = payload(delivery, HCM, NOW)
    assert body["articles"][0]["facts"] == facts.to_dict()
    assert body["articles"][0]["facts"]["amounts"][0]["usd_max"] == 5e8
    assert "> Khu: DEEP C Hải Phòng I (Đình Vũ) · Vốn: 500 triệu USD" in body["text"]


def test_payload_carries_rule_articles_sent_at_and_slack_text() -> None:
    body = payload(delivery_to("https://hooks.vn/x"), HCM, NOW)
    assert body["rule"] == {"name": "fdi", "query": "FDI KCN", "mode": "instant"}
    assert body["articles"] == [
        {
            "id": "a1",
            "title": ARTICLE.title,
            "url": ARTICLE.url,
            "source": "baohaiphong",
            "published_at": "2021-01-16T10:30:00+07:00",
            "snippet": ARTICLE.snippet,
            "facts": None,
            "story_id": None,
            "sources": [],
        }
    ]
    assert body["sent_at"] == "2021-01-16T10:35:00+07:00"
    assert body["text"].startswith("*Cảnh báo tin mới «fdi»*: 1 bài\n")
    assert f"<{ARTICLE.url}|{ARTICLE.title}> — baohaiphong, 16/01/2021 10:30" in body["text"]
    assert "> … vốn đầu tư vào *KCN* Đình Vũ &amp; Cát Hải …" in body["text"]


def test_slack_text_escapes_angle_brackets_and_the_link_separator() -> None:
    tricky = AlertArticle("b", "A <b> | C & D", "https://x.vn/b", "x", None, "")
    text = payload(Delivery("r", "q", "instant", "https://h.vn", (tricky,)), HCM, NOW)["text"]
    assert "<https://x.vn/b|A &lt;b&gt; ¦ C &amp; D>" in text


def test_send_posts_signed_json_the_receiver_can_verify(
    receiver: WebhookReceiver, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, webhook_secret="s3cret")
    send(delivery_to(receiver.url), settings.alerts, HCM, NOW)
    ((headers, raw),) = receiver.requests
    expected = hmac.new(b"s3cret", raw, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER] == f"sha256={expected}"
    assert headers[SIGNATURE_HEADER] == signature("s3cret", raw)
    assert json.loads(raw)["articles"][0]["title"] == ARTICLE.title
    assert headers[DELIVERY_HEADER] == json.loads(raw)["delivery_id"]


def test_signature_does_not_verify_a_tampered_body(
    receiver: WebhookReceiver, tmp_path: Path
) -> None:
    send(delivery_to(receiver.url), make_settings(tmp_path, webhook_secret="k").alerts, HCM, NOW)
    ((headers, raw),) = receiver.requests
    assert signature("k", raw.replace(b"fdi", b"fdj")) != headers[SIGNATURE_HEADER]
    assert signature("other", raw) != headers[SIGNATURE_HEADER]


def test_no_secret_means_no_signature_header(receiver: WebhookReceiver, tmp_path: Path) -> None:
    send(delivery_to(receiver.url), make_settings(tmp_path).alerts, HCM, NOW)
    ((headers, _),) = receiver.requests
    assert SIGNATURE_HEADER not in headers


def test_error_status_from_the_receiver_is_a_delivery_error(tmp_path: Path) -> None:
    server = WebhookReceiver(status=500).start()
    try:
        with pytest.raises(DeliveryError, match="answered HTTP 500"):
            send(delivery_to(server.url), make_settings(tmp_path).alerts, HCM, NOW)
    finally:
        server.stop()


def test_receiver_down_is_a_delivery_error(tmp_path: Path) -> None:
    with pytest.raises(DeliveryError, match="ConnectError"):
        send(delivery_to(WebhookReceiver().url), make_settings(tmp_path).alerts, HCM, NOW)


def test_receiver_that_never_answers_times_out(tmp_path: Path) -> None:
    hole = BlackHole()
    settings = make_settings(tmp_path, webhook_timeout_seconds=0.5)
    try:
        with pytest.raises(DeliveryError, match="Timeout"):
            send(delivery_to(f"http://127.0.0.1:{hole.port}/x"), settings.alerts, HCM, NOW)
    finally:
        hole.close()


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://127.0.0.1:9/x", "loopback"),
        ("http://localhost/x", "loopback"),
        ("http://10.1.2.3/x", "private"),
        ("https://192.168.1.10/x", "private"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
        ("http://[::1]/x", "loopback"),
        ("http://[::ffff:10.0.0.1]/x", "private"),
    ],
)
def test_private_loopback_and_link_local_targets_are_refused(url: str, kind: str) -> None:
    with pytest.raises(TargetRefused, match=f"a {kind} address.*webhook_allowlist"):
        check_target(url, [])


def test_send_refuses_a_private_target_before_connecting(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, webhook_allowlist=[])
    with pytest.raises(TargetRefused, match="loopback"):
        send(delivery_to("http://127.0.0.1:9/x"), settings.alerts, HCM, NOW)


@pytest.mark.parametrize("url", ["ftp://example.vn/x", "not a url", "http:///nohost"])
def test_non_http_urls_are_refused(url: str) -> None:
    with pytest.raises(TargetRefused):
        check_target(url, [])


@pytest.mark.parametrize("allow", [["10.0.0.0/8"], ["10.1.2.3"]])
def test_allowlisted_cidr_lets_a_private_target_through(allow: list[str]) -> None:
    assert check_target("http://10.1.2.3:8080/hook", allow).url == "http://10.1.2.3:8080/hook"


def test_allowlisted_host_name_is_not_range_checked() -> None:
    assert check_target("http://localhost:8080/hook", ["LOCALHOST"]).url.endswith(":8080/hook")


def test_public_target_is_pinned_to_the_checked_address_keeping_host_and_sni() -> None:
    target = check_target("https://93.184.215.14:8443/hook?x=1", [])
    assert target.url == "https://93.184.215.14:8443/hook?x=1"
    assert target.headers == {"Host": "93.184.215.14:8443"}
    assert target.extensions == {"sni_hostname": "93.184.215.14"}
