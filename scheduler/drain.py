"""Drain the local Elasticsearch write queue from the daemon, on its own, with backoff.

Articles crawled during an outage wait in ``storage.queue_path``; before this job they were
indexed only when a later crawl stored something new or someone ran ``index flush``, so an
outage could leave ES missing them indefinitely after a "successful" crawl. The daemon now
tries every ``schedule.queue_flush_seconds``; while ES stays down each failure doubles the wait
(capped at ``MAX_BACKOFF``), and the first success resets it.

The flush itself is the shell's ``Hooks.flush_queue`` (the scheduler never imports ``search``);
this module only keeps the timing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from newswatch.core.errors import BackendUnavailable
from newswatch.core.settings import Settings

log = logging.getLogger(__name__)

MAX_BACKOFF = 3600.0  # seconds: an ES down for a day is retried hourly, not every minute

QueueFlush = Callable[[Settings], int]
"""Index what the local queue holds; return how many articles are still queued, raise
``BackendUnavailable`` while the server is down."""


@dataclass
class QueueDrainer:
    settings: Settings
    flush: QueueFlush | None
    failures: int = 0
    next_try: float = 0.0  # time.monotonic() before which a tick does nothing

    def tick(self) -> int | None:
        """Flush if due; return how many articles are still queued (``None``: not tried)."""
        if self.flush is None or time.monotonic() < self.next_try:
            return None
        try:
            left = self.flush(self.settings)
        except BackendUnavailable as exc:
            self.failures += 1
            wait = min(self.settings.schedule.queue_flush_seconds * 2**self.failures, MAX_BACKOFF)
            self.next_try = time.monotonic() + wait
            log.warning(
                "queue flush failed (%d in a row), next in %.0f s: %s", self.failures, wait, exc
            )
            return None
        self.failures, self.next_try = 0, 0.0
        if left:
            log.warning("%d articles still queued for Elasticsearch", left)
        return left
