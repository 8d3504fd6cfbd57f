"""End to end: an alert rule made of fact filters only ("a Đình Vũ zone and at least 100 M USD"),
two real crawls of the replay sites, ``after_crawl`` after each. Every qualifying new article
reaches the webhook and the mailbox exactly once, carrying its facts; nothing else is sent.

The qualifying titles come from reading the stories (see ``tests/facts/test_facts_e2e.py``,
which lists them for all sites and explains the two articles the extractor misses).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crawler.facts import zones_matching
from newswatch.alerts.rules import rule_from_dict
from newswatch.alerts.service import add_rule, after_crawl
from tests.alerts import SmtpSink, WebhookReceiver
from tests.alerts.test_crawl_alerts_e2e import FIRST, SECOND, crawl, stored_ids
from tests.facts.test_facts_e2e import KNOWN_MISSES, QUALIFYING
from tests.servers.replay_server import ReplaySites
from tests.servers.sites import replay_settings_for

DINH_VU = {zone.name for zone in zones_matching("Đình Vũ")}


def posted(receiver: WebhookReceiver) -> list[dict[str, Any]]:
    return [json.loads(body)["articles"][0] for _, body in receiver.requests]


def qualifying(sources: list[str]) -> set[str]:
    return {title for source, title in QUALIFYING if source in sources}


def test_fact_rule_alerts_each_qualifying_new_article_once(
    replay_sites: ReplaySites,
    tmp_path: Path,
    smtp: SmtpSink,
    receiver: WebhookReceiver,
) -> None:
    base = replay_settings_for(replay_sites, tmp_path)
    alerts = {"smtp_port": smtp.port, "webhook_allowlist": ["127.0.0.1"]}
    settings = base.model_copy(update={"alerts": base.alerts.model_copy(update=alerts)})
    fields = {"name": "dinh-vu-100m", "query": "", "zones": ["Đình Vũ"], "min_usd": 1e8}
    channels = ["ops@hp.vn", receiver.url]  # every_copy: each qualifying article, not story
    add_rule(settings, rule_from_dict({**fields, "channels": channels, "every_copy": True}))

    crawl(settings, tmp_path, FIRST)
    after_crawl(settings)
    first = qualifying(FIRST)
    assert first, "the first replay source must hold qualifying articles"
    assert sorted(a["title"] for a in posted(receiver)) == sorted(first)

    crawl(settings, tmp_path, SECOND)
    run = after_crawl(settings)
    assert run.errors == []
    every = qualifying(SECOND)
    assert every > first
    articles = posted(receiver)
    assert sorted(a["title"] for a in articles) == sorted(every)  # each once
    assert not {a["title"] for a in articles} & {title for _, title in KNOWN_MISSES}
    assert len(stored_ids(settings)) > len(every), "non-qualifying articles stayed silent"
    for article in articles:
        facts = article["facts"]
        assert isinstance(facts, dict)
        assert {zone["name"] for zone in facts["zones"]} & DINH_VU
        assert max(amount["usd_max"] or 0 for amount in facts["amounts"]) >= 1e8
    assert len(smtp.messages) == len(every)
    bodies = [m.get_body(("plain",)).get_content() for m in smtp.messages]  # type: ignore[union-attr]
    assert all("Vốn: " in body and "Khu: " in body for body in bodies)
