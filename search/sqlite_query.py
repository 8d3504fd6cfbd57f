"""Compile a ``SearchRequest`` and its query tree into SQL over the SQLite FTS5 schema.

The FTS table holds each field twice: folded (``fold``: accent-free, đ→d) for matching and
exact (NFC, case-folded) for the exact-accent ranking bonus. Every word reaches FTS5 as a
double-quoted string built from letters and digits only, so no user input is ever read as
FTS5 syntax (``NEAR``, ``AND``, ``:``, ``^``, ``*``…). Negation and pure-negative queries,
which FTS5 cannot express on their own, become SQL ``NOT IN`` over FTS subqueries.

Every listing orders by sort-key columns ``k0…kN`` ascending, so a page token is simply the
last row's keys and the next page is ``(k0…kN) > token`` (search_after).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from search.backend import SearchRequest
from search.fold import fold
from search.query import And, Leaf, Node, Not, Or, Phrase, Term, parse, positive_leaves

FIELDS = ("title", "summary", "text", "tags")
FOLDED_COLUMNS = tuple(f"{name}_f" for name in FIELDS)
EXACT_COLUMNS = tuple(f"{name}_x" for name in FIELDS)
_WEIGHTS = "4.0, 2.0, 1.0, 2.0"
"""bm25 column weights (title, summary, text, tags): a word in the title says more."""
_SCORE = f"bm25(articles_fts, {_WEIGHTS}, {_WEIGHTS})"
_FOLDED = "{" + " ".join(FOLDED_COLUMNS) + "}"
_EXACT = "{" + " ".join(EXACT_COLUMNS) + "}"
_IN_FTS = "a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"

_DATE_KEYS = ("a.published_us IS NULL", "-coalesce(a.published_us, 0)", "a.id")
"""Ascending key expressions for newest first, undated last, ties by id."""


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_us(moment: datetime) -> int:
    """Integer microseconds since the epoch: exact, sortable, timezone-free storage."""
    return (moment - EPOCH) // timedelta(microseconds=1)


@dataclass
class CompiledSearch:
    """``hits_cte`` defines ``hits(seq, source, published_us, score, k0…)``."""

    hits_cte: str
    params: list[Any] = field(default_factory=list)
    key_count: int = 0
    node: Node | None = None


def compile_search(request: SearchRequest) -> CompiledSearch:
    node = parse(request.query)
    joins, score, params = _score_joins(positive_leaves(node))
    where, where_params = _filters(request)
    if node is not None:
        match_sql, match_params = _where(node)
        where.append(match_sql)
        where_params.extend(match_params)
    keys = (f"-{score}", *_DATE_KEYS) if request.sort == "relevance" else _DATE_KEYS
    key_columns = ", ".join(f"{expr} AS k{i}" for i, expr in enumerate(keys))
    cte = (
        f"WITH hits AS (SELECT a.seq, a.source, a.published_us, {score} AS score, {key_columns}"
        f" FROM articles a {joins} WHERE {' AND '.join(where) or '1'})"
    )
    return CompiledSearch(cte, params + where_params, len(keys), node)


def page_sql(compiled: CompiledSearch, after: list[Any] | None) -> tuple[str, list[Any]]:
    """One page of ``hits`` in sort order, after the row whose keys are ``after``."""
    keys = [f"k{i}" for i in range(compiled.key_count)]
    condition, params = "", list(compiled.params)
    if after is not None:
        condition = f"WHERE ({', '.join(keys)}) > ({', '.join('?' * len(keys))})"
        params.extend(after)
    sql = (
        f"{compiled.hits_cte} SELECT seq, score, {', '.join(keys)} FROM hits {condition}"
        f" ORDER BY {', '.join(keys)} LIMIT ?"
    )
    return sql, params


def _filters(request: SearchRequest) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if request.published_from is not None:
        where.append("a.published_us >= ?")
        params.append(epoch_us(request.published_from))
    if request.published_until is not None:
        where.append("a.published_us < ?")
        params.append(epoch_us(request.published_until))
    for column, values in (("a.source", request.sources), ("a.id", request.ids)):
        if values:
            where.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    return where, params


def _score_joins(leaves: list[Leaf]) -> tuple[str, str, list[Any]]:
    """Relevance: first how many query words match with their exact accents, then bm25.

    FTS5's bm25 gives almost nothing to words found in most rows (its IDF is clamped at
    1e-6), and in a Hải Phòng news store "Hải Phòng" is such a word; so exactness is counted
    per query leaf instead of weighed by bm25. ``bm25 / (1 + bm25)`` lies in [0, 1): one float
    whose order is (exact leaves, bm25).
    """
    if not leaves:
        return "", "0.0", []
    folded = " OR ".join(_leaf(leaf, _FOLDED, fold) for leaf in leaves)
    joins = [
        f"LEFT JOIN (SELECT rowid, {_SCORE} AS s FROM articles_fts WHERE articles_fts MATCH ?)"
        " f ON f.rowid = a.seq"
    ]
    joins += [
        f"LEFT JOIN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) x{i}"
        f" ON x{i}.rowid = a.seq"
        for i in range(len(leaves))
    ]
    exact = " + ".join(f"(x{i}.rowid IS NOT NULL)" for i in range(len(leaves)))
    score = f"({exact} + -coalesce(f.s, 0.0) / (1.0 - coalesce(f.s, 0.0)))"
    params = [folded, *(_leaf(leaf, _EXACT, str) for leaf in leaves)]
    return " ".join(joins), score, params


def _where(node: Node) -> tuple[str, list[Any]]:
    """A SQL condition on ``a.seq``: one FTS subquery where FTS5 can say it, else SQL logic."""
    expression = _fts(node)
    if expression is not None:
        return _IN_FTS, [expression]
    if isinstance(node, Not):
        inner, params = _where(node.part)
        return f"NOT ({inner})", params
    assert isinstance(node, And | Or)  # leaves always compile to FTS
    compiled = [_where(part) for part in node.parts]
    joiner = " AND " if isinstance(node, And) else " OR "
    sql = joiner.join(f"({part_sql})" for part_sql, _ in compiled)
    return sql, [param for _, params in compiled for param in params]


def _fts(node: Node) -> str | None:
    """The FTS5 MATCH expression for ``node`` over folded columns, if FTS5 can express it."""
    if isinstance(node, Term | Phrase):
        return _leaf(node, _FOLDED, fold)
    if isinstance(node, Not):
        return None  # FTS5 NOT is binary: only "positive NOT negative" (see And below)
    parts = [_fts(part) for part in node.parts if not isinstance(part, Not)]
    negated = [_fts(part.part) for part in node.parts if isinstance(part, Not)]
    if not parts or None in parts or None in negated:
        return None
    if isinstance(node, Or):
        return "(" + " OR ".join(p for p in parts if p) + ")" if not negated else None
    expression = "(" + " AND ".join(p for p in parts if p) + ")"
    if negated:
        expression += " NOT (" + " OR ".join(n for n in negated if n) + ")"
    return expression


def _leaf(leaf: Leaf, columns: str, transform: Callable[[str], str]) -> str:
    """``{cols} : "w1 w2"`` (phrase) or ``{cols} : "w"*`` (prefix); words are alphanumeric."""
    if isinstance(leaf, Term):
        return f'{columns} : "{transform(leaf.word)}"' + ("*" if leaf.prefix else "")
    return f'{columns} : "{" ".join(transform(w) for w in leaf.words)}"'
