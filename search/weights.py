"""How much a match in each field counts, for both backends: a word in the title says more.

SQLite turns these into bm25 column weights (``search.sqlite.query``), Elasticsearch into field
boosts (``search.elastic.mapping``); one table, so both rank by the same idea.
"""

from __future__ import annotations

FIELD_WEIGHTS: dict[str, float] = {"title": 3.0, "summary": 2.0, "text": 1.0, "tags": 2.0}
"""In the order of the SQLite FTS columns (title, summary, text, tags)."""


def boosted(suffix: str = "", fields: tuple[str, ...] = tuple(FIELD_WEIGHTS)) -> tuple[str, ...]:
    """Elasticsearch ``field^boost`` names: ``boosted("_folded")`` → ``("title_folded^3", …)``."""
    return tuple(
        f"{name}{suffix}"
        if FIELD_WEIGHTS[name] == 1.0
        else f"{name}{suffix}^{FIELD_WEIGHTS[name]:g}"
        for name in fields
    )
