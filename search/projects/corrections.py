"""A human's corrections, applied after every re-computation, in the order they were made.

``Merge(into, other)``: ``other``'s evidence joins ``into`` (the register's key said two
investors, a reader knows SK Group and its subsidiary Ecovance are one). ``Split(project,
article)``: that article's evidence leaves ``project`` for an entry of its own, named by
``split_id``. Both work on ids, which re-computation keeps (``grouping``); a correction whose
entries no longer exist (their articles were removed) is reported back as not applied, never
an error: the stored correction stays and applies again if they come back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from search.projects.entries import Project, build_project
from search.projects.grouping import project_id


@dataclass(frozen=True)
class Merge:
    into: str
    other: str


@dataclass(frozen=True)
class Split:
    project: str
    article: str


Correction = Merge | Split


def split_id(project: str, article: str) -> str:
    """The id of the entry ``Split(project, article)`` makes: stable, so it can be merged on."""
    return project_id("split", project, article)


def apply(
    projects: Iterable[Project], corrections: Iterable[Correction]
) -> tuple[list[Project], list[Correction]]:
    """``projects`` corrected, in their order (a merged one leaves, a split one is added after
    its source), and the corrections that found nothing to act on."""
    by_id = {p.id: p for p in projects}
    skipped: list[Correction] = []
    for correction in corrections:
        if not _apply_one(by_id, correction):
            skipped.append(correction)
    return list(by_id.values()), skipped


def _apply_one(by_id: dict[str, Project], correction: Correction) -> bool:
    if isinstance(correction, Merge):
        into, other = by_id.get(correction.into), by_id.get(correction.other)
        if into is None or other is None or into is other:
            return False
        by_id[into.id] = build_project(into.id, into.mentions + other.mentions)
        del by_id[other.id]
        return True
    source = by_id.get(correction.project)
    if source is None:
        return False
    moved = [m for m in source.mentions if m.article_id == correction.article]
    kept = [m for m in source.mentions if m.article_id != correction.article]
    if not moved or not kept:
        return False
    by_id[source.id] = build_project(source.id, kept)
    new_id = split_id(source.id, correction.article)
    by_id[new_id] = build_project(new_id, moved)
    return True
