"""``newswatch demo``: crawl the bundled replay copies of the news sites and search them.

Its own module, so a crawl does not import the search command's table helpers (issue 14).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.table import Table
from rich.text import Text

from newswatch.commands.crawl import console, crawl_with_progress, out, print_summary
from newswatch.commands.search import published_column, snippet_text
from newswatch.demo.config import ReplaySitesMissing, replay_settings_for, replay_sites_root
from newswatch.demo.server import serve_demo_sites
from search.backend import SearchRequest, SearchResult
from search.factory import open_backend

DEMO_QUERIES = ("hai phong khu cong nghiep", 'FDI | "vốn đầu tư"', "Đình Vũ")


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.command("demo")(demo)


def demo(
    sites_dir: Annotated[
        Path | None,
        typer.Option("--sites", help="Replay sites (default: the bundled demo sites)."),
    ] = None,
) -> None:
    """Crawl the bundled replay copies of the news sites (served on 127.0.0.1, no internet)
    into a temporary store and show a few searches."""
    try:
        root = replay_sites_root(sites_dir)
    except ReplaySitesMissing as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    with (
        tempfile.TemporaryDirectory(prefix="newswatch-demo-") as tmp,
        serve_demo_sites(root) as sites,
    ):
        settings = replay_settings_for(sites, Path(tmp), root=root)
        console.print(f"Replay sites on 127.0.0.1: {', '.join(sites.base_urls())}")
        summary = crawl_with_progress(settings, [], None)
        print_summary(summary)
        backend = open_backend(settings)
        try:
            for query in DEMO_QUERIES:
                result = backend.search(SearchRequest(query=query, size=5))
                out.print(results_table(query, result, settings.crawl.tz))
        finally:
            backend.close()


def results_table(query: str, result: SearchResult, tz: ZoneInfo) -> Table:
    table = Table(title=f"newswatch search {query!r}: {result.total} article(s)")
    for column in (published_column(tz), "Source", "Title", "Snippet"):
        table.add_column(column, overflow="fold")
    for hit in result.hits:
        when = (
            hit.published_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if hit.published_at else "—"
        )
        table.add_row(when, Text(hit.source), Text(hit.title), snippet_text(hit.snippet))
    return table
