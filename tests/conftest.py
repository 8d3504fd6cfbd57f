"""Shared fixtures: real servers (Elasticsearch, replay sites) and backends are pytest plugins."""

pytest_plugins = [
    "tests.servers.elasticsearch",
    "tests.servers.sites",
    "tests.servers.backends",
    "tests.servers.api_app",
    "tests.servers.postgres",
    "tests.servers.redis",
]
