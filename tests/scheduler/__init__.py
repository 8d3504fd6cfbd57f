"""Scheduler tests. ``scheduler_settings`` keeps every file a test makes under ``tmp_path``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newswatch.config import ScheduleSettings, Settings, Source, StorageSettings


def scheduler_settings(tmp_path: Path, sources: tuple[str, ...] = (), **schedule: Any) -> Settings:
    return Settings(
        storage=StorageSettings(path=tmp_path / "newswatch.db"),
        schedule=ScheduleSettings(
            jobstore_url=f"sqlite:///{tmp_path / 'scheduler.db'}",
            runs_path=tmp_path / "runs.db",
            log_dir=tmp_path / "logs",
            **schedule,
        ),
        sources=[Source(name=name, allowed_domains=["127.0.0.1"]) for name in sources],
    )
