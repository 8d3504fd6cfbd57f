"""Local replay of news sites: one HTTP server per site directory, for crawl tests and the demo.

Each ``<root>/<site>/routes.json`` maps URL paths to stored files or to scripted misbehaviour
(redirect loops, 5xx, slow or huge pages). Stored text is rendered on the way out so that dates
stay fresh whenever the tests run: ``{{base}}`` becomes the server's own base URL and
``{{ago:DAYS[:HOURS]:FORMAT}}`` the server start time minus that offset, in Asia/Ho_Chi_Minh
(see tests/sites/README.md). Every request is logged per site so tests can assert what a crawl
fetched, what it never asked for (robots.txt) and whether it sent conditional requests.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newswatch.demo.render import SITE_TZ, render
from newswatch.demo.server import demo_sites_root, find_route

logger = logging.getLogger(__name__)

CLIENT_GONE = 499  # logged for a stalled request the server abandoned on stop()


class ReplayHTTPServer(ThreadingHTTPServer):
    """Scrapy opens connections in bursts: past the stdlib's listen backlog of 5 the kernel
    drops the SYN and the client stalls a whole second before retrying."""

    request_queue_size = 128
    daemon_threads = True


def default_sites_root() -> Path:
    """The replay sites shipped with the repository (tests/sites)."""
    return Path(__file__).resolve().parents[1] / "sites"


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str  # path plus query, as requested
    status: int
    conditional: bool  # carried If-None-Match or If-Modified-Since


@dataclass
class Gauge:
    """Requests being answered right now, and the most at once: what politeness limits, seen
    from the server's side."""

    now: int = 0
    peak: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> None:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.now -= 1


@dataclass
class ReplaySite:
    """One running site: its base URL, routes and request log."""

    name: str
    directory: Path
    routes: dict[str, dict[str, Any]]
    slow_seconds: float | None = None
    base_url: str = ""
    started: datetime = field(default_factory=lambda: datetime.now(SITE_TZ).replace(microsecond=0))
    log: list[LoggedRequest] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: Gauge = field(default_factory=Gauge)
    host_in_flight: Gauge = field(default_factory=Gauge)
    """Shared by every site of one ``serve_sites`` call: they are all the host 127.0.0.1."""

    def url(self, path: str) -> str:
        return self.base_url + path

    def requested(self, path: str) -> list[LoggedRequest]:
        """Requests whose path (ignoring the query) equals ``path``."""
        return [r for r in self.log if urlsplit(r.path).path == path]

    def reset(self) -> None:
        """Forget the request log and the per-route hit counts (flaky routes fail again)."""
        with self.lock:
            self.log.clear()
            self.hits.clear()

    def route(self, target: str) -> tuple[str, dict[str, Any]] | None:
        return find_route(self.routes, target)

    def count_hit(self, key: str) -> int:
        with self.lock:
            self.hits[key] = self.hits.get(key, 0) + 1
            return self.hits[key]

    def record(self, entry: LoggedRequest) -> None:
        with self.lock:
            self.log.append(entry)


@dataclass
class ReplaySites:
    """All running replay sites by name; a context manager that stops them."""

    sites: dict[str, ReplaySite]
    servers: list[ReplayHTTPServer]

    def __getitem__(self, name: str) -> ReplaySite:
        return self.sites[name]

    def base_urls(self) -> dict[str, str]:
        return {name: site.base_url for name, site in self.sites.items()}

    def stop(self) -> None:
        for site in self.sites.values():
            site.stopping.set()
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> ReplaySites:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


def _send(
    handler: BaseHTTPRequestHandler,
    site: ReplaySite,
    status: int,
    body: bytes,
    headers: dict[str, str],
) -> int:
    """Log, then answer: a client that has its answer must find the request already logged."""
    _log(handler, site, status)
    handler.send_response(status)
    for name, value in {"Content-Length": str(len(body)), **headers}.items():
        handler.send_header(name, value)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)
    return status


def _log(handler: BaseHTTPRequestHandler, site: ReplaySite, status: int) -> None:
    headers = handler.headers
    conditional = bool(headers.get("If-None-Match") or headers.get("If-Modified-Since"))
    site.record(LoggedRequest(handler.command, handler.path, status, conditional))


def _pad(body: bytes, size: int) -> bytes:
    """Grow a page to ``size`` bytes at its ``<!--pad-->`` marker: a huge page, no huge file."""
    head, marker, tail = body.partition(b"<!--pad-->")
    filler = "<p>Nội dung lặp lại để trang vượt giới hạn dung lượng tải về.</p>\n".encode()
    count = max(0, size - len(body)) // len(filler) + 1
    return head + filler * count + marker + tail


