"""How commands get their settings: loaded once from the global ``--config`` option."""

from __future__ import annotations

from pathlib import Path

import typer

from crawler.sources import load
from newswatch.core.settings import ConfigError, Settings


def settings_from(ctx: typer.Context) -> Settings:
    """Load the configuration named by the global option, or exit 2 with a clear message."""
    root = ctx.find_root()
    explicit: Path | None = root.obj if isinstance(root.obj, Path) else None
    try:
        return load(explicit)
    except ConfigError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from exc
