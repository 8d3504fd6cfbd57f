"""Index layout: a composable template, versioned concrete indices behind one alias.

Searches and writes always go through the alias (``newswatch-articles``); the data lives in
``newswatch-articles-v1``, ``-v2``… so a mapping change is a copy plus one atomic alias swap
(see ``migrate``). The mapping is strict: a field the code does not know is a bug, not data.

Diacritic folding happens in the application, not in an analyzer: the server we test against
(and many managed clusters) has no ICU or ``asciifolding`` plugin — only the built-in
``standard`` analyzer — and the embedded store must fold exactly the same way. So every text
field has a ``*_folded`` twin holding ``newswatch.core.text.fold`` of it, character-aligned with the
original so that highlights found on the folded twin land on the right accented characters.
"""

from __future__ import annotations

import re
from typing import Any

from search.weights import boosted

TEXT_FIELDS = ("title", "summary", "text")
"""Searchable text; each also exists as ``<name>_folded`` (see ``document.match_form``)."""

FOLDED_FIELDS = boosted("_folded")
"""What decides a hit: every query word is looked for in these (tags too)."""
EXACT_FIELDS = boosted("", TEXT_FIELDS)
"""Original accents: matching here only adds score, so exact spelling ranks first."""

_TEXT = {"type": "text", "analyzer": "standard", "index_options": "offsets"}
# Lucene rejects terms over 32766 bytes; ignore_above keeps such a value in _source but
# unindexed instead of failing the whole document.
_KEYWORD = {"type": "keyword", "ignore_above": 2048}

_NUMBER = {"type": "double"}
FACTS_PROPERTIES: dict[str, Any] = {
    "zones": {"properties": {"name": {"type": "keyword"}, "kind": {"type": "keyword"}}},
    # nested: one amount's currency and USD bounds stay together in a query
    "amounts": {
        "type": "nested",
        "properties": {
            "text": _KEYWORD,
            "currency": {"type": "keyword"},
            **{name: _NUMBER for name in ("min", "max", "usd_min", "usd_max")},
        },
    },
    "areas": {"properties": {"text": _KEYWORD, "hectares": _NUMBER}},
    "countries": {"type": "keyword"},
    "companies": _KEYWORD,
    "events": {"type": "keyword"},
}
"""``newswatch.core.facts.Facts`` as indexed: keywords to filter and aggregate, numbers to range."""

ARTICLE_PROPERTIES: dict[str, Any] = {
    "id": {"type": "keyword"},
    "url": _KEYWORD,
    "canonical_url": _KEYWORD,
    "source": {"type": "keyword"},
    "section": _KEYWORD,
    "tags": {"type": "keyword"},
    "authors": _KEYWORD,
    "language": {"type": "keyword"},
    **{name: _TEXT for name in TEXT_FIELDS},
    **{f"{name}_folded": _TEXT for name in TEXT_FIELDS},
    "tags_folded": {"type": "text", "analyzer": "standard"},
    # Nanosecond dates: range bounds are compared exactly, as the embedded store does.
    "published_at": {"type": "date_nanos"},
    "modified_at": {"type": "date"},
    "fetched_at": {"type": "date"},
    "indexed_at": {"type": "date"},
    "stored_at": {"type": "date"},
    "content_hash": {"type": "keyword"},
    "facts": {"properties": FACTS_PROPERTIES},
    "facts_version": {"type": "keyword"},
    "story_id": {"type": "keyword"},  # Article.story_id (search.stories)
    # Facts.max_usd, derived like the folded twins: the --min-usd filter and Kibana's
    # "investment by zone" sum (Kibana cannot aggregate nested amounts).
    "max_usd": _NUMBER,
    # story_id, or the article's own id when it has no story yet: what a collapsed search
    # groups by (a missing value would put every story-less article in one group).
    "story_key": {"type": "keyword"},
}

ARTICLE_MAPPINGS: dict[str, Any] = {"dynamic": "strict", "properties": ARTICLE_PROPERTIES}

RECORD_MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "kind": {"type": "keyword"},
        "key": {"type": "keyword"},
        # Alert rules are opaque JSON to the store: kept in _source, never indexed.
        "doc": {"type": "object", "enabled": False},
    },
}

INDEX_SETTINGS: dict[str, Any] = {
    "number_of_shards": 1,
    "refresh_interval": "1s",
}
"""Plus ``number_of_replicas`` from ``[storage] replicas`` (0 on one node, ≥ 1 on a cluster)."""

_VERSION = re.compile(r"-v(\d+)$")


def versioned_index(alias: str, version: int) -> str:
    return f"{alias}-v{version}"


def index_version(index: str) -> int:
    match = _VERSION.search(index)
    if match is None:
        raise ValueError(f"{index!r} is not a versioned newswatch index (…-v<N>)")
    return int(match.group(1))


def template_name(alias: str) -> str:
    return f"{alias}-template"


def records_index(alias: str) -> str:
    return f"{alias}-records"


def article_template(alias: str, replicas: int = 0) -> dict[str, Any]:
    """Keyword arguments for ``indices.put_index_template`` covering every ``<alias>-v<N>``."""
    settings = {**INDEX_SETTINGS, "number_of_replicas": replicas}
    return {
        "name": template_name(alias),
        "index_patterns": [f"{alias}-v*"],
        "priority": 200,
        "template": {"settings": settings, "mappings": ARTICLE_MAPPINGS},
        "meta": {"managed_by": "newswatch"},
    }
