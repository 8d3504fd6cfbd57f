"""The built-in pages (static HTML; their scripts call the API): ``/`` search, ``/nguon``
source health, ``/canh-bao`` alert rules."""

from __future__ import annotations

from functools import cache
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

PAGE_HEADERS = {
    # Everything the page needs ships in the package: no CDN, works offline, and an injected
    # script (should escaping ever fail) could neither load code nor run inline.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@cache
def page_html(name: str = "index.html") -> str:
    return resources.files("newswatch.api").joinpath(f"static/{name}").read_text("utf-8")


@router.get("/", response_class=HTMLResponse)
def page() -> HTMLResponse:
    return HTMLResponse(page_html(), headers=PAGE_HEADERS)


@router.get("/nguon", response_class=HTMLResponse)
def sources_page() -> HTMLResponse:
    """Source health: last crawl, its status and articles per run, from ``/api/runs``."""
    return HTMLResponse(page_html("sources.html"), headers=PAGE_HEADERS)


@router.get("/canh-bao", response_class=HTMLResponse)
def alerts_page() -> HTMLResponse:
    """Alert rules: listed, created, tested and removed with the API key."""
    return HTMLResponse(page_html("alerts.html"), headers=PAGE_HEADERS)
