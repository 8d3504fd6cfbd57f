"""``newswatch extract``: see what the extractor makes of saved pages, one JSON line per file."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from crawler.extract import ExtractionError, extract_article
from newswatch.commands.context import settings_from
from newswatch.core.settings import Settings, Source
from newswatch.core.text import host_of


def source_for(url: str, settings: Settings) -> Source | None:
    """The configured source whose allowed domains cover ``url``, so its selectors apply."""
    host = host_of(url)
    for source in settings.sources:
        for domain in source.allowed_domains:
            domain = domain.lower()
            if host == domain or host.endswith("." + domain):
                return source
    return None


def extract_file(path: Path, url: str | None, settings: Settings) -> dict[str, Any]:
    """One output record: the article's fields and ``file``, or ``file`` and ``error``."""
    page_url = url or path.resolve().as_uri()
    tz = settings.crawl.tz
    try:
        article = extract_article(
            path.read_bytes(),
            page_url,
            tz=tz,
            fetched_at=datetime.now(tz).replace(microsecond=0),
            source=source_for(page_url, settings),
        )
    except OSError as exc:
        return {"file": str(path), "error": f"cannot read the file: {exc.strerror or exc}"}
    except ExtractionError as exc:
        return {"file": str(path), "error": str(exc)}
    return {"file": str(path), **article.model_dump(mode="json")}


def extract_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE", help="Saved HTML pages.", dir_okay=False)
    ],
    url: Annotated[
        str | None,
        typer.Option("--url", help="The pages' URL (default: file:// plus the absolute path)."),
    ] = None,
) -> None:
    """Print one JSON object per FILE; exit 1 if any FILE is not an article."""
    settings = settings_from(ctx)
    failed = False
    for path in files:
        record = extract_file(path, url, settings)
        failed = failed or "error" in record
        typer.echo(json.dumps(record, ensure_ascii=False))
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``extract`` to ``app``."""
    app.command("extract")(extract_command)
