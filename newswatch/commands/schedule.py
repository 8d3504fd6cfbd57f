"""``newswatch schedule run|list|runs|trigger``: the daemon and the commands that talk to it
through its job store and runs database (never by running crawls themselves)."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newswatch.commands.context import settings_from
from newswatch.core.counters import COUNTER_NAMES, counts, label
from newswatch.core.errors import UnknownSource
from newswatch.core.settings import Settings, config_path
from newswatch.core.state_db import jobstore_url, runs_url, shown
from newswatch.logs import setup_json_logging
from scheduler.jobs import ScheduleError
from scheduler.jobstore import stored_jobs
from scheduler.leader import scheduler_running, scheduler_state
from scheduler.locks import DaemonBusy
from scheduler.runs import Run, RunStore

group = typer.Typer(help="The scheduler daemon: run it, list its jobs and runs, trigger a crawl.")


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.add_typer(group, name="schedule")


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code)


@group.command("run")
def run(
    ctx: typer.Context,
    wait: Annotated[
        bool, typer.Option("--wait", help="If another daemon holds the store, wait to take over.")
    ] = False,
) -> None:
    """Run the scheduler daemon in the foreground (JSON logs; stop with SIGTERM or Ctrl-C)."""
    from newswatch.alerts import service
    from scheduler.daemon import LeaseLost, run_daemon  # APScheduler only where it runs
    from scheduler.hooks import Hooks
    from search.factory import flush_queued

    settings = settings_from(ctx)
    root = ctx.find_root().obj
    config = config_path(root if isinstance(root, Path) else None)
    setup_json_logging()
    try:
        run_daemon(
            settings,
            config,
            wait=wait,
            hooks=Hooks(
                after_crawl=service.after_crawl,
                run_digest=service.run_digest,
                flush_queue=flush_queued,
            ),
        )
    except DaemonBusy as exc:
        raise _fail(str(exc), code=3) from exc
    except LeaseLost as exc:
        raise _fail(str(exc), code=4) from exc
    except ScheduleError as exc:
        raise _fail(f"invalid [schedule]: {exc}") from exc


@group.command("list")
def list_jobs(ctx: typer.Context) -> None:
    """Jobs in the daemon's store with their next run time (local time)."""
    settings = settings_from(ctx)
    url = jobstore_url(settings)
    state = scheduler_state(settings)
    console = Console()
    console.print(f"daemon: {state}; job store: {shown(url)}")
    found = stored_jobs(url, settings.crawl.tz)
    if not found:
        console.print("no jobs stored yet: start the daemon with `newswatch schedule run`")
        return
    table = Table("job", "schedule", f"next run ({settings.crawl.timezone})")
    for job in found:
        when = job.next_run_time.strftime("%Y-%m-%d %H:%M:%S") if job.next_run_time else "paused"
        table.add_row(escape(job.id), escape(job.trigger), when)
    console.print(table)


@group.command("runs")
def runs(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many runs.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array.")] = False,
) -> None:
    """Run history, newest first."""
    settings = settings_from(ctx)
    store = RunStore(runs_url(settings))
    try:
        recent = store.recent(limit)
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps([run.to_dict() for run in recent], ensure_ascii=False, indent=2))
        return
    Console().print(_runs_table(recent, settings.crawl.tz))


def _runs_table(recent: list[Run], tz: ZoneInfo) -> Table:
    table = Table("id", "job", "sources", "status", "started", "secs")
    for column in (*map(label, COUNTER_NAMES), "message", "log"):
        table.add_column(column)
    for run in recent:
        table.add_row(
            str(run.id),
            run.job_id,
            ", ".join(run.sources) or "all",
            run.status,
            _local(run.started_at, tz),
            _duration(run),
            *map(str, counts(run).values()),
            escape(_note(run)),
            escape(run.log_file or ""),
        )
    return table


def _note(run: Run) -> str:
    """The run's message, plus the alerts hook's outcome when it did not go well."""
    hook = "" if run.after_crawl in ("", "ok") else f"alerts {run.after_crawl}"
    return "; ".join(part for part in (run.message, hook) if part)


def _local(stamp: str, tz: ZoneInfo) -> str:
    return datetime.fromisoformat(stamp).astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def _duration(run: Run) -> str:
    if run.ended_at is None:
        return "…"
    seconds = datetime.fromisoformat(run.ended_at) - datetime.fromisoformat(run.started_at)
    return str(int(seconds.total_seconds()))


@group.command("trigger")
def trigger(
    ctx: typer.Context,
    source: Annotated[
        list[str] | None, typer.Option("--source", "-s", help="Source name (repeatable).")
    ] = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="Wait for the daemon to finish the run.")
    ] = False,
) -> None:
    """Ask the running daemon to crawl now (all sources, or --source NAME)."""
    settings = settings_from(ctx)
    sources = source or []
    for name in sources:
        try:
            settings.source(name)
        except UnknownSource as exc:
            raise _fail(str(exc)) from exc
    store = RunStore(runs_url(settings))
    try:
        request = store.request(sources, "manual trigger")
        typer.echo(f"trigger request #{request.id} queued: {', '.join(sources) or 'all sources'}")
        if not scheduler_running(settings):
            typer.secho(
                "warning: no scheduler daemon is running; the crawl starts when "
                "`newswatch schedule run` does",
                fg=typer.colors.YELLOW,
                err=True,
            )
        if wait:
            served = _wait_for(store, request.id, settings)
            for run in served:
                typer.echo(
                    f"run #{run.id} {', '.join(run.sources)}: {run.status} "
                    f"(new {run.new}, log {run.log_file})"
                )
            if not served or any(run.status not in ("ok", "partial") for run in served):
                raise typer.Exit(1)
    finally:
        store.close()


def _wait_for(store: RunStore, request_id: int, settings: Settings) -> list[Run]:
    """Runs that served the request, once the daemon says it is done."""
    poll = min(1.0, settings.schedule.trigger_poll_seconds)
    while store.trigger_request(request_id).done_at is None:
        if not scheduler_running(settings):
            raise _fail("the scheduler daemon stopped before serving the request", code=1)
        time.sleep(poll)
    return store.runs_for(request_id)
