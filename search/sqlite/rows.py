"""How an article is written to the SQLite store: one stored form, its fingerprint, FTS values.

The stored form (NFC text, UTC datetimes) makes an NFD re-crawl or a different UTC offset of
the same instant store identically, so the fingerprint only changes when content does.
"""

from __future__ import annotations

from newswatch.core.article import Article
from newswatch.core.text import fold


def fts_values(article: Article) -> tuple[str, ...]:
    exact = [
        value.casefold()
        for value in (article.title, article.summary, article.text, "\n".join(article.tags))
    ]
    return (*(fold(value) for value in exact), *exact)
