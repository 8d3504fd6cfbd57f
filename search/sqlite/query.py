"""Compile a ``SearchRequest`` and its query tree into SQL over the SQLite FTS5 schema.

Two FTS tables hold each field: ``articles_fts`` folded (``fold``: accent-free, đ→d) for
matching and ranking, ``articles_fts_exact`` exact (NFC, case-folded) for the exact-accent
bonus. Apart, not as columns of one table: there a word typed without accents ("cong") shares
its index entry with every folded "công", and a lookup restricted to the exact columns walks all
of them to find none, and walks them again for every row it is asked about (issue 14).

Every word reaches FTS5 as a double-quoted string built from letters and digits only, so no
user input is ever read as FTS5 syntax (``NEAR``, ``AND``, ``:``, ``^``, ``*``…). Negation and
pure-negative queries, which FTS5 cannot express on their own, become SQL ``NOT IN`` over FTS
subqueries.

A search with words first lists its matches once into the connection's temporary
``search_matches`` table (with their bm25 when ranked): the page, the total, the facets and the
story count then join that table instead of asking the FTS index again each time. Every FTS
lookup is cut to the ``seq`` range of the rows that pass the filters (``bounds``), which FTS5
seeks to instead of reading a word's whole list.

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
FTS_TABLES = {"articles_fts": FOLDED_COLUMNS, "articles_fts_exact": EXACT_COLUMNS}
"""The FTS5 tables and their columns, in the order ``search.sqlite.rows.fts_values`` gives."""
_WEIGHTS = ", ".join(str(weight) for weight in FIELD_WEIGHTS.values())
"""bm25 column weights (title, summary, text, tags), from ``search.weights``."""
_SCORE = f"bm25(articles_fts, {_WEIGHTS})"
MATCHES_DDL = "CREATE TEMP TABLE IF NOT EXISTS search_matches (seq INTEGER PRIMARY KEY, s REAL)"
"""One search's matching rows and their raw bm25 (NULL when unranked); per connection, so per
thread, and emptied before each search."""
CLEAR_MATCHES = "DELETE FROM temp.search_matches"
_MATCHED = " CROSS JOIN temp.search_matches m ON m.seq = a.seq"
"""``CROSS JOIN`` keeps ``articles`` outside: its covering index walks the filtered range and
probes the matches by primary key (the index cannot be searched by ``seq``)."""
_BOUNDS = "rowid BETWEEN :seq_lo AND :seq_hi"
"""The ``seq`` range every FTS lookup reads (``CompiledSearch.bounds``; all rows by default).
``seq`` follows insertion and a store is filled by daily crawls, so a date range is a narrow
``seq`` range: for 90 days of a 100k store, a common word's exact-accent list is read in 10 ms
instead of 40. A shuffled store gets a range that spans it all, at no cost."""
_ALL_ROWS = {"seq_lo": 0, "seq_hi": 2**63 - 1}
_IN_FTS = (
    "+a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :{name} AND "
    + _BOUNDS
    + ")"
)
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
    """The matching rows as ``FROM {rows} WHERE {where}`` and, apart, how to score them.

    With words, ``fill`` lists the matches into ``search_matches`` first (run it after
    ``CLEAR_MATCHES``, in the same transaction) and ``rows`` joins them; ``where`` keeps only
    the filters. With filters too, ``bounds`` gives the ``seq_lo, seq_hi`` of the rows that pass
    them: run it first and put them into ``params``. Counting and facets read ``rows`` and
    ``where`` alone; only ranking pays for ``score`` (the stored bm25 and one exact-accent lookup
    per leaf). All parameters are named, so pieces combine freely.
    """

    table: str
    where: str
    score: str
    fill: str | None
    params: dict[str, Any] = field(default_factory=dict)
    sort: str = "relevance"
    node: Node | None = None
    bounds: str | None = None

    @property
    def matched(self) -> str:
        """The join to ``search_matches`` that keeps only matching rows (none without words)."""
        return _MATCHED if self.fill else ""

    @property
    def rows(self) -> str:
        return self.table + self.matched

    @property
    def key_count(self) -> int:
        return len(_DATE_KEYS) + (self.sort == "relevance")


def compile_search(request: SearchRequest) -> CompiledSearch:
    node = parse(request.query)
    filters, params = _filters(request)
    table = _table(request)
    where = " AND ".join(filters) or "1"
    if node is None:
        return CompiledSearch(table, where, "0.0", None, params, request.sort)
    ranked = request.sort == "relevance"
    leaves = positive_leaves(node)
    fill, fill_params = _fill(node, leaves, ranked, table, filters)
    score, exact_params = _score(leaves, "m.s")
    params.update(fill_params)
    params.update(exact_params)
    params.update(_ALL_ROWS)
    bounds = (
        f"SELECT coalesce(min(a.seq), 1), coalesce(max(a.seq), 0) FROM {table} WHERE {where}"
        if filters
        else None
    )
    return CompiledSearch(table, where, score, fill, params, request.sort, node, bounds)


def _fill(
    node: Node, leaves: list[Leaf], ranked: bool, table: str, filters: list[str]
) -> tuple[str, dict[str, Any]]:
    """``INSERT`` of the matching ``seq`` and (``ranked``) their bm25 into ``search_matches``.

    A query FTS5 can say whole is one FTS statement, scored there when that gives the bm25 of
    its positive leaves (``_scored_as_its_leaves``). Others are SQL logic over FTS subqueries,
    scored apart (``_bm25``). Either way bm25 is computed only for rows that pass the filters.
    """
    candidates = f"SELECT a.seq FROM {table} WHERE {' AND '.join(filters)}" if filters else ""
    expression = _fts(node)
    if expression is not None and (not ranked or _scored_as_its_leaves(node)):
        narrow = f" AND +rowid IN ({candidates})" if candidates else ""
        score = _SCORE if ranked else "NULL"
        sql = (
            f"INSERT INTO temp.search_matches (seq, s) SELECT rowid, {score} FROM articles_fts"
            f" WHERE articles_fts MATCH :match AND {_BOUNDS}{narrow}"
        )
        return sql, {"match": expression}
    match_sql, params = _where(node, itertools.count())
    join, score, score_params = _bm25(leaves if ranked else [], candidates)
    params.update(score_params)
    condition = " AND ".join([*filters, f"({match_sql})"])
    sql = (
        f"INSERT INTO temp.search_matches (seq, s) SELECT a.seq, {score} FROM {table} {join}"
        f" WHERE {condition}"
    )
    return sql, params


def _scored_as_its_leaves(node: Node, under_or: bool = False, under_not: bool = False) -> bool:
    """Whether FTS5's bm25 of ``node``'s own expression equals that of its positive leaves.

    FTS5 scores the phrases of the branches that matched a row. A negated phrase is absent
    from every match, so it adds nothing; but a failed ``AND`` under an ``OR`` hides phrases
    the row may hold, and a leaf under two negations is positive yet never scored.
    """
    if isinstance(node, Not):
        return not under_not and _scored_as_its_leaves(node.part, under_or, True)
    if isinstance(node, And):
        return not under_or and all(
            _scored_as_its_leaves(p, under_or, under_not) for p in node.parts
        )
    if isinstance(node, Or):
        return all(_scored_as_its_leaves(p, True, under_not) for p in node.parts)
    return True


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
        f"WITH hits AS (SELECT a.seq, {score} AS score, {columns}{story} FROM {compiled.rows}"
        f" WHERE {compiled.where}){best} SELECT * FROM {listed} {condition}"
        f" ORDER BY {', '.join(keys)} LIMIT :size"
    )
    return sql, params


def score_sql(compiled: CompiledSearch, seqs: list[int]) -> tuple[str, dict[str, Any]]:
    """Scores of the rows ``seqs`` (already known to match): ``seq, score``.

    For a page picked by date: its few rows are scored here, not every match in ``fill``; the
    bm25 lookup reads only the page's ``seq`` range (a few rows in a store filled by crawls).
    """
    listed = ", ".join(f":seq{i}" for i in range(len(seqs)))
    page = f"a.seq IN ({listed})"
    leaves = positive_leaves(compiled.node)
    join, bm25, params = _bm25(leaves, f"SELECT a.seq FROM articles a WHERE {page}")
    # The exact leaves as ``rowid IN``: FTS5 seeks each row in each list instead of reading the
    # lists (a page's rows span the whole store when it is not in date order). Not bm25: FTS5
    # filters once per listed rowid, and bm25 counts its phrases' rows again on every filter.
    score, exact_params = _score(leaves, bm25, within=f"rowid IN ({listed})")
    params.update(exact_params)
    params.update({f"seq{i}": seq for i, seq in enumerate(seqs)})
    params.update(seq_lo=min(seqs), seq_hi=max(seqs))
    return f"SELECT a.seq, {score} AS score FROM articles a {join} WHERE {page}", params


def count_sql(compiled: CompiledSearch, facets: bool) -> str:
    """``day, source, n`` groups (facets; their sum is the total) or the bare ``count``."""
    if not facets:
        return f"SELECT count(*) FROM {compiled.rows} WHERE {compiled.where}"
    return (
        f"SELECT a.published_day AS day, a.source AS source, count(*) AS n"
        f" FROM {compiled.rows} WHERE {compiled.where} GROUP BY day, source"
    )


def fact_count_sql(compiled: CompiledSearch) -> str:
    """``field, value, n`` over the matching articles, most frequent first."""
    return (
        "SELECT field, value, count(*) AS n FROM article_facts"
        f" WHERE seq IN (SELECT a.seq FROM {compiled.rows} WHERE {compiled.where})"
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


def _bm25(leaves: list[Leaf], candidates: str) -> tuple[str, str, dict[str, Any]]:
    """A join giving the bm25 of the positive ``leaves`` (over folded columns) and its column.

    bm25 is computed once per statement for the ``candidates`` rows only (all rows if none)
    and joined through an automatic index. (A subquery column named ``rowid`` gets no
    automatic index: the join became a nested scan.) No leaves, no score: NULL.
    """
    if not leaves:
        return "", "NULL", {}
    narrow = f" AND +rowid IN ({candidates})" if candidates else ""
    join = (
        f"LEFT JOIN (SELECT rowid AS fseq, {_SCORE} AS s FROM articles_fts"
        f" WHERE articles_fts MATCH :folded AND {_BOUNDS}{narrow}) f ON f.fseq = a.seq"
    )
    return join, "f.s", {"folded": " OR ".join(_leaf(leaf, fold) for leaf in leaves)}


def _score(leaves: list[Leaf], bm25: str, within: str = _BOUNDS) -> tuple[str, dict[str, Any]]:
    """Relevance: first how many query leaves row ``a`` matches with their exact accents, then
    the ``bm25`` column; 0 without positive leaves.

    FTS5's bm25 gives almost nothing to words found in most rows (its IDF is clamped at
    1e-6), and in a Hải Phòng news store "Hải Phòng" is such a word; so exactness is counted
    per query leaf instead of weighed by bm25. ``bm25 / (1 + bm25)`` lies in [0, 1): one float
    whose order is (exact leaves, bm25). Each exact leaf is one FTS lookup list, read where
    its rowids meet ``within``.
    """
    if not leaves:
        return "0.0", {}
    exact = " + ".join(
        f"(a.seq IN (SELECT rowid FROM articles_fts_exact WHERE articles_fts_exact"
        f" MATCH :exact{i} AND {within}))"
        for i in range(len(leaves))
    )
    params = {f"exact{i}": _leaf(x, str) for i, x in enumerate(leaves)}
    return f"({exact} + -coalesce({bm25}, 0.0) / (1.0 - coalesce({bm25}, 0.0)))", params


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
        return _leaf(node, fold)
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


def _leaf(leaf: Leaf, transform: Callable[[str], str]) -> str:
    """``"w1 w2"`` (phrase) or ``"w"*`` (prefix), over every column of its table; words are
    alphanumeric."""
    if isinstance(leaf, Term):
        return f'"{transform(leaf.word)}"' + ("*" if leaf.prefix else "")
    return f'"{" ".join(transform(w) for w in leaf.words)}"'
