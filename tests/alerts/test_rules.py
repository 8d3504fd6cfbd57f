from __future__ import annotations

import json
from pathlib import Path

import pytest

from newswatch.alerts.rules import (
    AlertRule,
    RuleError,
    check_sources,
    example_rule_fields,
    read_rule_file,
    rule_from_dict,
)

VALID = {"name": "fdi-hp", "query": "FDI KCN", "channels": ["ops@haiphong.vn"]}


def test_minimal_rule_is_instant_enabled_and_unfiltered() -> None:
    rule = rule_from_dict(VALID)
    assert (rule.mode, rule.enabled, rule.sources, rule.max_age_days) == ("instant", True, [], None)


def test_channels_accept_email_and_webhook_urls_and_drop_repeats() -> None:
    channels = ["ops@haiphong.vn", "https://hooks.slack.com/x", " ops@haiphong.vn "]
    rule = rule_from_dict({**VALID, "channels": channels})
    assert rule.channels == ["ops@haiphong.vn", "https://hooks.slack.com/x"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "có dấu cách"}, "has a bad name: use letters"),
        ({"query": "  "}, "an alert needs a search query or a fact filter"),
        ({"zones": ["Atlantis"]}, "no industrial or economic zone is known as 'Atlantis'"),
        ({"events": ["party"]}, "'party' is not one of new_project"),
        ({"countries": ["Japan"]}, "'JAPAN' is not an ISO 3166-1 alpha-2 code"),
        ({"min_usd": -1}, "must be a non-negative number"),
        ({"channels": []}, "has no channel to deliver to: add --to with an e-mail address"),
        ({"channels": [" "]}, "has no channel to deliver to"),
        ({"channels": ["not-an-address"]}, "neither an e-mail address nor an http"),
        ({"mode": "hourly"}, "has a bad mode: "),
        ({"digest_at": "7h"}, "not a local time of day HH:MM"),
        ({"max_age_days": 0}, "has a bad max_age_days: "),
    ],
)
def test_invalid_fields_give_one_plain_sentence_naming_the_field(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(RuleError, match="alert rule .* " + message) as caught:
        rule_from_dict({**VALID, **change})
    assert "Value error" not in str(caught.value) and "validation" not in str(caught.value)


def test_a_rule_on_an_unknown_source_is_refused_naming_the_configured_ones() -> None:
    rule = rule_from_dict({**VALID, "sources": ["vnx"]})
    expected = r"names unknown source\(s\) vnx; configured sources: heza, vir"
    with pytest.raises(RuleError, match=expected):
        check_sources(rule, ["heza", "vir"])


def test_a_rule_may_watch_facts_alone() -> None:
    facts = {"zones": ["Đình Vũ"], "events": ["new_project"], "min_usd": 1e8}
    rule = rule_from_dict({**VALID, "query": "", **facts})
    resolved = rule.fact_filters()
    assert "Nam Đình Vũ" in resolved.zones
    assert (resolved.events, resolved.min_usd) == (("new_project",), 1e8)


def test_stored_form_round_trips() -> None:
    rule = rule_from_dict({**VALID, "mode": "digest", "digest_at": "17:30", "sources": ["vnx"]})
    assert AlertRule.model_validate(json.loads(json.dumps(rule.model_dump(mode="json")))) == rule


def test_bundled_example_is_a_valid_investment_rule_once_given_a_channel() -> None:
    fields = example_rule_fields()
    rule = rule_from_dict({**fields, "channels": ["ops@haiphong.vn"]})
    for word in ("FDI", "vốn đầu tư", "KCN", "KKT", "Hải Phòng"):
        assert word in rule.query


def test_example_without_channel_is_refused() -> None:
    with pytest.raises(RuleError, match="has no channel to deliver to: add --to"):
        rule_from_dict(example_rule_fields())


def test_rule_files_are_read_as_toml_or_json(tmp_path: Path) -> None:
    toml_file = tmp_path / "r.toml"
    toml_file.write_text('name = "a"\nquery = "KCN"\nchannels = ["x@y.vn"]\n', "utf-8")
    json_file = tmp_path / "r.json"
    json_file.write_text(json.dumps(VALID), "utf-8")
    assert read_rule_file(toml_file)["query"] == "KCN"
    assert read_rule_file(json_file) == VALID


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.toml", "name = ", "is not valid .toml"),
        ("bad.json", "{", "is not valid .json"),
        ("list.json", "[1]", "must hold one object"),
    ],
)
def test_broken_rule_files_are_refused_clearly(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    with pytest.raises(RuleError, match=message):
        read_rule_file(path)


def test_missing_rule_file_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="cannot read rule file"):
        read_rule_file(tmp_path / "nope.toml")
