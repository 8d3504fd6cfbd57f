"""The run store's tests run on both state databases: the SQLite default and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite", "postgres"])
def runs_location(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """A runs database: a SQLite file, or a fresh database on the real PostgreSQL server."""
    if request.param == "sqlite":
        return tmp_path / "runs.db"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def jobstore(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An APScheduler job store URL: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'scheduler.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url
