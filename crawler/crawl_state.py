"""Small per-source JSON state files under ``[crawl] state_dir`` that make later runs cheaper.

Kinds include ``validators`` (URL → ETag/Last-Modified, for conditional requests) and
``seen`` (article id → when it was fetched but not stored: off-topic, too old, not an article;
or a link's id when the article it led to was stored under another canonical URL; so later runs
neither fetch it again nor count it as news), and ``health`` (``crawler.health``: each source's
last runs). One file per source and kind keeps scheduled crawls of different sources, which
run as separate processes, from overwriting each other. A damaged file costs one run's
savings, never the crawl.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crawler.crawl_state_db import DbCrawlState

logger = logging.getLogger(__name__)


class CrawlState:
    """``state[source]`` is a mutable dict loaded lazily; ``save()`` writes each atomically."""

    def __init__(self, directory: Path, kind: str) -> None:
        self.directory = directory
        self.kind = kind
        self._by_source: dict[str, dict[str, Any]] = {}

    def path(self, source: str) -> Path:
        return self.directory / f"{source}.{self.kind}.json"

    def __getitem__(self, source: str) -> dict[str, Any]:
        if source not in self._by_source:
            self._by_source[source] = _load(self.path(source))
        return self._by_source[source]

    def save(self, only: Iterable[str] | None = None) -> None:
        """Write every loaded source's state, or only those in ``only``."""
        self.directory.mkdir(parents=True, exist_ok=True)
        chosen = None if only is None else set(only)
        for source, entries in self._by_source.items():
            if chosen is not None and source not in chosen:
                continue
            target = self.path(source)
            partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            partial.write_text(json.dumps(entries, indent=1, sort_keys=True), "utf-8")
            partial.replace(target)


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        logger.warning("ignoring unreadable crawl state %s: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def open_crawl_state(
    state_dir: Path, state_url: str | None, kind: str
) -> CrawlState | DbCrawlState:
    """The database store when ``[state] url`` is set, else the JSON files in ``state_dir``.

    The database module (and SQLAlchemy with it) is imported only when it is configured: a
    crawl on the zero-setup default does not pay for it at start-up (issue 14)."""
    if not state_url:
        return CrawlState(state_dir, kind)
    from crawler.crawl_state_db import DbCrawlState

    return DbCrawlState(state_url, kind)
