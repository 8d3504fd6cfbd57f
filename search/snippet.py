"""HTML-safe snippets: a window of article text around the first match, matches in ``<mark>``.

Matching is accent-insensitive (the shared ``fold``) so "hai phong" marks "Hải Phòng", exactly
like the search that found the article. Everything except our own ``<mark>`` tags is escaped:
a title or body holding ``<script>`` comes out as text, never as markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from newswatch.core.text import fold, nfc
from search.query import Node, Phrase, Term, positive_leaves

SCAN_LIMIT = 200_000
"""Characters of each field looked at: bounds the cost for multi-megabyte articles."""

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    folded: str


def make_snippet(fields: Sequence[str], node: Node | None, width: int = 240) -> str:
    """Snippet from the first of ``fields`` with a match, else the start of the first non-empty.

    A field is read word by word only up to its first match and the end of the window around
    it (plus a phrase's length, so a phrase crossing either point is marked as if the whole
    field had been read): a search renders 20 snippets, and folding whole article bodies was
    most of its time (issue 14)."""
    leaves = [_fold_leaf(leaf) for leaf in positive_leaves(node)]
    reach = max((len(leaf.words) for leaf in leaves if isinstance(leaf, Phrase)), default=1) - 1
    texts = [nfc(f)[:SCAN_LIMIT] for f in fields if f and f.strip()]
    for text in texts:
        stream, tokens = _tokens(text), list[_Token]()
        if not _read_to_first_match(stream, tokens, leaves):
            continue
        tokens.extend(_take(stream, reach))  # a longer match may start before this one
        first = tokens[min(_matched(tokens, leaves))]
        start, end = _window(text, first, width)
        for token in stream:
            tokens.append(token)
            if token.start >= end:
                break
        tokens.extend(_take(stream, reach))
        return _render(text, tokens, _matched(tokens, leaves), start, end)
    if not texts:
        return ""
    text = texts[0]
    return _render(text, [], set(), *_window(text, _Token(0, 0, ""), width))


def _fold_leaf(leaf: Term | Phrase) -> Term | Phrase:
    if isinstance(leaf, Term):
        return Term(fold(leaf.word), leaf.prefix)
    return Phrase(tuple(fold(w) for w in leaf.words))


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    """News text repeats its vocabulary across articles and searches: each word folds once."""
    return fold(word)


def _tokens(text: str) -> Iterator[_Token]:
    for match in _WORD.finditer(text):
        yield _Token(match.start(), match.end(), _fold_word(match.group()))


def _take(stream: Iterator[_Token], count: int) -> list[_Token]:
    return [token for _, token in zip(range(count), stream, strict=False)]


def _read_to_first_match(
    stream: Iterator[_Token], tokens: list[_Token], leaves: list[Term | Phrase]
) -> bool:
    """Append tokens until one completes a match (a term, or a phrase's last word)."""
    for token in stream:
        tokens.append(token)
        for leaf in leaves:
            if isinstance(leaf, Term):
                if _term_matches(token.folded, leaf):
                    return True
            elif tuple(t.folded for t in tokens[-len(leaf.words) :]) == leaf.words:
                return True
    return False


def _matched(tokens: list[_Token], leaves: list[Term | Phrase]) -> set[int]:
    """Indexes of tokens that a leaf matches (every word of a matching phrase)."""
    marked: set[int] = set()
    for i, token in enumerate(tokens):
        for leaf in leaves:
            if isinstance(leaf, Term):
                if _term_matches(token.folded, leaf):
                    marked.add(i)
            elif tuple(t.folded for t in tokens[i : i + len(leaf.words)]) == leaf.words:
                marked.update(range(i, i + len(leaf.words)))
    return marked


def _term_matches(folded: str, term: Term) -> bool:
    return folded.startswith(term.word) if term.prefix else folded == term.word


def _window(text: str, first: _Token, width: int) -> tuple[int, int]:
    """About ``width`` characters cut at spaces, with the first match a third of the way in."""
    start = max(0, first.start - width // 3)
    if start > 0:
        space = text.find(" ", start, first.start)
        start = space + 1 if space != -1 else first.start
    end = min(len(text), max(start + width, first.end))
    if end < len(text):
        space = text.rfind(" ", first.end, end)
        end = space if space != -1 else end
    return start, end


def _render(text: str, tokens: list[_Token], marked: set[int], start: int, end: int) -> str:
    parts = ["…"] if start > 0 else []
    cursor = start
    for i in sorted(marked):
        token = tokens[i]
        if token.start < start or token.end > end:
            continue
        parts.append(html.escape(text[cursor : token.start]))
        parts.append(f"<mark>{html.escape(text[token.start : token.end])}</mark>")
        cursor = token.end
    parts.append(html.escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts).strip()
