"""Typed configuration: one TOML file plus ``NEWSWATCH_*`` environment variables.

Resolution order for the file: ``--config FILE``, then ``$NEWSWATCH_CONFIG``, then
``./newswatch.toml``, then the bundled ``newswatch/default.toml``. Environment variables
override file values (``NEWSWATCH_STORAGE__BACKEND=elasticsearch``); secrets (API keys,
passwords) are read only from the environment and never from the file.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    Field,
    SecretStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from newswatch.core.clock import ClockTime
from newswatch.core.errors import ConfigError, UnknownSource
from newswatch.core.paths import data_dir, resolve_paths
from newswatch.core.sources import Section, Source

CONFIG_ENV = "NEWSWATCH_CONFIG"
LOCAL_CONFIG = Path("newswatch.toml")


class StorageSettings(Section):
    backend: Literal["sqlite", "elasticsearch"] = "sqlite"
    path: Path = Path("data/newswatch.db")
    url: str = "http://127.0.0.1:9200"
    index: str = "newswatch-articles"
    queue_path: Path = Path("data/es-queue.db")
    api_key: SecretStr | None = None
    username: str | None = None
    password: SecretStr | None = None
    ca_certs: Path | None = None
    request_timeout: float = 10.0
    nodes: list[str] = Field(
        default_factory=list,
        description="Every node of an Elasticsearch cluster (replaces url): the client "
        "retries a request on another node when one is down.",
    )
    replicas: int = Field(
        default=0,
        ge=0,
        description="Replica copies per shard; 1 or more on a cluster so a node can be lost.",
    )
    revisions_kept: int = Field(
        default=20,
        ge=2,
        description="Versions kept per edited article (the current one included); older "
        "ones are dropped.",
    )
    settle_seconds: int = Field(
        default=5,
        ge=0,
        description="Elasticsearch only: alert evaluation reads articles stamped at least this "
        "long ago on the server's clock, so a write still in flight (stamped at bulk start, "
        "searchable later) is never skipped; bounds bulk duration plus clock skew.",
    )

    @property
    def hosts(self) -> list[str]:
        return self.nodes or [self.url]


class CrawlSettings(Section):
    timezone: str = "Asia/Ho_Chi_Minh"
    obey_robots_txt: bool = True
    download_delay: float = 0.5
    user_agent: str = "newswatch/0.1 (+https://github.com/newswatch; KCN news monitor)"
    max_age_days: int = 30
    concurrent_requests_per_domain: int = 2
    download_timeout: float = 20.0
    download_maxsize: int = 8 * 1024 * 1024
    retry_times: int = 2
    autothrottle: bool = True
    max_feed_items: int = Field(default=500, ge=1)
    """Entries read from one feed; the rest are counted (``feed_item_limit``), not fetched."""
    max_sitemap_depth: int = Field(default=3, ge=0)
    """Sitemap indexes followed below a configured sitemap; deeper ones are counted
    (``sitemap_depth_limit``): a chain of 200 nested indexes is a trap, not a site."""
    state_dir: Path = Path("data/crawl-state")
    revisit_days: float = Field(
        default=0,
        ge=0,
        description="A stored article that a feed, sitemap or listing advertises as published "
        "within this many days is fetched again, so a correction (a figure, a title) is stored "
        "and its previous version kept as a revision; 0: stored articles are never re-fetched.",
    )
    workers: int | None = Field(
        default=None,
        ge=0,
        description="Extraction processes besides the crawl process (which fetches, stores and "
        "files stories, and keeps a core busy); unset: one per core but one, at least one. 0 "
        "extracts in the crawl process itself (no page_time_budget).",
    )
    page_time_budget: float = Field(
        default=20.0,
        gt=0,
        description="Seconds one page's extraction may take before it is counted as "
        "extract_timeout (its worker is replaced; other pages go on).",
    )
    frontier: Literal["local", "redis"] = Field(
        default="local",
        description="redis: several crawl workers share one request queue, duplicate filter "
        "and per-domain concurrency through redis_url.",
    )
    redis_url: str = "redis://127.0.0.1:6379/0"
    frontier_key: str = Field(
        default="default",
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="Workers started with the same key share one crawl's frontier.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)  # better an error at load than mid-crawl
        except (KeyError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r} (use an IANA name)") from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def worker_count(self) -> int:
        """One per core besides the crawl process's own unless set (at least one): the crawl
        process keeps a core busy fetching, storing and filing stories. On 2 cores one worker is
        as fast as two and 75 MiB lighter (issue 14)."""
        if self.workers is not None:
            return self.workers
        return max(1, len(os.sched_getaffinity(0)) - 1)


@functools.cache
def _bundled_topic() -> dict[str, Any]:
    """The bundled default.toml's ``[topic]``: the one place the default rule lives."""
    return dict(read_toml(None)["topic"])


def _bundled(key: str) -> Any:
    value = _bundled_topic()[key]
    return list(value) if isinstance(value, list) else value


