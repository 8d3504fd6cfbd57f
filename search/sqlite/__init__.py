"""The embedded store: SQLite with an FTS5 index, mirroring ``search.elastic``."""
