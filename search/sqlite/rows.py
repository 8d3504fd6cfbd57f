"""How an article is written to the SQLite store: one stored form, its fingerprint, FTS values.

The stored form (NFC text, UTC datetimes) makes an NFD re-crawl or a different UTC offset of
the same instant store identically, so the fingerprint only changes when content does.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from newswatch.core.article import Article
from newswatch.core.text import fold

_TEXT_FIELDS = ("title", "summary", "text", "section")
_NOT_CONTENT = {"fetched_at"}
"""A re-fetch of an unchanged page is not an update."""


def stored_form(article: Article, tz: ZoneInfo) -> Article:
    """NFC text and UTC datetimes (naive ones read as local time): one stored form per article."""
    updates: dict[str, Any] = {
        name: unicodedata.normalize("NFC", value)
        for name in _TEXT_FIELDS
        if isinstance(value := getattr(article, name), str)
    }
    updates["tags"] = [unicodedata.normalize("NFC", tag) for tag in article.tags]
    updates["authors"] = [unicodedata.normalize("NFC", name) for name in article.authors]
    for name in ("published_at", "modified_at", "fetched_at"):
        value = getattr(article, name)
        if isinstance(value, datetime):
            aware = value if value.tzinfo else value.replace(tzinfo=tz)
            updates[name] = aware.astimezone(UTC)
    return article.model_copy(update=updates)


def fingerprint(article: Article) -> str:
    content = article.model_dump(mode="json", exclude=_NOT_CONTENT)
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def fts_values(article: Article) -> tuple[str, ...]:
    exact = [
        value.casefold()
        for value in (article.title, article.summary, article.text, "\n".join(article.tags))
    ]
    return (*(fold(value) for value in exact), *exact)
