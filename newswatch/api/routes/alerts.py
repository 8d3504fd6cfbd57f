"""``/api/alerts``: create, read, replace and delete alert rules; preview or send a test.

Rules hold e-mail addresses and webhook URLs (which often embed a token), so even reading them
needs the API key: they are administration, not news.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response, status

from newswatch.alerts import service
from newswatch.alerts.atom import feed_path
from newswatch.alerts.rules import AlertRule, RuleError, list_rules, load_rule
from newswatch.api.deps import BackendDep, SettingsDep, WriteKeyDep
from newswatch.api.errors import ERROR_RESPONSES, responses
from newswatch.api.schemas import AlertTestOut, ChannelOutcome, FeedLinkOut, match_out
from search.backend import Backend

router = APIRouter(tags=["alerts"], responses=ERROR_RESPONSES)

RuleName = Annotated[
    str,
    Path(
        pattern=r"^\w[\w.-]{0,79}$",
        description="The rule's name (letters, digits, '.', '_', '-'; as AlertRule.name).",
    ),
]
NOT_FOUND = responses({404: "No such rule"})


def stored_rule(backend: Backend, name: str) -> AlertRule:
    rule = load_rule(backend, name)
    if rule is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no alert rule named {name!r}")
    return rule


@router.get("/api/alerts", response_model=list[AlertRule])
def list_alerts(backend: BackendDep, _: WriteKeyDep) -> list[AlertRule]:
    """Every rule, by name."""
    return list_rules(backend)


@router.get("/api/alerts/{name}", response_model=AlertRule, responses=NOT_FOUND)
def get_alert(name: RuleName, backend: BackendDep, _: WriteKeyDep) -> AlertRule:
    return stored_rule(backend, name)


@router.get("/api/alerts/{name}/feed", response_model=FeedLinkOut, responses=NOT_FOUND)
def alert_feed_link(
    name: RuleName, request: Request, settings: SettingsDep, backend: BackendDep, _: WriteKeyDep
) -> FeedLinkOut:
    """The address of the rule's Atom feed to paste into a feed reader; for a private rule it
    carries the rule's own feed key (it opens that feed only, never writes)."""
    rule = stored_rule(backend, name)
    url = str(request.base_url).rstrip("/") + feed_path(settings, rule)
    return FeedLinkOut(rule=name, public=rule.public_feed, url=url)


@router.post(
    "/api/alerts",
    response_model=AlertRule,
    status_code=status.HTTP_201_CREATED,
    responses=responses({409: "A rule of that name exists"}),
)
def create_alert(
    rule: AlertRule, settings: SettingsDep, backend: BackendDep, _: WriteKeyDep
) -> AlertRule:
    """Store a new rule; it alerts on articles stored from now on."""
    try:
        service.add_rule(settings, rule, backend=backend)
    except RuleError as exc:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"an alert rule named {rule.name!r} exists; PUT /api/alerts/{rule.name} replaces it",
        ) from exc
    return rule


@router.put("/api/alerts/{name}", response_model=AlertRule)
def replace_alert(
    name: RuleName, rule: AlertRule, settings: SettingsDep, backend: BackendDep, _: WriteKeyDep
) -> AlertRule:
    """Create or replace; a replaced rule keeps its place, so nothing is alerted twice."""
    if rule.name != name:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"the body names rule {rule.name!r} but the URL names {name!r}",
        )
    service.add_rule(settings, rule, replace=True, backend=backend)
    return rule


@router.delete("/api/alerts/{name}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
def delete_alert(
    name: RuleName, settings: SettingsDep, backend: BackendDep, _: WriteKeyDep
) -> Response:
    """Delete the rule and its unsent deliveries."""
    if not service.remove_rule(settings, name, backend=backend):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no alert rule named {name!r}")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/api/alerts/{name}/test", response_model=AlertTestOut, responses=NOT_FOUND)
def test_alert(
    name: RuleName,
    settings: SettingsDep,
    backend: BackendDep,
    _: WriteKeyDep,
    days: Annotated[int, Query(ge=1, le=3650, description="Look this many days back.")] = 7,
    limit: Annotated[int, Query(ge=1, le=100, description="At most this many articles.")] = 20,
    send: Annotated[bool, Query(description="Also send the matches to every channel.")] = False,
) -> AlertTestOut:
    """Which recent articles the rule matches; with `send=true` they go out now, once."""
    rule = stored_rule(backend, name)
    found = service.preview(settings, rule, days, limit, backend=backend)
    outcomes = service.send_test(settings, rule, found) if send and found else {}
    tz = settings.crawl.tz
    return AlertTestOut(
        rule=rule.name,
        days=days,
        matches=[match_out(article, tz) for article in found],
        deliveries=[
            ChannelOutcome(channel=channel, sent=error is None, error=error)
            for channel, error in outcomes.items()
        ],
    )
