"""Crawl settings for running replay sites (the demo's or the tests'), from their replay.toml.

``<sites root>/replay.toml`` declares each replay source's discovery routes with ``{base:<site>}``
where the site's ``http://127.0.0.1:<port>`` goes; everything else a source needs (patterns,
selectors, layouts, ``always_relevant``…) comes from the bundled source catalogue
(``crawler/sources``) and ``[topic]`` from ``newswatch/default.toml``, so ``newswatch demo``
and the crawl tests exercise the real configuration.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Protocol

from crawler.sources import bundled as bundled_sources
from newswatch.core.errors import NewswatchError
from newswatch.core.settings import Settings, read_toml
from newswatch.demo.server import demo_sites_root

CONFIG_NAME = "replay.toml"
_BASE = re.compile(r"\{base:([a-z0-9-]+)\}")
INHERITED = ("article_url_pattern", "pagination_pattern", "max_pages", "selectors", "layouts",
             "language", "feed_date_order", "always_relevant", "notes")  # fmt: skip
"""What a replay source takes from the bundled source of the same name."""


class ReplaySitesMissing(NewswatchError, FileNotFoundError):
    """A sites directory without the replay.toml that says how to crawl it."""


class RunningSites(Protocol):
    """What the settings need of running sites: each one's ``http://127.0.0.1:<port>``."""

    def base_urls(self) -> dict[str, str]: ...


def replay_sites_root(root: Path | None = None) -> Path:
    """``root`` (default: the bundled demo sites) if it holds replay.toml; else a clear
    ``ReplaySitesMissing``."""
    root = root or demo_sites_root()
    if not (root / CONFIG_NAME).is_file():
        raise ReplaySitesMissing(f"no replay sites at {root} (expected {CONFIG_NAME} there)")
    return root


def _fill(value: Any, base_urls: dict[str, str]) -> Any:
    """``{base:<name>}`` → that site's URL inside strings and lists; fails loudly if not running."""

    def base(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in base_urls:
            raise KeyError(f"{CONFIG_NAME} names site {name!r}, not running: {sorted(base_urls)}")
        return base_urls[name]

    if isinstance(value, str):
        return _BASE.sub(base, value)
    if isinstance(value, list):
        return [_fill(item, base_urls) for item in value]
    return value


def replay_config(
    base_urls: dict[str, str], names: list[str] | None = None, root: Path | None = None
) -> dict[str, Any]:
    """replay.toml with its sources (all, or ``names``) pointed at the running sites."""
    text = (replay_sites_root(root) / CONFIG_NAME).read_text("utf-8")
    data = tomllib.loads(text)
    data["sources"] = [
        {key: _fill(value, base_urls) for key, value in source.items()}
        for source in data["sources"]
        if names is None or source["name"] in names
    ]
    return data


def replay_settings_for(
    sites: RunningSites, workdir: Path, names: list[str] | None = None, root: Path | None = None
) -> Settings:
    """Settings that crawl the running replay sites into stores and state under ``workdir``."""
    data = replay_config(sites.base_urls(), names, root)
    bundled = read_toml(None)
    real = bundled_sources()
    sources = [
        {**{k: real[s["name"]][k] for k in INHERITED if k in real[s["name"]]}, **s,
         "allowed_domains": ["127.0.0.1"]}
        for s in data["sources"]
    ]  # fmt: skip
    data["crawl"]["state_dir"] = str(workdir / "crawl-state")
    return Settings.model_validate({
        "storage": {"backend": "sqlite", "path": workdir / "newswatch.db",
                    "queue_path": workdir / "es-queue.db"},
        "crawl": data["crawl"],
        "topic": bundled["topic"],
        "schedule": {"runs_path": workdir / "runs.db", "log_dir": workdir / "logs",
                     "jobstore_url": f"sqlite:///{workdir / 'scheduler.db'}"},
        "alerts": {"outbox_path": workdir / "alerts-outbox.db"},
        "sources": sources,
    })  # fmt: skip
