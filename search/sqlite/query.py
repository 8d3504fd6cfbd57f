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

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from newswatch.core.text import fold
from search.backend import SearchRequest
from search.page_token import Shape
from search.query import And, Leaf, Node, Not, Or, Phrase, Term, parse, positive_leaves
from search.weights import FIELD_WEIGHTS

FIELDS = ("title", "summary", "text", "tags")
FOLDED_COLUMNS = tuple(f"{name}_f" for name in FIELDS)
EXACT_COLUMNS = tuple(f"{name}_x" for name in FIELDS)
_WEIGHTS = ", ".join(str(weight) for weight in FIELD_WEIGHTS.values())
"""bm25 column weights (title, summary, text, tags), from ``search.weights``."""
_SCORE = f"bm25(articles_fts, {_WEIGHTS}, {_WEIGHTS})"
_FOLDED = "{" + " ".join(FOLDED_COLUMNS) + "}"
_EXACT = "{" + " ".join(EXACT_COLUMNS) + "}"
_IN_FTS = "+a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :{name})"
"""``+`` keeps SQLite from fetching every listed row from the wide ``articles`` table: it walks
a narrow covering index (see ``_table``) instead and probes the FTS rowid list."""

_DATE_KEYS = ("a.published_us IS NULL", "-coalesce(a.published_us, 0)", "a.id")
"""Ascending key expressions for newest first, undated last, ties by id."""
_DATE_KEY_TYPES: Shape = (int, int, str)
KEY_TYPES: dict[str, Shape] = {"date": _DATE_KEY_TYPES, "relevance": (float, *_DATE_KEY_TYPES)}
"""What a page token of each sort holds (``-score`` first for relevance), checked on decode:
SQLite compares a text value above every number, so a forged string would give a wrong page."""
STORED_KEY_TYPES: Shape = (int,)
"""A ``stored_after`` cursor: the last ``seq``."""


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
STORY_KEY = "coalesce(a.story_id, a.id)"
"""What a collapsed search groups by: the story, or the article alone when it has none."""


def epoch_us(moment: datetime) -> int:
    """Integer microseconds since the epoch: exact, sortable, timezone-free storage."""
    return (moment - EPOCH) // timedelta(microseconds=1)


@dataclass
class CompiledSearch:
    """The matching rows as ``FROM {table} WHERE {where}`` and, apart, how to score them.

    Counting and facets read ``where`` alone; only ranking pays for ``score`` (bm25 and one
    exact-accent lookup per leaf). All parameters are named, so pieces combine freely.
    """

    table: str
    where: str
    score: str
    score_join: str
    params: dict[str, Any] = field(default_factory=dict)
    sort: str = "relevance"
    node: Node | None = None

    @property
    def key_count(self) -> int:
        return len(_DATE_KEYS) + (self.sort == "relevance")


def compile_search(request: SearchRequest) -> CompiledSearch:
    node = parse(request.query)
    where, params = _filters(request)
    table = _table(request)
    candidates = f"SELECT a.seq FROM {table} WHERE {' AND '.join(where)}" if where else ""
    join, score, score_params = _score_join(positive_leaves(node), candidates)
    if node is not None:
        match_sql, match_params = _where(node, itertools.count())
        where.append(f"({match_sql})")
        params.update(match_params)
    params.update(score_params)
    condition = " AND ".join(where) or "1"
    return CompiledSearch(table, condition, score, join, params, request.sort, node)


def page_sql(
    compiled: CompiledSearch,
    after: list[Any] | None,
    size: int,
    scored: bool,
    collapse: bool = False,
) -> tuple[str, dict[str, Any]]:
    """One page in sort order after the row whose keys are ``after``; columns seq, score, k….

    Unless ``scored``, score is 0 and the match is not ranked: a date listing picks its page
    first and scores only that page (``score_sql``). ``collapse``: only the best row of each
    story (column ``story``), by a window over the matches; keys stay unique, so paging holds.
    """
    score = compiled.score if scored else "0.0"
    join = compiled.score_join if scored else ""
    exprs = (f"-{score}", *_DATE_KEYS) if compiled.sort == "relevance" else _DATE_KEYS
    keys = [f"k{i}" for i in range(len(exprs))]
    columns = ", ".join(f"{expr} AS {key}" for expr, key in zip(exprs, keys, strict=True))
    params = {**compiled.params, "size": size}
    conditions = ["rn = 1"] if collapse else []
    if after is not None:
        marks = ", ".join(f":after{i}" for i in range(len(keys)))
        conditions.append(f"({', '.join(keys)}) > ({marks})")
        params.update({f"after{i}": value for i, value in enumerate(after)})
    condition = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    story, best, listed = "", "", "hits"
    if collapse:
        story, listed = f", {STORY_KEY} AS story", "best"
        best = (
            f", best AS (SELECT *, row_number() OVER (PARTITION BY story"
            f" ORDER BY {', '.join(keys)}) AS rn FROM hits)"
        )
    sql = (
        f"WITH hits AS (SELECT a.seq, {score} AS score, {columns}{story} FROM {compiled.table}"
        f" {join} WHERE {compiled.where}){best} SELECT * FROM {listed} {condition}"
        f" ORDER BY {', '.join(keys)} LIMIT :size"
    )
    return sql, params


