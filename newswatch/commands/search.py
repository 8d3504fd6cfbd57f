"""``newswatch search``: query the configured store from the terminal (table or JSON)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict
from enum import StrEnum
from typing import Annotated, Any, NoReturn
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newswatch.commands.context import settings_from
from newswatch.core.settings import Settings
from newswatch.fact_filters import resolve_fact_filters
from search.backend import BackendUnavailable, BadQuery, Hit, SearchRequest, SearchResult
from search.factory import open_backend
from search.timerange import resolve_range

_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


class SortChoice(StrEnum):
    relevance = "relevance"
    date = "date"


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.command("search")(search)


def search(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(
            help='simple_query_string syntax: words, "phrase", a | b, -word, prefix*, ( ). '
            "Accents are optional. Empty matches everything."
        ),
    ] = "",
    date_from: Annotated[
        str | None,
        typer.Option("--from", help="Published on/after: YYYY-MM-DD (local day) or ISO time."),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option("--to", help="Published on/before: YYYY-MM-DD (whole local day) or ISO."),
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Only this source (repeatable).")
    ] = None,
    sort: Annotated[
        SortChoice, typer.Option("--sort", help="relevance, or date (newest first).")
    ] = SortChoice.relevance,
    zone: Annotated[
        list[str] | None,
        typer.Option("--zone", help='Naming this zone (aliases; "Đình Vũ" = all four there).'),
    ] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="Investor country, ISO code (JP).")
    ] = None,
    event: Annotated[
        list[str] | None, typer.Option("--event", help="new_project, groundbreaking, … (repeat).")
    ] = None,
    min_usd: Annotated[
        float | None, typer.Option("--min-usd", help="Some amount reaches this many USD (1e8).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="Results to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Search stored articles."""
    settings = settings_from(ctx)
    tz = settings.crawl.tz
    try:
        published_from, published_until = resolve_range(date_from, date_to, tz)
    except BadQuery as exc:
        _fail(f"bad --from/--to: {exc}", 2)
    try:
        facts = resolve_fact_filters(zone or (), country or (), event or (), min_usd)
    except BadQuery as exc:
        _fail(f"bad fact filter: {exc}", 2)
    request = SearchRequest(
        query=query,
        published_from=published_from,
        published_until=published_until,
        sources=tuple(source or ()),
        sort="date" if sort is SortChoice.date else "relevance",
        size=limit,
        **asdict(facts),
    )
    result = _run(settings, request)
    if as_json:
        typer.echo(json.dumps(_as_json(result, tz), ensure_ascii=False))
    else:
        _print_table(result, tz)


def _run(settings: Settings, request: SearchRequest) -> SearchResult:
    try:
        backend = open_backend(settings)
        try:
            backend.ensure_ready()
            return backend.search(request)
        finally:
            backend.close()
    except BackendUnavailable as exc:
        _fail(f"search backend unavailable: {exc}", 1)
    except BadQuery as exc:
        _fail(f"bad query: {exc}", 2)


def _fail(message: str, code: int) -> NoReturn:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def _local_iso(hit: Hit, tz: ZoneInfo) -> str | None:
    return hit.published_at.astimezone(tz).isoformat() if hit.published_at else None


def _as_json(result: SearchResult, tz: ZoneInfo) -> dict[str, Any]:
    results = [
        {
            "id": hit.id,
            "url": hit.url,
            "title": hit.title,
            "source": hit.source,
            "published_at": _local_iso(hit, tz),
            "snippet": hit.snippet,
            "amounts": amounts_of(hit),
        }
        for hit in result.hits
    ]
    return {"total": result.total, "results": results}


def amounts_of(hit: Hit) -> list[dict[str, Any]]:
    """The hit's amounts as ``newswatch facts`` prints them (empty before facts exist)."""
    return hit.facts.to_dict()["amounts"] if hit.facts is not None else []


def snippet_text(snippet: str) -> Text:
    """Terminal rendering of an HTML snippet: entities decoded, ``<mark>`` words highlighted."""
    text = Text()
    position = 0
    for match in _MARK.finditer(snippet):
        text.append(html.unescape(snippet[position : match.start()]))
        text.append(html.unescape(match.group(1)), style="bold yellow")
        position = match.end()
    text.append(html.unescape(snippet[position:]))
    return text


def _print_table(result: SearchResult, tz: ZoneInfo) -> None:
    console = Console()
    table = Table(title=f"{result.total} matching article(s), showing {len(result.hits)}")
    for column in ("Published", "Source", "Title", "Amounts", "Snippet"):
        table.add_column(column, overflow="fold")
    for hit in result.hits:
        local = hit.published_at.astimezone(tz) if hit.published_at else None
        when = local.strftime("%Y-%m-%d %H:%M") if local else "—"
        amounts = "\n".join(a["text"] for a in amounts_of(hit))
        row = (Text(hit.source), Text(hit.title), Text(amounts), snippet_text(hit.snippet))
        table.add_row(when, *row)
    console.print(table)
