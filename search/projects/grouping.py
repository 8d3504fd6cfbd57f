"""Mentions into entries, incrementally: ``Register.put(article)`` touches only its keys.

Key: the normalised investor and the zone. Within one key, mentions form one entry unless two
licences give incompatible figures (beyond ``TOLERANCE``, from different stories): the same
investor licensed twice in one park for different sums is two projects. A mention joins the
entry that already holds its story, else one where any of its figures is compatible with one
already there, else the newest entry.

Ids are stable under re-computation: the first entry of a key is named after the key alone,
a further one after the key and the article that opened it. That is what lets stored merges and
splits (``corrections``) find their entries again.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable
from itertools import chain

from newswatch.core.article import Article
from newswatch.core.facts import Amount
from search.projects.entries import Project, build_project, figure_kind, order
from search.projects.mentions import Mention, ZoneLocator, mentions_of

TOLERANCE = 0.10
"""Relative gap two figures may have and still be one sum (VND→USD at different rates:
"2.400 tỷ đồng" at our rate is 92.3 million USD, the press writes 94.3 million)."""

Key = tuple[str, str]


def project_id(*parts: str) -> str:
    digest = hashlib.sha1("|".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"p-{digest[:10]}"


def compatible(a: Amount, b: Amount) -> bool:
    """Two figures that can be one sum: overlapping within ``TOLERANCE``; figures in different
    currencies without a USD value are not comparable and so not a reason to split."""
    if (
        a.usd_min is not None
        and a.usd_max is not None
        and b.usd_min is not None
        and b.usd_max is not None
    ):
        lo_a, hi_a, lo_b, hi_b = a.usd_min, a.usd_max, b.usd_min, b.usd_max
    elif a.currency == b.currency:
        lo_a, hi_a, lo_b, hi_b = a.min, a.max, b.min, b.max
    else:
        return True
    return lo_a <= hi_b * (1 + TOLERANCE) and lo_b <= hi_a * (1 + TOLERANCE)


def _licence(m: Mention) -> Amount | None:
    return m.figure if m.figure is not None and figure_kind(m.events) == "registered" else None


def group(key: Key, mentions: Iterable[Mention]) -> list[Project]:
    """The entries of one key (rules in the module docstring)."""
    groups: list[tuple[str, list[Mention]]] = []
    for m in order(mentions):
        home = _home(groups, m)
        if home is None:
            opened = project_id(*key) if not groups else project_id(*key, m.article_id)
            groups.append((opened, [m]))
        else:
            home.append(m)
    return [build_project(pid, ms) for pid, ms in groups]


def _home(groups: list[tuple[str, list[Mention]]], m: Mention) -> list[Mention] | None:
    if not groups:
        return None
    if len(groups) == 1 and _licence(m) is None:
        return groups[0][1]  # what the rules below give one entry, without comparing figures
    for _, ms in groups:
        if any(o.story_id == m.story_id for o in ms):
            return ms
    for _, ms in groups:
        if any(compatible(a, b) for o in ms for a in o.amounts for b in m.amounts):
            return ms
    licence = _licence(m)
    if licence is not None and all(any(_licence(o) for o in ms) for _, ms in groups):
        return None  # a licence for another sum, where every entry already has its licence
    return groups[-1][1]


class Register:
    """The register before corrections, kept up to date article by article.

    ``put`` replaces everything an article said before (a corrected amount in a newer version
    replaces the old figure, never adds to it); only the keys it touched are rebuilt.
    """

    def __init__(self, locate: ZoneLocator | None = None) -> None:
        self._locate = locate
        self._by_article: dict[str, list[Mention]] = {}
        self._by_key: dict[Key, dict[str, list[Mention]]] = {}
        self._entries: dict[Key, list[Project]] = {}
        self._keys: list[Key] = []  # of _entries, sorted: the order entries are listed in
        self._dirty: set[Key] = set()
        self._flat: list[Project] | None = None

    def put(self, article: Article) -> list[Mention]:
        """Place ``article`` (replacing what it said before); its mentions, for a cache."""
        found = mentions_of(article, self._locate)
        self.put_mentions(article.id, found)
        return found

    def put_mentions(self, article_id: str, found: list[Mention]) -> None:
        """What ``put`` does with mentions already placed (read back from a cache)."""
        self.remove(article_id)
        if not found:
            return
        self._by_article[article_id] = found
        for m in found:
            key = (m.investor_key, m.zone.name)
            self._by_key.setdefault(key, {}).setdefault(article_id, []).append(m)
            self._dirty.add(key)

    def remove(self, article_id: str) -> None:
        for m in self._by_article.pop(article_id, []):
            key = (m.investor_key, m.zone.name)
            held = self._by_key.get(key, {})
            held.pop(article_id, None)
            if not held:
                self._by_key.pop(key, None)
            self._dirty.add(key)

    def settle(self) -> None:
        """Regroup the keys changed since the last call (the work one new article costs: its
        keys only); the flat list is rebuilt later, by ``projects``, once per read."""
        for key in self._dirty:
            held = self._by_key.get(key)
            if held:
                if key not in self._entries:
                    bisect.insort(self._keys, key)
                self._entries[key] = group(key, (m for ms in held.values() for m in ms))
            elif self._entries.pop(key, None) is not None:
                del self._keys[bisect.bisect_left(self._keys, key)]
        if self._dirty:
            self._flat = None
        self._dirty.clear()

    def projects(self) -> list[Project]:
        """Every entry, in key order, rebuilding only keys changed since the last call."""
        self.settle()
        if self._flat is None:
            self._flat = list(chain.from_iterable(map(self._entries.__getitem__, self._keys)))
        return list(self._flat)

    def mentions_of_article(self, article_id: str) -> list[Mention]:
        return list(self._by_article.get(article_id, []))


def register_of(articles: Iterable[Article], locate: ZoneLocator | None = None) -> Register:
    """A register fed every article (in any order: the result does not depend on it)."""
    register = Register(locate)
    for article in articles:
        register.put(article)
    return register
