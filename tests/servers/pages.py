"""A small real HTTP server on 127.0.0.1 whose answers a test decides, path by path.

For tests that change a site between crawls or shape one answer (a slow robots.txt, a page
that turns into a JavaScript shell), where the replay sites' fixed routes would not do. Every
path asked is kept in ``asked``, in order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = Callable[[str], tuple[str, str] | None]
"""``path`` → ``(content type, text)`` sent as UTF-8 with status 200, or ``None``: 404."""


class PageServer:
    def __init__(self, answer: Answer) -> None:
        self.asked: list[str] = []
        served = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                served.asked.append(self.path)
                found = answer(self.path)
                if found is None:
                    self.send_error(404)
                    return
                kind, text = found
                body = text.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
