"""``on_edit = "material"``: an alerted article corrected in its amount and title is told again,
once per edit, through a real SMTP server, on SQLite and Elasticsearch. The article is the real
SK Ecovance report (tests/revisions/material.py) and its correction."""

from __future__ import annotations

import json
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from newswatch.alerts.rules import RuleError, rule_from_dict
from newswatch.alerts.service import add_rule, after_crawl, opened_backend
from newswatch.core.article import Article
from newswatch.core.settings import Settings
from tests.alerts import SmtpSink, WebhookReceiver, make_settings
from tests.revisions.material import NEW_AMOUNT, OLD_AMOUNT, edited, original
from tests.servers.backends import BACKENDS, backend_settings, drop_elasticsearch_store

RULE: dict[str, Any] = {"query": "Ecovance", "channels": ["xuctien@hp.vn"]}


@pytest.fixture(params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path: Path, smtp: SmtpSink) -> Iterator[Settings]:
    store = backend_settings(request.param, request, tmp_path)
    yield make_settings(tmp_path, store.storage.model_dump(), smtp_port=smtp.port)
    if store.storage.backend == "elasticsearch":
        drop_elasticsearch_store(store.storage)


def crawl(settings: Settings, *articles: Article) -> None:
    """A crawl run as the scheduler sees it: the articles stored, then the alerts."""
    with opened_backend(settings) as backend:
        assert not backend.upsert(list(articles)).failed
    run = after_crawl(settings)
    assert run.errors == []


def text(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def test_a_corrected_amount_is_told_once_to_a_rule_that_asks(
    settings: Settings, smtp: SmtpSink
) -> None:
    add_rule(settings, rule_from_dict({**RULE, "name": "sk", "on_edit": "material"}))
    add_rule(settings, rule_from_dict({**RULE, "name": "sk-new-only"}))
    crawl(settings, original())
    assert len(smtp.messages) == 2  # the article itself, once per rule

    crawl(settings, edited())
    notices = smtp.messages[2:]
    assert len(notices) == 1, "only the rule with on_edit tells, and once"
    assert "Bài đã chỉnh sửa «sk»" in str(notices[0]["Subject"])
    assert NEW_AMOUNT in str(notices[0]["Subject"])  # the new title
    assert f"Số tiền: {OLD_AMOUNT} → {NEW_AMOUNT}" in text(notices[0])

    crawl(settings, edited())  # the same corrected page fetched again
    after_crawl(settings)
    assert len(smtp.messages) == 3


def test_a_wording_edit_or_an_article_never_alerted_is_not_told(
    settings: Settings, smtp: SmtpSink
) -> None:
    other = original().model_copy(update={"id": "not-alerted"})
    with opened_backend(settings) as backend:
        backend.upsert([other])  # stored before the rule watches: never alerted
    add_rule(settings, rule_from_dict({**RULE, "name": "sk", "on_edit": "material"}))
    crawl(settings, original())
    assert len(smtp.messages) == 1
    wording = original().text.replace("Hà Thạch", "Hà Thạch (TTXVN)")
    crawl(
        settings,
        original().model_copy(update={"text": wording}),
        edited().model_copy(update={"id": "not-alerted"}),
    )
    assert len(smtp.messages) == 1


def test_an_unknown_on_edit_value_is_refused_by_name() -> None:
    with pytest.raises(RuleError, match="on_edit"):
        rule_from_dict({**RULE, "name": "sk", "on_edit": "always"})


def test_a_webhook_gets_the_revision_and_the_change(
    settings: Settings, receiver: WebhookReceiver
) -> None:
    add_rule(
        settings,
        rule_from_dict({**RULE, "name": "sk", "on_edit": "material", "channels": [receiver.url]}),
    )
    crawl(settings, original())
    crawl(settings, edited())
    first, notice = (json.loads(body) for _, body in receiver.requests)
    assert "revision" not in first["articles"][0]
    told = notice["articles"][0]
    assert told["id"] == original().id and told["title"] == edited().title
    assert isinstance(told["revision"], int)
    assert f"Số tiền: {OLD_AMOUNT} → {NEW_AMOUNT}" in told["edit"]
    assert f"Đã chỉnh sửa: Số tiền: {OLD_AMOUNT} → {NEW_AMOUNT}" in notice["text"]
    assert notice["delivery_id"] != first["delivery_id"]


def test_switching_on_edit_on_tells_later_edits_only(settings: Settings, smtp: SmtpSink) -> None:
    add_rule(settings, rule_from_dict({**RULE, "name": "sk"}))
    crawl(settings, original())
    crawl(settings, edited())  # an edit before the rule asks for them
    add_rule(settings, rule_from_dict({**RULE, "name": "sk", "on_edit": "material"}), replace=True)
    after_crawl(settings)
    assert len(smtp.messages) == 1
    again = edited(hours=9)
    crawl(settings, again.model_copy(update={"title": again.title.replace("550", "600")}))
    assert len(smtp.messages) == 2
    assert "600 triệu USD" in str(smtp.messages[1]["Subject"])
