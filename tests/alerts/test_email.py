from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crawler.facts import extract_facts
from newswatch.alerts.delivery import AlertArticle, Delivery, DeliveryError
from newswatch.alerts.email import compose, safe_snippet, send
from tests.alerts import SmtpSink, make_settings

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2021, 1, 16, 3, 35, tzinfo=UTC)
ARTICLE = AlertArticle(
    id="a1",
    title="Hải Phòng: dự án FDI 500 triệu USD vào KCN Đình Vũ",
    url="https://baohaiphong.vn/a1.html?x=1&y=2",
    source="baohaiphong",
    published_at=datetime(2021, 1, 16, 3, 30, tzinfo=UTC),
    snippet="… vốn đầu tư vào <mark>KCN</mark> Đình Vũ &lt;b&gt; …",
)
SECOND = AlertArticle("a2", "KKT Đình Vũ – Cát Hải mở rộng", "https://x.vn/a2", "tuoitre", None, "")


@pytest.fixture()
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    yield sink
    sink.stop()


def parts(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(("plain",))
    rich = message.get_body(("html",))
    assert plain is not None and rich is not None
    return plain.get_content(), rich.get_content()  # type: ignore[attr-defined]


def instant(*articles: AlertArticle) -> Delivery:
    return Delivery("fdi", "FDI KCN", "instant", "ops@haiphong.vn", articles)


def test_message_is_multipart_alternative_with_vietnamese_subject() -> None:
    message = compose(instant(ARTICLE), "newswatch@test.vn", HCM, NOW)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == f"[newswatch] Tin mới «fdi»: {ARTICLE.title}"
    assert message["To"] == "ops@haiphong.vn"


def test_body_lists_title_source_local_time_snippet_and_link() -> None:
    plain, rich = parts(compose(instant(ARTICLE), "n@test.vn", HCM, NOW))
    for body in (plain, rich):
        assert ARTICLE.title in body
        assert "Nguồn: baohaiphong · Đăng lúc: 16/01/2021 10:30" in body
    assert "vốn đầu tư vào *KCN* Đình Vũ <b> …" in plain
    assert ARTICLE.url in plain
    assert "vào <mark>KCN</mark> Đình Vũ &lt;b&gt;" in rich
    assert 'href="https://baohaiphong.vn/a1.html?x=1&amp;y=2"' in rich


def test_body_shows_the_facts_of_an_article_that_has_them() -> None:
    with_facts = replace(ARTICLE, facts=extract_facts(ARTICLE.title))
    plain, rich = parts(compose(instant(with_facts), "n@test.vn", HCM, NOW))
    line = "Khu: DEEP C Hải Phòng I (Đình Vũ) · Vốn: 500 triệu USD"
    assert f"   {line}" in plain
    assert f"<small>{line}</small>" in rich
    bare_plain, _ = parts(compose(instant(ARTICLE), "n@test.vn", HCM, NOW))
    assert "Vốn:" not in bare_plain


def test_digest_groups_articles_in_one_message() -> None:
    digest = Delivery("daily", "KCN", "digest", "ops@haiphong.vn", (ARTICLE, SECOND))
    message = compose(digest, "n@test.vn", HCM, NOW)
    plain, rich = parts(message)
    assert message["Subject"] == "[newswatch] Bản tin «daily» ngày 16/01/2021: 2 bài mới"
    assert "1. Hải Phòng: dự án FDI" in plain and "2. KKT Đình Vũ – Cát Hải mở rộng" in plain
    assert "không rõ thời gian" in plain
    assert rich.count("<li") == 2


def test_snippet_markup_other_than_mark_is_escaped() -> None:
    hostile = "<mark>KCN</mark> <script>alert(1)</script> &amp; <img src=x>"
    assert safe_snippet(hostile) == (
        "<mark>KCN</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x&gt;"
    )


def test_send_delivers_to_a_real_smtp_server(smtp: SmtpSink, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, smtp_port=smtp.port)
    send(compose(instant(ARTICLE), "newswatch@test.vn", HCM, NOW), settings.alerts)
    (received,) = smtp.messages
    assert received["Subject"] == f"[newswatch] Tin mới «fdi»: {ARTICLE.title}"
    assert "16/01/2021 10:30" in parts(received)[0]


def test_smtp_server_down_is_a_delivery_error_naming_the_server(tmp_path: Path) -> None:
    port = SmtpSink().port
    settings = make_settings(tmp_path, smtp_port=port)
    with pytest.raises(DeliveryError, match=f"SMTP 127.0.0.1:{port}: ConnectionRefusedError"):
        send(compose(instant(ARTICLE), "n@test.vn", HCM, NOW), settings.alerts)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_uses_the_password_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sink = SmtpSink(login=("bot", "mat-khau-42")).start()
    try:
        monkeypatch.setenv("NEWSWATCH_ALERTS__SMTP_PASSWORD", "mat-khau-42")
        settings = make_settings(tmp_path, smtp_port=sink.port, smtp_user="bot")
        send(compose(instant(ARTICLE), "n@test.vn", HCM, NOW), settings.alerts)
        monkeypatch.setenv("NEWSWATCH_ALERTS__SMTP_PASSWORD", "sai")
        wrong = make_settings(tmp_path, smtp_port=sink.port, smtp_user="bot")
        with pytest.raises(DeliveryError, match="SMTPAuthenticationError"):
            send(compose(instant(SECOND), "n@test.vn", HCM, NOW), wrong.alerts)
        monkeypatch.setenv("NEWSWATCH_ALERTS__SMTP_PASSWORD", "mật-khẩu")
        accented = make_settings(tmp_path, smtp_port=sink.port, smtp_user="bot")
        with pytest.raises(DeliveryError, match="must be ASCII"):
            send(compose(instant(SECOND), "n@test.vn", HCM, NOW), accented.alerts)
    finally:
        sink.stop()
    assert [str(m["Subject"]) for m in sink.messages] == [
        f"[newswatch] Tin mới «fdi»: {ARTICLE.title}"
    ]
