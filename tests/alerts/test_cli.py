"""``newswatch alerts …`` through the real CLI, on the embedded store and a real SMTP server."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newswatch.alerts.service import opened_backend
from newswatch.cli import app
from newswatch.core.settings import load_settings
from tests.alerts import SmtpSink, article

RULE = "dau-tu-moi-kcn-hai-phong"
FDI = article(
    "fdi-dinh-vu",
    "Hải Phòng đón dự án FDI 300 triệu USD vào KCN Đình Vũ",
    "Dự án có vốn đầu tư nước ngoài tại KCN Đình Vũ, thành phố Hải Phòng.",
)
runner = CliRunner()


@pytest.fixture()
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture()
def config(tmp_path: Path, smtp: SmtpSink) -> Path:
    path = tmp_path / "newswatch.toml"
    path.write_text(
        f'[storage]\npath = "{tmp_path / "a.db"}"\n'
        f'[alerts]\noutbox_path = "{tmp_path / "o.db"}"\nsmtp_port = {smtp.port}\n',
        "utf-8",
    )
    return path


def cli(config: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-c", str(config), "alerts", *args])
    return result.exit_code, result.output


def store(config: Path, *articles: object) -> None:
    with opened_backend(load_settings(config)) as backend:
        backend.upsert(articles)  # type: ignore[arg-type]


def test_add_example_then_list_and_show(config: Path) -> None:
    assert cli(config, "add", "--example", "--to", "ops@haiphong.vn")[0] == 0
    code, listing = cli(config, "list")
    assert code == 0 and "dau-tu-moi-kcn" in listing
    code, shown = cli(config, "show", RULE)
    doc = json.loads(shown)
    assert doc["channels"] == ["ops@haiphong.vn"]
    assert doc["deliveries"] == {"pending": 0, "sent": 0, "failed": 0}


def test_add_from_options_and_from_a_rule_file(config: Path, tmp_path: Path) -> None:
    rule_file = tmp_path / "rule.json"
    rule_file.write_text(json.dumps({"name": "tu-file", "query": "KKT", "mode": "digest"}))
    assert cli(config, "add", "--file", str(rule_file), "--to", "a@haiphong.vn")[0] == 0
    assert cli(config, "add", "kcn", "-q", "KCN", "--to", "b@haiphong.vn")[0] == 0
    listing = cli(config, "list")[1]
    assert "tu-file" in listing and "digest 07:00" in listing and "kcn" in listing


def test_add_with_fact_filters_only_and_list_shows_them(config: Path) -> None:
    facts = ["--zone", "Đình Vũ", "--event", "new_project", "--min-usd", "1e8"]
    assert cli(config, "add", "dv", *facts, "--to", "b@haiphong.vn")[0] == 0
    listing = cli(config, "list")[1]
    assert "zones: Đình Vũ, events: new_project, ≥ 100,000,000 USD" in listing
    code, output = cli(config, "add", "xx", "--zone", "Atlantis", "--to", "b@haiphong.vn")
    assert code == 2 and "no industrial or economic zone is known as 'Atlantis'" in output


def test_add_every_copy_and_list_says_how_a_rule_counts_stories(config: Path) -> None:
    assert cli(config, "add", "kcn", "-q", "KCN", "--to", "b@haiphong.vn")[0] == 0
    assert cli(config, "add", "all", "-q", "KCN", "--every-copy", "--to", "b@haiphong.vn")[0] == 0
    listing = cli(config, "list")[1]
    assert "all  [instant]  sources: all, every copy" in listing
    assert "kcn  [instant]  sources: all, once per story" in listing


def test_add_private_webhook_is_refused_with_exit_2_and_nothing_stored(config: Path) -> None:
    code, output = cli(config, "add", "--example", "--to", "http://192.168.1.5/hook")
    assert code == 2
    assert "192.168.1.5, a private address" in output
    assert "no alert rules yet" in cli(config, "list")[1]


def test_add_without_channel_is_refused_clearly(config: Path) -> None:
    code, output = cli(config, "add", "--example")
    assert code == 2
    assert "alert rule 'dau-tu-moi-kcn-hai-phong' has no channel to deliver to: add --to" in output
    assert "List should have" not in output  # one plain sentence, not pydantic's


def test_test_shows_matches_and_sends_nothing_without_send(config: Path, smtp: SmtpSink) -> None:
    cli(config, "add", "--example", "--to", "ops@haiphong.vn")
    store(config, FDI, article("bong-da", "Hải Phòng thắng 2-0", "Bóng đá."))
    code, output = cli(config, "test", RULE)
    assert code == 0
    assert "1 article(s) match" in output and "fdi-dinh-vu" in output and "bong-da" not in output
    assert smtp.messages == []


def test_test_with_send_mails_the_matches_now(config: Path, smtp: SmtpSink) -> None:
    cli(config, "add", "--example", "--to", "ops@haiphong.vn")
    store(config, FDI)
    code, output = cli(config, "test", RULE, "--send")
    assert code == 0 and "ops@haiphong.vn: sent" in output
    (message,) = smtp.messages
    assert FDI.title in str(message["Subject"])


def test_status_shows_pending_deliveries_with_their_reason(config: Path, smtp: SmtpSink) -> None:
    smtp.stop()
    cli(config, "add", "--example", "--to", "ops@haiphong.vn")
    store(config, FDI)
    code, output = cli(config, "run")
    assert code == 1 and "ConnectionRefusedError" in output
    code, status = cli(config, "status")
    assert "pending 1 · sent 0 · failed 0" in status
    assert "ConnectionRefusedError" in status


def test_remove_deletes_the_rule(config: Path) -> None:
    cli(config, "add", "--example", "--to", "ops@haiphong.vn")
    assert cli(config, "remove", RULE)[0] == 0
    code, output = cli(config, "remove", RULE)
    assert code == 2 and "no alert rule named" in output


def test_unknown_rule_is_a_clear_error(config: Path) -> None:
    code, output = cli(config, "show", "khong-co")
    assert code == 2 and "no alert rule named 'khong-co'" in output


def test_failed_deliveries_give_up_then_retry_sends_them(config: Path, smtp: SmtpSink) -> None:
    config.write_text(config.read_text("utf-8") + "max_attempts = 1\n", "utf-8")
    smtp.stop()
    cli(config, "add", "--example", "--to", "ops@haiphong.vn")
    store(config, FDI)
    cli(config, "run")
    status = cli(config, "status")[1]
    assert "failed 1" in status and "attempt 1/1, gave up" in status
    smtp.start()
    code, output = cli(config, "retry")
    assert code == 0 and "1 failed deliveries requeued" in output and "1 sent" in output
    (message,) = smtp.messages
    assert FDI.title in str(message["Subject"])


def test_feed_prints_a_keyed_url_for_a_private_rule_and_a_bare_one_for_a_public_rule(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli(config, "add", "kcn", "-q", "KCN", "--to", "b@haiphong.vn")[0] == 0
    assert cli(config, "add", "kkt", "-q", "KKT", "--to", "b@haiphong.vn", "--public-feed")[0] == 0
    assert "kkt  [instant] (public feed)" in cli(config, "list")[1]
    code, output = cli(config, "feed", "kcn")
    assert code == 2 and "NEWSWATCH_API__API_KEY" in output  # no key: no private feed
    monkeypatch.setenv("NEWSWATCH_API__API_KEY", "kcn-cli-key")
    code, private = cli(config, "feed", "kcn", "--base-url", "https://tin.example.vn/")
    assert code == 0
    assert re.fullmatch(r"https://tin\.example\.vn/feeds/kcn\.atom\?key=[0-9a-f]{32}\n", private)
    assert cli(config, "feed", "kkt")[1] == "http://127.0.0.1:8000/feeds/kkt.atom\n"
    assert cli(config, "feed", "nope")[0] == 2
