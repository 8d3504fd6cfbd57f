"""The ``newswatch`` command: a global ``--config`` option and one module per command group."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newswatch.commands import alerts, crawl, dates, extract, facts, index, schedule, search, serve
from newswatch.logs import setup_cli_logging

app = typer.Typer(
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


for group in (crawl, search, extract, facts, dates, index, schedule, alerts, serve):
    group.register(app)
