"""Logging: human-readable for the CLI (rich on a terminal, plain lines otherwise), one JSON
object per line for the daemon."""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter
from rich.logging import RichHandler

from newswatch.console import console

QUIET_UNLESS_VERBOSE = ("scrapy", "twisted", "crawler", "elastic_transport", "urllib3", "httpx")
"""Chatty below WARNING: their counts reach the user through the crawl summary instead."""


COUNTED_ELSEWHERE = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt")
"""One error line per failed request: each is a failure the crawl summary counts by kind."""


class NoTracebacks(logging.Filter):
    """Keeps a library's error as one line: its traceback is for ``--verbose``. Scrapy logs a
    full traceback for many failed downloads; our summary names each failure kind once. A
    handler filter, because Scrapy's own set-up resets its loggers' levels."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(COUNTED_ELSEWHERE):
            return False
        if record.name == "scrapy.middleware" and record.getMessage().startswith("Disabled "):
            return False  # a component switched off by configuration, as designed
        if record.name.split(".")[0] in QUIET_UNLESS_VERBOSE:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


def setup_cli_logging(verbose: bool = False) -> None:
    # stderr: stdout carries the commands' results (``--json``, JSON Lines) and must stay
    # parseable whatever gets logged.
    handler: logging.Handler
    if sys.stderr.isatty():
        handler = RichHandler(console=console(stderr=True), show_path=False)
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    if not verbose:
        handler.addFilter(NoTracebacks())
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO, handlers=[handler], force=True
    )
    for name in QUIET_UNLESS_VERBOSE:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.WARNING)


def setup_json_logging(level: int = logging.INFO, stream: object = None) -> None:
    handler = logging.StreamHandler(stream or sys.stdout)  # type: ignore[arg-type]
    handler.setFormatter(
        JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", timestamp=True)
    )
    logging.basicConfig(level=level, handlers=[handler], force=True)
