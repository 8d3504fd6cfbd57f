"""``newswatch parse-date``: see what the date parser makes of strings copied from a site."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from crawler.dates import parse_date
from newswatch.commands.context import settings_from


def _iso_moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(
            f"{value!r} is not an ISO 8601 date-time (e.g. 2021-01-16T10:30:00+07:00)"
        ) from exc


def parse_date_command(
    ctx: typer.Context,
    texts: Annotated[
        list[str], typer.Argument(metavar="TEXT", help="Date strings as a site prints them.")
    ],
    now: Annotated[
        datetime | None,
        typer.Option(
            "--now",
            parser=_iso_moment,
            metavar="ISO",
            help="Reference time for relative and year-less dates (default: now).",
        ),
    ] = None,
) -> None:
    """Print each TEXT as ISO 8601 in the configured timezone, or '-' when it holds no date."""
    tz = settings_from(ctx).crawl.tz
    for text in texts:
        parsed = parse_date(text, tz=tz, now=now)
        typer.echo(parsed.astimezone(tz).isoformat(timespec="seconds") if parsed else "-")


def register(app: typer.Typer) -> None:
    """Add ``parse-date`` to ``app``."""
    app.command("parse-date")(parse_date_command)
