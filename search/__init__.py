"""Storage backends (embedded SQLite FTS5, Elasticsearch) and the shared query layer."""
