"""Parse Elasticsearch ``simple_query_string`` syntax into a small AST every backend compiles.

Both backends (and alert rules) read the same tree, so one user query means one thing
everywhere. The grammar and its leniency follow Lucene's ``SimpleQueryParser`` with
``default_operator`` AND:

- whitespace or ``+`` between clauses is AND, ``|`` is OR; operators apply left to right
  without precedence (``a b | c`` is ``(a AND b) OR c``), parentheses group;
- ``"…"`` is a phrase, a trailing ``*`` makes a prefix, a leading ``-`` negates (``--`` cancels);
- ``\\`` escapes the next character;
- an unbalanced quote or parenthesis is ignored and the rest is read as plain text.

Leaves hold lower-cased NFC words, *not* folded: backends fold for matching and keep the exact
form for the exact-accent bonus. Text is split into words at anything that is not a letter or
digit (like SQLite's unicode61 and Elasticsearch's standard tokenizer), so user input can never
smuggle operators of the backend's own query language. A query without any words (blank, or
only punctuation such as ``"`` or ``*``) matches everything, which makes ``""`` plus a date
range a useful listing.

Size is bounded, the same for every backend and for alert rules: more than ``MAX_DEPTH`` nested
parentheses or ``MAX_WORDS`` words is a ``BadQuery`` with a sentence saying which limit, found
while reading (so a 100,000-deep query costs no more than a short one), never a
``RecursionError`` or a backend's own limit surfacing as "backend unavailable".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from search.backend import BadQuery

MAX_DEPTH = 32  # nested parentheses; real queries use two or three
MAX_WORDS = 256  # words in phrases and terms together; SQLite's FTS5 fails past ~1,000
_WORD = re.compile(r"[^\W_]+")
_TOKEN_END = frozenset('"|+() \t\n\r')
_WHITESPACE = frozenset(" \t\n\r")


@dataclass(frozen=True)
class Term:
    """One word, matched in any of title/summary/text/tags; ``prefix`` for ``word*``."""

    word: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Consecutive words (two or more) in one field."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Term | Phrase | And | Or | Not
Leaf = Term | Phrase


def words(text: str) -> list[str]:
    """Lower-cased NFC words of ``text``: the unit every backend indexes and matches."""
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def parse(query: str) -> Node | None:
    """The tree for ``query``; ``None`` means match all. ``BadQuery`` only for a query past
    ``MAX_DEPTH`` or ``MAX_WORDS``: any other text has a reading."""
    text = unicodedata.normalize("NFC", query)
    return _Parser(text, 0, len(text), _Budget()).parse()


@dataclass
class _Budget:
    """What the whole query (all nested parsers) has used so far."""

    words: int = 0

    def spend(self, node: Node | None) -> Node | None:
        """``node`` (fresh leaves), once counted; ``BadQuery`` past the limit."""
        if node is None:
            return None
        self.words += sum(
            len(leaf.words) if isinstance(leaf, Phrase) else 1 for leaf in _leaves(node)
        )
        if self.words > MAX_WORDS:
            raise BadQuery(f"the query has more than {MAX_WORDS} words; shorten it")
        return node


def positive_leaves(node: Node | None) -> list[Leaf]:
    """Leaves not under a negation: what ranking and highlighting look for."""
    return list(_positive(node, negated=False)) if node is not None else []


def _positive(node: Node, negated: bool) -> Iterator[Leaf]:
    if isinstance(node, Term | Phrase):
        if not negated:
            yield node
    elif isinstance(node, Not):
        yield from _positive(node.part, not negated)
    else:
        for part in node.parts:
            yield from _positive(part, negated)


def _leaf_from_words(found: list[str], prefix: bool) -> Node | None:
    """A plain (unquoted) token that splits into several words needs all of them."""
    if not found:
        return None
    leaves = [Term(w) for w in found[:-1]] + [Term(found[-1], prefix)]
    return leaves[0] if len(leaves) == 1 else And(tuple(leaves))


def _phrase_from_words(found: list[str]) -> Node | None:
    if not found:
        return None
    return Term(found[0]) if len(found) == 1 else Phrase(tuple(found))


def _leaves(node: Node) -> Iterator[Leaf]:
    if isinstance(node, Term | Phrase):
        yield node
    elif isinstance(node, Not):
        yield from _leaves(node.part)
    else:
        for part in node.parts:
            yield from _leaves(part)


def _combine(operator: type[And] | type[Or], left: Node, right: Node) -> Node:
    """Left-to-right folding as Lucene does; ``(a AND b) AND c`` flattens to one node."""
    parts = [*_parts_of(operator, left), *_parts_of(operator, right)]
    return operator(tuple(parts))


def _parts_of(operator: type[And] | type[Or], node: Node) -> tuple[Node, ...]:
    return node.parts if isinstance(node, operator) else (node,)


@dataclass
class _Parser:
    """Lucene's SimpleQueryParser state machine over ``text[index:end]``."""

    text: str
    index: int
    end: int
    budget: _Budget
    depth: int = 0
    top: Node | None = None
    operator: type[And] | type[Or] | None = None
    negations: int = 0

    def parse(self) -> Node | None:
        while self.index < self.end:
            char = self.text[self.index]
            if char == "(":
                self._subquery()
            elif char == ")":
                self.index += 1  # extraneous: ignored
            elif char == '"':
                self._phrase()
            elif char in "+|":
                if self.operator is None and self.top is not None:
                    self.operator = And if char == "+" else Or
                self.index += 1
            elif char == "-":
                self.negations += 1
                self.index += 1
                continue  # keep the count for the clause that follows directly
            elif char in _WHITESPACE:
                self.index += 1
            else:
                self._token()
            self.negations = 0
        return self.top

    def _add(self, branch: Node | None) -> None:
        if branch is None:
            return
        if self.negations % 2:
            branch = Not(branch)
        self.top = branch if self.top is None else _combine(self.operator or And, self.top, branch)
        self.operator = None

    def _subquery(self) -> None:
        start = self.index + 1
        depth, escaped, i = 1, False, start
        while i < self.end:
            char = self.text[i]
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "(":
                depth += 1
                if self.depth + depth > MAX_DEPTH:
                    raise BadQuery(
                        f"the query nests parentheses more than {MAX_DEPTH} deep; flatten it"
                    )
            elif char == ")":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        if i >= self.end:
            self.index = start  # no closing parenthesis: the opening one is just text
            return
        inner = _Parser(self.text, start, i, self.budget, self.depth + 1).parse()
        if inner is None:
            self.operator = None
        self._add(inner)
        self.index = i + 1

    def _phrase(self) -> None:
        start = self.index + 1
        chars: list[str] = []
        escaped, i = False, start
        while i < self.end:
            char = self.text[i]
            if not escaped and char == "\\":
                escaped = True
                i += 1
                continue
            if not escaped and char == '"':
                break
            escaped = False
            chars.append(char)
            i += 1
        if i >= self.end:
            self.index = start  # no closing quote: the opening one is just text
            return
        branch = self.budget.spend(_phrase_from_words(words("".join(chars))))
        if branch is None:
            self.operator = None
        self._add(branch)
        self.index = i + 1

    def _token(self) -> None:
        chars: list[str] = []
        escaped, prefix = False, False
        while self.index < self.end:
            char = self.text[self.index]
            if not escaped:
                if char == "\\":
                    escaped, prefix = True, False
                    self.index += 1
                    continue
                if char in _TOKEN_END:
                    break
                prefix = bool(chars) and char == "*"
            escaped = False
            chars.append(char)
            self.index += 1
        token = "".join(chars[:-1] if prefix else chars)
        self._add(self.budget.spend(_leaf_from_words(words(token), prefix)))
