"""Stored pages rendered on the way out, so their dates stay fresh whenever they are served.

``{{base}}`` becomes the server's own base URL and ``{{ago:DAYS[:HOURS]:FORMAT}}`` the server
start time minus that offset, in Asia/Ho_Chi_Minh. The one grammar of the replay placeholders,
used by the demo server and by the test replay server (tests/servers/replay_server.py).
"""

from __future__ import annotations

import email.utils
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SITE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS_VI = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
_PLACEHOLDER = re.compile(rb"\{\{(base|ago:[^}]*)\}\}")
_AGO = re.compile(r"ago:(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?:(.+)", re.S)
_NO_PAD = re.compile(r"%-([dmHIMSjy])")


def format_moment(moment: datetime, fmt: str) -> str:
    """strftime plus the tokens real Vietnamese sites need and 3.11's strftime lacks.

    ``rfc822`` (RSS pubDate), ``iso`` (``+07:00`` offset), ``%A_vi`` (Vietnamese weekday),
    ``%:z`` (offset with a colon) and ``%-d``-style unpadded numbers.
    """
    if fmt == "rfc822":
        return email.utils.format_datetime(moment)
    if fmt == "iso":
        return moment.isoformat(timespec="seconds")
    offset = moment.strftime("%z")
    fmt = fmt.replace("%A_vi", WEEKDAYS_VI[moment.weekday()])
    fmt = fmt.replace("%:z", f"{offset[:3]}:{offset[3:]}")
    fmt = _NO_PAD.sub(lambda m: str(int(moment.strftime("%" + m.group(1)))), fmt)
    return moment.strftime(fmt)


def render(body: bytes, base_url: str, started: datetime, encoding: str = "utf-8") -> bytes:
    """Fill ``{{base}}`` and ``{{ago:…}}`` placeholders in stored bytes (any ASCII-safe charset)."""

    def substitute(match: re.Match[bytes]) -> bytes:
        token = match.group(1).decode("ascii")
        if token == "base":
            return base_url.encode(encoding)
        ago = _AGO.fullmatch(token)
        if ago is None:
            raise ValueError(f"bad placeholder {{{{{token}}}}}")
        days, hours, fmt = ago.groups()
        moment = started - timedelta(days=float(days), hours=float(hours or 0))
        return format_moment(moment, fmt).encode(encoding)

    return _PLACEHOLDER.sub(substitute, body)
