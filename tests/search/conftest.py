"""Fixtures for the search tests: the Vietnamese KCN corpus, loaded into a backend."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswatch.core.article import Article
from search.backend import Backend

CORPUS_PATH = Path(__file__).parents[1] / "fixtures" / "search" / "corpus.json"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def load_corpus() -> list[Article]:
    return [Article.model_validate(record) for record in json.loads(CORPUS_PATH.read_text("utf-8"))]


@pytest.fixture()
def corpus() -> list[Article]:
    return load_corpus()


@pytest.fixture(scope="module")
def corpus_backend(module_backend: Backend) -> Backend:
    """A store (of each kind) holding the 30-article corpus; tests must not change it."""
    corpus = load_corpus()
    result = module_backend.upsert(corpus)
    assert result.new == len(corpus), result
    return module_backend
