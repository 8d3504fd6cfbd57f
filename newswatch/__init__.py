"""Application shell: typed configuration, the `newswatch` CLI, logging, alerts and the HTTP API."""
