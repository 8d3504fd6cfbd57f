"""Hostile queries, page tokens and date bounds: a ``BadQuery`` with a sentence, the same on
every backend, never another exception (RecursionError, OverflowError, "backend unavailable")."""

from __future__ import annotations

import base64
import json
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search import page_token
from search.backend import Backend, BadQuery, SearchRequest, SortOrder
from search.query import MAX_DEPTH, MAX_WORDS, Node, parse
from search.timerange import resolve_range

VN = ZoneInfo("Asia/Ho_Chi_Minh")
QUERY_CHARS = st.sampled_from([*'()"|+-*\\ ab', "đình", "vũ", "\t"])
queries = st.lists(QUERY_CHARS, max_size=400).map("".join)


def _forged(payload: str) -> str:
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("(" * 100_000 + "a" + ")" * 100_000, f"more than {MAX_DEPTH} deep"),
        ("(" * 100_000, f"more than {MAX_DEPTH} deep"),
        (" ".join(["khu"] * 1_001), f"more than {MAX_WORDS} words"),
        ('"' + "khu " * (MAX_WORDS + 1) + '"', f"more than {MAX_WORDS} words"),
        ("-" * 50_000 + "a " * 3_000, f"more than {MAX_WORDS} words"),
    ],
)
def test_oversized_queries_are_bad_queries_on_every_backend(
    corpus_backend: Backend, query: str, says: str
) -> None:
    with pytest.raises(BadQuery, match=says):
        corpus_backend.search(SearchRequest(query=query))


def test_a_query_at_the_limits_is_searched(corpus_backend: Backend) -> None:
    nested = "(" * MAX_DEPTH + "khu" + ")" * MAX_DEPTH
    many = " | ".join(["khu"] * MAX_WORDS)
    assert corpus_backend.search(SearchRequest(query=nested)).total > 0
    assert corpus_backend.search(SearchRequest(query=many)).total > 0


@pytest.mark.parametrize(
    "payload",
    [
        '["relevance",' + "[" * 500 + "]" * 500 + "]",
        '["relevance",{"a":1},1,2,"x"]',
        '["relevance",' + "9" * 400 + ',1,2,"x"]',
        '["relevance",NaN,1,2,"x"]',
        '["relevance",1e999,1,2,"x"]',
        '["relevance"]',
    ],
)
def test_forged_page_tokens_are_bad_queries_on_every_backend(
    corpus_backend: Backend, payload: str
) -> None:
    request = SearchRequest(query="khu", page_token=_forged(payload))
    with pytest.raises(BadQuery):
        corpus_backend.search(request)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("0001-01-01", None),
        (None, "9999-12-31"),
        ("0001-01-01T00:00:00+07:00", None),
        (None, "9999-12-31T23:59:59-12:00"),
        ("1899-12-31", None),
        (None, "2200-01-01"),
    ],
)
def test_dates_outside_the_supported_years_are_bad_queries(
    start: str | None, end: str | None
) -> None:
    with pytest.raises(BadQuery, match="date out of range"):
        resolve_range(start, end, VN)


@settings(max_examples=500, deadline=None)
@given(query=queries)
def test_parse_gives_a_tree_or_a_bad_query(query: str) -> None:
    try:
        node = parse(query)
    except BadQuery as exc:
        assert "deep" in str(exc) or "words" in str(exc)
    else:
        assert node is None or isinstance(node, Node)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(["khu", "công", "nghiệp"]), min_size=1, max_size=MAX_WORDS))
def test_any_query_within_the_word_limit_parses(words: list[str]) -> None:
    assert parse(" ".join(words)) is not None


@settings(max_examples=500, deadline=None)
@given(
    token=st.one_of(
        st.text(max_size=300), st.binary(max_size=300).map(lambda b: _forged(b.decode("latin-1")))
    )
)
def test_decode_gives_sort_values_or_a_bad_query(token: str) -> None:
    try:
        values = page_token.decode("date", token)
    except BadQuery:
        return
    assert all(value is None or isinstance(value, str | int | float) for value in values)


@settings(max_examples=300, deadline=None)
@given(
    values=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
        max_leaves=20,
    )
)
def test_any_json_in_a_token_gives_scalars_or_a_bad_query(values: object) -> None:
    token = _forged(json.dumps(["date", values]))
    try:
        decoded = page_token.decode("date", token)
    except BadQuery:
        return
    assert decoded == [values]


JSON_KINDS = {
    "string": st.text(max_size=20),
    "number": st.integers(-(2**62), 2**62) | st.floats(allow_nan=False, allow_infinity=False),
    "null": st.none(),
    "boolean": st.booleans(),
    "list": st.lists(st.integers(), max_size=2),
    "object": st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
}


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "string" if isinstance(value, str) else "null"


def _real_keys(backend: Backend, sort: SortOrder) -> list[object]:
    """The sort values of a token this backend really issued: the shape a forgery imitates."""
    token = backend.search(SearchRequest(query="khu", sort=sort, size=2)).next_page_token
    assert token, "the corpus has more than two matches"
    return page_token.decode(sort, token)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), sort=st.sampled_from(["date", "relevance"]))
def test_a_token_with_a_value_of_the_wrong_type_is_a_bad_page_token_on_every_backend(
    corpus_backend: Backend, data: st.DataObject, sort: SortOrder
) -> None:
    keys = _real_keys(corpus_backend, sort)
    position = data.draw(st.integers(0, len(keys) - 1))
    other = data.draw(st.sampled_from([k for k in JSON_KINDS if k != _kind(keys[position])]))
    keys[position] = data.draw(JSON_KINDS[other])
    forged = _forged(json.dumps([sort, *keys]))
    with pytest.raises(BadQuery, match="page token"):
        corpus_backend.search(SearchRequest(query="khu", sort=sort, page_token=forged))


@pytest.mark.parametrize("change", ["drop", "add"])
@pytest.mark.parametrize("sort", ["date", "relevance"])
def test_a_token_with_too_few_or_too_many_values_is_a_bad_page_token(
    corpus_backend: Backend, sort: SortOrder, change: str
) -> None:
    keys = _real_keys(corpus_backend, sort)
    keys = keys[:-1] if change == "drop" else [*keys, keys[-1]]
    forged = _forged(json.dumps([sort, *keys]))
    with pytest.raises(BadQuery, match="page token"):
        corpus_backend.search(SearchRequest(query="khu", sort=sort, page_token=forged))


@settings(max_examples=100, deadline=None)
@given(data=st.data(), sort=st.sampled_from(["date", "relevance"]))
def test_a_well_typed_forged_token_gives_a_page_or_a_bad_query(
    corpus_backend: Backend, data: st.DataObject, sort: SortOrder
) -> None:
    keys = [data.draw(JSON_KINDS[_kind(key)]) for key in _real_keys(corpus_backend, sort)]
    forged = _forged(json.dumps([sort, *keys]))
    try:
        result = corpus_backend.search(SearchRequest(query="khu", sort=sort, page_token=forged))
    except BadQuery as exc:  # e.g. a value the server's field cannot hold: named, not a 500
        assert "rejected" in str(exc) or "page token" in str(exc)
    else:
        every = corpus_backend.search(SearchRequest(query="khu", sort=sort, size=100))
        assert {hit.id for hit in result.hits} <= {hit.id for hit in every.hits}


@pytest.mark.parametrize("forged", ['["stored"]', '["stored","7"]', '["stored",null,"x"]'])
def test_a_forged_stored_cursor_is_a_bad_page_token(corpus_backend: Backend, forged: str) -> None:
    with pytest.raises(BadQuery, match="page token"):
        corpus_backend.stored_after(_forged(forged))
