"""Two writers into one Elasticsearch index: an article whose bulk write lands after the other
writer's alert evaluation is alerted exactly once (issue 12, point 6).

Writer A goes through a real TCP forwarder that holds its ``_bulk`` request back, so its
article is stamped (``indexed_at``, A's clock at bulk start) before writer B's but becomes
searchable after B has stored and evaluated. With no settle margin that article falls behind
the watermark and is never alerted (the control case); with the margin it is alerted once.
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newswatch.alerts.evaluate import evaluate_rule
from newswatch.alerts.rules import example_rule_fields, rule_from_dict
from newswatch.alerts.service import add_rule, opened_outbox
from search.factory import open_backend
from tests.alerts import article, make_settings
from tests.servers.backends import drop_elasticsearch_store
from tests.servers.elasticsearch import SwitchableProxy

BULK_DELAY = 2.0
EARLY = article(
    "fdi-dinh-vu",
    "Hải Phòng đón dự án FDI 300 triệu USD vào KCN Đình Vũ",
    "Dự án có vốn đầu tư nước ngoài tại KCN Đình Vũ, thành phố Hải Phòng.",
)
LATE = article(
    "fdi-trang-due",
    "Hải Phòng đón dự án FDI 200 triệu USD vào KCN Tràng Duệ",
    "Dự án có vốn đầu tư nước ngoài tại KCN Tràng Duệ, thành phố Hải Phòng.",
)


@pytest.mark.elasticsearch
@pytest.mark.parametrize(("settle", "alerted"), [(0, {EARLY.id}), (3, {EARLY.id, LATE.id})])
def test_an_article_searchable_late_is_alerted_exactly_once(
    tmp_path: Path, es_url: str, settle: int, alerted: set[str]
) -> None:
    proxy = SwitchableProxy(es_url, bulk_delay=BULK_DELAY)
    proxy.start()
    storage = {
        "backend": "elasticsearch",
        "url": es_url,
        "index": f"nw-test-{uuid.uuid4().hex[:12]}",
        "queue_path": tmp_path / "queue-b.db",
        "settle_seconds": settle,
    }
    settings = make_settings(tmp_path, storage=storage)
    slow = make_settings(
        tmp_path, storage={**storage, "url": proxy.url, "queue_path": tmp_path / "queue-a.db"}
    )
    rule = rule_from_dict({**example_rule_fields(), "channels": ["ops@haiphong.vn"]})
    writer_a, writer_b = open_backend(slow), open_backend(settings)
    try:
        writer_b.ensure_ready()
        writer_a.ensure_ready()  # only A's bulk goes slow, not its setup
        add_rule(settings, rule, backend=writer_b)
        a_done = threading.Thread(target=writer_a.upsert, args=([LATE],))
        a_done.start()
        time.sleep(0.5)
        assert writer_b.upsert([EARLY]).new == 1
        with opened_outbox(settings) as outbox:
            now = datetime.now(UTC)
            evaluate_rule(writer_b, outbox, rule, now, now)  # B's evaluation, A in flight
            a_done.join()
            assert writer_b.known_ids([LATE.id]) == {LATE.id}
            time.sleep(settle + 1)
            for _ in range(2):  # after the margin, and once more: nothing twice
                now = datetime.now(UTC)
                evaluate_rule(writer_b, outbox, rule, now, now)
            queued = [row.article.id for row in outbox.rows(rule.name)]
    finally:
        writer_a.close()
        writer_b.close()
        proxy.stop()
        drop_elasticsearch_store(settings.storage)
    assert sorted(queued) == sorted(alerted)
