"""``newswatch index …`` (Elasticsearch queue and migrations) and ``newswatch kibana import``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from newswatch.alerts.rules import RULE_KIND
from newswatch.commands.context import settings_from
from newswatch.core.errors import StoreMissing
from newswatch.core.settings import Settings
from search.backend import BackendUnavailable
from search.copy import copy_store

index_app = typer.Typer(
    help="Stored index: re-extract facts, group old articles into stories (both backends);"
    " Elasticsearch: copy an embedded store"
    " in, flush the local queue, migrate, status."
)
kibana_app = typer.Typer(help="Kibana: load the bundled data view, saved search and dashboard.")


def _elastic(ctx: typer.Context) -> Settings:
    settings = settings_from(ctx)
    if settings.storage.backend != "elasticsearch":
        typer.secho(
            'error: these commands need [storage] backend = "elasticsearch" '
            "(or NEWSWATCH_STORAGE__BACKEND=elasticsearch)",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(2)
    return settings


def _fail(exc: Exception) -> typer.Exit:
    typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
    return typer.Exit(1)


class Target(StrEnum):
    elasticsearch = "elasticsearch"


@index_app.command("copy")
def copy_command(
    ctx: typer.Context,
    to: Annotated[Target, typer.Option("--to", help="Where to copy the embedded store.")],
    source_path: Annotated[
        Path | None,
        typer.Option("--from", help="The SQLite store to copy (default: [storage] path)."),
    ] = None,
) -> None:
    """Copy every article and alert rule of the embedded SQLite store into Elasticsearch
    ([storage] url and index; run again after more crawls: only what is new is added)."""
    from search.elastic.backend import ElasticBackend
    from search.sqlite.store import SqliteBackend

    settings = settings_from(ctx)
    path = source_path or settings.storage.path
    if not path.is_file():
        raise StoreMissing(f"no SQLite store to copy at {path}")
    source = SqliteBackend(path, settings.crawl.tz)
    target = ElasticBackend(settings.storage, settings.crawl.tz)
    try:
        target.ensure_ready()
        result = copy_store(source, target, [RULE_KIND])
    except BackendUnavailable as exc:
        raise _fail(exc) from exc
    finally:
        source.close()
        target.close()
    typer.echo(
        f"copied {result.read} articles from {path} to {settings.storage.url} "
        f"({settings.storage.index}): {result.new} new, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.failed} not indexed; {result.records} alert rules"
    )
    if result.failed:
        raise typer.Exit(1)


@index_app.command("flush")
def flush(ctx: typer.Context) -> None:
    """Index the articles queued locally while Elasticsearch was unreachable."""
    from search.elastic.backend import ElasticBackend

    settings = _elastic(ctx)
    backend = ElasticBackend(settings.storage, settings.crawl.tz)
    try:
        result = backend.flush_queue()
    except BackendUnavailable as exc:
        raise _fail(exc) from exc
    finally:
        backend.close()
    typer.echo(
        f"flushed: {result.new} new, {result.updated} updated, {result.unchanged} unchanged, "
        f"{result.failed} rejected; {backend.queue.pending_count()} still queued"
    )
    for error in result.errors:
        typer.echo(f"  {error}", err=True)
    if result.failed or backend.queue.pending_count():
        raise typer.Exit(1)


@index_app.command("migrate")
def migrate_command(ctx: typer.Context) -> None:
    """Copy the index into a new version with the current mapping and swap the alias."""
    from search.elastic.health import ensure_reachable, make_client
    from search.elastic.migrate import migrate

    settings = _elastic(ctx)
    client = make_client(settings.storage)
    try:
        ensure_reachable(client, settings.storage.url)
        done = migrate(client, settings.storage.index, settings.storage.replicas)
    except BackendUnavailable as exc:
        raise _fail(exc) from exc
    finally:
        client.close()
    typer.echo(
        f"{settings.storage.index}: {done.old_index} → {done.new_index} "
        f"({done.copied} documents); {done.old_index} kept read-only"
    )


@index_app.command("refacts")
def refacts_command(ctx: typer.Context) -> None:
    """Re-extract investment facts of stored articles whose facts are missing or stale.

    Run after an upgrade (and after ``index migrate`` on Elasticsearch); either backend.
    """
    from newswatch.refacts import refacts
    from search.factory import open_backend

    settings = settings_from(ctx)
    backend = open_backend(settings)
    try:
        backend.ensure_ready()
        done = refacts(backend)
    except BackendUnavailable as exc:
        raise _fail(exc) from exc
    finally:
        backend.close()
    typer.echo(
        f"facts: {done.scanned} articles scanned, {done.updated} updated, {done.failed} failed"
    )
    for error in done.errors:
        typer.echo(f"  {error}", err=True)
    if done.failed:
        raise typer.Exit(1)


@index_app.command("restory")
def restory_command(ctx: typer.Context) -> None:
    """Group stored articles that have no story yet (stored before stories existed) into
    stories, oldest first; either backend. New articles get theirs when stored."""
    from search.factory import open_story_store
    from search.stories.backfill import restory

    settings = settings_from(ctx)
    backend = open_story_store(settings)
    try:
        backend.ensure_ready()
        done = restory(backend)
    except BackendUnavailable as exc:
        raise _fail(exc) from exc
    finally:
        backend.close()
    typer.echo(
        f"stories: {done.scanned} articles scanned, {done.filed} filed into {done.stories}"
        f" stories, {done.failed} failed"
    )
    for error in done.errors:
        typer.echo(f"  {error}", err=True)
    if done.failed:
        raise typer.Exit(1)


@index_app.command("status")
def status(ctx: typer.Context) -> None:
    """Server health, the index behind the alias, document and queue counts."""
    from search.elastic.health import ensure_reachable, make_client
    from search.elastic.migrate import current_index
    from search.elastic.queue import LocalQueue

    settings = _elastic(ctx)
    queue = LocalQueue(settings.storage.queue_path)
    typer.echo(
        f"queue {queue.path}: {queue.pending_count()} pending, {len(queue.rejected())} rejected"
    )
    client = make_client(settings.storage)
    try:
        health = ensure_reachable(client, settings.storage.url)
        index = current_index(client, settings.storage.index)
        count = client.count(index=index)["count"] if index else 0
    except BackendUnavailable as exc:
        raise _fail(exc) from exc
    finally:
        client.close()
    typer.echo(f"cluster {settings.storage.url}: {health}")
    typer.echo(f"alias {settings.storage.index} → {index or '(not created yet)'}: {count} articles")


@kibana_app.command("import")
def kibana_import(
    ctx: typer.Context,
    url: Annotated[
        str, typer.Option("--url", envvar="NEWSWATCH_KIBANA_URL", help="Kibana base URL.")
    ] = "http://127.0.0.1:5601",
) -> None:
    """Load the bundled saved objects (overwriting earlier copies) through Kibana's API."""
    from search.elastic.kibana import KibanaError, import_saved_objects

    settings = settings_from(ctx)
    try:
        count = import_saved_objects(url, settings.storage)
    except KibanaError as exc:
        raise _fail(exc) from exc
    typer.echo(f"imported {count} saved objects into Kibana at {url}")


def register(app: typer.Typer) -> None:
    """Add the ``index`` and ``kibana`` groups to ``app``."""
    app.add_typer(index_app, name="index")
    app.add_typer(kibana_app, name="kibana")
