"""The labelled pairs, loaded once for every story test."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from search.stories import NewArticle

PAIRS = Path(__file__).with_name("pairs.jsonl")


def load_pairs() -> list[dict[str, Any]]:
    return [json.loads(line) for line in PAIRS.read_text("utf-8").splitlines() if line]


def as_article(side: dict[str, Any], article_id: str, **extra: Any) -> NewArticle:
    """A pair side as the store pipeline would hand it to grouping."""
    return NewArticle(
        id=article_id,
        title=side["title"],
        body=side["text"],
        published_at=datetime.fromisoformat(side["published_at"])
        if "published_at" in side
        else None,
        source=side["source"],
        language=side["language"],
        **extra,
    )


@pytest.fixture(scope="session")
def pairs() -> list[dict[str, Any]]:
    return load_pairs()


@pytest.fixture(scope="session")
def by_url(pairs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {side["url"].rsplit("/", 1)[-1]: side for p in pairs for side in (p["a"], p["b"])}
