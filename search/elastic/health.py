"""Client construction and readiness, with errors a person can act on.

Readiness uses ``GET /_cluster/health``: ``GET /`` is not served by every deployment (the
integration-test distribution answers it with 405), while cluster health always is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import elastic_transport
from elasticsearch import (
    ApiError,
    AuthenticationException,
    AuthorizationException,
    Elasticsearch,
    UnsupportedProductError,
)

from newswatch.core.settings import StorageSettings
from search.backend import BackendUnavailable

SUPPORTED_MAJOR = 9
T = TypeVar("T")


def make_client(storage: StorageSettings) -> Elasticsearch:
    """A client for ``storage.url`` or every ``storage.nodes``; secrets come from settings
    loaded from the environment.

    A refused connection or a timeout is retried on the next node (the failed one is parked
    by the transport for a while), once per other node and at least once. Sniffing stays off:
    nodes publish the addresses they bind, which behind Docker or NAT are not the ones
    clients can reach; the configured list is the truth.
    """
    options: dict[str, Any] = {
        "request_timeout": storage.request_timeout,
        "max_retries": max(1, len(storage.hosts) - 1),
        "retry_on_timeout": True,
        "sniff_on_start": False,
        "sniff_on_node_failure": False,
    }
    if storage.api_key is not None:
        options["api_key"] = storage.api_key.get_secret_value()
    elif storage.username:
        password = storage.password.get_secret_value() if storage.password else ""
        options["basic_auth"] = (storage.username, password)
    if storage.ca_certs is not None:
        options["ca_certs"] = str(storage.ca_certs)
    return Elasticsearch(storage.hosts, **options)


def explain(exc: Exception, url: str) -> BackendUnavailable:
    """Translate a client/transport error into one clear ``BackendUnavailable``."""
    if isinstance(exc, AuthenticationException):
        message = (
            f"Elasticsearch at {url} rejected our credentials (401): set "
            "NEWSWATCH_STORAGE__API_KEY or NEWSWATCH_STORAGE__USERNAME/PASSWORD"
        )
    elif isinstance(exc, AuthorizationException):
        message = f"Elasticsearch at {url} denied access (403): the user lacks index privileges"
    elif isinstance(exc, UnsupportedProductError):
        message = f"{url} answered, but it is not Elasticsearch: check [storage] url"
    elif isinstance(exc, elastic_transport.TlsError):
        message = f"TLS to {url} failed ({exc}): check the scheme and [storage] ca_certs"
    elif isinstance(exc, elastic_transport.ConnectionTimeout):
        message = f"Elasticsearch at {url} did not answer in time: {exc}"
    elif isinstance(exc, elastic_transport.ConnectionError):
        message = f"cannot connect to Elasticsearch at {url}: is it running? ({exc})"
    elif isinstance(exc, ApiError) and exc.meta.status == 404:
        message = f"{url} has no Elasticsearch API (404 on {exc}): check [storage] url"
    elif isinstance(exc, ApiError) and exc.meta.status >= 500:
        message = f"Elasticsearch at {url} is failing ({exc.meta.status}): {exc}"
    elif isinstance(exc, ApiError) and "media_type" in str(exc).lower():
        message = (
            f"Elasticsearch at {url} does not speak the {SUPPORTED_MAJOR}.x API "
            f"(version mismatch): {exc}"
        )
    else:
        message = f"Elasticsearch at {url} failed: {exc}"
    return BackendUnavailable(message)


UNREACHABLE = (
    elastic_transport.TransportError,
    AuthenticationException,
    AuthorizationException,
    UnsupportedProductError,
)


def guarded(url: str, call: Callable[[], T]) -> T:
    """Run ``call``; connection, auth, product and server errors become ``BackendUnavailable``.

    Client errors of the request itself (a 400, a missing document) pass through unchanged.
    """
    try:
        return call()
    except UNREACHABLE as exc:
        raise explain(exc, url) from exc
    except ApiError as exc:
        if exc.meta.status >= 500:
            raise explain(exc, url) from exc
        raise


def check_version(version: str, url: str) -> None:
    """This code speaks the 9.x API (templates, ``search_after``, client compatibility)."""
    major = int(version.split(".", 1)[0])
    if major != SUPPORTED_MAJOR:
        raise BackendUnavailable(
            f"Elasticsearch at {url} is version {version}; newswatch needs "
            f"{SUPPORTED_MAJOR}.x (version mismatch)"
        )


def server_version(client: Elasticsearch) -> str:
    info = client.nodes.info(node_id="_local", metric="_none", filter_path="nodes.*.version")
    return str(next(iter(info["nodes"].values()))["version"])


def ensure_reachable(client: Elasticsearch, url: str) -> str:
    """Health yellow or better and a 9.x server; returns the health status."""

    def probe() -> str:
        health = client.cluster.health(timeout="5s")
        check_version(server_version(client), url)
        return str(health["status"])

    try:
        status = guarded(url, probe)
    except ApiError as exc:
        # 404 on cluster health: a proxy path or another service, not an Elasticsearch root.
        raise explain(exc, url) from exc
    if status == "red":
        raise BackendUnavailable(f"Elasticsearch at {url} is red: some data is unavailable")
    return status
