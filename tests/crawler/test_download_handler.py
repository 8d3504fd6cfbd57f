"""Scrapy's HTTP handler is imported without full ``inspect.stack()`` walks (issue 14: 70 ms of
a nothing-new crawl), and its deprecated aliases still name their own modules."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.servers.child import REPO

# In a fresh interpreter (the handler is not imported yet): count full stack walks while
# ``crawler.run`` is imported, then report what the aliases and ``inspect`` look like after.
CHILD = """
import inspect, json, sys
full, walks = inspect.stack, []
inspect.stack = lambda context=1: walks.append(1) or full(context)
counting = inspect.stack
import crawler.run
from scrapy.core.downloader import contextfactory, tls
print(json.dumps({
    "walks": len(walks),
    "restored": inspect.stack is counting,
    "imported": "scrapy.core.downloader.handlers.http11" in sys.modules,
    "modules": [
        tls.ScrapyClientTLSOptions.__module__,
        contextfactory.ScrapyClientContextFactory.__module__,
        contextfactory.AcceptableProtocolsContextFactory.__module__,
    ],
}))
"""


def test_the_handler_is_imported_without_full_stack_walks() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout)
    assert seen["imported"] and seen["restored"]
    assert seen["walks"] == 0  # Scrapy makes three without the shim
    assert seen["modules"] == [
        "scrapy.core.downloader.tls",
        "scrapy.core.downloader.contextfactory",
        "scrapy.core.downloader.contextfactory",
    ]
