"""Logging: human-readable (rich) for the CLI, one JSON object per line for the daemon."""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter
from rich.console import Console
from rich.logging import RichHandler


def setup_cli_logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(message)s",
        # stderr: stdout carries the commands' results (``--json``, JSON Lines) and must stay
        # parseable whatever gets logged.
        handlers=[RichHandler(console=Console(stderr=True), show_path=False)],
        force=True,
    )
    # Scrapy is chatty at INFO; its counters reach the user through our summary instead. The
    # HTTP clients log every retry with a traceback: our own error line says it once, clearly.
    logging.getLogger("scrapy").setLevel(logging.DEBUG if verbose else logging.WARNING)
    for client in ("elastic_transport", "urllib3", "httpx"):
        logging.getLogger(client).setLevel(logging.DEBUG if verbose else logging.ERROR)


def setup_json_logging(level: int = logging.INFO, stream: object = None) -> None:
    handler = logging.StreamHandler(stream or sys.stdout)  # type: ignore[arg-type]
    handler.setFormatter(
        JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", timestamp=True)
    )
    logging.basicConfig(level=level, handlers=[handler], force=True)
