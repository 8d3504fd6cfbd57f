"""Collapsed searches on SQLite: how many stories match, and each page story's matching copies.

The page itself (one best row per story) is a window over the matches (``query.page_sql``);
this reads what Elasticsearch's ``cardinality`` and ``inner_hits`` give it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from newswatch.core.article import Article
from search.backend import version_order
from search.sqlite.query import STORY_KEY, CompiledSearch


def story_count(conn: sqlite3.Connection, compiled: CompiledSearch) -> int:
    """Distinct stories among the matching articles."""
    sql = f"SELECT count(DISTINCT {STORY_KEY}) FROM {compiled.rows} WHERE {compiled.where}"
    return int(conn.execute(sql, compiled.params).fetchone()[0])


def story_versions(
    conn: sqlite3.Connection,
    compiled: CompiledSearch,
    stories: Sequence[str],
    article: Callable[[str], Article],
) -> dict[str, list[Article]]:
    """Every matching copy of each of ``stories``, earliest first (``version_order``)."""
    if not stories:
        return {}
    names = [f"story{i}" for i in range(len(stories))]
    marks = ", ".join(f":{name}" for name in names)
    sql = (
        f"SELECT {STORY_KEY} AS story, a.doc FROM articles a{compiled.matched}"
        f" WHERE (a.story_id IN ({marks}) OR (a.story_id IS NULL AND a.id IN ({marks})))"
        f" AND {compiled.where}"
    )
    params = {**compiled.params, **dict(zip(names, stories, strict=True))}
    found: dict[str, list[Article]] = {story: [] for story in stories}
    for row in conn.execute(sql, params):
        found[row["story"]].append(article(row["doc"]))
    for copies in found.values():
        copies.sort(key=lambda a: version_order(a.published_at, a.id))
    return found
