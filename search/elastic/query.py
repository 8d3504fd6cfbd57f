"""``SearchRequest`` → Elasticsearch search body.

The user's query is parsed once by ``search.query`` (Lucene ``simple_query_string`` grammar,
default operator AND) and that tree is compiled here into ``bool``/``match``/``prefix``
clauses, rather than handing the raw string to ES's own ``simple_query_string``: both
backends then read one tree, so edge cases (``a b | c``, a lone ``-``, ``2.5``) cannot drift.

Which articles match is decided on the folded twins (``fold`` applied in the application,
see ``mapping``); the same words in their original accents only add score, so "Hải Phòng"
ranks above "Hai Phong" for a query typed with accents.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from newswatch.core.text import fold
from search import page_token
from search.backend import FACT_FACETS, MAX_VERSIONS, BadQuery, SearchRequest
from search.elastic.mapping import EXACT_FIELDS, FOLDED_FIELDS
from search.page_token import Shape
from search.query import Node, Not, Or, Phrase, Term, parse, positive_leaves

EXACT_BOOST = 1000.0
"""Per query word found with its exact accents: dwarfs any BM25 score, so every exact match
ranks above every accent-insensitive-only one, with BM25 ordering within each group."""
SNIPPET_CHARS = 240
MAX_SOURCES = 1000
MAX_FACT_VALUES = 1000
FACT_FIELDS = {"zone": "facts.zones.name", "country": "facts.countries", "event": "facts.events"}
"""Where each of ``FACT_FACETS`` is indexed (see ``mapping.FACTS_PROPERTIES``)."""

SORTS: dict[str, list[Any]] = {
    "relevance": [{"_score": "desc"}, {"id": "asc"}],
    "date": [{"published_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
}
SORT_TYPES: dict[str, Shape] = {"relevance": (float, str), "date": (int, str)}
"""The sort values of each of ``SORTS`` (``published_at`` as nanoseconds), checked on decode: a
forged token of other types would be a search_phase_execution_exception, a ``null`` an HTTP 500."""

SOURCE_FIELDS = ["id", "url", "title", "source", "published_at", "summary", "facts", "story_id"]
"""What a hit needs; never the body (articles can be megabytes)."""


def _field(name: str) -> str:
    return name.split("^", 1)[0]


def _boost(name: str) -> float:
    return float(name.split("^", 1)[1]) if "^" in name else 1.0


def _leaf(leaf: Term | Phrase, fields: tuple[str, ...], word: Any) -> dict[str, Any]:
    if isinstance(leaf, Phrase):
        text = " ".join(word(w) for w in leaf.words)
        return {"multi_match": {"query": text, "fields": list(fields), "type": "phrase"}}
    if leaf.prefix:
        # Explicit prefix queries: multi_match's phrase_prefix would cap expansions at 50.
        prefixes = [
            {"prefix": {_field(f): {"value": word(leaf.word), "boost": _boost(f)}}} for f in fields
        ]
        return {"bool": {"should": prefixes, "minimum_should_match": 1}}
    return {"multi_match": {"query": word(leaf.word), "fields": list(fields), "operator": "and"}}


def compile_node(node: Node) -> dict[str, Any]:
    """The folded-field query deciding the hits, mirroring the tree's boolean structure."""
    if isinstance(node, Term | Phrase):
        return _leaf(node, FOLDED_FIELDS, fold)
    if isinstance(node, Not):
        return {"bool": {"must_not": [compile_node(node.part)]}}
    if isinstance(node, Or):
        return {
            "bool": {"should": [compile_node(p) for p in node.parts], "minimum_should_match": 1}
        }
    positives = [compile_node(p) for p in node.parts if not isinstance(p, Not)]
    negatives = [compile_node(p.part) for p in node.parts if isinstance(p, Not)]
    return {"bool": {"must": positives or [{"match_all": {}}], "must_not": negatives}}


def _exact_bonus(node: Node) -> list[dict[str, Any]]:
    return [
        {"constant_score": {"filter": _leaf(leaf, EXACT_FIELDS, str), "boost": EXACT_BOOST}}
        for leaf in positive_leaves(node)
    ]


EPOCH = "1970-01-01T00:00:00.000000+00:00"


