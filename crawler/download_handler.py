"""Import Scrapy's HTTP download handler without paying for a full ``inspect.stack()``.

Importing ``scrapy.core.downloader.handlers.http11`` imports its TLS modules, which define three
deprecated aliases with ``scrapy.utils.deprecate.create_deprecated_class``. That function calls
``inspect.stack()`` only to take the caller's frame (``[1]``) and name its module. But
``inspect.stack()`` builds source context for every frame on the stack, and for each frozen
import frame looks the module up by scanning all of ``sys.modules`` (CPython #92041): deep in a
crawl's start-up, 70 ms of the 0.9 s CPU a crawl that finds nothing new costs (issue 14).

While the handler is imported, ``inspect.stack`` returns the same frames without source
context, which is all ``create_deprecated_class`` reads; it is restored right after, and the
aliases get the same ``__module__`` as before. Called once, at import of ``crawler.run``, before
any thread starts.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

HANDLER = "scrapy.core.downloader.handlers.http11"


def import_download_handler() -> None:
    if HANDLER not in sys.modules:
        with _stacks_without_context():
            importlib.import_module(HANDLER)


def _frames(context: int = 1) -> list[inspect.FrameInfo]:
    """The caller's stack, innermost first, like ``inspect.stack``, without source lines."""
    frames = []
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        frames.append(
            inspect.FrameInfo(frame, code.co_filename, frame.f_lineno, code.co_name, None, None)
        )
        frame = frame.f_back
    return frames


@contextmanager
def _stacks_without_context() -> Iterator[None]:
    full = inspect.stack
    inspect.stack = _frames
    try:
        yield
    finally:
        inspect.stack = full