def _not_modified(handler: BaseHTTPRequestHandler, etag: str, modified: datetime) -> bool:
    if handler.headers.get("If-None-Match") == etag:
        return True
    since = handler.headers.get("If-Modified-Since")
    if not since:
        return False
    try:
        return email.utils.parsedate_to_datetime(since) >= modified
    except (TypeError, ValueError):
        return False


def respond(handler: BaseHTTPRequestHandler, site: ReplaySite) -> int:
    """Answer one request from the site's routes; returns the status sent."""
    found = site.route(handler.path)
    if found is None or ("status" in found[1] and "file" not in found[1]):
        status = found[1]["status"] if found else 404
        return _send(handler, site, status, f"{status}\n".encode(), {"Content-Type": "text/plain"})
    key, spec = found
    if "redirect" in spec:
        return _send(handler, site, spec.get("code", 302), b"", {"Location": spec["redirect"]})
    if "flaky" in spec and site.count_hit(key) <= spec["flaky"]:
        return _send(handler, site, spec["status"], b"busy\n", {"Retry-After": "0"})
    if "slow" in spec and site.stopping.wait(site.slow_seconds or spec["slow"]):
        _log(handler, site, CLIENT_GONE)
        return CLIENT_GONE  # server stopping: give up quietly
    raw = (site.directory / spec["file"]).read_bytes()
    content_type = spec.get("type", "text/html; charset=utf-8")
    if spec.get("render", True):
        raw = render(raw, site.base_url, site.started, spec.get("encoding", "utf-8"))
    if "big" in spec:
        raw = _pad(raw, spec["big"])
    etag, modified = etag_for(raw), site.started.astimezone(UTC)
    if _not_modified(handler, etag, modified):
        return _send(handler, site, 304, b"", {"ETag": etag})
    headers = {
        "Content-Type": content_type,
        "ETag": etag,
        "Last-Modified": email.utils.format_datetime(modified, usegmt=True),
    }
    return _send(handler, site, 200, raw, headers)


def _handler_for(site: ReplaySite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "newswatch-replay/1"

        def handle(self) -> None:
            # The crawler hangs up mid-answer (the 5 MB page over its size limit, a timeout) or
            # mid-request: expected, and the request log already says what was asked.
            try:
                super().handle()
            except ConnectionError as exc:  # reset, broken pipe, aborted
                logger.debug(
                    "%s: client hung up on %s: %s", site.name, getattr(self, "path", "?"), exc
                )

        def do_GET(self) -> None:
            with site.in_flight, site.host_in_flight:
                respond(self, site)

        do_HEAD = do_GET

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the request log is the record; stderr noise helps nobody

    return Handler


def served_from(site_dir: Path) -> Path:
    """Where a site's routes and files live: its own directory, or, for the three sites
    ``newswatch demo`` ships, the package's copy (one home; ``tests/sites/<name>`` then holds only
    the test's ``expected.json``)."""
    if (site_dir / "routes.json").is_file():
        return site_dir
    return demo_sites_root() / site_dir.name


def load_site(site_dir: Path, slow_seconds: float | None = None) -> ReplaySite:
    directory = served_from(site_dir)
    routes = json.loads((directory / "routes.json").read_text("utf-8"))
    return ReplaySite(site_dir.name, directory, routes, slow_seconds)


def site_names(root: Path) -> list[str]:
    return sorted(
        p.name for p in root.iterdir() if p.is_dir() and (served_from(p) / "routes.json").is_file()
    )


def serve_sites(
    root: Path, names: list[str] | None = None, slow_seconds: float | None = None
) -> ReplaySites:
    """Start one server per site directory on 127.0.0.1 (ephemeral ports); returns them running.

    ``slow_seconds`` overrides how long ``slow`` routes stall (default: the value in routes.json).
    """
    chosen = names if names is not None else site_names(root)
    unknown = [n for n in chosen if not (served_from(root / n) / "routes.json").is_file()]
    if unknown:
        raise ValueError(f"no replay site {unknown} under {root}; known: {site_names(root)}")
    sites: dict[str, ReplaySite] = {}
    servers: list[ReplayHTTPServer] = []
    host = Gauge()
    for name in chosen:
        site = load_site(root / name, slow_seconds)
        site.host_in_flight = host
        server = ReplayHTTPServer(("127.0.0.1", 0), _handler_for(site))
        site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
        threading.Thread(target=server.serve_forever, name=f"replay-{name}", daemon=True).start()
        sites[name] = site
        servers.append(server)
    return ReplaySites(sites, servers)
