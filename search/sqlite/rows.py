"""How an article is written to the SQLite store: one stored form, its fingerprint, FTS values.

The stored form (NFC text, UTC datetimes) makes an NFD re-crawl or a different UTC offset of
the same instant store identically, so the fingerprint only changes when content does.
"""

from __future__ import annotations

from newswatch.core.article import Article
from newswatch.core.text import fold
from search.backend import fact_values


def fts_values(article: Article) -> tuple[str, ...]:
    exact = [
        value.casefold()
        for value in (article.title, article.summary, article.text, "\n".join(article.tags))
    ]
    return (*(fold(value) for value in exact), *exact)


def fact_rows(article: Article, seq: int) -> list[tuple[str, str, int]]:
    """``article_facts`` rows (field, value, seq): one per zone, country and event."""
    return [
        (name, value, seq)
        for name, values in fact_values(article.facts).items()
        for value in dict.fromkeys(values)
    ]


def max_usd(article: Article) -> float | None:
    """The ``max_usd`` column (see ``Facts.max_usd``)."""
    return article.facts.max_usd if article.facts is not None else None
