"""What routes depend on, as ``Annotated`` aliases: settings, the open backend, and API keys.

Reads are open unless ``[api] open_read = false``; writes always need the key, which only the
environment sets (``NEWSWATCH_API__API_KEY``). With no key configured nobody can write: the
server refuses with 403 rather than accepting anonymous writes.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from newswatch.alerts.atom import feed_key
from newswatch.core.settings import Settings
from search.backend import Backend

_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="The key set in NEWSWATCH_API__API_KEY."
)
_bearer = HTTPBearer(auto_error=False, description="Same key as X-API-Key, as a bearer token.")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_backend(request: Request) -> Backend:
    """The backend the lifespan opened once for the whole process."""
    backend: Backend = request.state.backend
    return backend


SettingsDep = Annotated[Settings, Depends(get_settings)]
BackendDep = Annotated[Backend, Depends(get_backend)]
KeyHeader = Annotated[str | None, Depends(_key_header)]
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def check_key(settings: Settings, given: str | None, action: str) -> None:
    """Raise 403 when no key is configured, 401 when the caller's key is missing or wrong."""
    configured = settings.api.api_key
    if configured is None:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"{action} are disabled: this server has no API key; set NEWSWATCH_API__API_KEY "
            "in its environment to allow them",
        )
    if not given:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            f"{action} need an API key: send it as X-API-Key or Authorization: Bearer",
            headers={"WWW-Authenticate": "Bearer"},
        )
    # Bytes: compare_digest refuses non-ASCII str, and header values may hold any Latin-1.
    expected = configured.get_secret_value().encode("utf-8")
    if not hmac.compare_digest(given.encode("utf-8"), expected):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "wrong API key",
            headers={"WWW-Authenticate": "Bearer"},
        )


def opens_feed(settings: Settings, rule: str, given: str | None) -> bool:
    """``given`` is the rule's feed key or the API key itself (compared in constant time)."""
    if not given or settings.api.api_key is None:
        return False
    wanted = (feed_key(settings, rule) or "", settings.api.api_key.get_secret_value())
    given_bytes = given.encode("utf-8")
    return any(hmac.compare_digest(given_bytes, key.encode("utf-8")) for key in wanted)


def given_key(header: str | None, bearer: HTTPAuthorizationCredentials | None) -> str | None:
    """The caller's key from ``X-API-Key`` or ``Authorization: Bearer``."""
    return header or (bearer.credentials if bearer is not None else None)


def require_write_key(settings: SettingsDep, header: KeyHeader, bearer: BearerCredentials) -> None:
    check_key(settings, given_key(header, bearer), "writes")


def require_read_key(settings: SettingsDep, header: KeyHeader, bearer: BearerCredentials) -> None:
    if not settings.api.open_read:
        check_key(settings, given_key(header, bearer), "reads")


WriteKeyDep = Annotated[None, Depends(require_write_key)]
ReadKeyDep = Annotated[None, Depends(require_read_key)]
