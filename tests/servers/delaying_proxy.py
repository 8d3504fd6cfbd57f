"""A TCP forwarder on 127.0.0.1 that holds chosen HTTP requests back before passing them on:
a *slow* server (it answers, late), as opposed to a hanging one (``tests.servers.hanging``) or
a refusing one (``SwitchableProxy`` switched off). Put in front of a real Elasticsearch, it
makes reads (``_mget``, ``_search``) or writes (``_bulk``) take ``delay`` seconds each."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

READS = (b"/_mget", b"/_search")
WRITES = (b"/_bulk",)


class DelayingProxy:
    """Forwards every connection to ``target_url``; a client chunk whose request line names
    one of ``paths`` (all requests when ``paths`` is empty) waits ``delay`` seconds first.
    ``held`` counts the requests held back (a test's proof the slowness was really met)."""

    def __init__(self, target_url: str, delay: float, paths: tuple[bytes, ...] = ()) -> None:
        host, _, port = target_url.split("://", 1)[-1].rstrip("/").rpartition(":")
        self._target = (host, int(port))
        self.delay = delay
        self.paths = paths
        self.held = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._conns: list[socket.socket] = []
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
                upstream = socket.create_connection(self._target)
            except OSError:
                return
            self._conns += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _slow(self, chunk: bytes) -> bool:
        line = chunk.split(b"\r\n", 1)[0]
        if b" HTTP/1." not in line:
            return False  # a body's continuation: its request line was already held
        return not self.paths or any(path in line for path in self.paths)

    def _pipe(self, src: socket.socket, dst: socket.socket, requests: bool) -> None:
        with contextlib.suppress(OSError):
            while chunk := src.recv(65536):
                if requests and self._slow(chunk):
                    with self._lock:
                        self.held += 1
                    time.sleep(self.delay)
                dst.sendall(chunk)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.close()


@contextmanager
def delaying_proxy(
    target_url: str, delay: float, paths: tuple[bytes, ...] = ()
) -> Iterator[DelayingProxy]:
    proxy = DelayingProxy(target_url, delay, paths)
    try:
        yield proxy
    finally:
        proxy.close()
