"""Proof of stories end to end: real crawls (``newswatch crawl`` child processes) of replay
sites serving real text (``tests/stories/scenario.py``), stored in each backend, searched
collapsed, alerted through a real SMTP server (aiosmtpd) and a real webhook receiver.

Expected grouping, by reading the pages (MANIFEST.md): the four first-crawl copies of the
Ecovance groundbreaking are one story; the same factory's 2023 licence, HEZA's May 2023
round and DEEP C II's opening are one story each; the fifth copy (Lao Động's report, served
by baohaiphong in the second crawl) joins the groundbreaking.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newswatch.alerts.rules import rule_from_dict
from newswatch.alerts.service import add_rule, after_crawl, opened_backend
from newswatch.core.settings import Settings
from search.backend import SearchRequest
from tests.alerts import SmtpSink, WebhookReceiver
from tests.alerts.test_crawl_alerts_e2e import crawl
from tests.servers.backends import BACKENDS, backend_settings, drop_elasticsearch_store
from tests.servers.replay_config import replay_settings_for
from tests.servers.replay_server import ReplaySites, serve_sites
from tests.stories.scenario import (
    DEEP_C_II,
    EVENT,
    FIFTH,
    FIRST_CRAWL,
    HEZA_ROUND,
    LICENCE,
    SECOND_CRAWL,
    build_sites,
)

QUERY = '"phan huy sinh hoc" | biodegradable'
"""Matches every copy of the event (Vietnamese and English) and the licence report, not the
HEZA round or DEEP C II (read off the pages)."""
FIRST_STORIES = {
    frozenset(EVENT.values()),
    frozenset({LICENCE[1]}),
    frozenset({HEZA_ROUND[1]}),
    frozenset({DEEP_C_II[1]}),
}


@pytest.fixture(scope="module")
def scenario() -> Iterator[tuple[Path, ReplaySites]]:
    root = Path(tempfile.mkdtemp(prefix="story-sites-"))
    build_sites(root)
    sites = serve_sites(root)
    try:
        yield root, sites
    finally:
        sites.stop()


@pytest.fixture()
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture()
def hooks() -> Iterator[tuple[WebhookReceiver, WebhookReceiver]]:
    once, every = WebhookReceiver().start(), WebhookReceiver().start()
    yield once, every
    once.stop()
    every.stop()


def stories(settings: Settings) -> set[frozenset[str]]:
    """The stored stories as sets of URL paths, from a collapsed search of everything."""
    request = SearchRequest(collapse="story", sort="date", size=100)
    with opened_backend(settings) as backend:
        result = backend.search(request)
    assert result.total == len(result.hits)
    return {frozenset(urlsplit(v.url).path for v in hit.versions) for hit in result.hits}


def posts(receiver: WebhookReceiver) -> list[dict[str, object]]:
    return [json.loads(body)["articles"][0] for _, body in receiver.requests]


@pytest.mark.parametrize("kind", BACKENDS)
def test_one_story_per_event_and_one_alert_per_story(
    kind: str,
    scenario: tuple[Path, ReplaySites],
    tmp_path: Path,
    smtp: SmtpSink,
    hooks: tuple[WebhookReceiver, WebhookReceiver],
    request: pytest.FixtureRequest,
) -> None:
    root, sites = scenario
    once, every = hooks
    base = replay_settings_for(sites, tmp_path, root=root)
    alerts = {"smtp_port": smtp.port, "webhook_allowlist": ["127.0.0.1"]}
    storage = backend_settings(kind, request, tmp_path).storage
    settings = base.model_copy(
        update={"storage": storage, "alerts": base.alerts.model_copy(update=alerts)}
    )
    try:
        _scenario(settings, tmp_path, smtp, once, every)
    finally:
        if kind == "elasticsearch":
            drop_elasticsearch_store(storage)


def _scenario(
    settings: Settings,
    workdir: Path,
    smtp: SmtpSink,
    once: WebhookReceiver,
    every: WebhookReceiver,
) -> None:
    story_rule = {"name": "ecovance", "query": QUERY, "channels": ["ops@hp.vn", once.url]}
    add_rule(settings, rule_from_dict(story_rule))
    copy_rule = {"name": "every-copy", "query": QUERY, "channels": [every.url]}
    add_rule(settings, rule_from_dict({**copy_rule, "every_copy": True}))

    crawl(settings, workdir, FIRST_CRAWL)
    run = after_crawl(settings)
    assert run.errors == []
    assert stories(settings) == FIRST_STORIES
    # one message per story that matches: the groundbreaking (four sources) and the licence
    assert len(smtp.messages) == 2
    alerted = {urlsplit(str(p["url"])).path: p["sources"] for p in posts(once)}
    licence = alerted.pop(LICENCE[1])
    assert licence == [LICENCE[0]]
    [(shown, sources)] = alerted.items()  # the groundbreaking, shown as its earliest copy
    assert shown == EVENT["vietnamplus"] and set(sources) == set(EVENT)  # type: ignore[arg-type]
    mail = next(m for m in smtp.messages if "4 nguồn" in m.get_body(("plain",)).get_content())
    assert all(name in mail.get_body(("plain",)).get_content() for name in EVENT)
    assert len(posts(every)) == 5  # every_copy: the four copies and the licence

    crawl(settings, workdir, SECOND_CRAWL)
    run = after_crawl(settings)
    assert run.errors == []
    assert stories(settings) == (FIRST_STORIES - {frozenset(EVENT.values())}) | {
        frozenset([*EVENT.values(), FIFTH[1]])
    }
    assert len(smtp.messages) == 2 and len(posts(once)) == 2  # the fifth copy: no new alert
    fifth = posts(every)[5:]
    assert len(fifth) == 1 and urlsplit(str(fifth[0]["url"])).path == FIFTH[1]
