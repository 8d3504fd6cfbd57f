"""The demo's site server: each bundled site's ``routes.json`` served on its own 127.0.0.1 port.

Only stored files and 404s: the scripted misbehaviour (slow, flaky, huge pages, request logs)
is test equipment and lives in tests/servers/replay_server.py, which shares ``find_route`` and
the placeholder rendering with this module.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from newswatch.demo.render import SITE_TZ, render

Routes = dict[str, dict[str, Any]]


def demo_sites_root() -> Path:
    """The sites bundled with the package (``newswatch/demo/sites``)."""
    return Path(str(resources.files("newswatch.demo").joinpath("sites")))


def find_route(routes: Routes, target: str) -> tuple[str, dict[str, Any]] | None:
    """Exact ``path?query``, then ``path?param`` (param present), then the bare path."""
    parts = urlsplit(target)
    if target in routes:
        return target, routes[target]
    for name, _ in parse_qsl(parts.query, keep_blank_values=True):
        key = f"{parts.path}?{name}"
        if key in routes:
            return key, routes[key]
    if parts.path in routes:
        return parts.path, routes[parts.path]
    return None


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # Scrapy connects in bursts; the stdlib's 5 drops SYNs
    daemon_threads = True


@dataclass
class DemoSites:
    """Running demo sites by name; a context manager that stops them."""

    servers: dict[str, _Server] = field(default_factory=dict)

    def base_urls(self) -> dict[str, str]:
        return {name: f"http://127.0.0.1:{s.server_address[1]}" for name, s in self.servers.items()}

    def __enter__(self) -> DemoSites:
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()


def _handler(directory: Path, routes: Routes, base: list[str]) -> type[BaseHTTPRequestHandler]:
    started = datetime.now(SITE_TZ).replace(microsecond=0)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = find_route(routes, self.path)
            if found is None or "file" not in found[1]:
                self.send_error(404)
                return
            spec = found[1]
            body = (directory / spec["file"]).read_bytes()
            if spec.get("render", True):
                body = render(body, base[0], started, spec.get("encoding", "utf-8"))
            self.send_response(200)
            self.send_header("Content-Type", spec.get("type", "text/html; charset=utf-8"))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the crawl summary is the demo's record

    return Handler


def serve_demo_sites(root: Path) -> DemoSites:
    """Start one server per ``<root>/<site>/routes.json`` on an ephemeral 127.0.0.1 port."""
    sites = DemoSites()
    for directory in sorted(p for p in root.iterdir() if (p / "routes.json").is_file()):
        routes = json.loads((directory / "routes.json").read_text("utf-8"))
        base: list[str] = []
        server = _Server(("127.0.0.1", 0), _handler(directory, routes, base))
        base.append(f"http://127.0.0.1:{server.server_address[1]}")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        sites.servers[directory.name] = server
    return sites
