"""What the daemon calls besides crawls, injected by the shell: the scheduler knows nothing of
the alerts service (it sits above the scheduler), it only calls the functions it was handed.
A missing or failing hook is logged and reported, and never stops the daemon."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from newswatch.core.settings import Settings

log = logging.getLogger(__name__)

Hook = Callable[[Settings], object]


@dataclass(frozen=True)
class Hooks:
    """``after_crawl`` runs after every crawl run, ``run_digest`` on the digest schedule,
    ``flush_queue`` (``scheduler.drain.QueueFlush``) on the queue flush schedule."""

    after_crawl: Hook | None = None
    run_digest: Hook | None = None
    flush_queue: Callable[[Settings], int] | None = None


def call_hook(name: str, hook: Hook | None, settings: Settings) -> str:
    """Run ``hook(settings)``; say how it went in a few words (stored in the run history)."""
    if hook is None:
        log.warning("hook %s unavailable: none installed", name)
        return "unavailable: no hook installed"
    try:
        hook(settings)
    except Exception as exc:  # a broken hook must not take the daemon down
        log.exception("hook %s failed", name)
        return f"error: {type(exc).__name__}: {exc}"
    return "ok"
