"""Pytest plugin: the local replay news sites (tests/sites) and a crawl configuration for them.

Enable with ``pytest_plugins = ["tests.servers.sites"]`` (or ``-p tests.servers.sites``). The
configuration itself lives in ``tests.servers.replay_config``;
``replay_settings_for`` is re-exported here for the tests that import it from this plugin.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newswatch.core.settings import Settings
from tests.servers.replay_config import replay_settings_for
from tests.servers.replay_server import ReplaySites, default_sites_root, serve_sites

__all__ = ["replay_settings", "replay_settings_for", "replay_sites"]


@pytest.fixture(scope="session")
def replay_sites() -> Iterator[ReplaySites]:
    """Every replay site up for the whole session, one server (and robots.txt) per site."""
    sites = serve_sites(default_sites_root())
    try:
        yield sites
    finally:
        sites.stop()


@pytest.fixture
def replay_settings(replay_sites: ReplaySites, tmp_path: Path) -> Callable[..., Settings]:
    """Factory: ``replay_settings(names=None)`` → Settings for (some of) the replay sources."""

    def make(names: list[str] | None = None) -> Settings:
        return replay_settings_for(replay_sites, tmp_path, names)

    return make
