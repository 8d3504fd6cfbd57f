"""Calls into the alerts service, which is optional to the scheduler: a missing module or a
failing hook is logged and reported, and never stops the daemon."""

from __future__ import annotations

import importlib
import logging

from newswatch.core.settings import Settings

log = logging.getLogger(__name__)

ALERTS_MODULE = "newswatch.alerts.service"


def call_alerts(function: str, settings: Settings) -> str:
    """Run ``newswatch.alerts.service.<function>(settings)``; say how it went in a few words."""
    try:
        module = importlib.import_module(ALERTS_MODULE)
    except ImportError as exc:
        log.warning("alerts hook %s unavailable: %s", function, exc)
        return f"unavailable: {exc}"
    try:
        getattr(module, function)(settings)
    except Exception as exc:  # a broken hook must not take the daemon down
        log.exception("alerts hook %s failed", function)
        return f"error: {type(exc).__name__}: {exc}"
    return "ok"
