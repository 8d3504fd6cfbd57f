"""A page of SQLite rows as ``Hit``s: each row's article, or (collapsed) its story."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace

from newswatch.core.article import Article
from search.backend import MAX_VERSIONS, Hit, StoryVersion
from search.query import Node
from search.snippet import make_snippet
from search.sqlite.query import CompiledSearch
from search.sqlite.stories import story_versions


def page_hits(
    conn: sqlite3.Connection,
    compiled: CompiledSearch,
    rows: list[sqlite3.Row],
    scores: dict[int, float],
    collapse: bool,
    article: Callable[[str], Article],
) -> list[Hit]:
    """The hits of ``rows`` in page order; ``article`` reads a stored document."""
    if collapse:
        copies = story_versions(conn, compiled, [row["story"] for row in rows], article)
        return [story_hit(copies[row["story"]], scores[row["seq"]], compiled.node) for row in rows]
    marks = ", ".join("?" * len(rows))
    query = f"SELECT seq, doc FROM articles WHERE seq IN ({marks})"
    docs = {row["seq"]: article(row["doc"]) for row in conn.execute(query, list(scores))}
    return [hit(docs[seq], score, compiled.node) for seq, score in scores.items()]


def hit(article: Article, score: float, node: Node | None) -> Hit:
    snippet = make_snippet([article.summary, article.text, article.title], node)
    return Hit(
        id=article.id,
        url=article.url,
        title=article.title,
        source=article.source,
        published_at=article.published_at,
        snippet=snippet,
        score=float(score),
        facts=article.facts,
        story_id=article.story_id,
    )


def story_hit(copies: list[Article], score: float, node: Node | None) -> Hit:
    """The story shown as its earliest matching copy, every copy listed under it. ``score``
    is its best copy's (the one that placed it on the page)."""
    versions = tuple(
        StoryVersion(a.id, a.source, a.url, a.title, a.published_at) for a in copies[:MAX_VERSIONS]
    )
    return replace(hit(copies[0], score, node), versions=versions, version_count=len(copies))
