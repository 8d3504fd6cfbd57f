"""Crawl state (``seen``, ``validators``, ``retry``, ``progress``) in the ``[state] url``
database, for crawl workers on several hosts; the JSON files of ``crawler.crawl_state`` stay
the default.

The interface is ``CrawlState``'s: ``state[source]`` is a dict loaded on first use, ``save()``
writes it back. One row per (kind, source, key) rather than one blob per source, and ``save``
writes only the keys this process added, changed or removed: two workers crawling the same
source at once merge their findings instead of the last writer erasing the other's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Column, MetaData, String, Table, Text, delete, select

from newswatch.core.state_db import create_tables, open_engine, upsert

metadata = MetaData()
crawl_state_t = Table(
    "crawl_state",
    metadata,
    Column("kind", String(32), primary_key=True),
    Column("source", String(200), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),  # JSON
)
KEYS = ("kind", "source", "key")


class DbCrawlState:
    """``CrawlState`` on a database: same use, per-key writes."""

    def __init__(self, url: str, kind: str) -> None:
        self.kind = kind
        self.engine = open_engine(url)
        create_tables(self.engine, metadata)
        self._by_source: dict[str, dict[str, Any]] = {}
        self._stored: dict[str, dict[str, str]] = {}
        """What the database held for each loaded source, as JSON text: the base for diffs."""

    def __getitem__(self, source: str) -> dict[str, Any]:
        if source not in self._by_source:
            query = select(crawl_state_t.c.key, crawl_state_t.c.value).where(
                crawl_state_t.c.kind == self.kind, crawl_state_t.c.source == source
            )
            with self.engine.connect() as connection:
                stored = {row.key: row.value for row in connection.execute(query)}
            self._stored[source] = stored
            self._by_source[source] = {key: json.loads(value) for key, value in stored.items()}
        return self._by_source[source]

    def save(self, only: Iterable[str] | None = None) -> None:
        """Write what changed in every loaded source's state, or only those in ``only``."""
        chosen = None if only is None else set(only)
        with self.engine.begin() as connection:
            for source, entries in self._by_source.items():
                if chosen is not None and source not in chosen:
                    continue
                before = self._stored[source]
                now = {key: json.dumps(value, sort_keys=True) for key, value in entries.items()}
                changed = [
                    {"kind": self.kind, "source": source, "key": key, "value": value}
                    for key, value in now.items()
                    if before.get(key) != value
                ]
                upsert(connection, crawl_state_t, changed, KEYS)
                gone = before.keys() - now.keys()
                if gone:
                    connection.execute(
                        delete(crawl_state_t).where(
                            crawl_state_t.c.kind == self.kind,
                            crawl_state_t.c.source == source,
                            crawl_state_t.c.key.in_(gone),
                        )
                    )
                self._stored[source] = now

    def close(self) -> None:
        self.engine.dispose()
