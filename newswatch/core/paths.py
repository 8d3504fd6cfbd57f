"""Where relative paths in the configuration point, and which crawl state belongs to a store.

A relative path (``data/newswatch.db``) is resolved once, at load, against a base that does not
depend on the folder a command runs from: ``$NEWSWATCH_DATA_DIR`` when set, else the folder of
the config file, else (bundled default config) the user data directory
``$XDG_DATA_HOME/newswatch`` (``~/.local/share/newswatch``). Run from any folder, a command
finds the same store instead of creating an empty one beside it.

Crawl state (ETags, seen ids) only makes sense for the store it fed: a 304 says "nothing new
since you stored it", a lie to a new store. So each store gets its own state folder under
``[crawl] state_dir``, named after the store (backend and path, or URL and index).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newswatch.core.settings import Settings

DATA_DIR_ENV = "NEWSWATCH_DATA_DIR"
PATH_KEYS = (
    ("storage", "path"),
    ("storage", "queue_path"),
    ("storage", "ca_certs"),
    ("crawl", "state_dir"),
    ("schedule", "runs_path"),
    ("schedule", "log_dir"),
    ("alerts", "outbox_path"),
)
"""Every path setting: ``(section, key)``."""


def data_dir(config_file: Path | None) -> Path:
    """The base of relative paths (see the module docstring)."""
    explicit = os.environ.get(DATA_DIR_ENV)
    if explicit:
        return Path(explicit).expanduser().resolve()
    if config_file is not None:
        return config_file.expanduser().resolve().parent
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg).expanduser().resolve() / "newswatch"


def anchored(path: Path, base: Path) -> Path:
    path = path.expanduser()
    return path if path.is_absolute() else base / path


SQLITE_URL = "sqlite:///"


def anchored_url(url: str, base: Path) -> str:
    """``sqlite:///data/scheduler.db`` (a relative file) → ``sqlite:////<base>/data/…``."""
    if not url.startswith(SQLITE_URL) or url == SQLITE_URL:
        return url
    return SQLITE_URL + str(anchored(Path(url.removeprefix(SQLITE_URL)), base))


def resolve_paths(settings: Settings, base: Path) -> None:
    """Anchor every relative path setting of ``settings`` at ``base``, and the SQLite job
    store's file."""
    for section, key in PATH_KEYS:
        holder = getattr(settings, section)
        value = getattr(holder, key)
        if value is not None:
            setattr(holder, key, anchored(Path(value), base))
    schedule = settings.schedule
    schedule.jobstore_url = anchored_url(schedule.jobstore_url, base)


def store_key(settings: Settings) -> str:
    """A short, stable, readable name for the configured store: ``sqlite-newswatch-1a2b3c4d``."""
    storage = settings.storage
    where = (
        str(Path(storage.path).resolve())
        if storage.backend == "sqlite"
        else f"{storage.url.rstrip('/')}/{storage.index}"
    )
    stem = Path(storage.path).stem if storage.backend == "sqlite" else storage.index
    digest = hashlib.sha1(where.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return f"{storage.backend}-{re.sub(r'[^A-Za-z0-9_.-]+', '-', stem)}-{digest}"


def revisions_path(settings: Settings) -> Path:
    """The kept versions of edited articles (``search.stories.revision_log``): a SQLite file
    beside the store (its file, or the Elasticsearch queue file), named after it, so two stores
    in one data folder never share edits."""
    storage = settings.storage
    beside = storage.path if storage.backend == "sqlite" else storage.queue_path
    return Path(beside).parent / f"{store_key(settings)}.revisions.db"


def crawl_state_dir(settings: Settings) -> Path:
    """The crawl state of the configured store: ``<[crawl] state_dir>/<store_key>``."""
    return Path(settings.crawl.state_dir) / store_key(settings)


def stories_path(settings: Settings) -> Path:
    """The story index (``search.stories``) of the configured store, beside its crawl state:
    story ids name that store's articles, so each store keeps its own."""
    return crawl_state_dir(settings) / "stories.db"


def projects_db_path(settings: Settings) -> Path:
    """The project register's stored corrections (merges, splits) for the configured store:
    beside a SQLite store (``newswatch.db`` → ``newswatch.projects.db``), in the store's crawl
    state folder for Elasticsearch. Tied to the store because its ids come from its articles."""
    storage = settings.storage
    if storage.backend == "sqlite":
        path = Path(storage.path)
        return path.with_name(f"{path.stem}.projects.db")
    return crawl_state_dir(settings) / "projects.db"


def projects_cache_path(settings: Settings) -> Path:
    """The register's cache of what each article said (its mentions, keyed by article id and
    content hash), beside the corrections file: ``newswatch.projects-cache.db``. Only a cache:
    deleting it costs one full re-computation, nothing else."""
    corrections = projects_db_path(settings)
    return corrections.with_name(f"{corrections.stem}-cache.db")
