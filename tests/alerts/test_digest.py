from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from newswatch.alerts.delivery import AlertArticle
from newswatch.alerts.digest import deliveries, next_digest_time
from newswatch.alerts.outbox import Outbox

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
    outbox = Outbox(tmp_path / "o.db", max_attempts=3)
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
