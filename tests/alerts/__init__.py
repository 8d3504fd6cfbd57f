"""Real receivers on 127.0.0.1 for the alert tests: an SMTP server, an HTTP webhook receiver and
a "black hole" that accepts connections and never answers. Each can stop and start again on the
same port, which is how a test takes a channel down and brings it back."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from crawler.dedupe import article_id
from crawler.sources import bundled
from newswatch.core.article import Article
from newswatch.core.settings import Settings, select_sources
from tests.servers.elasticsearch import free_port


class SmtpSink:
    """aiosmtpd on 127.0.0.1 keeping every message it accepts."""

    def __init__(
        self, port: int | None = None, login: tuple[str, str] | None = None, delay: float = 0.0
    ) -> None:
        self.port = port or free_port()
        self.delay = delay
        """Seconds before each message's "250" (kept first): a slow but working server."""
        self.login = login
        """When set, AUTH with exactly this (user, password) is required (plain text, no TLS)."""
        self.messages: list[EmailMessage] = []
        self._controller: Controller | None = None

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        given = (data.login.decode(), data.password.decode())
        return AuthResult(success=given == self.login, handled=False)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        await asyncio.sleep(self.delay)
        return "250 Message accepted"

    def start(self) -> SmtpSink:
        auth: dict[str, Any] = {}
        if self.login is not None:
            auth = {"authenticator": self._authenticate, "auth_required": True}
            auth["auth_require_tls"] = False
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **auth)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


class WebhookReceiver:
    """An http.server on 127.0.0.1 recording each POST (headers, raw body); answers ``status``."""

    def __init__(self, port: int | None = None, status: int = 200, delay: float = 0.0) -> None:
        self.port = port or free_port()
        self.status = status
        self.delay = delay
        """Seconds each answer takes: a slow but working receiver."""
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> WebhookReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.requests.append((dict(self.headers.items()), body))
                time.sleep(receiver.delay)
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class BlackHole:
    """Accepts connections and reads them, never answers: a receiver stuck mid-request."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.received = b""
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", self.port))
        self._listener.listen(8)
        self._conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = self._listener.accept()
                self._conns.append(conn)
                threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while chunk := conn.recv(65536):
                self.received += chunk

    @property
    def connected(self) -> bool:
        return bool(self._conns)

    @property
    def connections(self) -> int:
        """Connections accepted so far: how many sends came to wait on it."""
        return len(self._conns)

    def close(self) -> None:
        # shutdown() wakes the thread blocked in accept(); close() alone keeps the port bound.
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        for conn in self._conns:
            conn.close()


def wait_until(check: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)


def make_settings(tmp_path: Path, storage: dict[str, Any] | None = None, **alerts: Any) -> Settings:
    """Settings with everything under ``tmp_path`` and webhooks to 127.0.0.1 allowed.

    The sources are the bundled catalogue's, as a configuration without ``sources`` gets
    them, so a rule limited to a real source (``baohaiphong``) passes the configured-source check.
    """
    defaults: dict[str, Any] = {
        "outbox_path": tmp_path / "outbox.db",
        "webhook_allowlist": ["127.0.0.1"],
        "webhook_timeout_seconds": 5.0,
        "mail_from": "newswatch@test.vn",
    }
    return Settings(
        storage=storage or {"backend": "sqlite", "path": tmp_path / "articles.db"},  # type: ignore[arg-type]
        alerts={**defaults, **alerts},  # type: ignore[arg-type]
        sources=select_sources(None, bundled(), "tests"),  # type: ignore[arg-type]
    )


def article(
    slug: str, title: str, text: str, *, source: str = "baohaiphong", **extra: Any
) -> Article:
    """A stored-looking article published ``extra['published_at']`` (default: just now)."""
    url = f"https://baohaiphong.vn/{slug}.html"
    now = datetime.now(UTC)
    fields: dict[str, Any] = {"published_at": now, "fetched_at": now, **extra}
    return Article(
        id=article_id(url),
        url=url,
        canonical_url=url,
        source=source,
        title=title,
        text=text,
        **fields,
    )
