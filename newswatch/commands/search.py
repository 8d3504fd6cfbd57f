"""``newswatch search``: query the configured store from the terminal (table or JSON)."""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn
from zoneinfo import ZoneInfo

import typer
from rich.table import Table
from rich.text import Text

from newswatch.commands.context import settings_from
from newswatch.console import console as make_console
from newswatch.core.errors import UnknownSource
from newswatch.core.settings import Settings
from newswatch.export import MAX_ROWS, all_hits, export
from newswatch.fact_filters import resolve_fact_filters
from search.backend import Backend, BackendUnavailable, BadQuery, Hit, SearchRequest, SearchResult
from search.factory import open_existing_backend
from search.timerange import resolve_range

DEFAULT_LIMIT = 20
_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class SortChoice(StrEnum):
    relevance = "relevance"
    date = "date"


class CollapseChoice(StrEnum):
    story = "story"


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
        typer.Option(
            "--from", help="Published on/after: 29/11/2026 or 2026-11-29 (local day), or ISO time."
        ),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option(
            "--to", help="Published on/before: 29/11/2026 or 2026-11-29 (whole local day), or ISO."
        ),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="Only this source (repeatable)."),
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
    collapse: Annotated[
        CollapseChoice | None,
        typer.Option(
            "--collapse", help="story: one result per story (its earliest copy), copies listed."
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=1,
            max=MAX_ROWS,
            help=f"Results to show (default 20; csv/xlsx: all, at most {MAX_ROWS}).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="table, json, or an export: csv (UTF-8 BOM), xlsx."),
    ] = OutputFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the result to this file (csv, xlsx)."),
    ] = None,
) -> None:
    """Search stored articles; print them, or export them to CSV or Excel."""
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
        size=limit or DEFAULT_LIMIT,
        collapse="story" if collapse is CollapseChoice.story else None,
        **asdict(facts),
    )
    if fmt in (OutputFormat.csv, OutputFormat.xlsx):
        _export(settings, request, fmt.value, limit or MAX_ROWS, output)
        return
    result = _run(settings, request)
    if as_json or fmt is OutputFormat.json:
        typer.echo(json.dumps(_as_json(result, tz), ensure_ascii=False))
    else:
        _print_table(result, tz)


def _run(settings: Settings, request: SearchRequest) -> SearchResult:
    with _searching(settings) as backend:
        _check_sources(settings, backend, request.sources)
        return backend.search(request)


def _check_sources(settings: Settings, backend: Backend, names: tuple[str, ...]) -> None:
    """A source neither configured nor in the store is a typo: say so instead of "0 results"
    (a source removed from the configuration stays searchable while its articles are kept)."""
    configured = {source.name for source in settings.sources}
    for name in names:
        if name in configured or backend.search(SearchRequest(sources=(name,), size=1)).total:
            continue
        known = ", ".join(sorted(configured)) or "none"
        raise UnknownSource(
            f"unknown source {name!r}: not configured and nothing stored from it "
            f"(configured sources: {known})"
        )


def _export(
    settings: Settings, request: SearchRequest, fmt: str, limit: int, output: Path | None
) -> None:
    if output is None and fmt == "xlsx" and sys.stdout.isatty():
        _fail("an xlsx export is a file: add --output results.xlsx", 2)
    with _searching(settings) as backend:
        _check_sources(settings, backend, request.sources)
        data = export(all_hits(backend, request, limit), settings.crawl.tz, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    output.write_bytes(data)
    typer.echo(f"wrote {output} ({fmt}, {len(data)} bytes)", err=True)


@contextmanager
def _searching(settings: Settings) -> Iterator[Backend]:
    """The existing store, ready; its failures as one line and an exit code."""
    try:
        backend = open_existing_backend(settings)
        try:
            backend.ensure_ready()
            yield backend
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
            "story_id": hit.story_id,
            **(_versions_json(hit, tz) if hit.versions else {}),
        }
        for hit in result.hits
    ]
    return {"total": result.total, "results": results}


def _versions_json(hit: Hit, tz: ZoneInfo) -> dict[str, Any]:
    """A collapsed story's copies, as the API lists them."""
    versions = [
        {
            "id": v.id,
            "source": v.source,
            "url": v.url,
            "title": v.title,
            "published_at": v.published_at.astimezone(tz).isoformat() if v.published_at else None,
        }
        for v in hit.versions
    ]
    return {"version_count": hit.version_count, "versions": versions}


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


def published_column(tz: ZoneInfo) -> str:
    """Times in tables are local: the header names the zone they are in."""
    return f"Published ({tz.key})"


def _print_table(result: SearchResult, tz: ZoneInfo) -> None:
    console = make_console()
    collapsed = any(hit.versions for hit in result.hits)
    kind = "stories" if collapsed else "article(s)"
    table = Table(title=f"{result.total} matching {kind}, showing {len(result.hits)}")
    for column in (published_column(tz), "Source", "Title", "Amounts", "Snippet"):
        table.add_column(column, overflow="fold")
    for hit in result.hits:
        local = hit.published_at.astimezone(tz) if hit.published_at else None
        when = local.strftime("%Y-%m-%d %H:%M") if local else "—"
        amounts = "\n".join(a["text"] for a in amounts_of(hit))
        row = (Text(_sources(hit)), Text(hit.title), Text(amounts), snippet_text(hit.snippet))
        table.add_row(when, *row)
    console.print(table)


def _sources(hit: Hit) -> str:
    """The source, or for a collapsed story every source that printed it and how often."""
    if hit.version_count <= 1:
        return hit.source
    sources = ", ".join(dict.fromkeys(v.source for v in hit.versions))
    return f"{sources} ({hit.version_count} copies)"
