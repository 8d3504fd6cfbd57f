"""Pytest plugin: the local replay news sites (tests/sites) and a crawl configuration for them.

Enable with ``pytest_plugins = ["tests.servers.sites"]`` (or ``-p tests.servers.sites``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.replay_server import ReplaySites, default_sites_root, serve_sites
from newswatch.config import Settings, read_toml

REPLAY_CONFIG = default_sites_root() / "replay.toml"
_BASE = re.compile(r"\{base:([a-z0-9-]+)\}")
# What a replay source inherits from the bundled source of the same name.
INHERITED = ("article_url_pattern", "pagination_pattern", "max_pages", "selectors", "language",
             "always_relevant", "notes")


def _fill(value: Any, base_urls: dict[str, str]) -> Any:
    """``{base:<name>}`` → that site's URL inside strings and lists; fails loudly if not running."""

    def base(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in base_urls:
            raise KeyError(f"replay.toml names site {name!r}, not running: {sorted(base_urls)}")
        return base_urls[name]

    if isinstance(value, str):
        return _BASE.sub(base, value)
    if isinstance(value, list):
        return [_fill(item, base_urls) for item in value]
    return value


def replay_config(base_urls: dict[str, str], names: list[str] | None = None) -> dict[str, Any]:
    """replay.toml with its sources (all, or ``names``) pointed at the running sites."""
    data = tomllib.loads(REPLAY_CONFIG.read_text("utf-8"))
    data["sources"] = [
        {key: _fill(value, base_urls) for key, value in source.items()}
        for source in data["sources"]
        if names is None or source["name"] in names
    ]
    return data


def replay_settings_for(
    sites: ReplaySites, tmp_path: Path, names: list[str] | None = None
) -> Settings:
    """Settings that crawl the running replay sites into stores under ``tmp_path``."""
    data = replay_config(sites.base_urls(), names)
    bundled = read_toml(None)
    real = {source["name"]: source for source in bundled["sources"]}
    sources = [
        {**{k: real[s["name"]][k] for k in INHERITED if k in real[s["name"]]}, **s,
         "allowed_domains": ["127.0.0.1"]}
        for s in data["sources"]
    ]
    data["crawl"]["state_dir"] = str(tmp_path / "crawl-state")
    return Settings.model_validate({
        "storage": {"backend": "sqlite", "path": tmp_path / "newswatch.db",
                    "queue_path": tmp_path / "es-queue.db"},
        "crawl": data["crawl"],
        "topic": bundled["topic"],
        "schedule": {"runs_path": tmp_path / "runs.db", "log_dir": tmp_path / "logs",
                     "jobstore_url": f"sqlite:///{tmp_path / 'scheduler.db'}"},
        "alerts": {"outbox_path": tmp_path / "alerts-outbox.db"},
        "sources": sources,
    })


@pytest.fixture(scope="session")
def replay_sites() -> Iterator[ReplaySites]:
    """Every replay site up for the whole session, one server (and robots.txt) per site."""
    sites = serve_sites(default_sites_root())
    try:
        yield sites
    finally:
        sites.stop()


@pytest.fixture
def replay_settings(
    replay_sites: ReplaySites, tmp_path: Path
) -> Callable[..., Settings]:
    """Factory: ``replay_settings(names=None)`` → Settings for (some of) the replay sources."""

    def make(names: list[str] | None = None) -> Settings:
        return replay_settings_for(replay_sites, tmp_path, names)

    return make
