"""What a pipeline stage returns for work that finishes later (a thread, a worker process)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

T = TypeVar("T")


def awaitable(done: Deferred[T]) -> T | Awaitable[T]:
    """What a pipeline method returns for ``done``: its result at once when it has already
    fired (a write run inline, as in component tests: no reactor needed), else an awaitable
    (Scrapy deprecates returning a ``Deferred``)."""
    seen: list[T | Failure] = []
    done.addBoth(_keep, seen)
    if not seen:  # still running (a thread, a worker process) or waiting on one
        return maybe_deferred_to_future(done)
    done.addErrback(lambda _: None)  # handed over here, not left as an unhandled error
    if isinstance(seen[0], Failure):
        seen[0].raiseException()
    return seen[0]  # type: ignore[return-value]


def _keep(result: T, seen: list[T]) -> T:
    seen.append(result)
    return result
