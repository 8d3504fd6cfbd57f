"""Readiness against a server that answers like a locked or wrong-version Elasticsearch.

A real HTTP server on 127.0.0.1 replays the answers a real cluster gives (status, headers and
body as Elasticsearch sends them), so the whole client path (transport, product check, error
classes, ``explain``) runs; no Elasticsearch needed.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswatch.core.settings import StorageSettings
from search.backend import BackendUnavailable
from search.elastic.backend import ElasticBackend

Answer = tuple[int, dict[str, str], dict[str, object]]
ELASTIC = {"X-Elastic-Product": "Elasticsearch"}


def _security_error(status: int, reason: str) -> dict[str, object]:
    cause = {"type": "security_exception", "reason": reason}
    return {"error": {"root_cause": [cause], **cause}, "status": status}


UNAUTHENTICATED: Answer = (
    401,
    {**ELASTIC, "WWW-Authenticate": 'Basic realm="security", ApiKey, charset="UTF-8"'},
    _security_error(401, "unable to authenticate user [newswatch] for REST request"),
)
FORBIDDEN: Answer = (
    403,
    ELASTIC,
    _security_error(403, "action [cluster:monitor/health] is unauthorized for user [reader]"),
)
HEALTHY: Answer = (200, ELASTIC, {"cluster_name": "old", "status": "green"})
# What an 8.x node says to a 9.x client's "compatible-with=9" Accept header.
MEDIA_TYPE_REJECTED: Answer = (
    400,
    ELASTIC,
    {
        "error": {
            "type": "media_type_header_exception",
            "reason": "Invalid media-type value on headers [Accept, Content-Type]",
            "caused_by": {
                "type": "status_exception",
                "reason": "Accept version must be either version 8 or 7, but found 9.",
            },
        },
        "status": 400,
    },
)


def _nodes_version(version: str) -> Answer:
    return (200, ELASTIC, {"nodes": {"n1": {"version": version}}})


class FakeCluster:
    """Answers by path prefix and remembers each request's path and Authorization header."""

    def __init__(self, answers: dict[str, Answer]) -> None:
        self.answers = answers
        self.seen: list[tuple[str, str | None]] = []

    def answer(self, path: str, authorization: str | None) -> Answer:
        self.seen.append((path, authorization))
        for prefix, answer in self.answers.items():
            if path.startswith(prefix):
                return answer
        return (404, ELASTIC, {"error": "no handler", "status": 404})


def _handler(cluster: FakeCluster) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = cluster.answer(self.path, self.headers.get("Authorization"))
            payload = json.dumps(body).encode()
            self.send_response(status)
            for name, value in {**headers, "Content-Type": "application/json"}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


Serve = Callable[[dict[str, Answer]], tuple[FakeCluster, str]]


@pytest.fixture()
def serve() -> Iterator[Serve]:
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(answers: dict[str, Answer]) -> tuple[FakeCluster, str]:
        cluster = FakeCluster(answers)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(cluster))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return cluster, f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _ready(url: str, tmp_path: Path, **storage: object) -> None:
    settings = StorageSettings.model_validate(
        {"backend": "elasticsearch", "url": url, "queue_path": tmp_path / "queue.db", **storage}
    )
    backend = ElasticBackend(settings, ZoneInfo("Asia/Ho_Chi_Minh"))
    try:
        backend.ensure_ready()
    finally:
        backend.close()


def test_rejected_credentials_say_which_variables_to_set(serve: Serve, tmp_path: Path) -> None:
    cluster, url = serve({"/_cluster/health": UNAUTHENTICATED})

    with pytest.raises(BackendUnavailable) as raised:
        _ready(url, tmp_path, username="newswatch", password="wrong")

    assert str(raised.value) == (
        f"Elasticsearch at {url} rejected our credentials (401): set "
        "NEWSWATCH_STORAGE__API_KEY or NEWSWATCH_STORAGE__USERNAME/PASSWORD"
    )
    path, authorization = cluster.seen[0]
    assert path.startswith("/_cluster/health")
    assert authorization is not None and authorization.startswith("Basic ")
    assert len(cluster.seen) == 1, "a 401 is not retried"


def test_missing_credentials_are_the_same_clear_error(serve: Serve, tmp_path: Path) -> None:
    cluster, url = serve({"/_cluster/health": UNAUTHENTICATED})

    with pytest.raises(BackendUnavailable, match=r"rejected our credentials \(401\)"):
        _ready(url, tmp_path)

    assert cluster.seen[0][1] is None


def test_a_user_without_privileges_is_told_so(serve: Serve, tmp_path: Path) -> None:
    _, url = serve({"/_cluster/health": FORBIDDEN})

    with pytest.raises(BackendUnavailable) as raised:
        _ready(url, tmp_path, api_key="reader-key")

    assert str(raised.value) == (
        f"Elasticsearch at {url} denied access (403): the user lacks index privileges"
    )


@pytest.mark.parametrize("version", ["8.15.2", "10.0.0"])
def test_a_healthy_server_of_another_major_is_a_version_mismatch(
    serve: Serve, tmp_path: Path, version: str
) -> None:
    cluster, url = serve({"/_cluster/health": HEALTHY, "/_nodes": _nodes_version(version)})

    with pytest.raises(BackendUnavailable) as raised:
        _ready(url, tmp_path)

    assert str(raised.value) == (
        f"Elasticsearch at {url} is version {version}; newswatch needs 9.x (version mismatch)"
    )
    assert [path.split("?")[0] for path, _ in cluster.seen] == [
        "/_cluster/health",
        "/_nodes/_local/_none",
    ]


def test_a_server_refusing_the_9x_media_type_is_a_version_mismatch(
    serve: Serve, tmp_path: Path
) -> None:
    _, url = serve({"/_cluster/health": MEDIA_TYPE_REJECTED})

    with pytest.raises(
        BackendUnavailable, match=r"does not speak the 9\.x API \(version mismatch\)"
    ):
        _ready(url, tmp_path)


def test_a_200_without_the_product_header_is_not_elasticsearch(
    serve: Serve, tmp_path: Path
) -> None:
    _, url = serve({"/_cluster/health": (200, {}, {"status": "green"})})

    with pytest.raises(BackendUnavailable) as raised:
        _ready(url, tmp_path)

    assert str(raised.value) == f"{url} answered, but it is not Elasticsearch: check [storage] url"
