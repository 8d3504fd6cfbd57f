"""The ``newswatch`` command: a global ``--config`` option and one module per command group."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from newswatch.commands import (
    alerts,
    crawl,
    dates,
    extract,
    facts,
    index,
    schedule,
    search,
    serve,
    sources,
)
from newswatch.core.errors import NewswatchError
from newswatch.logs import setup_cli_logging


class NewswatchGroup(TyperGroup):
    """The one place an expected failure becomes an exit code: a ``NewswatchError`` that a
    command did not handle itself prints one line and exits with the error's ``exit_code``."""

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click.Context, not public API
        try:
            return super().invoke(ctx)
        except NewswatchError as exc:
            typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
            raise typer.Exit(exc.exit_code) from exc


app = typer.Typer(
    cls=NewswatchGroup,
    help="Monitor news about Hải Phòng's industrial and economic zones.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="TOML config file (else $NEWSWATCH_CONFIG, ./newswatch.toml, bundled default).",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging.")] = False,
) -> None:
    ctx.obj = config
    setup_cli_logging(verbose)


for group in (crawl, search, extract, facts, dates, index, schedule, alerts, serve, sources):
    group.register(app)
