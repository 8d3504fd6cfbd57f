from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newswatch.alerts.delivery import AlertArticle, Mode
from newswatch.alerts.outbox import Outbox, OutboxRow, backoff

NOW = datetime(2021, 1, 16, 3, 30, tzinfo=UTC)
LEASE = timedelta(minutes=5)
ARTICLE = AlertArticle(
    id="a1",
    title="Hải Phòng thu hút FDI vào KCN",
    url="https://baohaiphong.vn/a1.html",
    source="baohaiphong",
    published_at=NOW,
    snippet="… <mark>KCN</mark> Đình Vũ …",
)
OTHER = AlertArticle("a2", "Tin khác", "https://baohaiphong.vn/a2.html", "baohaiphong", None, "")


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """The outbox's home: a SQLite file, or a fresh database on the real PostgreSQL."""
    if request.param == "sqlite":
        return tmp_path / "outbox.db"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture()
def outbox(location: Path | str) -> Outbox:
    return Outbox(location, max_attempts=3, lease=LEASE)


def take(outbox: Outbox, moment: datetime, mode: Mode | None = None) -> list[OutboxRow]:
    """What a sender does: every due row, each claimed for its own send."""
    claimed = [row.id for row in outbox.due(moment, mode) if outbox.claim([row.id], moment)]
    return [row for row in outbox.rows() if row.id in claimed]


def queue(outbox: Outbox, *articles: AlertArticle, channels: tuple[str, ...] = ("a@x.vn",)) -> int:
    return outbox.enqueue("fdi", "FDI", "instant", channels, articles, NOW)


def test_enqueue_queues_one_row_per_article_and_channel(outbox: Outbox) -> None:
    assert queue(outbox, ARTICLE, OTHER, channels=("a@x.vn", "https://h.vn/x")) == 4
    assert outbox.status().counts == {"pending": 4, "sent": 0, "failed": 0}


def test_enqueue_twice_queues_nothing_new(outbox: Outbox) -> None:
    queue(outbox, ARTICLE)
    assert queue(outbox, ARTICLE) == 0
    assert len(outbox.rows()) == 1


def test_a_sent_row_blocks_the_article_forever_also_after_reopening(
    location: Path | str,
) -> None:
    first = Outbox(location, max_attempts=3, lease=LEASE)
    queue(first, ARTICLE)
    first.mark_sent([row.id for row in take(first, NOW)], NOW)
    first.close()
    reopened = Outbox(location, max_attempts=3, lease=LEASE)
    assert queue(reopened, ARTICLE) == 0
    assert take(reopened, NOW + timedelta(days=1)) == []


def test_article_snapshot_survives_the_round_trip(outbox: Outbox) -> None:
    queue(outbox, ARTICLE)
    (row,) = take(outbox, NOW)
    assert row.article == ARTICLE


def test_claim_counts_the_attempt_and_leases_the_row(outbox: Outbox) -> None:
    queue(outbox, ARTICLE)
    (row,) = take(outbox, NOW)
    assert row.attempts == 1
    assert take(outbox, NOW + LEASE - timedelta(seconds=1)) == []
    (again,) = take(outbox, NOW + LEASE)
    assert again.attempts == 2


def test_listing_due_rows_counts_no_attempt(outbox: Outbox) -> None:
    queue(outbox, ARTICLE, OTHER, channels=tuple(f"r{i}@x.vn" for i in range(39)))
    assert len(outbox.due(NOW)) == 78
    assert len(outbox.due(NOW)) == 78  # listing twice leases nothing
    assert {row.attempts for row in outbox.rows()} == {0}


def test_a_row_claimed_elsewhere_since_listing_is_not_claimed_again(outbox: Outbox) -> None:
    queue(outbox, ARTICLE, OTHER)
    first, second = outbox.due(NOW)
    assert outbox.claim([first.id], NOW)
    assert not outbox.claim([first.id], NOW + timedelta(seconds=1))
    assert not outbox.claim([first.id, second.id], NOW)  # all or none
    assert [row.attempts for row in outbox.rows()] == [1, 0]


def test_each_claim_leases_from_its_own_send_time(outbox: Outbox) -> None:
    queue(outbox, ARTICLE, OTHER)
    first, second = outbox.due(NOW)
    late = NOW + LEASE + timedelta(minutes=1)  # a slow first send; the second starts after it
    assert outbox.claim([first.id], NOW)
    assert outbox.claim([second.id], late)
    assert outbox.due(late - timedelta(seconds=1) + LEASE) == [outbox.rows()[0]]


def test_rows_are_not_claimed_before_they_are_due(outbox: Outbox) -> None:
    outbox.enqueue("fdi", "FDI", "digest", ["a@x.vn"], [ARTICLE], NOW + timedelta(hours=3))
    assert take(outbox, NOW) == []
    assert len(take(outbox, NOW + timedelta(hours=3))) == 1


def test_claim_can_be_limited_to_one_mode(outbox: Outbox) -> None:
    queue(outbox, ARTICLE)
    outbox.enqueue("daily", "KCN", "digest", ["a@x.vn"], [OTHER], NOW)
    assert [row.rule for row in take(outbox, NOW, "digest")] == ["daily"]


def test_failure_waits_exponential_backoff_with_the_reason(outbox: Outbox) -> None:
    queue(outbox, ARTICLE)
    (row,) = take(outbox, NOW)
    outbox.mark_failed([row.id], "SMTP refused", NOW)
    (pending,) = outbox.status().open_rows
    assert pending.status == "pending"
    assert pending.last_error == "SMTP refused"
    assert pending.next_attempt_at == NOW + backoff(1)
    assert take(outbox, NOW + backoff(1) - timedelta(seconds=1)) == []


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert backoff(30) == timedelta(hours=6)


def test_row_fails_for_good_after_max_attempts_and_can_be_requeued(outbox: Outbox) -> None:
    queue(outbox, ARTICLE)
    moment = NOW
    for _ in range(3):
        (row,) = take(outbox, moment)
        outbox.mark_failed([row.id], "down", moment)
        moment += timedelta(days=1)
    assert outbox.status().counts["failed"] == 1
    assert take(outbox, moment) == []
    assert outbox.requeue_failed(moment) == 1
    (row,) = take(outbox, moment)
    assert row.attempts == 1


def test_forget_rule_drops_unsent_rows_and_keeps_sent_ones(outbox: Outbox) -> None:
    queue(outbox, ARTICLE)
    (row,) = take(outbox, NOW)
    outbox.mark_sent([row.id], NOW)
    queue(outbox, OTHER)
    assert outbox.forget_rule("fdi") == 1
    assert [row.status for row in outbox.rows()] == ["sent"]


def test_senders_claiming_at_once_never_take_the_same_row(location: Path | str) -> None:
    """Four senders (own connections: processes or hosts) claim at once: each row once."""
    import threading

    setup = Outbox(location, max_attempts=3, lease=LEASE)
    articles = [AlertArticle(f"b{n}", "t", f"https://x.vn/{n}", "x", None, "") for n in range(40)]
    assert queue(setup, *articles, channels=("a@x.vn", "b@x.vn")) == 80
    senders = [Outbox(location, max_attempts=3, lease=LEASE) for _ in range(4)]
    claimed: list[int] = []
    start = threading.Barrier(len(senders))

    def claim(sender: Outbox) -> None:
        start.wait()
        claimed.extend(row.id for row in take(sender, NOW))

    threads = [threading.Thread(target=claim, args=(sender,)) for sender in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == sorted(row.id for row in setup.rows())
    assert len(claimed) == len(set(claimed)) == 80
