"""``/feeds/<rule>.atom``: every alert rule (a saved search) as an Atom feed for feed readers.

A rule with ``public_feed`` is readable like any search (open unless ``[api] open_read =
false``); any other rule's feed needs its feed key (``?key=``, see ``deps.feed_key``) or the
API key. A caller without one gets the same 401 for a private rule and for a name that does
not exist, so feed URLs cannot be probed for the rules an office keeps; only a caller holding
a valid key learns that a name is unknown (404). Conditional GETs (``If-None-Match`` with the
body's ETag, ``If-Modified-Since`` with the newest entry's time) are answered 304.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response, status

from newswatch.alerts import atom
from newswatch.alerts.rules import AlertRule, load_rule
from newswatch.api.deps import (
    BackendDep,
    BearerCredentials,
    KeyHeader,
    SettingsDep,
    given_key,
    opens_feed,
)
from newswatch.api.errors import Responses, responses
from newswatch.api.routes.alerts import RuleName
from newswatch.core.settings import Settings

router = APIRouter(tags=["feeds"])

ATOM = "application/atom+xml; charset=utf-8"
FEED_RESPONSES: Responses = {
    200: {"content": {"application/atom+xml": {}}, "description": "The Atom feed"},
    304: {"description": "Not modified since the caller's copy (ETag or Last-Modified)"},
    **responses(
        {
            401: "Private feed (or no such feed) and the key is missing or wrong",
            403: "Private feeds are off: the server has no API key",
            404: "No such rule (answered only to a caller holding a valid key)",
            422: "Invalid parameters",
            503: "Storage backend unavailable",
        }
    ),
}
CLOSED = (
    "no public feed by that name: a private rule's feed needs its key, sent as ?key= "
    "(the feed link on the alerts page, or GET /api/alerts/<name>/feed)"
)


def refuse(settings: Settings, given: str | None) -> HTTPException:
    """The one answer for "private" and "unknown" alike, so neither can be told apart."""
    if settings.api.api_key is None:
        return HTTPException(
            status.HTTP_403_FORBIDDEN,
            "private feeds are disabled: this server has no API key; set "
            "NEWSWATCH_API__API_KEY in its environment to allow them",
        )
    detail = CLOSED if not given else f"wrong feed key, or {CLOSED}"
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail, {"WWW-Authenticate": "Bearer"})


def readable_rule(
    settings: Settings, rule: AlertRule | None, name: str, given: str | None
) -> AlertRule:
    keyed = opens_feed(settings, name, given)
    if rule is not None and rule.public_feed and (settings.api.open_read or keyed):
        return rule
    if not keyed:
        raise refuse(settings, given)
    if rule is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no alert rule named {name!r}")
    return rule


def not_modified(
    etag: str, updated: datetime, if_none_match: str | None, since: str | None
) -> bool:
    """RFC 9110 §13.1: ``If-None-Match`` decides when present; else ``If-Modified-Since``
    (whole seconds, as HTTP dates are); an unreadable date is ignored, not an error."""
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if since is None:
        return False
    try:
        their = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if their.tzinfo is None:
        return False
    return updated.replace(microsecond=0) <= their


@router.get("/feeds/{name}.atom", response_class=Response, responses=FEED_RESPONSES)
def rule_feed(
    name: RuleName,
    request: Request,
    settings: SettingsDep,
    backend: BackendDep,
    header: KeyHeader,
    bearer: BearerCredentials,
    key: Annotated[
        str | None,
        Query(max_length=200, description="The rule's feed key (private rules)."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="At most this many entries.")] = 20,
    if_none_match: Annotated[str | None, Header(max_length=2000)] = None,
    if_modified_since: Annotated[str | None, Header(max_length=100)] = None,
) -> Response:
    """The rule's newest matching articles, newest first, as Atom 1.0."""
    given = key or given_key(header, bearer)
    rule = readable_rule(settings, load_rule(backend, name), name, given)
    items = atom.newest_items(backend, rule, limit)
    self_url = str(request.url.remove_query_params("key"))
    body = atom.render(rule, items, self_url, str(request.base_url))
    updated = atom.feed_updated(rule, items).astimezone(UTC)
    headers = {
        "ETag": f'"{hashlib.sha256(body).hexdigest()[:32]}"',
        "Last-Modified": format_datetime(updated.replace(microsecond=0), usegmt=True),
        "Cache-Control": "no-cache" if rule.public_feed else "private, no-cache",
    }
    if not_modified(headers["ETag"], updated, if_none_match, if_modified_since):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(body, media_type=ATOM, headers=headers)
