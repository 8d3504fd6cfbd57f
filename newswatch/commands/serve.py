"""``newswatch serve``: the HTTP API and the search page, served by uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from newswatch.api.app import create_app
from newswatch.commands.context import settings_from


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.command("serve")(serve)


def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None, typer.Option(help="Listen address (default: api.host, 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="TCP port (default: api.port, 8000).")] = None,
) -> None:
    """Serve the search page at / and the API at /api (OpenAPI docs at /docs)."""
    settings = settings_from(ctx)
    api = settings.api
    if api.api_key is None:
        typer.secho(
            "note: no API key set (NEWSWATCH_API__API_KEY): alert rules cannot be changed "
            "over HTTP",
            fg=typer.colors.YELLOW,
            err=True,
        )
    listen, on = host or api.host, port if port is not None else api.port
    where = settings.storage.path if settings.storage.backend == "sqlite" else settings.storage.url
    typer.echo(f"newswatch: page at http://{listen}:{on}/ , API docs at /docs; store {where}")
    typer.echo("newswatch: Ctrl-C stops")
    uvicorn.run(
        create_app(settings),
        host=listen,
        port=on,
        log_config=None,  # keep the CLI's logging setup
        server_header=False,
    )
