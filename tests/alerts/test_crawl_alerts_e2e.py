"""End to end: the real ``newswatch crawl`` (a Scrapy child process) against the replay sites,
then ``after_crawl`` as the scheduler runs it, twice; the second crawl adds a source, so new
articles arrive. Every matching article reaches the webhook and the mailbox exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from newswatch.alerts.rules import example_rule_fields, rule_from_dict
from newswatch.alerts.service import add_rule, after_crawl, opened_backend
from newswatch.core.settings import Settings
from search.backend import SearchRequest
from tests.alerts import SmtpSink, WebhookReceiver
from tests.servers.replay_server import ReplaySites
from tests.servers.sites import replay_settings_for

REPO = Path(__file__).resolve().parents[2]
FIRST, SECOND = ["baohaiphong"], ["baohaiphong", "baodautu"]


def crawl(settings: Settings, workdir: Path, sources: list[str]) -> None:
    """``newswatch crawl`` in a child process, configured by JSON environment sections."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for section in ("storage", "crawl", "topic"):
        dumped = getattr(settings, section).model_dump(mode="json", exclude_none=True)
        env[f"NEWSWATCH_{section.upper()}"] = json.dumps(dumped, ensure_ascii=False)
    env["NEWSWATCH_SOURCES"] = json.dumps([s.model_dump(mode="json") for s in settings.sources])
    empty = workdir / "empty.toml"
    empty.write_text("")
    args = [arg for name in sources for arg in ("--source", name)]
    command = [sys.executable, "-m", "newswatch", "--config", str(empty), "crawl", *args]
    done = subprocess.run(
        command, cwd=workdir, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]


def matching_ids(settings: Settings, query: str) -> set[str]:
    """What ``newswatch search`` finds for the rule's query in the whole store."""
    with opened_backend(settings) as backend:
        return {hit.id for hit in backend.search(SearchRequest(query=query, size=500)).hits}


def stored_ids(settings: Settings) -> set[str]:
    with opened_backend(settings) as backend:
        return {article.id for article in backend.stored_after(None, 500).articles}


def posted_ids(receiver: WebhookReceiver) -> list[str]:
    return [json.loads(body)["articles"][0]["id"] for _, body in receiver.requests]


def test_real_crawls_alert_each_new_matching_article_once(
    replay_sites: ReplaySites,
    tmp_path: Path,
    smtp: SmtpSink,
    receiver: WebhookReceiver,
) -> None:
    base = replay_settings_for(replay_sites, tmp_path)
    alerts = {"smtp_port": smtp.port, "webhook_allowlist": ["127.0.0.1"]}
    settings = base.model_copy(update={"alerts": base.alerts.model_copy(update=alerts)})
    # every_copy: this test is about articles (each new match once); one alert per story is
    # proven by tests/stories/test_scenario_e2e.py
    channels = ["ops@hp.vn", receiver.url]
    rule = rule_from_dict({**example_rule_fields(), "channels": channels, "every_copy": True})
    add_rule(settings, rule)

    crawl(settings, tmp_path, FIRST)
    after_crawl(settings)
    first = matching_ids(settings, rule.query)
    assert first, "the replay sites must hold investment news for this test to mean anything"
    assert sorted(posted_ids(receiver)) == sorted(first)

    crawl(settings, tmp_path, SECOND)
    run = after_crawl(settings)
    every = matching_ids(settings, rule.query)
    assert every > first, "the second crawl must bring new matching articles"
    assert run.errors == []
    assert sorted(posted_ids(receiver)) == sorted(every)  # each once, the first batch not again
    assert len(smtp.messages) == len(every)
    assert stored_ids(settings) - every, "non-matching articles must exist (and stay silent)"