def score_sql(compiled: CompiledSearch, seqs: list[int]) -> tuple[str, dict[str, Any]]:
    """Scores of the rows ``seqs`` (already known to match): ``seq, score``."""
    page = f"a.seq IN ({', '.join(f':seq{i}' for i in range(len(seqs)))})"
    leaves = positive_leaves(compiled.node)
    join, score, params = _score_join(leaves, f"SELECT a.seq FROM articles a WHERE {page}")
    params.update({f"seq{i}": seq for i, seq in enumerate(seqs)})
    return f"SELECT a.seq, {score} AS score FROM articles a {join} WHERE {page}", params


def count_sql(compiled: CompiledSearch, facets: bool) -> str:
    """``day, source, n`` groups (facets; their sum is the total) or the bare ``count``."""
    if not facets:
        return f"SELECT count(*) FROM {compiled.table} WHERE {compiled.where}"
    return (
        f"SELECT a.published_day AS day, a.source AS source, count(*) AS n"
        f" FROM {compiled.table} WHERE {compiled.where} GROUP BY day, source"
    )


def fact_count_sql(compiled: CompiledSearch) -> str:
    """``field, value, n`` over the matching articles, most frequent first."""
    return (
        "SELECT field, value, count(*) AS n FROM article_facts"
        f" WHERE seq IN (SELECT a.seq FROM {compiled.table} WHERE {compiled.where})"
        " GROUP BY field, value ORDER BY n DESC, value"
    )


def _table(request: SearchRequest) -> str:
    """``articles a`` read through a covering index: rows hold whole documents, the index not.

    Left to itself SQLite reads the narrow ``id`` index and then every wide row.
    """
    if request.ids:
        return "articles a"  # a handful of rows by their unique id
    index = "articles_by_source" if request.sources else "articles_range"
    return f"articles a INDEXED BY {index}"


def _filters(request: SearchRequest) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    if request.published_from is not None:
        where.append("a.published_us >= :from")
        params["from"] = epoch_us(request.published_from)
    if request.published_until is not None:
        where.append("a.published_us < :until")
        params["until"] = epoch_us(request.published_until)
    for column, name, values in (("a.source", "src", request.sources), ("a.id", "id", request.ids)):
        if values:
            names = [f"{name}{i}" for i in range(len(values))]
            where.append(f"{column} IN ({', '.join(':' + n for n in names)})")
            params.update(zip(names, values, strict=True))
    for field_name, values in request.fact_terms().items():
        names = [f"{field_name}{i}" for i in range(len(values))]
        where.append(
            f"a.seq IN (SELECT seq FROM article_facts WHERE field = :{field_name}"
            f" AND value IN ({', '.join(':' + n for n in names)}))"
        )
        params[field_name] = field_name
        params.update(zip(names, values, strict=True))
    if request.min_usd is not None:
        where.append("a.seq IN (SELECT seq FROM articles WHERE max_usd >= :min_usd)")
        params["min_usd"] = request.min_usd
    return where, params


def _score_join(leaves: list[Leaf], candidates: str) -> tuple[str, str, dict[str, Any]]:
    """Relevance: first how many query words match with their exact accents, then bm25.

    FTS5's bm25 gives almost nothing to words found in most rows (its IDF is clamped at
    1e-6), and in a Hải Phòng news store "Hải Phòng" is such a word; so exactness is counted
    per query leaf instead of weighed by bm25. ``bm25 / (1 + bm25)`` lies in [0, 1): one float
    whose order is (exact leaves, bm25).

    bm25 is computed once per statement for the ``candidates`` rows only (all rows if none)
    and joined through an automatic index; each exact leaf is one FTS lookup list. (A
    subquery column named ``rowid`` gets no automatic index: the join became a nested scan.)
    """
    if not leaves:
        return "", "0.0", {}
    folded = " OR ".join(_leaf(leaf, _FOLDED, fold) for leaf in leaves)
    narrow = f" AND +rowid IN ({candidates})" if candidates else ""
    join = (
        f"LEFT JOIN (SELECT rowid AS fseq, {_SCORE} AS s FROM articles_fts"
        f" WHERE articles_fts MATCH :folded{narrow}) f ON f.fseq = a.seq"
    )
    exact = " + ".join(
        f"(a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :exact{i}))"
        for i in range(len(leaves))
    )
    score = f"({exact} + -coalesce(f.s, 0.0) / (1.0 - coalesce(f.s, 0.0)))"
    params = {
        "folded": folded,
        **{f"exact{i}": _leaf(x, _EXACT, str) for i, x in enumerate(leaves)},
    }
    return join, score, params


def _where(node: Node, names: Iterator[int]) -> tuple[str, dict[str, Any]]:
    """A SQL condition on ``a.seq``: one FTS subquery where FTS5 can say it, else SQL logic."""
    expression = _fts(node)
    if expression is not None:
        name = f"match{next(names)}"
        return _IN_FTS.format(name=name), {name: expression}
    if isinstance(node, Not):
        inner, params = _where(node.part, names)
        return f"NOT ({inner})", params
    assert isinstance(node, And | Or)  # leaves always compile to FTS
    compiled = [_where(part, names) for part in node.parts]
    joiner = " AND " if isinstance(node, And) else " OR "
    sql = joiner.join(f"({part_sql})" for part_sql, _ in compiled)
    return sql, {name: value for _, params in compiled for name, value in params.items()}


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
