"""Item pipelines, one stage per file, run in the order set in ``crawler.settings``:
extract → normalise → filter → dedupe → store."""

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
    if not done.called:
        return maybe_deferred_to_future(done)
    outcome: list[T | Failure] = []
    done.addBoth(outcome.append)
    if isinstance(outcome[0], Failure):
        outcome[0].raiseException()
    return outcome[0]  # type: ignore[return-value]
