"""Crawl settings for the test replay sites (tests/sites): the demo's config builder
(``newswatch.demo.config``) pointed at the full replay corpus by default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newswatch.core.settings import Settings
from newswatch.demo import config
from newswatch.demo.config import ReplaySitesMissing, RunningSites
from tests.servers.replay_server import default_sites_root

__all__ = ["ReplaySitesMissing", "replay_config", "replay_settings_for", "replay_sites_root"]


def replay_sites_root(root: Path | None = None) -> Path:
    return config.replay_sites_root(root or default_sites_root())


def replay_config(
    base_urls: dict[str, str], names: list[str] | None = None, root: Path | None = None
) -> dict[str, Any]:
    return config.replay_config(base_urls, names, root or default_sites_root())


def replay_settings_for(
    sites: RunningSites, workdir: Path, names: list[str] | None = None, root: Path | None = None
) -> Settings:
    return config.replay_settings_for(sites, workdir, names, root or default_sites_root())