def _instant(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def filters(request: SearchRequest) -> list[dict[str, Any]]:
    clauses: list[dict[str, Any]] = []
    bounds = {}
    if request.published_from is not None:
        bounds["gte"] = _instant(request.published_from)
    if request.published_until is not None:
        bounds["lt"] = _instant(request.published_until)
        # ``published_at`` is date_nanos, which holds nothing before 1970: an open lower bound
        # is rejected by the server ("before the epoch"), the epoch itself means the same.
        bounds.setdefault("gte", EPOCH)
    if bounds:
        clauses.append({"range": {"published_at": bounds}})
    if request.sources:
        clauses.append({"terms": {"source": list(request.sources)}})
    if request.ids:
        clauses.append({"ids": {"values": list(request.ids)}})
    for name, values in request.fact_terms().items():
        clauses.append({"terms": {FACT_FIELDS[name]: list(values)}})
    if request.min_usd is not None:
        clauses.append({"range": {"max_usd": {"gte": request.min_usd}}})
    return clauses


def build_query(request: SearchRequest) -> dict[str, Any]:
    node = parse(request.query)
    must = [compile_node(node)] if node is not None else [{"match_all": {}}]
    should = _exact_bonus(node) if node is not None else []
    return {"bool": {"must": must, "should": should, "filter": filters(request)}}


def highlight() -> dict[str, Any]:
    """HTML-escaped snippets with ``<mark>``; matches found on the folded twins.

    ``matched_fields`` lets the unified highlighter use the twin's offsets (stored with
    ``index_options: offsets``) on the original text, so "dau tu" marks "đầu tư".
    """
    field = {
        "type": "unified",
        "fragment_size": SNIPPET_CHARS,
        "number_of_fragments": 1,
        "no_match_size": SNIPPET_CHARS,
    }
    return {
        "encoder": "html",
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "fields": {
            name: {**field, "matched_fields": [name, f"{name}_folded"]}
            for name in ("summary", "text")
        },
    }


def facets(tz: ZoneInfo) -> dict[str, Any]:
    return {
        **{
            f"per_{name}": {
                "terms": {
                    "field": FACT_FIELDS[name],
                    "size": MAX_FACT_VALUES,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            }
            for name in FACT_FACETS
        },
        "per_source": {"terms": {"field": "source", "size": MAX_SOURCES}},
        "per_day": {
            "date_histogram": {
                "field": "published_at",
                "calendar_interval": "day",
                "time_zone": tz.key,
                "format": "yyyy-MM-dd",
                "min_doc_count": 1,
            }
        },
    }


def search_body(request: SearchRequest, tz: ZoneInfo) -> dict[str, Any]:
    """Keyword arguments for ``Elasticsearch.search``."""
    body: dict[str, Any] = {
        "query": build_query(request),
        "sort": SORTS[request.sort],
        "size": request.size,
        "track_total_hits": True,
        "source_includes": SOURCE_FIELDS,
        "highlight": highlight(),
    }
    if request.collapse:
        return _collapsed(body, request, tz)
    if request.page_token:
        shape = SORT_TYPES[request.sort]
        body["search_after"] = page_token.decode(request.sort, request.page_token, shape)
    if request.with_facets:
        body["aggs"] = facets(tz)
    return body


VERSION_SORT = [{"published_at": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]
"""A story's copies earliest first, undated last (``search.backend.version_order``)."""
MAX_STORIES = 40_000
"""``cardinality`` is exact up to its precision threshold (at most 40000)."""


def _collapsed(body: dict[str, Any], request: SearchRequest, tz: ZoneInfo) -> dict[str, Any]:
    """One hit per story (native ``collapse``), its copies as ``inner_hits``, stories counted
    by ``cardinality``. Elasticsearch pages a collapse with ``search_after`` only when sorting
    on the collapse field, so these pages are offsets (``from``), bounded by the index's
    ``max_result_window``."""
    body["collapse"] = {
        "field": "story_key",
        "inner_hits": {
            "name": "versions",
            "size": MAX_VERSIONS,
            "sort": VERSION_SORT,
            "_source": {"includes": SOURCE_FIELDS},
            "highlight": highlight(),
        },
    }
    if request.page_token:
        (offset,) = page_token.decode(page_token.listing(request), request.page_token, (int,))
        if offset < 0:
            raise BadQuery("invalid page token")
        body["from"] = offset
    aggs = facets(tz) if request.with_facets else {}
    threshold = {"precision_threshold": MAX_STORIES}
    body["aggs"] = {**aggs, "stories": {"cardinality": {"field": "story_key", **threshold}}}
    return body


def fact_counts(aggs: dict[str, Any]) -> dict[str, dict[str, int]]:
    """``SearchResult.per_fact`` from the ``per_<fact>`` aggregations."""
    return {
        name: {b["key"]: b["doc_count"] for b in aggs.get(f"per_{name}", {}).get("buckets", [])}
        for name in FACT_FACETS
    }
