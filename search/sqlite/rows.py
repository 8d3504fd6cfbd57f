"""How an article is written to the SQLite store: one stored form, its fingerprint, FTS values.

The stored form (NFC text, UTC datetimes) makes an NFD re-crawl or a different UTC offset of
the same instant store identically, so the fingerprint only changes when content does.
"""

from __future__ import annotations

import sqlite3

from newswatch.core.article import Article
from newswatch.core.text import fold
from search.backend import fact_values
from search.sqlite.query import FTS_TABLES

_WRITES = {
    table: (
        f"INSERT INTO {table} (rowid, {', '.join(columns)})"
        f" VALUES ({', '.join('?' * (1 + len(columns)))})",
        f"INSERT INTO {table} ({table}, rowid, {', '.join(columns)})"
        f" VALUES ('delete', {', '.join('?' * (1 + len(columns)))})",
    )
    for table, columns in FTS_TABLES.items()
}
"""Each FTS table's insert and delete. A contentless FTS5 table forgets the text: removing a
row means replaying the values it was indexed with."""


def fts_values(article: Article) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The folded and the exact values (title, summary, text, tags), as ``FTS_TABLES``."""
    exact = tuple(
        value.casefold()
        for value in (article.title, article.summary, article.text, "\n".join(article.tags))
    )
    return tuple(fold(value) for value in exact), exact


def index_text(conn: sqlite3.Connection, seq: int, article: Article, delete: bool = False) -> None:
    """Index ``article``'s text under ``seq`` in every FTS table (``delete``: remove it, given
    the article as it was indexed)."""
    for (insert, remove), values in zip(_WRITES.values(), fts_values(article), strict=True):
        conn.execute(remove if delete else insert, (seq, *values))


def fact_rows(article: Article, seq: int) -> list[tuple[str, str, int]]:
    """``article_facts`` rows (field, value, seq): one per zone, country and event."""
    return [
        (name, value, seq)
        for name, values in fact_values(article.facts).items()
        for value in dict.fromkeys(values)
    ]


def max_usd(article: Article) -> float | None:
    """The ``max_usd`` column (see ``Facts.max_usd``)."""
    return article.facts.max_usd if article.facts is not None else None
