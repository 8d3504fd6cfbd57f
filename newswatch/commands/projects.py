"""``newswatch projects list|show|merge|split|export``: the register of investment projects.

Every command brings the register level with the stored articles (placing only those new or
changed since any process last cached them: ``newswatch.projects.live``) and applies the stored
corrections; unknown ids exit 2 with one line (``UnknownProject``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from newswatch.commands.context import settings_from
from newswatch.core.paths import projects_cache_path, projects_db_path
from newswatch.core.settings import Settings
from newswatch.projects import service
from newswatch.projects.cache import MentionCache
from newswatch.projects.corrections_db import CorrectionStore
from newswatch.projects.live import LiveRegister
from newswatch.projects.shape import export, project_dict
from search.backend import Backend
from search.factory import open_existing_backend
from search.projects import Project

projects_app = typer.Typer(help="The register of investment projects built from the news.")

ZoneOpt = Annotated[list[str], typer.Option("--zone", help="Zone name or alias (repeatable).")]
CountryOpt = Annotated[list[str], typer.Option("--country", help="ISO code, e.g. KR (repeatable).")]
SortOpt = Annotated[str, typer.Option("--sort", help="capital (largest first) or date (newest).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="JSON instead of a table.")]


def register(app: typer.Typer) -> None:
    """Add ``projects`` to ``app``."""
    app.add_typer(projects_app, name="projects")


@dataclass(frozen=True)
class _Opened:
    settings: Settings
    backend: Backend
    store: CorrectionStore
    live: LiveRegister

    def view(self) -> service.RegisterView:
        return service.compute(self.backend, self.store, self.live)


@contextmanager
def _register(ctx: typer.Context) -> Iterator[_Opened]:
    settings = settings_from(ctx)
    backend = open_existing_backend(settings)
    try:
        backend.ensure_ready()
        store = CorrectionStore(projects_db_path(settings))
        yield _Opened(
            settings, backend, store, LiveRegister(MentionCache(projects_cache_path(settings)))
        )
    finally:
        backend.close()


def _usd(value: float | None) -> str:
    return "—" if value is None else f"{value / 1e6:,.1f} triệu USD"


def _line(project: Project) -> str:
    countries = ",".join(project.countries) or "—"
    return (
        f"{project.id}  {project.investor} ({countries}) @ {project.zone.name}  "
        f"{_usd(project.capital_usd)}  {len(project.article_ids)} bài"
    )


@projects_app.command("list")
def list_command(
    ctx: typer.Context,
    zone: ZoneOpt = [],  # noqa: B006 (typer reads the default, never mutates it)
    country: CountryOpt = [],  # noqa: B006
    sort: SortOpt = "capital",
    as_json: JsonOpt = False,
) -> None:
    """List the register's entries, filtered by zone and investor country."""
    with _register(ctx) as opened:
        view = opened.view()
        chosen = service.select(view.projects, tuple(zone), tuple(country), sort)
    if as_json:
        shown = [project_dict(p, opened.settings.crawl.tz) for p in chosen]
        typer.echo(json.dumps(shown, ensure_ascii=False, indent=1))
    else:
        for project in chosen:
            typer.echo(_line(project))
        typer.echo(f"{len(chosen)} of {len(view.projects)} projects", err=True)
    for skipped in view.skipped:
        typer.echo(f"note: stored correction not applied (entry gone): {skipped}", err=True)


@projects_app.command("show")
def show_command(ctx: typer.Context, project_id: str, as_json: JsonOpt = False) -> None:
    """One entry: capital history, events and the articles behind them."""
    with _register(ctx) as opened:
        project = service.find(opened.view(), project_id)
    data = project_dict(project, opened.settings.crawl.tz)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    typer.echo(_line(project))
    for figure in data["capital_history"]:
        typer.echo(f"  vốn  {figure['date']}  {figure['kind']:<10} {figure['text']}  "
                   f"← {', '.join(figure['articles'])}")  # fmt: skip
    for event in data["events"]:
        behind = ", ".join(event["articles"])
        typer.echo(f"  sự kiện  {event['date']}  {event['event']}  ← {behind}")
    for article in data["articles"]:
        typer.echo(f"  bài  {article['date']}  {article['source']}  {article['url']}")


@projects_app.command("merge")
def merge_command(ctx: typer.Context, into: str, other: str) -> None:
    """Merge entry OTHER into entry INTO (kept across re-computation)."""
    with _register(ctx) as o:
        merged = service.merge(o.backend, o.store, o.live, into, other)
    typer.echo(f"merged {other} into {into}: {_line(merged)}")


@projects_app.command("split")
def split_command(
    ctx: typer.Context,
    project_id: str,
    article: Annotated[str, typer.Option("--article", help="Article id to move out.")],
) -> None:
    """Move one article's evidence out of an entry into an entry of its own (kept)."""
    with _register(ctx) as o:
        made = service.split(o.backend, o.store, o.live, project_id, article)
    typer.echo(f"split {article} out of {project_id}: {_line(made)}")


@projects_app.command("export")
def export_command(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="csv or xlsx.")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write.")] = None,
    zone: ZoneOpt = [],  # noqa: B006
    country: CountryOpt = [],  # noqa: B006
    sort: SortOpt = "capital",
) -> None:
    """The register as a spreadsheet (the same columns as the page's export buttons)."""
    with _register(ctx) as opened:
        view = opened.view()
        data = export(service.select(view.projects, tuple(zone), tuple(country), sort),
                      opened.settings.crawl.tz, fmt)  # fmt: skip
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    output.write_bytes(data)
    typer.echo(f"wrote {output} ({fmt}, {len(data)} bytes)", err=True)
