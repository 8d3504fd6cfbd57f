"""Shared fixtures: real servers (Elasticsearch, replay sites) are pytest plugins in tests/servers."""

pytest_plugins: list[str] = []
