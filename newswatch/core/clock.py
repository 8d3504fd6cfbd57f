"""The one clock-time type: a local time of day ``H:MM`` or ``HH:MM`` (00:00–23:59).

Digest scheduling (``[alerts] digest_at``, a rule's ``digest_at``) and crawl scheduling
(``[schedule] daily_at``) read times with this one grammar, validated when the config or rule is
loaded and normalised to ``HH:MM``, so a time that loads is a time every consumer can use.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated

from pydantic import AfterValidator

_CLOCK = re.compile(r"\s*(\d{1,2}):(\d{2})\s*")


def parse_clock(text: str) -> time:
    """``"7:00"`` or ``"07:00"`` → ``time(7, 0)``; anything else is a ``ValueError`` naming the
    expected form."""
    match = _CLOCK.fullmatch(text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"not a local time of day HH:MM (00:00-23:59): {text!r}")
    return time(int(match[1]), int(match[2]))


def _normalised(text: str) -> str:
    return parse_clock(text).strftime("%H:%M")


ClockTime = Annotated[str, AfterValidator(_normalised)]
"""A config or rule field holding a clock time: checked at load, stored as ``HH:MM``."""
