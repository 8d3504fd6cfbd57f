from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswatch.alerts.delivery import AlertArticle
from newswatch.alerts.digest import deliveries, next_digest_time
from newswatch.alerts.outbox import Outbox
from newswatch.alerts.rules import AlertRule
from newswatch.core.errors import ConfigError
from newswatch.core.settings import load_settings
from scheduler.jobs import job_specs

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2021, 1, 16, 10, 30, tzinfo=HCM)


def alert_article(ident: str) -> AlertArticle:
    return AlertArticle(ident, f"Bài {ident}", f"https://x.vn/{ident}", "x", None, "")


def test_digest_time_later_today_in_local_time() -> None:
    assert next_digest_time(NOW, "17:00", HCM) == datetime(2021, 1, 16, 17, 0, tzinfo=HCM)


def test_digest_time_already_passed_today_moves_to_tomorrow() -> None:
    assert next_digest_time(NOW, "07:00", HCM) == datetime(2021, 1, 17, 7, 0, tzinfo=HCM)


def test_digest_time_is_computed_from_a_utc_instant_in_local_time() -> None:
    utc_evening = datetime(2021, 1, 16, 23, 30, tzinfo=UTC)  # 06:30 on the 17th in Hà Nội
    assert next_digest_time(utc_evening, "07:00", HCM) == datetime(2021, 1, 17, 7, tzinfo=HCM)


def test_digest_rows_of_one_rule_and_channel_become_one_delivery(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "o.db", max_attempts=3, lease=timedelta(minutes=5))
    three = [alert_article(i) for i in ("a", "b", "c")]
    outbox.enqueue("daily", "KCN", "digest", ["a@x.vn", "b@x.vn"], three, NOW)
    outbox.enqueue("fdi", "FDI", "instant", ["a@x.vn"], three[:2], NOW)
    found = deliveries(outbox.due(NOW + timedelta(seconds=1)))
    shapes = sorted((d.rule, d.channel, len(d.articles)) for d in found)
    assert shapes == [
        ("daily", "a@x.vn", 3),
        ("daily", "b@x.vn", 3),
        ("fdi", "a@x.vn", 1),
        ("fdi", "a@x.vn", 1),
    ]
    assert all(len(d.row_ids) == len(d.articles) for d in found)


def test_a_one_digit_hour_digest_at_loads_and_is_used_by_the_digest(tmp_path: Path) -> None:
    # The live bug: "7:00" loaded and scheduled, then every digest evaluation raised inside the
    # rules' own clock parser and was swallowed, so no digest was ever sent.
    config = tmp_path / "newswatch.toml"
    config.write_text('[alerts]\ndigest_at = "7:00"\n', "utf-8")
    settings = load_settings(config)

    assert settings.alerts.digest_at == "07:00"
    assert next_digest_time(NOW, settings.alerts.digest_at, HCM) == datetime(
        2021, 1, 17, 7, 0, tzinfo=HCM
    )
    assert [spec.id for spec in job_specs(settings) if spec.id.startswith("alerts:")] == [
        "alerts:digest@daily-07:00"
    ]


def test_a_rule_digest_at_takes_the_same_grammar_as_the_config() -> None:
    one_digit = AlertRule(name="kcn", query="KCN", channels=["a@x.vn"], digest_at="7:05")
    two_digits = AlertRule(name="kcn", query="KCN", channels=["a@x.vn"], digest_at="07:05")

    assert one_digit.digest_at == two_digits.digest_at == "07:05"
    assert next_digest_time(NOW, one_digit.digest_at, HCM) == datetime(
        2021, 1, 17, 7, 5, tzinfo=HCM
    )


@pytest.mark.parametrize("bad", ["7h", "24:00", "07:60", "7:00 am"])
def test_a_bad_digest_at_is_refused_when_the_config_loads(tmp_path: Path, bad: str) -> None:
    config = tmp_path / "newswatch.toml"
    config.write_text(f'[alerts]\ndigest_at = "{bad}"\n', "utf-8")

    with pytest.raises(ConfigError, match="digest_at"):
        load_settings(config)
