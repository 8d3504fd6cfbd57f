"""``newswatch crawl`` (crawl and store, print a summary) and ``newswatch demo`` (offline tour)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from crawler.run import run_crawl, select_sources
from crawler.summary import CrawlSummary
from newswatch.commands.context import settings_from
from newswatch.console import console as make_console
from newswatch.core.counters import counts, title
from newswatch.core.errors import SOME_SOURCES_FAILED, UnknownSource
from newswatch.core.settings import Settings
from search.backend import BackendUnavailable
from search.factory import open_backend

console = make_console(stderr=True)
out = make_console()


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.command("crawl")(crawl)


def crawl(
    ctx: typer.Context,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="Crawl only this source (repeatable); default all."),
    ] = None,
    summary_json: Annotated[
        Path | None,
        typer.Option("--summary-json", help="Also write the run summary as JSON to this file."),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="Crawl the long way: ignore validators (ETags) and stored-date cutoffs."
        ),
    ] = False,
    history: Annotated[
        bool,
        typer.Option(
            "--history/--no-history",
            help="Record the run in the run history (the scheduler records its own runs).",
        ),
    ] = True,
) -> None:
    """Crawl the configured sources once, store new articles and print what happened.

    Exit status: 0 when every source was crawled (some requests may have failed: ``partial``),
    3 when some requested sources failed, 1 when all did or storage was unavailable, 2 for
    bad input (configuration, unknown source)."""
    settings = settings_from(ctx)
    if history:
        # Imported here: the run-history database (SQLAlchemy) is not loaded by the daemon's
        # crawl children, which pass --no-history (issue 14: a child imports what crawling needs).
        from newswatch.commands.history import recorded_run

        names = [chosen.name for chosen in select_sources(settings, source)]
        with recorded_run(settings, names) as finish:
            summary = crawl_with_progress(settings, source or [], summary_json, full=full)
            finish(summary)
    else:
        summary = crawl_with_progress(settings, source or [], summary_json, full=full)
    print_summary(summary)
    for warning in summary.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}")
    if summary.warnings:
        # Imported only with something to send: a healthy crawl loads no mail code.
        from newswatch.alerts.health import send_health_warnings

        if failure := send_health_warnings(settings, summary.warnings):
            console.print(f"[red]error:[/red] {failure}")
    raise typer.Exit(exit_code(summary))


def exit_code(summary: CrawlSummary) -> int:
    if summary.status == "failed":
        return 1
    return SOME_SOURCES_FAILED if summary.failed_sources() else 0


def print_summary(summary: CrawlSummary) -> None:
    """One table (a row per source), the run's counters, then one line per failure kind with
    its count and an example URL, then the failed sources."""
    out.print(summary_table(summary))
    out.print(Text(", ".join(f"{title(name)} {value}" for name, value in counts(summary).items())))
    for kind, count in summary.error_kinds.items():
        example = summary.error_examples.get(kind)
        out.print(Text(f"{kind}: {count} failed" + (f", e.g. {example}" if example else "")))
    for name, outcome in summary.by_source.items():
        if outcome.note:
            out.print(Text(f"{name}: {outcome.note}"))
    failed = summary.failed_sources()
    if failed:
        out.print(Text(f"failed sources ({len(failed)}): {', '.join(failed)}", style="red"))


def crawl_with_progress(
    settings: Settings, names: list[str], summary_json: Path | None, *, full: bool = False
) -> CrawlSummary:
    """Run the crawl under a live status line; exit 1/2 with a clear message when it cannot."""
    try:
        with console.status("crawling…") as status:
            summary = run_crawl(
                settings,
                names,
                on_progress=lambda s: status.update(progress_line(s)),
                open_store=open_backend,
                full=full,
            )
    except UnknownSource as exc:
        console.print(f"[red]error:[/red] {exc}")
        _write_summary(summary_json, CrawlSummary(sources=names, status="failed"))
        raise typer.Exit(2) from exc
    except BackendUnavailable as exc:
        console.print(f"[red]error:[/red] storage unavailable: {exc}")
        _write_summary(summary_json, CrawlSummary(sources=names, status="failed"))
        raise typer.Exit(1) from exc
    _write_summary(summary_json, summary)
    return summary


def progress_line(summary: CrawlSummary) -> str:
    return (
        f"crawling {', '.join(summary.sources)}: {summary.pages_fetched} pages, "
        f"{summary.new} new, {summary.updated} updated, {summary.filtered} filtered, "
        f"{summary.too_old} too old, "
        f"{summary.errors} errors"
    )


def summary_table(summary: CrawlSummary) -> Table:
    table = Table(title=f"Crawl {summary.status}: {len(summary.sources)} source(s)")
    for column in ("source", "status", "answered", "errors", "errors by kind"):
        table.add_column(column, justify="left" if column in {"source", "status"} else "right")
    for name, outcome in summary.by_source.items():
        kinds = ", ".join(f"{kind} {count}" for kind, count in outcome.error_kinds.items())
        style = {"ok": "green", "partial": "yellow", "failed": "red"}[outcome.status]
        table.add_row(
            name,
            Text(outcome.status, style=style),
            str(outcome.responses),
            str(outcome.errors),
            kinds,
        )
    return table


def _write_summary(path: Path | None, summary: CrawlSummary) -> None:
    """Atomically: the scheduler may read the file as soon as this process exits."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1), "utf-8")
    partial.replace(path)
