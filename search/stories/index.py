"""The persistent story index: which story each stored article belongs to, kept in SQLite.

LSH bands live in a table instead of memory, so opening the index costs nothing at any size
and a new article costs a few dozen indexed look-ups however many are stored. Two kinds of
key: the body's MinHash bands (find syndicated copies) and one key per anchor (find rewrites
and translations, which share names and amounts but hardly a shingle). An anchor printed in
more than ``COMMON`` articles ("Việt Nam", "Hà Nội") is still recorded but no longer looked up:
it would return thousands of candidates and tell nothing. Candidates are ranked by how many
keys they share and only the best few are verified with ``grouping.similarity``.

Story ids are the id of the article that opened the story, and unrelated articles never
change them. A later article joins the story it matches; when it matches two stories (the
English report filed before the Vietnamese rewrite that bridges it to the original), they are
one event and become one story, under the id of the one opened first. Which articles moved is
kept for the caller (``take_moved``), who stored them under the other id. Stories are never
split.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from newswatch.core.sqlite_wal import use_wal
from search.stories.grouping import (
    NEAR_DUPLICATE,
    WINDOW,
    NewArticle,
    Signature,
    sign,
    similarity,
)
from search.stories.minhash import MinHash
from search.stories.signature import stored_minhash

BODY_BANDS = 16  # 64 permutations in 16 bands of 4 rows: copies from Jaccard ~0.5 collide
CANDIDATES = 30  # verified per new article, most shared keys first
LOADED = 1024  # stored signatures kept parsed: candidates of one crawl are mostly its own
COMMON = 500  # articles naming an anchor beyond which the anchor is not looked up
COMMON_TITLE_SHARE = 0.1  # a title word in more than this share of stored titles is not compared
COMMON_TITLE_MIN = 5  # ... and in more than this many: a small index has no common words
TOPIC_WORDS = frozenset(
    [
        "khu",
        "cong",
        "nghiep",
        "kinh",
        "te",
        "kcn",
        "kkt",
        "ccn",
        "hai",
        "phong",
        "haiphong",
        "dau",
        "tu",
        "du",
        "an",
        "von",
        "fdi",
    ]
)
"""Folded words every article of this store shares by construction (the topic filter keeps only
Hải Phòng zone news): common from the first article on, before the counts can tell. Without
them a new index joined unrelated stories on "các khu công nghiệp … Hải Phòng" alone."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS story_articles (
    id TEXT PRIMARY KEY, story_id TEXT NOT NULL, source TEXT NOT NULL, published REAL,
    seen REAL NOT NULL, text_len INTEGER NOT NULL, signature TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles (story_id);
