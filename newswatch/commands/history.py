"""A crawl started by hand is recorded in the run history like a scheduled one, so
``schedule runs``, ``/api/runs`` and ``/healthz`` tell the same story whoever started it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from crawler.summary import CrawlSummary
from newswatch.core.settings import Settings
from newswatch.core.state_db import runs_url
from scheduler.runs import RunEnd, RunStore

CLI_JOB = "cli"


@contextmanager
def recorded_run(
    settings: Settings, sources: list[str]
) -> Iterator[Callable[[CrawlSummary], None]]:
    """Record a ``running`` run, yield ``finish(summary)``; a crawl that raises is recorded
    ``failed`` with the error as its message."""
    store = RunStore(runs_url(settings))
    run = store.start(CLI_JOB, sources, settings.schedule.log_dir)
    ended = False

    def finish(summary: CrawlSummary) -> None:
        nonlocal ended
        store.finish(run.id, RunEnd(summary.status, summary))
        ended = True

    try:
        yield finish
    except BaseException as exc:
        if not ended:
            store.finish(run.id, RunEnd("failed", CrawlSummary(sources=sources), str(exc)))
            ended = True
        raise
    finally:
        if not ended:
            store.finish(run.id, RunEnd("failed", CrawlSummary(sources=sources), "no summary"))
        store.close()