# Lists that qualify the default places (Hải Phòng's merger, its neighbours): a config that
# names its own places gets them empty unless it names them too, so a "Bắc Ninh" rule is not
# dropped for naming Bắc Ninh, nor kept for naming a Hải Dương park.
_PLACE_QUALIFIERS = ("merged_places", "pre_merger_cues", "neighbour_phrases", "other_places")


class TopicSettings(Section):
    """Keep an article when it names a Hải Phòng place AND an industrial/investment term near it.

    A list left out takes the bundled default; an empty ``places`` or ``terms`` is an error,
    because a filter that can never match would silently drop every article. The qualifying
    lists (``merged_places`` … ``other_places``) may be empty; see default.toml for each.
    """

    places: list[str] = Field(default_factory=lambda: _bundled("places"))
    terms: list[str] = Field(default_factory=lambda: _bundled("terms"))
    merged_places: list[str] = Field(default_factory=lambda: _bundled("merged_places"))
    merged_since: date = Field(default_factory=lambda: _bundled("merged_since"))
    merged_province: str = Field(default_factory=lambda: _bundled("merged_province"))
    pre_merger_cues: list[str] = Field(default_factory=lambda: _bundled("pre_merger_cues"))
    neighbour_phrases: list[str] = Field(default_factory=lambda: _bundled("neighbour_phrases"))
    other_places: list[str] = Field(default_factory=lambda: _bundled("other_places"))
    window: int = Field(default_factory=lambda: _bundled("window"), ge=20)

    @model_validator(mode="before")
    @classmethod
    def _qualifiers_follow_the_places(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and "places" in data:
            data = {key: [] for key in _PLACE_QUALIFIERS} | {"merged_province": ""} | dict(data)
        return data

    @field_validator("places", "terms")
    @classmethod
    def _not_empty(cls, value: list[str], info: ValidationInfo) -> list[str]:
        phrases = [phrase.strip() for phrase in value if phrase.strip()]
        if not phrases:
            raise ValueError(
                f"[topic] {info.field_name} is empty, so no article could ever match; "
                "list at least one phrase or leave the key out for the bundled default"
            )
        return phrases

    @field_validator(*_PLACE_QUALIFIERS)
    @classmethod
    def _no_blanks(cls, value: list[str]) -> list[str]:
        return [phrase.strip() for phrase in value if phrase.strip()]


class ScheduleOverride(Section):
    source: str
    every_minutes: int | None = None
    daily_at: ClockTime | None = None
    every_seconds: float | None = Field(
        default=None, description="Sub-minute interval, for demos and compressed-time tests."
    )


class ScheduleSettings(Section):
    daily_at: ClockTime = "06:00"
    jobstore_url: str = "sqlite:///data/scheduler.db"
    runs_path: Path = Path("data/runs.db")
    log_dir: Path = Path("data/logs")
    crawl_time_limit_seconds: float = 3600
    misfire_grace_seconds: int = 3600
    overrides: list[ScheduleOverride] = Field(default_factory=list)
    daily_every_seconds: float | None = Field(
        default=None,
        description="Run the all-sources crawl every N seconds instead of daily_at "
        "(compressed-time tests and demos).",
    )
    kill_grace_seconds: float = Field(
        default=30.0, description="Time between SIGTERM and SIGKILL when a crawl must stop."
    )
    trigger_poll_seconds: float = Field(
        default=3.0, description="How often the daemon looks for `schedule trigger` requests."
    )
    retry_after_seconds: float = Field(
        default=60.0,
        gt=0,
        description="First wait before a killed or timed-out crawl of a source is retried; "
        "doubles with each further failure in a row.",
    )
    queue_flush_seconds: float = Field(
        default=60.0,
        gt=0,
        description="How often the daemon indexes articles queued while Elasticsearch was "
        "down (doubling while it stays down).",
    )
    retry_limit: int = Field(
        default=3, ge=0, description="Retries in a row before a source waits for its schedule."
    )


class AlertSettings(Section):
    outbox_path: Path = Path("data/alerts-outbox.db")
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    mail_from: str = "newswatch@localhost"
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    """How long one SMTP step (connect, greeting, each command) may take: a server that
    accepts and never answers fails that one send, which is retried later."""
    webhook_allowlist: list[str] = Field(default_factory=list)
    webhook_secret: SecretStr | None = None
    webhook_timeout_seconds: float = 10.0
    lease_seconds: float = Field(default=300.0, gt=0)
    """How long one claimed send is left to its sender before another may retry it; must
    exceed the webhook timeout (a send outliving its lease could be sent twice)."""
    max_attempts: int = 8
    digest_at: ClockTime = "07:00"
    health_channel: str | None = Field(
        default=None,
        description="E-mail address told when a source's yield or field fill rate collapses.",
    )


class StateSettings(Section):
    url: str | None = Field(
        default=None,
        description="postgresql://user:pass@host/db: crawl state, run history, the job store, "
        "the alert outbox and the scheduler lease in one shared database (several hosts); "
        "unset: local files.",
    )
    lease_seconds: float = Field(
        default=30.0,
        gt=0,
        description="A dead scheduler leader is replaced within this time plus a sixth of it.",
    )


class ApiSettings(Section):
    host: str = "127.0.0.1"
    port: int = 8000
    open_read: bool = True
    api_key: SecretStr | None = None
    max_query_length: int = 500
    max_page_size: int = 100
    max_body_bytes: int = Field(default=65_536, ge=1024)  # alert rules are a few hundred bytes


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="NEWSWATCH_", env_nested_delimiter="__", extra="forbid"
    )

    storage: StorageSettings = Field(default_factory=StorageSettings)
    crawl: CrawlSettings = Field(default_factory=CrawlSettings)
    topic: TopicSettings = Field(default_factory=TopicSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    alerts: AlertSettings = Field(default_factory=AlertSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    state: StateSettings = Field(default_factory=StateSettings)
    sources: list[Source] = Field(default_factory=list)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Environment beats the file (passed as init kwargs): 12-factor overrides.
        return env_settings, init_settings

    def source(self, name: str) -> Source:
        for candidate in self.sources:
            if candidate.name == name:
                return candidate
        known = ", ".join(s.name for s in self.sources)
        raise UnknownSource(f"unknown source {name!r}; configured sources: {known}")


SECRET_KEYS = (
    ("storage", "api_key"),
    ("storage", "password"),
    ("alerts", "smtp_password"),
    ("alerts", "webhook_secret"),
    ("api", "api_key"),
)


def reject_secrets_in_file(data: dict[str, Any], origin: str) -> None:
    """Secrets come only from the environment: a config file is copied, shared and committed."""
    for section, key in SECRET_KEYS:
        if key in data.get(section, {}):
            env = f"NEWSWATCH_{section.upper()}__{key.upper()}"
            raise ConfigError(
                f"{origin}: [{section}] {key} is a secret and is not read from files; "
                f"set the environment variable {env} instead"
            )


def config_path(explicit: Path | None = None) -> Path | None:
    """Which TOML file to load; ``None`` means the bundled default."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        return Path(from_env)
    if LOCAL_CONFIG.is_file():
        return LOCAL_CONFIG
    return None


def read_toml(path: Path | None) -> dict[str, Any]:
    try:
        if path is None:
            text = resources.files("newswatch").joinpath("default.toml").read_text("utf-8")
        else:
            text = path.read_text("utf-8")
        return tomllib.loads(text)
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path or 'default.toml'} is not valid TOML: {exc}") from exc


def select_sources(
    chosen: Any, bundled: Mapping[str, Mapping[str, Any]], origin: str
) -> list[dict[str, Any]]:
    """The sources a configuration crawls: its own choice laid over the bundled catalogue.

    No ``sources`` key keeps every bundled source, so a catalogue fix reaches every user. A
    listed name (``sources = ["cafef"]``) or table (``[[sources]] name = "cafef"``) selects
    that source; a table's keys override the catalogue's (``selectors`` key by key) and
    ``enabled = false`` leaves it out. A name the catalogue lacks is a custom source and must
    be complete.
    """
    if chosen is None:
        return [dict(entry) for entry in bundled.values()]
    if not isinstance(chosen, list):
        raise ConfigError(f"{origin}: sources must be a list of names or [[sources]] tables")
    selected: list[dict[str, Any]] = []
    for item in chosen:
        entry = {"name": item} if isinstance(item, str) else item
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise ConfigError(f"{origin}: every source needs a name, got {item!r}")
        base = bundled.get(entry["name"])
        if base is None and isinstance(item, str):
            known = ", ".join(bundled) or "none"
            raise ConfigError(f"{origin}: no bundled source {item!r}; bundled: {known}")
        merged = {**(base or {}), **entry}
        merged["selectors"] = {**(base or {}).get("selectors", {}), **entry.get("selectors", {})}
        if merged.get("enabled", True):
            selected.append(merged)
    return selected


def load_settings(
    explicit: Path | None = None, bundled_sources: Mapping[str, Mapping[str, Any]] | None = None
) -> Settings:
    """Load and validate the configuration once; callers pass the result down.

    ``bundled_sources`` is the source catalogue (``crawler.sources.bundled()``, handed in by
    the shell: the kernel knows no site); without it only the file's own sources exist.
    """
    path = config_path(explicit)
    data = read_toml(path)
    origin = str(path or "default.toml")
    reject_secrets_in_file(data, origin)
    if bundled_sources is not None:
        data["sources"] = select_sources(data.get("sources"), bundled_sources, origin)
    try:
        settings = Settings(**data)
    except ValueError as exc:
        raise ConfigError(f"invalid configuration in {origin}:\n{exc}") from exc
    resolve_paths(settings, data_dir(path))
    return settings
