"""Run every bad-input file through ``extract_article`` under a memory and per-file time bound.

``python -m tests.badinput.run_extract <folder>`` prints one JSON line per file: the outcome
(``article``, ``rejected`` for an ``ExtractionError``, ``crashed`` for any other exception,
``over_time``), the fields the manifest checks, and the seconds taken. A separate process so
the address-space limit (``MEMORY_BYTES``) and the alarm cannot touch the test runner.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

from crawler.extract import ExtractionError, extract_article
from tests.servers.replay_server import render

VN = ZoneInfo("Asia/Ho_Chi_Minh")
STARTED = datetime(2026, 11, 25, 12, 0, tzinfo=VN)  # the render time of {{ago:…}}
AGO = (STARTED - timedelta(days=2)).isoformat()
MEMORY_BYTES = 2 * 1024**3
SECONDS_PER_FILE = (
    45  # a stalled page took 87 s before; a healthy one well under 1 s (shared CPU: margin)
)
REAL_URL = (
    "https://vnexpress.net/ong-ho-duc-phoc-se-nang-muc-giam-tru-gia-canh-tinh-thue-ca-nhan"
    "-khi-sua-luat-4672302.html"
)


class OverTime(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise OverTime


def url_for(name: str) -> str:
    stem = name.removesuffix(".html").replace("_", "-")
    return REAL_URL if "real" in name else f"https://baohaiphong.vn/kinh-te/{stem}.html"


def outcome(path: Path) -> dict[str, Any]:
    body = render(path.read_bytes(), "https://baohaiphong.vn", STARTED)
    started = time.monotonic()
    signal.alarm(SECONDS_PER_FILE)
    try:
        article = extract_article(body, url_for(path.name), tz=VN, fetched_at=STARTED)
    except ExtractionError as exc:
        found: dict[str, Any] = {"outcome": "rejected", "says": str(exc)}
    except OverTime:
        found = {"outcome": "over_time"}
    except Exception as exc:  # what the test exists to catch
        found = {"outcome": "crashed", "says": f"{type(exc).__name__}: {exc}"}
    else:
        published = article.published_at.isoformat() if article.published_at else None
        found = {
            "outcome": "article",
            "title": article.title,
            "text": article.text,
            "published": published,
        }
    finally:
        signal.alarm(0)
    return {"name": path.name, "seconds": time.monotonic() - started, **found}


def main(folder: Path) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    signal.signal(signal.SIGALRM, _alarm)
    for path in sorted(folder.iterdir()):
        print(json.dumps(outcome(path), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
