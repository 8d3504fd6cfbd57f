"""``newswatch alerts``: manage alert rules, preview them, and run or inspect deliveries."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from newswatch.alerts import service
from newswatch.alerts.atom import feed_path
from newswatch.alerts.delivery import DeliveryError, local_time
from newswatch.alerts.evaluate import WATERMARK_KIND
from newswatch.alerts.rules import (
    AlertRule,
    RuleError,
    example_rule_fields,
    list_rules,
    load_rule,
    read_rule_file,
    rule_from_dict,
)
from newswatch.commands.context import settings_from
from newswatch.core.settings import Settings
from search.backend import BackendUnavailable, BadQuery

alerts_app = typer.Typer(
    help="Keyword alerts: saved searches whose new matches go out by e-mail or webhook.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.add_typer(alerts_app, name="alerts")


@contextmanager
def clear_errors() -> Iterator[None]:
    """Bad input exits 2, an unreachable store or channel exits 1; always one clear line."""
    try:
        yield
    except (RuleError, BadQuery, DeliveryError) as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from exc
    except BackendUnavailable as exc:
        typer.secho(f"error: storage unavailable: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from exc


def stored_rule(settings: Settings, name: str) -> AlertRule:
    with service.opened_backend(settings) as backend:
        rule = load_rule(backend, name)
    if rule is None:
        raise RuleError(f"no alert rule named {name!r} (see `newswatch alerts list`)")
    return rule


@alerts_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Rule name, e.g. fdi-hai-phong.")] = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Search syntax.")] = None,
    to: Annotated[
        list[str] | None, typer.Option("--to", help="E-mail address or webhook URL (repeat).")
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", "-s", help="Only this source (repeatable).")
    ] = None,
    mode: Annotated[str | None, typer.Option(help="instant (after each crawl) or digest.")] = None,
    digest_at: Annotated[str | None, typer.Option(help="Local HH:MM for digests.")] = None,
    within_days: Annotated[
        int | None, typer.Option(help="Ignore articles published longer ago.")
    ] = None,
    zone: Annotated[
        list[str] | None, typer.Option("--zone", help="Naming this zone (aliases; repeat).")
    ] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="Investor country, ISO code.")
    ] = None,
    event: Annotated[list[str] | None, typer.Option("--event", help="Event kind (repeat).")] = None,
    min_usd: Annotated[
        float | None, typer.Option("--min-usd", help="Some amount reaches this many USD.")
    ] = None,
    on_edit: Annotated[
        str | None,
        typer.Option(
            "--on-edit",
            help="material: also tell when an alerted article's title or amount is edited.",
        ),
    ] = None,
    every_copy: Annotated[
        bool | None,
        typer.Option(
            "--every-copy/--once-per-story",
            help="Alert each source's copy, or (default) once per story listing its sources.",
        ),
    ] = None,
    example: Annotated[
        bool, typer.Option("--example", help="Start from the bundled FDI/KCN Hải Phòng rule.")
    ] = False,
    file: Annotated[Path | None, typer.Option(help="Start from a TOML or JSON rule file.")] = None,
    replace: Annotated[bool, typer.Option(help="Overwrite a rule of the same name.")] = False,
    public_feed: Annotated[
        bool | None,
        typer.Option("--public-feed/--private-feed", help="Atom feed readable without a key."),
    ] = None,
) -> None:
    """Create a rule; it alerts on articles stored from now on."""
    settings = settings_from(ctx)
    with clear_errors():
        fields: dict[str, Any] = {}
        if example:
            fields = example_rule_fields()
        if file is not None:
            fields = {**fields, **read_rule_file(file)}
        given = {
            "name": name,
            "query": query,
            "mode": mode,
            "digest_at": digest_at,
            "max_age_days": within_days,
            "sources": source or None,
            "zones": zone or None,
            "countries": country or None,
            "events": event or None,
            "min_usd": min_usd,
            "every_copy": every_copy,
            "public_feed": public_feed,
            "on_edit": on_edit,
        }
        fields.update({key: value for key, value in given.items() if value is not None})
        fields["channels"] = [*fields.get("channels", []), *(to or [])]
        rule = rule_from_dict(fields)
        service.add_rule(settings, rule, replace=replace)
    typer.echo(f"alert rule {rule.name} saved ({rule.mode}, {len(rule.channels)} channel(s))")


@alerts_app.command("list")
def list_(ctx: typer.Context) -> None:
    """Every rule with its mode, filters, query and channels."""
    settings = settings_from(ctx)
    with clear_errors(), service.opened_backend(settings) as backend:
        rules = list_rules(backend)
    if not rules:
        typer.echo("no alert rules yet: `newswatch alerts add --example --to …`")
    for rule in rules:
        mode = (
            f"digest {rule.digest_at or settings.alerts.digest_at}"
            if rule.mode == "digest"
            else rule.mode
        )
        filters = f"sources: {', '.join(rule.sources) or 'all'}"
        if rule.max_age_days:
            filters += f", published within {rule.max_age_days} days"
        for label, values in (
            ("zones", rule.zones),
            ("countries", rule.countries),
            ("events", rule.events),
        ):
            if values:
                filters += f", {label}: {', '.join(values)}"
        if rule.min_usd is not None:
            filters += f", ≥ {rule.min_usd:,.0f} USD"
        filters += ", every copy" if rule.every_copy else ", once per story"
        state = ("" if rule.enabled else " (disabled)") + (
            " (public feed)" if rule.public_feed else ""
        )
        typer.echo(f"{rule.name}  [{mode}]{state}  {filters}\n    query: {rule.query}")
        typer.echo("".join(f"    → {channel}\n" for channel in rule.channels), nl=False)


@alerts_app.command("show")
def show(ctx: typer.Context, name: str) -> None:
    """One rule as JSON, with its watermark and delivery counts."""
    settings = settings_from(ctx)
    with clear_errors():
        rule = stored_rule(settings, name)
        with service.opened_backend(settings) as backend:
            watermark = backend.get_record(WATERMARK_KIND, name)
        with service.opened_outbox(settings) as outbox:
            counts = outbox.status(name).counts
    doc = {**rule.model_dump(mode="json"), "watermark": watermark, "deliveries": counts}
    typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))


@alerts_app.command("feed")
def feed(
    ctx: typer.Context,
    name: str,
    base_url: Annotated[
        str | None, typer.Option(help="The server's address as readers reach it.")
    ] = None,
) -> None:
    """The rule's Atom feed URL for a feed reader (a private rule's carries its feed key)."""
    settings = settings_from(ctx)
    with clear_errors():
        rule = stored_rule(settings, name)
        if not rule.public_feed and settings.api.api_key is None:
            raise RuleError(
                f"rule {name!r} has a private feed but no API key is set: set "
                "NEWSWATCH_API__API_KEY (as for `newswatch serve`) or add it with --public-feed"
            )
    base = base_url or f"http://{settings.api.host}:{settings.api.port}"
    typer.echo(base.rstrip("/") + feed_path(settings, rule))


@alerts_app.command("remove")
def remove(ctx: typer.Context, name: str) -> None:
    """Delete a rule and its unsent deliveries."""
    settings = settings_from(ctx)
    with clear_errors():
        if not service.remove_rule(settings, name):
            raise RuleError(f"no alert rule named {name!r}")
    typer.echo(f"alert rule {name} removed")


@alerts_app.command("test")
def test(
    ctx: typer.Context,
    name: str,
    days: Annotated[int, typer.Option(help="Look at articles published this many days back.")] = 7,
    limit: Annotated[int, typer.Option(help="At most this many articles.")] = 20,
    send: Annotated[bool, typer.Option("--send", help="Also send them to the channels.")] = False,
) -> None:
    """Which recent articles the rule matches; sends nothing unless --send."""
    settings = settings_from(ctx)
    tz = settings.crawl.tz
    with clear_errors():
        rule = stored_rule(settings, name)
        found = service.preview(settings, rule, days, limit)
    typer.echo(f"{len(found)} article(s) match {rule.name!r} in the last {days} days")
    for article in found:
        when = local_time(article.published_at, tz)
        typer.echo(f"{when}  {article.source}  {article.title}\n    {article.url}")
    if not send:
        return
    if not found:
        typer.echo("nothing to send")
        return
    failed = False
    for channel, error in service.send_test(settings, rule, found).items():
        failed = failed or error is not None
        typer.echo(f"{channel}: {'sent' if error is None else 'FAILED ' + error}")
    if failed:
        raise typer.Exit(1)


def _time(moment: datetime, settings: Settings) -> str:
    return moment.astimezone(settings.crawl.tz).strftime("%d/%m/%Y %H:%M:%S")


@alerts_app.command("status")
def status(
    ctx: typer.Context,
    rule: Annotated[str | None, typer.Option(help="Only this rule.")] = None,
) -> None:
    """Pending and failed deliveries, with their reasons."""
    settings = settings_from(ctx)
    with service.opened_outbox(settings) as outbox:
        report = outbox.status(rule)
    counts = report.counts
    typer.echo(f"pending {counts['pending']} · sent {counts['sent']} · failed {counts['failed']}")
    for row in report.open_rows:
        attempts = f"attempt {row.attempts}/{settings.alerts.max_attempts}"
        when = (
            "gave up" if row.status == "failed" else f"next {_time(row.next_attempt_at, settings)}"
        )
        typer.echo(f"{row.status}  {row.rule} → {row.channel}  ({attempts}, {when})")
        typer.echo(f"    {row.article.title}")
        if row.last_error:
            typer.echo(f"    error: {row.last_error}")


def _run(ctx: typer.Context, job: Callable[[Settings], service.AlertRun]) -> None:
    run = job(settings_from(ctx))
    typer.echo(f"{run.rules} rules · {run.queued} queued · {run.sent} sent · {run.failed} failed")
    for error in run.errors:
        typer.secho(f"  {error}", fg=typer.colors.YELLOW, err=True)
    if run.errors:
        raise typer.Exit(1)


@alerts_app.command("run")
def run(ctx: typer.Context) -> None:
    """Evaluate every rule on newly stored articles, then deliver (what follows each crawl)."""
    _run(ctx, service.after_crawl)


@alerts_app.command("deliver")
def deliver(ctx: typer.Context) -> None:
    """Send the deliveries that are due (retries, digests whose time has come)."""
    _run(ctx, service.deliver_pending)


@alerts_app.command("digest")
def digest(ctx: typer.Context) -> None:
    """The daily digest job: evaluate, then send every digest that is due."""
    _run(ctx, service.run_digest)


@alerts_app.command("retry")
def retry(ctx: typer.Context) -> None:
    """Give failed deliveries a fresh set of attempts and send them now."""
    settings = settings_from(ctx)
    with service.opened_outbox(settings) as outbox:
        count = outbox.requeue_failed(datetime.now().astimezone())
    typer.echo(f"{count} failed deliveries requeued")
    _run(ctx, service.deliver_pending)
