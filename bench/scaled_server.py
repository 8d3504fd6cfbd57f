"""Serve generated sites the way a real news site answers: one host each, HTTP/1.1 keep-alive.

Each site gets its own loopback address (127.0.0.2, .3, … all route to ``lo`` on Linux) on one
shared port, so crawlers see distinct hosts with their own robots.txt and per-domain
concurrency, and news-please (which takes a site's domain from its URL and cannot carry a port
into Scrapy's ``allowed_domains``) finds plain ``http://127.0.0.N/`` hosts on port 80. Pages
are bytes in memory: the server must cost the crawlers nothing but the socket work.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

FIRST_HOST = 2  # 127.0.0.1 is everyone's; the bench's hosts start after it
DEFAULT_PORT = 80


@dataclass(frozen=True)
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"


@dataclass
class Site:
    """One site's pages by path (query ignored, as real CMSs ignore tracking parameters)."""

    name: str
    host: str
    port: int
    pages: dict[str, Page]
    log: list[str] = field(default_factory=list)  # requested targets, path plus query
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return base_url(self.host, self.port)

    def record(self, target: str) -> None:
        with self.lock:
            self.log.append(target)


def host_for(offset: int) -> str:
    """The loopback address of the ``offset``-th site (pages name it before the server runs)."""
    return f"127.0.0.{FIRST_HOST + offset}"


def base_url(host: str, port: int = DEFAULT_PORT) -> str:
    return f"http://{host}" + ("" if port == DEFAULT_PORT else f":{port}")


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # crawlers open connections in bursts
    daemon_threads = True
    allow_reuse_address = True


def _handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: Content-Length on every answer
        server_version = "newswatch-bench/1"

        def handle(self) -> None:
            # A crawler closes its kept-alive connections when it is done: not an error.
            with contextlib.suppress(ConnectionError):
                super().handle()

        def do_GET(self) -> None:
            site.record(self.path)
            page = site.pages.get(urlsplit(self.path).path)
            body = page.body if page else b"not found\n"
            self.send_response(200 if page else 404)
            self.send_header("Content-Type", page.content_type if page else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the per-site log is the record

    return Handler


@dataclass
class Hosting:
    """Running sites; a context manager that stops them."""

    sites: dict[str, Site]
    servers: list[_Server]

    def reset_logs(self) -> None:
        for site in self.sites.values():
            with site.lock:
                site.log.clear()

    def requests(self) -> int:
        return sum(len(site.log) for site in self.sites.values())

    def __enter__(self) -> Hosting:
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def serve(pages_by_site: dict[str, dict[str, Page]], port: int = DEFAULT_PORT) -> Hosting:
    """Start one server per site on 127.0.0.2, .3, … (same ``port``); returns them running."""
    sites: dict[str, Site] = {}
    servers: list[_Server] = []
    for offset, (name, pages) in enumerate(pages_by_site.items()):
        site = Site(name, host_for(offset), port, pages)
        server = _Server((site.host, port), _handler_for(site))
        threading.Thread(target=server.serve_forever, name=f"bench-{name}", daemon=True).start()
        sites[name], servers = site, [*servers, server]
    return Hosting(sites, servers)