CREATE TABLE IF NOT EXISTS story_terms (key INTEGER PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS story_bands (
    key INTEGER NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class Story:
    """One event as the user sees it: its first article's id, its best copy, who printed it."""

    id: str
    representative: str
    first_seen: datetime
    sources: tuple[str, ...]
    members: tuple[str, ...]


def _key(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


def band_keys(signature: MinHash, bands: int = BODY_BANDS) -> list[int]:
    """The LSH bucket keys of a body MinHash, one per band."""
    rows = len(signature.hashvalues) // bands
    return [
        _key(b"b%d" % band + signature.hashvalues[band * rows : (band + 1) * rows].tobytes())
        for band in range(bands)
    ]


def title_keys(signature: Signature) -> dict[str, int]:
    """Each title word and the key counting how many stored titles hold it."""
    return {word: _key(b"t" + word.encode("utf-8")) for word in sorted(signature.title_words)}


def anchor_keys(signature: Signature) -> list[int]:
    """One key per anchor (name or amount) of the article."""
    return [_key(b"a" + anchor.encode("utf-8")) for anchor in sorted(signature.anchors)]


def _dump(signature: Signature) -> str:
    return json.dumps(
        {
            "body": signature.body.hashvalues.tolist(),
            "title": sorted(signature.title_words),
            "anchors": sorted(signature.anchors),
            "published": signature.published_at.isoformat() if signature.published_at else None,
            "language": signature.language,
            "event": signature.event,
            "facts": signature.facts,
        },
        ensure_ascii=False,
        default=str,
    )


@functools.lru_cache(maxsize=LOADED)
def _load(text: str) -> Signature:
    """A stored signature (rows are never rewritten, so the same text is the same signature;
    the cache keeps a crawl from parsing the same recent candidates for every new article)."""
    data = json.loads(text)
    body = stored_minhash(data["body"])
    published = data["published"]
    return Signature(
        body=body,
        title_words=frozenset(data["title"]),
        anchors=frozenset(data["anchors"]),
        published_at=datetime.fromisoformat(published) if published else None,
        language=data["language"],
        event=data["event"],
        facts=data["facts"],
    )


@dataclass(frozen=True)
class Common:
    """Title words and anchors printed in a large share of the stored articles: two articles
    sharing only those are no more alike than any two of the store, yet would pass the
    overlap bar, so they are not compared. Anchors stay in a comparison across languages,
    where the place name is one of the few things a translation keeps."""

    words: frozenset[str]
    anchors: frozenset[str]

    def without(self, sig: Signature, across: bool) -> Signature:
        """``sig`` without the common words, and without the common anchors unless it is
        compared ``across`` languages."""
        anchors = frozenset() if across else self.anchors
        return replace(sig, title_words=sig.title_words - self.words, anchors=sig.anchors - anchors)


def _across(a: Signature, b: Signature) -> bool:
    return bool(a.language and b.language and a.language != b.language)


def _hard_evidence(a: Signature, b: Signature) -> bool:
    """A match that is not only alike wording: a copy, or a translation (``similarity``
    already required agreement on amount, zone and company across languages)."""
    return _across(a, b) or a.body.jaccard(b.body) >= NEAR_DUPLICATE


def _epoch(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment else None


class StoryIndex:
    """``add(article) -> story_id`` and ``story(story_id) -> Story`` over one SQLite file."""

    def __init__(self, path: Path | str) -> None:
        # Any thread may write (the crawler stores from a pool); callers serialise the writes.
        self._db = sqlite3.connect(str(path), timeout=30.0, check_same_thread=False)
        # WAL + NORMAL: one fsync per checkpoint, not per article; a crash loses at most the
        # last few adds, which the store pipeline re-adds (add is idempotent per id).
        use_wal(self._db, timeout=30.0)
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.executescript(_SCHEMA)
        self._moved: dict[str, str] = {}

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> StoryIndex:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def story_of(self, article_id: str) -> str | None:
        row = self._db.execute(
            "SELECT story_id FROM story_articles WHERE id = ?", (article_id,)
        ).fetchone()
        return row[0] if row else None

    def add(self, article: NewArticle, seen_at: datetime | None = None) -> str:
        """File ``article`` under its story and return the story id (idempotent per id)."""
        with self._db:
            return self._add(article, seen_at)

    def add_many(self, articles: Iterable[NewArticle], batch: int = 1000) -> list[str]:
        """``add`` each article in turn, committing every ``batch`` (a backfill of a store)."""
        story_ids: list[str] = []
        for article in articles:
            story_ids.append(self._add(article, None))
            if len(story_ids) % batch == 0:
                self._db.commit()
        self._db.commit()
        return story_ids

    def take_moved(self) -> dict[str, str]:
        """Articles filed earlier whose story was merged into another since the last call:
        article id → its story id now. Emptied by the call."""
        moved, self._moved = self._moved, {}
        return moved

    def _add(self, article: NewArticle, seen_at: datetime | None) -> str:
        known = self.story_of(article.id)
        if known is not None:
            return known
        signature = sign(article)
        bands, names = band_keys(signature.body), anchor_keys(signature)
        titled = title_keys(signature)
        named = dict(zip(sorted(signature.anchors), names, strict=True))
        common = Common(self._common(titled), self._common(named))
        matched = self._matched_stories(signature, bands + self._rare(names), common)
        story_id = self._merge(matched) if matched else article.id
        seen = (seen_at or datetime.now(UTC)).timestamp()
        self._db.execute(
            "INSERT INTO story_articles VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                story_id,
                article.source,
                _epoch(article.published_at),
                seen,
                len(article.body),
                _dump(signature),
            ),
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO story_bands VALUES (?, ?)",
            [(key, article.id) for key in bands + names],
        )
        self._db.executemany(
            "INSERT INTO story_terms VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET df = df + 1",
            [(key,) for key in names + list(titled.values())],
        )
        return story_id

    def _common(self, terms: dict[str, int]) -> frozenset[str]:
        """Of ``terms`` (title words or anchors by key), those printed in a large share of the
        stored articles ("Hải Phòng", "khu công nghiệp" in one city's investment news)."""
        topical = frozenset(term for term in terms if term in TOPIC_WORDS)
        stored = self._db.execute("SELECT max(rowid) FROM story_articles").fetchone()[0] or 0
        bar = max(COMMON_TITLE_MIN, COMMON_TITLE_SHARE * stored)
        if not terms or stored <= bar:
            return topical
        marks = ",".join("?" * len(terms))
        query = f"SELECT key FROM story_terms WHERE df > ? AND key IN ({marks})"
        common = {row[0] for row in self._db.execute(query, (bar, *terms.values()))}
        return topical | frozenset(term for term, key in terms.items() if key in common)

    def _rare(self, keys: list[int]) -> list[int]:
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        query = f"SELECT key FROM story_terms WHERE df > ? AND key IN ({marks})"
        common = {row[0] for row in self._db.execute(query, (COMMON, *keys))}
        return [key for key in keys if key not in common]

    def _candidates(self, signature: Signature, keys: list[int]) -> Iterator[tuple[str, str]]:
        """Stored articles within the time window sharing the most keys with ``signature``."""
        if not keys:
            return
        marks = ",".join("?" * len(keys))
        window: tuple[float, ...] = ()
        when = ""
        if signature.published_at is not None:
            when = " AND (a.published IS NULL OR a.published BETWEEN ? AND ?)"
            window = (
                (signature.published_at - WINDOW).timestamp(),
                (signature.published_at + WINDOW).timestamp(),
            )
        yield from self._db.execute(
            "SELECT a.story_id, a.signature FROM story_articles a JOIN ("
            " SELECT b.article_id, COUNT(*) AS hits FROM story_bands b"
            " JOIN story_articles a ON a.id = b.article_id"
            f" WHERE b.key IN ({marks}){when}"
            " GROUP BY b.article_id ORDER BY hits DESC LIMIT ?"
            ") best ON best.article_id = a.id ORDER BY best.hits DESC",
            (*keys, *window, CANDIDATES),
        )

    def _matched_stories(
        self, signature: Signature, keys: list[int], common: Common | None = None
    ) -> set[str]:
        """The best matching story, and every other story this article is hard evidence for;
        ``common`` words and anchors are left out of the comparison (see ``Common``).

        A rewrite matches on shared title words and names, which in one city's business news
        are often the same words; letting such a match also merge two stories would chain
        loosely similar events into one. So only a copy (``NEAR_DUPLICATE`` shingles) or a
        translation (agreeing on amount, zone and company) merges; a rewrite joins its best.
        """
        best: tuple[float, str] | None = None
        strong: set[str] = set()
        common = common or Common(frozenset(), frozenset())
        mine: dict[bool, Signature] = {}  # the new article stripped once, not per candidate
        for story_id, stored in self._candidates(signature, keys):
            other = _load(stored)
            across = _across(signature, other)
            if across not in mine:
                mine[across] = common.without(signature, across)
            score = similarity(mine[across], common.without(other, across))
            if score is None:
                continue
            if best is None or score > best[0]:
                best = (score, story_id)
            if _hard_evidence(signature, other):
                strong.add(story_id)
        return (strong | {best[1]}) if best else set()

    def _merge(self, stories: set[str]) -> str:
        """One story out of ``stories``: the one opened first keeps its id, the others' members
        move to it (recorded for ``take_moved``)."""
        if len(stories) == 1:
            return next(iter(stories))
        marks = ",".join("?" * len(stories))
        opened = self._db.execute(
            f"SELECT story_id, MIN(seen) AS first FROM story_articles WHERE story_id IN ({marks})"
            " GROUP BY story_id ORDER BY first, story_id",
            tuple(stories),
        ).fetchall()
        keep, others = opened[0][0], [row[0] for row in opened[1:]]
        others_marks = ",".join("?" * len(others))
        moved = self._db.execute(
            f"SELECT id FROM story_articles WHERE story_id IN ({others_marks})", others
        ).fetchall()
        self._db.execute(
            f"UPDATE story_articles SET story_id = ? WHERE story_id IN ({others_marks})",
            (keep, *others),
        )
        self._moved.update({row[0]: keep for row in moved})
        return str(keep)

    def story(self, story_id: str) -> Story:
        """The story ``story_id``; its representative is the earliest, then the longest copy."""
        rows = self._db.execute(
            "SELECT id, source, published, seen, text_len FROM story_articles"
            " WHERE story_id = ? ORDER BY seen, id",
            (story_id,),
        ).fetchall()
        if not rows:
            raise KeyError(f"no story {story_id!r}")
        inf = float("inf")
        representative = min(rows, key=lambda r: (r[2] if r[2] is not None else inf, -r[4]))
        sources = tuple(dict.fromkeys(r[1] for r in rows))
        return Story(
            id=story_id,
            representative=representative[0],
            first_seen=datetime.fromtimestamp(min(r[3] for r in rows), UTC),
            sources=sources,
            members=tuple(r[0] for r in rows),
        )

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0])
