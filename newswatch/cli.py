"""The ``newswatch`` command: a global ``--config`` option and one module per command group.

Command modules load lazily, only the one the command line names: a scheduled crawl child must
not pay for importing the API (fastapi), the scheduler (apscheduler) or SQLAlchemy it never
uses (issue 14: 0.9 s CPU and 40 MiB per crawl). ``--help`` still lists every command.
"""

from __future__ import annotations

import gc
import importlib
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click import Command, Context  # Typer vendors click; its group speaks these types
from typer.core import TyperGroup

from newswatch.cli_args import globals_first
from newswatch.core.errors import NewswatchError
from newswatch.logs import setup_cli_logging

COMMANDS = {
    "crawl": "crawl", "demo": "demo", "search": "search", "extract": "extract",
    "facts": "facts", "parse-date": "dates", "index": "index", "kibana": "index",
    "schedule": "schedule", "alerts": "alerts", "serve": "serve", "sources": "sources",
    "projects": "projects",
}  # fmt: skip
"""Command name → the ``newswatch.commands`` module whose ``register(app)`` adds it."""


class LazyCommands(TyperGroup):
    """Click's lazily loading group (its documented pattern) on Typer's group class, and the one
    place an expected failure becomes an exit code: a ``NewswatchError`` that a command did not
    handle itself prints one line and exits with the error's ``exit_code``."""

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = _import_long_lived(f"newswatch.commands.{COMMANDS[cmd_name]}")
        holder = typer.Typer()
        module.register(holder)
        return typer.main.get_group(holder).get_command(ctx, cmd_name)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, globals_first(args) if ctx.parent is None else args)

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click.Context, not public API
        try:
            return super().invoke(ctx)
        except NewswatchError as exc:
            typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
            raise typer.Exit(exc.exit_code) from exc


def _import_long_lived(name: str) -> Any:
    """Import a command's module with the cyclic garbage collector paused, then freeze what
    was imported: modules live as long as the process, and collecting while hundreds of them
    load scanned every object made so far again and again (issue 14: a tenth of a nothing-new
    crawl's CPU). Frozen objects are left out of later collections; the collector is on again
    before the command runs."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(name)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


app = typer.Typer(
    cls=LazyCommands,
    help="Monitor news about Hải Phòng's industrial and economic zones.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version  # only here: 60 ms of every command's start-up

        typer.echo(f"newswatch {version('newswatch')}")
        raise typer.Exit()


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
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=show_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    ctx.obj = config
    setup_cli_logging(verbose)
