"""Shared fixtures: real servers (Elasticsearch, replay sites) and backends are pytest plugins."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

pytest_plugins = [
    "tests.servers.elasticsearch",
    "tests.servers.sites",
    "tests.servers.backends",
    "tests.servers.api_app",
    "tests.servers.postgres",
    "tests.servers.redis",
]


@pytest.fixture(autouse=True)
def _root_logging_restored() -> Iterator[None]:
    """A CLI run in a test (``setup_cli_logging``) puts a root handler on that test's captured
    stderr, which pytest closes afterwards; left in place, a later test's log record would hit
    the closed stream and print a "Logging error" traceback. One process runs one CLI, so the
    product is right: the test session puts the root logger back after each test."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
