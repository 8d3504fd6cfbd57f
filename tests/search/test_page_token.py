"""Opaque page tokens round-trip and refuse anything they did not make."""

from __future__ import annotations

import pytest

from search import page_token
from search.backend import BadQuery


def test_round_trip() -> None:
    token = page_token.encode("date", [False, -1610762400000000, "kcn-01", 1.5])
    assert page_token.decode("date", token) == [False, -1610762400000000, "kcn-01", 1.5]


def test_token_is_url_safe() -> None:
    token = page_token.encode("date", ["Đình Vũ ?&/"])
    assert token.isascii() and not set(token) & set("+/=?&")


def test_token_of_another_listing_is_refused() -> None:
    with pytest.raises(BadQuery, match="relevance"):
        page_token.decode("relevance", page_token.encode("date", [1]))


@pytest.mark.parametrize("token", ["", "%%%", "bm90IGpzb24", "eyJhIjoxfQ"])
def test_mangled_token_is_bad_query(token: str) -> None:
    with pytest.raises(BadQuery):
        page_token.decode("date", token)
