"""Alert rules: the model, its storage beside the articles, and the bundled example rule.

A rule is a saved search (the same ``simple_query_string`` syntax as ``newswatch search``) plus
where to send new matches. Rules live in the active backend's record store (kind
``alert_rule``) so the CLI, the scheduler and the API all see one set.
"""

from __future__ import annotations

import json
import logging
import re
import tomllib
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from newswatch.alerts.delivery import Mode, channel_kind
from newswatch.core.clock import ClockTime
from newswatch.core.errors import BadQuery, InputError
from newswatch.fact_filters import FactFilters, resolve_fact_filters
from search.backend import Backend
from search.query import parse

log = logging.getLogger(__name__)

RULE_KIND = "alert_rule"
EXAMPLE_FILE = "example_rule.toml"
_NAME = re.compile(r"^\w[\w.-]{0,79}$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
MAX_QUERY_CHARS = 2000  # a rule is re-run on every crawl: a long one is a mistake, not a need


class RuleError(InputError):
    """A rule file or record is invalid; the message says which field and why."""


class AlertRule(BaseModel):
    """What to watch for and whom to tell."""

    name: str
    query: str = ""
    """Search syntax as in `newswatch search`; may be empty when fact filters are given."""
    channels: list[str] = Field(min_length=1)
    """E-mail addresses and/or http(s) webhook URLs."""
    mode: Mode = "instant"
    digest_at: ClockTime | None = None
    """Local ``HH:MM`` for digest mode; ``None`` = ``[alerts] digest_at``."""
    sources: list[str] = Field(default_factory=list)
    max_age_days: int | None = Field(default=None, ge=1)
    """Ignore articles published longer ago than this (an old page found late is not news)."""
    zones: list[str] = Field(default_factory=list)
    """Zone names as typed (aliases allowed, see ``newswatch.fact_filters``); any of them."""
    countries: list[str] = Field(default_factory=list)
    """ISO 3166-1 alpha-2 investor countries; any of them."""
    events: list[str] = Field(default_factory=list)
    """Event kinds (``crawler.facts.EVENTS``); any of them."""
    min_usd: float | None = None
    """Some amount in the article reaches this many US dollars."""
    on_edit: Literal["material"] | None = None
    """``"material"``: also tell when an article this rule alerted is edited in its title or
    an amount (once per edit, ``newswatch.alerts.edits``); ``None``: new articles only."""
    every_copy: bool = False
    """Alert every copy of a story (each source's article); by default a story alerts once,
    listing its sources, and copies arriving later stay silent."""
    enabled: bool = True
    public_feed: bool = False
    """Anyone may read the rule's Atom feed (``/feeds/<name>.atom``) without a key. Private by
    default: a rule's name and query can say what an office is looking into."""
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @field_validator("name")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError("use letters, digits, '.', '_' or '-' (max 80), e.g. 'fdi-hai-phong'")
        return value

    @field_validator("query")
    @classmethod
    def _bounded(cls, value: str) -> str:
        """May be empty (a rule of fact filters alone, see ``_something_to_match``)."""
        if len(value) > MAX_QUERY_CHARS:
            raise ValueError(f"the query is longer than {MAX_QUERY_CHARS} characters")
        parse(value)  # BadQuery (a ValueError) past the word or nesting limit, as for a search
        return value.strip()

    @model_validator(mode="after")
    def _something_to_match(self) -> AlertRule:
        """A query, fact filters or both; fact values must resolve (a typo fails here, not at
        every evaluation)."""
        try:
            facts = self.fact_filters()
        except BadQuery as exc:
            raise ValueError(str(exc)) from exc
        if not self.query and facts == FactFilters():
            raise ValueError("an alert needs a search query or a fact filter")
        return self

    def fact_filters(self) -> FactFilters:
        """The rule's fact filters resolved (zone aliases → canonical names)."""
        return resolve_fact_filters(self.zones, self.countries, self.events, self.min_usd)

    @field_validator("channels")
    @classmethod
    def _channels(cls, value: list[str]) -> list[str]:
        cleaned = list(dict.fromkeys(c.strip() for c in value if c.strip()))
        for channel in cleaned:
            if channel_kind(channel) == "email" and not _EMAIL.match(channel):
                raise ValueError(f"{channel!r} is neither an e-mail address nor an http(s) URL")
        if not cleaned:
            raise ValueError("give at least one e-mail address or webhook URL")
        return cleaned


NO_CHANNEL = (
    "has no channel to deliver to: add --to with an e-mail address (--to you@example.vn) "
    "or a webhook URL (--to https://hooks.example.vn/x)"
)


def _sentence(error: Any) -> str:
    """One plain sentence for one validation problem, never pydantic's wording."""
    field = ".".join(str(part) for part in error["loc"]) or "rule"
    empty = error["type"] in {"too_short", "missing"} or "at least one" in str(error["msg"])
    if field == "channels" and empty:
        return NO_CHANNEL
    if error["type"] == "missing":
        return f"needs a {field}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"has a bad {field}: {message}"


def rule_from_dict(data: dict[str, Any]) -> AlertRule:
    try:
        return AlertRule.model_validate(data)
    except ValidationError as exc:
        name = data.get("name") if isinstance(data.get("name"), str) else None
        subject = f"alert rule {name!r}" if name else "the alert rule"
        problems = "; it ".join(dict.fromkeys(_sentence(err) for err in exc.errors()))
        raise RuleError(f"{subject} {problems}") from exc


def check_sources(rule: AlertRule, configured: list[str]) -> None:
    """A rule limited to a source that is not configured would never fire: refuse it."""
    unknown = [name for name in rule.sources if name not in configured]
    if unknown:
        raise RuleError(
            f"alert rule {rule.name!r} names unknown source(s) {', '.join(unknown)}; "
            f"configured sources: {', '.join(configured)}"
        )


def read_rule_file(path: Path) -> dict[str, Any]:
    """Raw fields of a rule written as TOML (``.toml``) or JSON (anything else)."""
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise RuleError(f"cannot read rule file {path}: {exc.strerror}") from exc
    try:
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise RuleError(f"rule file {path} is not valid {path.suffix or 'JSON'}: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleError(f"rule file {path} must hold one object with the rule's fields")
    return data


def example_rule_fields() -> dict[str, Any]:
    """The bundled example (new investment in Hải Phòng's KCN/KKT); it has no channels yet."""
    text = resources.files("newswatch.alerts").joinpath(EXAMPLE_FILE).read_text("utf-8")
    return tomllib.loads(text)


def save_rule(backend: Backend, rule: AlertRule) -> None:
    backend.put_record(RULE_KIND, rule.name, rule.model_dump(mode="json"))


def load_rule(backend: Backend, name: str) -> AlertRule | None:
    record = backend.get_record(RULE_KIND, name)
    return None if record is None else rule_from_dict(record)


def list_rules(backend: Backend) -> list[AlertRule]:
    """Every valid stored rule by name; an invalid record is logged and left in place."""
    rules = []
    for record in backend.list_records(RULE_KIND):
        try:
            rules.append(rule_from_dict(record))
        except RuleError as exc:
            log.error("skipping stored alert rule %r: %s", record.get("name"), exc)
    return sorted(rules, key=lambda rule: rule.name)


def delete_rule(backend: Backend, name: str) -> bool:
    return backend.delete_record(RULE_KIND, name)
