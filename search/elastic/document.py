"""Article ⇄ Elasticsearch document: NFC text, folded twins, a content hash, storage stamps."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from newswatch.core.article import Article, nfc_text
from newswatch.core.article import content_hash as content_hash
from newswatch.core.text import fold
from search.elastic.mapping import TEXT_FIELDS

_NON_WORD = re.compile(r"[\W_]")


class _MatchTable(dict[int, str]):
    """``fold`` memoised per character, for ``str.translate`` at C speed.

    On NFC text folding character by character equals folding the whole string (composition
    only ever involves the combining marks ``fold`` removes), and a corpus has a few hundred
    distinct characters: each goes through ``fold`` once, not once per occurrence.
    """

    def __missing__(self, codepoint: int) -> str:
        ch = chr(codepoint)
        folded = " " if _NON_WORD.match(ch) else fold(ch)
        if len(folded) != 1:  # ß → ss, ligatures, a lone combining mark → "": keep offsets
            lower = ch.lower()
            folded = lower if len(lower) == 1 else ch
        self[codepoint] = folded
        return folded


_MATCH_TABLE = _MatchTable()


def match_form(text: str) -> str:
    """What the ``*_folded`` twins hold: ``fold(text)`` with every non-word character a space.

    Spaces make Elasticsearch's standard tokenizer cut words exactly where ``search.query``
    does (it would keep "2.5" or "a_b" whole). One output character per input character:
    highlights found on the twin are applied at the same offsets of the original. ``text``
    must be NFC (see ``normalised``).
    """
    return text.translate(_MATCH_TABLE)


def normalised(article: Article) -> Article:
    """The stored text form shared with SQLite (``newswatch.core.article.nfc_text``)."""
    return nfc_text(article)


def to_document(
    article: Article, indexed_at: datetime, stored_at: datetime, digest: str | None = None
) -> dict[str, Any]:
    """The indexed form; ``article`` must already be ``normalised``."""
    doc = article.model_dump(mode="json")
    for name in TEXT_FIELDS:
        doc[f"{name}_folded"] = match_form(doc[name])
    doc["tags_folded"] = [match_form(tag) for tag in article.tags]
    doc["indexed_at"] = indexed_at.isoformat()
    doc["stored_at"] = stored_at.isoformat()
    doc["content_hash"] = digest or content_hash(article)
    doc["max_usd"] = article.facts.max_usd if article.facts is not None else None
    doc["story_key"] = article.story_id or article.id
    return doc


def from_document(source: dict[str, Any]) -> Article:
    """The article back from ``_source`` (twins and stamps dropped)."""
    fields = {k: v for k, v in source.items() if k in Article.model_fields}
    return Article.model_validate(fields)
