"""The bundled source catalogue: one TOML file per news site, apart from user configuration.

Each ``crawler/sources/<name>.toml`` holds everything known about one site (domains, feeds,
sitemaps, listings, URL patterns, pagination, date order, versioned layouts) with the evidence
for each fact. A user's configuration only selects and overrides
(``newswatch.core.settings.select_sources``), so a fix here reaches every user on upgrade.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from newswatch.core.errors import ConfigError
from newswatch.core.settings import Settings, Source, load_settings


@functools.cache
def bundled() -> dict[str, dict[str, Any]]:
    """Every catalogue entry by name, validated once: a broken entry fails loudly at load."""
    entries: dict[str, dict[str, Any]] = {}
    folder = resources.files(__name__)
    for item in sorted(folder.iterdir(), key=lambda found: found.name):
        if not item.name.endswith(".toml"):
            continue
        try:
            data = tomllib.loads(item.read_text("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"source catalogue {item.name} is not valid TOML: {exc}") from exc
        if data.get("name") != item.name.removesuffix(".toml"):
            raise ConfigError(f"source catalogue {item.name}: name must be the file's stem")
        try:
            Source.model_validate(data)
        except ValueError as exc:
            raise ConfigError(f"source catalogue {item.name} is invalid:\n{exc}") from exc
        entries[data["name"]] = data
    return entries


def load(explicit: Path | None = None) -> Settings:
    """The configuration with its sources resolved against the bundled catalogue."""
    return load_settings(explicit, bundled_sources=bundled())
