"""Stop waiting on an Elasticsearch that accepts connections and never answers.

A refused connection fails at once, but a hanging server costs ``request_timeout`` (times the
client's retries) on every call: a crawl's lookups and writes would each wait that long. After a
call times out, the breaker fails every call at once for a cooldown (doubling while the server
keeps timing out, up to ``MAX_COOLDOWN``); the backend then answers from, and writes to, its
local queue. The first call after the cooldown tries the server again; success closes the breaker.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import elastic_transport

from newswatch.core.errors import BackendUnavailable

T = TypeVar("T")
COOLDOWN = 30.0
MAX_COOLDOWN = 600.0


class Breaker:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.error: BackendUnavailable | None = None
        self.cooldown = COOLDOWN
        self.until = 0.0

    def call(self, attempt: Callable[[], T]) -> T:
        if self.error is not None and self.clock() < self.until:
            raise BackendUnavailable(f"{self.error} (not retried for {self.cooldown:.0f} s)")
        try:
            result = attempt()
        except BackendUnavailable as exc:
            if _timed_out(exc):
                self._trip(exc)
            raise
        self.error, self.cooldown = None, COOLDOWN
        return result

    def _trip(self, exc: BackendUnavailable) -> None:
        if self.error is not None:
            self.cooldown = min(self.cooldown * 2, MAX_COOLDOWN)
        self.error = exc
        self.until = self.clock() + self.cooldown


def _timed_out(exc: BaseException) -> bool:
    cause = exc.__cause__
    return isinstance(cause, elastic_transport.ConnectionTimeout) or (
        isinstance(cause, BackendUnavailable) and _timed_out(cause)
    )
