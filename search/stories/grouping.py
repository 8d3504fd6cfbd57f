"""Is a new article the same story as an older one? The decision, free of any storage.

Two articles are one story when they are close in time and either share most of their
shingles (a syndicated copy, whatever boilerplate each site added) or, when rewritten, share
their title words and their anchors (names and amounts) well enough. Facts can only veto:
two different zones or amounts (from the extractor's facts, when given) or two different
milestones named in the titles or leads (a licence vs a groundbreaking of the same plant) are
two different events, however alike the prose.

Across languages prose cannot be compared, so a candidate must agree on everything that
survives translation: published within two days, and sharing an amount, a zone and a company
(from the facts when given, else from the folded anchors: "Deep C", "Hai Phong" and
"usd:450000000" read the same in VIR's English as in Báo Hải Phòng's Vietnamese; "two shared
names" stands for zone and company when no facts are given). That is deliberately strict: an
English story never joins on topic alone, and a translation whose amount was rounded
differently (2.3 vs 2.4 trillion dong) stays apart.

A missing ``published_at`` skips the time window: the store pipeline should pass the fetch
time instead when the page gives no date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from search.stories.minhash import MinHash
from search.stories.signature import (
    anchors,
    event_kind,
    minhash,
    shingles,
    strip_boilerplate,
    words,
)

WINDOW = timedelta(days=7)
CROSS_LANGUAGE_WINDOW = timedelta(days=2)
NEAR_DUPLICATE = 0.5  # estimated shingle Jaccard from which one text is a copy of the other
# Two rewrites are one story from this score: TITLE_WEIGHT x title overlap + the rest x anchor
# overlap + shingle Jaccard. Chosen on tests/stories/pairs.jsonl, 2-fold checked (see MANIFEST).
SAME_STORY = 0.36
TITLE_WEIGHT = 0.7
LEAD_CHARS = 600  # anchors are read from the title and the lead, where the news is stated


@dataclass(frozen=True)
class NewArticle:
    """What grouping needs of an article; the store pipeline builds it from its record."""

    id: str
    title: str
    body: str
    lead: str = ""
    published_at: datetime | None = None
    source: str = ""
    language: str | None = None
    facts: Mapping[str, object] | None = None


@dataclass(frozen=True)
class Signature:
    """The comparable features of one article, computed once and stored with it."""

    body: MinHash
    title_words: frozenset[str]
    anchors: frozenset[str]
    published_at: datetime | None
    language: str | None
    event: str | None = None
    facts: Mapping[str, object] = field(default_factory=dict)


def sign(article: NewArticle) -> Signature:
    """Compute the signature of ``article`` (boilerplate stripped first)."""
    body = strip_boilerplate(article.body)
    lead = strip_boilerplate(article.lead) or body[:LEAD_CHARS]
    return Signature(
        body=minhash(shingles(words(f"{article.title}\n{body}"))),
        title_words=frozenset(w for w in words(article.title) if len(w) > 1),
        anchors=anchors(f"{article.title}. {lead}", article.language),
        published_at=article.published_at,
        language=article.language,
        event=event_kind(article.title, lead),
        facts=dict(article.facts or {}),
    )


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: a short title inside a long one still counts as shared."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _within(a: Signature, b: Signature, window: timedelta) -> bool:
    if a.published_at is None or b.published_at is None:
        return True
    return abs(a.published_at - b.published_at) <= window


def _facts_conflict(a: Signature, b: Signature) -> bool:
    if a.event and b.event and a.event != b.event:
        return True
    return any(
        a.facts.get(key) is not None
        and b.facts.get(key) is not None
        and a.facts[key] != b.facts[key]
        for key in ("zone", "amount")
    )


def _agree(a: Signature, b: Signature, key: str, shared: frozenset[str]) -> bool:
    if a.facts.get(key) is not None and b.facts.get(key) is not None:
        return a.facts[key] == b.facts[key]
    return bool(shared)


def _shared_names(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    """Names one side holds inside the other's ("deepc" in "kcndeepc"), four letters or more."""

    def inside(x: str, y: str) -> bool:
        return len(x) >= 4 and x in y

    return frozenset(
        x
        for x in a
        if ":" not in x and any(inside(x, y) or inside(y, x) for y in b if ":" not in y)
    )


def _cross_language(a: Signature, b: Signature) -> float | None:
    if not _within(a, b, CROSS_LANGUAGE_WINDOW):
        return None
    money = a.anchors & b.anchors
    money = frozenset(x for x in money if ":" in x)
    names = _shared_names(a.anchors, b.anchors)
    amount_ok = _agree(a, b, "amount", money)
    # a zone and a company: two shared names, unless the facts name them
    zone_ok = _agree(a, b, "zone", names)
    company_ok = _agree(a, b, "company", names if len(names) >= 2 else frozenset())
    return 0.5 if amount_ok and zone_ok and company_ok else None


def similarity(a: Signature, b: Signature) -> float | None:
    """A score in (0, 1] when ``a`` and ``b`` are one story, else None."""
    if _facts_conflict(a, b):
        return None
    if a.language and b.language and a.language != b.language:
        return _cross_language(a, b)
    if not _within(a, b, WINDOW):
        return None
    body = a.body.jaccard(b.body)
    if body >= NEAR_DUPLICATE:
        return body
    title = overlap(a.title_words, b.title_words)
    named = overlap(a.anchors, b.anchors)
    score = TITLE_WEIGHT * title + (1 - TITLE_WEIGHT) * named + body
    return score if score >= SAME_STORY else None
