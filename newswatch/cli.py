"""The ``newswatch`` command: a global ``--config`` option and one module per command group."""

from __future__ import annotations

from importlib.metadata import version as package_version
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
)
from newswatch.core.errors import NewswatchError
from newswatch.logs import setup_cli_logging

GLOBAL_VALUED = ("--config", "-c")
GLOBAL_FLAGS = ("--verbose", "-v")


def globals_first(args: list[str]) -> list[str]:
    """``newswatch search x --config f.toml`` as ``newswatch --config f.toml search x``: the
    global options are accepted after the subcommand too (nothing after ``--`` is moved)."""
    front: list[str] = []
    rest: list[str] = []
    position = 0
    while position < len(args):
        arg = args[position]
        if arg == "--":
            rest += args[position:]
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_VALUED and "=" in arg:
            front.append(arg)
        elif arg in GLOBAL_VALUED and position + 1 < len(args):
            front += args[position : position + 2]
            position += 1
        elif arg in GLOBAL_FLAGS:
            front.append(arg)
        else:
            rest.append(arg)
        position += 1
    return front + rest


class NewswatchGroup(TyperGroup):
    """The one place an expected failure becomes an exit code: a ``NewswatchError`` that a
    command did not handle itself prints one line and exits with the error's ``exit_code``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, globals_first(args) if ctx.parent is None else args)

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


def show_version(value: bool) -> None:
    if value:
        typer.echo(f"newswatch {package_version('newswatch')}")
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


for group in (crawl, search, extract, facts, dates, index, schedule, alerts, serve):
    group.register(app)
