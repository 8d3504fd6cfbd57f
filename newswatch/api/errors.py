"""Exception → JSON response: bad input is 422, an unreachable store 503, never a stack trace.

Every error is one shape, RFC 9457 ``application/problem+json`` (see ``schemas.ErrorOut``):
``type``, ``title``, ``status`` and one sentence in ``detail`` (the message the CLI would
print), plus ``errors`` (one line per invalid parameter). FastAPI's own ``HTTPException``s
(401, 403, 404) and unknown routes go through the same door.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from newswatch.api.schemas import ErrorOut
from newswatch.core.errors import BackendUnavailable, NewswatchError

log = logging.getLogger(__name__)

Responses = dict[int | str, dict[str, Any]]


def responses(described: dict[int, str]) -> Responses:
    """OpenAPI entries for error statuses: each body is an ``ErrorOut``."""
    return {code: {"model": ErrorOut, "description": text} for code, text in described.items()}


ERROR_RESPONSES = responses(
    {
        401: "API key missing or wrong",
        403: "No API key configured on the server",
        422: "Invalid parameters",
        503: "Storage backend unavailable",
    }
)
"""Declared on every API route so the OpenAPI document lists the errors it can answer."""


PROBLEM = "application/problem+json"


def error(
    status_code: int,
    detail: str,
    errors: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorOut(
        type="about:blank",
        title=HTTPStatus(status_code).phrase,
        status=status_code,
        detail=detail,
        errors=errors or [],
    )
    return JSONResponse(
        body.model_dump(), status_code=status_code, media_type=PROBLEM, headers=headers
    )


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return error(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))


def _location(loc: tuple[Any, ...]) -> str:
    """``("query", "size")`` → ``size``: the parameter name a caller typed."""
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header")]
    return ".".join(parts) or "request"


async def invalid_parameters(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    lines = [f"{_location(tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]
    return error(status.HTTP_422_UNPROCESSABLE_CONTENT, "; ".join(lines), lines)


async def expected_failure(request: Request, exc: Exception) -> JSONResponse:
    """The one mapping of a ``NewswatchError`` to HTTP: the status its class declares."""
    assert isinstance(exc, NewswatchError)
    if isinstance(exc, BackendUnavailable):
        log.warning("storage unavailable for %s: %s", request.url.path, exc)
        return error(exc.http_status, f"storage unavailable: {exc}")
    if exc.http_status >= 500:
        log.error("%s on %s: %s", type(exc).__name__, request.url.path, exc)
    return error(exc.http_status, str(exc))


async def internal(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error on %s", request.url.path, exc_info=exc)
    return error(status.HTTP_500_INTERNAL_SERVER_ERROR, "internal error; see the server log")


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_parameters)
    app.add_exception_handler(NewswatchError, expected_failure)
    app.add_exception_handler(Exception, internal)
