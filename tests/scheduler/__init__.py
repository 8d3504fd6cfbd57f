"""Scheduler tests. ``scheduler_settings`` keeps every file a test makes under ``tmp_path``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newswatch.core.settings import ScheduleSettings, Settings, Source, StorageSettings


def scheduler_settings(tmp_path: Path, sources: tuple[str, ...] = (), **schedule: Any) -> Settings:
    return Settings(
        storage=StorageSettings(path=tmp_path / "newswatch.db"),
        schedule=ScheduleSettings(
            **{
                "jobstore_url": f"sqlite:///{tmp_path / 'scheduler.db'}",
                "runs_path": tmp_path / "runs.db",
                "log_dir": tmp_path / "logs",
                **schedule,
            }
        ),
        sources=[Source(name=name, allowed_domains=["127.0.0.1"]) for name in sources],
    )


def write_config(settings: Settings, path: Path) -> Path:
    """Settings as a TOML file, for a daemon started in a subprocess with ``--config``."""
    data = settings.model_dump(mode="json", exclude_none=True)
    tables = {key: value for key, value in data.items() if isinstance(value, dict)}
    lines = [f"{key} = {_toml(value)}" for key, value in data.items() if key not in tables]
    for name, table in tables.items():
        lines += [f"[{name}]", *(f"{key} = {_toml(value)}" for key, value in table.items())]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _toml(value: Any) -> str:
    """One inline TOML value; a JSON string is a valid TOML basic string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (
            f"{json.dumps(key)} = {_toml(item)}" for key, item in value.items() if item is not None
        )
        return "{" + ", ".join(pairs) + "}"
    raise TypeError(f"no TOML for {value!r}")
