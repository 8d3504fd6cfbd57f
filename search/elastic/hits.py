"""Elasticsearch hits as ``Hit``s: snippet from the highlight, a collapsed story from its
``inner_hits``."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from newswatch.core.facts import facts_from_dict
from search.backend import Hit, StoryVersion


def parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _snippet(highlight: dict[str, list[str]]) -> str:
    """The first highlighted fragment, preferring one with a match; body before summary."""
    fragments = [highlight.get(name, [""])[0] for name in ("text", "summary")]
    marked = [f for f in fragments if "<mark>" in f]
    return next(iter(marked or [f for f in fragments if f]), "")


def hit(raw: dict[str, Any]) -> Hit:
    source = raw["_source"]
    return Hit(
        id=source["id"],
        url=source["url"],
        title=source["title"],
        source=source["source"],
        published_at=parse_time(source.get("published_at")),
        snippet=_snippet(raw.get("highlight", {})),
        score=float(raw.get("_score") or 0.0),
        facts=facts_from_dict(source["facts"]) if source.get("facts") else None,
        story_id=source.get("story_id"),
    )


def story_hit(raw: dict[str, Any]) -> Hit:
    """A collapsed story: shown as its earliest copy, ranked (scored) by its best one."""
    inner = raw["inner_hits"]["versions"]["hits"]
    copies = [copy["_source"] for copy in inner["hits"]]
    versions = tuple(
        StoryVersion(c["id"], c["source"], c["url"], c["title"], parse_time(c.get("published_at")))
        for c in copies
    )
    first = hit({**inner["hits"][0], "_score": raw.get("_score")})
    return replace(first, versions=versions, version_count=int(inner["total"]["value"]))
