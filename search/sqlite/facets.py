"""Facet counts over the rows a compiled search matches: per local day, source, zone, country
and event. Reads only narrow columns and the ``article_facts`` side table, never documents."""

from __future__ import annotations

import sqlite3

from search.backend import FACT_FACETS
from search.sqlite.query import CompiledSearch, count_sql, fact_count_sql


def counts(
    conn: sqlite3.Connection, compiled: CompiledSearch, facets: bool
) -> tuple[int, dict[str, int], dict[str, int]]:
    """Total and, with ``facets``, per local day and per source: one pass over the matches."""
    if not facets:
        return int(conn.execute(count_sql(compiled, False), compiled.params).fetchone()[0]), {}, {}
    per_day: dict[str, int] = {}
    per_source: dict[str, int] = {}
    total = 0
    for day, source, n in conn.execute(count_sql(compiled, True), compiled.params):
        total += n
        if day is not None:
            per_day[day] = per_day.get(day, 0) + n
        per_source[source] = per_source.get(source, 0) + n
    return total, dict(sorted(per_day.items())), dict(sorted(per_source.items()))


def fact_counts(conn: sqlite3.Connection, compiled: CompiledSearch) -> dict[str, dict[str, int]]:
    """Matching articles per zone, country and event (largest first, then by name)."""
    counts: dict[str, dict[str, int]] = {name: {} for name in FACT_FACETS}
    for name, value, n in conn.execute(fact_count_sql(compiled), compiled.params):
        counts[name][value] = n
    return counts
