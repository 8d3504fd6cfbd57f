"""Scoring for the scaled crawl bench: what each crawler stored against the truth, and spreads.

A stored article is matched to the truth by its URL without the query (feeds carry tracking
parameters); it is *correct* when the article is on topic and both the title and the
publication time are the story's. news-please writes local wall time without an offset, so an
offset-less time is compared with the truth's local time.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.scaled_feeds import Truth
from bench.scaled_pages import TZ


@dataclass(frozen=True)
class Record:
    url: str
    title: str
    published: datetime | None


def _key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"


def _same_time(found: datetime | None, truth: datetime) -> bool:
    if found is None:
        return False
    if found.tzinfo is None:
        return found == truth.astimezone(TZ).replace(tzinfo=None)
    return found == truth


def score(records: list[Record], truth: dict[str, list[Truth]]) -> dict[str, int]:
    by_key = {_key(t.url): t for entries in truth.values() for t in entries}
    counts = Counter(_key(r.url) for r in records)
    good = {
        _key(r.url)
        for r in records
        if (t := by_key.get(_key(r.url))) is not None
        and t.relevant
        and r.title == t.title
        and _same_time(r.published, t.published)
    }
    return {
        "expected": sum(t.relevant for t in by_key.values()),
        "stored": len(records),
        "correct": len(good),
        "wrong_title_or_date": sum(1 for k in counts if k in by_key and by_key[k].relevant)
        - len(good),
        "irrelevant": sum(1 for k in counts if k in by_key and not by_key[k].relevant),
        "duplicates": sum(n - 1 for n in counts.values()),
        "unknown_urls": sum(n for k, n in counts.items() if k not in by_key),
    }


def newswatch_records(store: Path) -> list[Record]:
    """Every article in a newswatch SQLite store, as its documents hold them."""
    with sqlite3.connect(store) as conn:
        docs = [json.loads(doc) for (doc,) in conn.execute("SELECT doc FROM articles")]
    return [
        Record(d["url"], d["title"], datetime.fromisoformat(d["published_at"]))
        if d.get("published_at")
        else Record(d["url"], d["title"], None)
        for d in docs
    ]


def spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def ratio_spread(ours: list[float], theirs: list[float]) -> dict[str, float]:
    """Ratio of the medians, with the min–max of the per-round ratios (rounds interleave)."""
    per_round = [a / b for a, b in zip(ours, theirs, strict=True)]
    return {
        "median": statistics.median(ours) / statistics.median(theirs),
        "min": min(per_round),
        "max": max(per_round),
    }


def fmt(value: dict[str, Any], digits: int = 2) -> str:
    return f"{value['median']:.{digits}f} ({value['min']:.{digits}f}–{value['max']:.{digits}f})"
