"""Readiness: a wrong URL, a non-Elasticsearch server or a wrong version is a clear error."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from search.backend import BackendUnavailable
from search.elastic.health import check_version
from tests.elastic.conftest import MakeBackend
from tests.servers.elasticsearch import free_port


class _NotElastic(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"status": "green"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def other_service() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotElastic)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.elasticsearch
def test_real_server_is_ready(make_backend: MakeBackend) -> None:
    make_backend().ensure_ready()


def test_closed_port_says_cannot_connect(make_backend: MakeBackend) -> None:
    backend = make_backend(url=f"http://127.0.0.1:{free_port()}", request_timeout=2.0)
    with pytest.raises(BackendUnavailable, match="cannot connect to Elasticsearch"):
        backend.ensure_ready()


def test_other_http_service_says_not_elasticsearch(
    make_backend: MakeBackend, other_service: str
) -> None:
    with pytest.raises(BackendUnavailable, match="not Elasticsearch"):
        make_backend(url=other_service).ensure_ready()


@pytest.mark.parametrize("version", ["8.15.2", "10.0.0"])
def test_other_major_versions_are_a_version_mismatch(version: str) -> None:
    with pytest.raises(BackendUnavailable, match="version mismatch"):
        check_version(version, "http://es:9200")


def test_supported_major_version_passes() -> None:
    check_version("9.1.5", "http://es:9200")
