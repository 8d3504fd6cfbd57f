"""Browser tests: the real app under uvicorn on 127.0.0.1, driven in Debian's headless Chromium.

Playwright drives the system browser (``executable_path``); it never downloads one. Pages may
only talk to the test server: any other request is recorded and aborted, which proves the page
works offline (no CDN).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn
from playwright.sync_api import Browser, Playwright

from newswatch.api.app import create_app
from newswatch.core.settings import Settings
from tests.servers.elasticsearch import free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parents[1] / "artifacts"


@contextlib.contextmanager
def live_server(settings: Settings) -> Iterator[str]:
    """``newswatch serve`` in a thread: the same app and uvicorn, on a free port."""
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=free_port(), log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def launch_chromium(playwright: Playwright) -> Browser:
    if not CHROMIUM.is_file():
        raise RuntimeError(f"{CHROMIUM} missing: apt-get install chromium")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
