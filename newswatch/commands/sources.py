"""``newswatch sources health``: pages, articles and field fill rates per source, last runs."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from crawler.health import FIELDS
from newswatch.commands.context import settings_from
from newswatch.sources_health import SHOWN_RUNS, health_reports

sources_app = typer.Typer(help="The configured news sources.")
out = Console()


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


@sources_app.command("health")
def health(
    ctx: typer.Context,
    runs: Annotated[int, typer.Option("--runs", "-n", help="Runs shown per source.")] = SHOWN_RUNS,
) -> None:
    """Per source and recent crawl: pages seen, articles extracted and kept, fill rates."""
    reports = health_reports(settings_from(ctx), runs)
    table = Table(title="Source health (newest run first)")
    for column in ("source", "crawl (UTC)", "pages", "articles", "kept", *FIELDS, "body chars"):
        table.add_column(column, justify="left" if column in {"source", "crawl (UTC)"} else "right")
    for report in reports:
        if not report.runs:
            table.add_row(report.name, "never crawled", *[""] * (4 + len(FIELDS)))
        for run in report.runs:
            mean_body = run.body_chars // run.extracted if run.extracted else 0
            table.add_row(
                report.name, run.at, str(run.pages), str(run.extracted), str(run.kept),
                *(_rate(rate) for rate in run.rates().values()), str(mean_body),
            )  # fmt: skip
    out.print(table)
    for report in reports:
        for warning in report.warnings:
            out.print(f"[yellow]warning:[/yellow] {warning}")


def register(app: typer.Typer) -> None:
    """Add the ``sources`` group to ``app``."""
    app.add_typer(sources_app, name="sources")
