"""The register as commands and the API see it: recomputed from every stored article, with the
stored corrections applied, filtered and sorted; merges and splits checked before they are kept.

Recomputing on each request is the design, not a shortcut: the pure part costs microseconds per
article (``bench/bench_projects.py``), so the register can never drift from the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from newswatch.core.article import Article
from newswatch.core.errors import BadQuery, UnknownProject
from newswatch.fact_filters import resolve_fact_filters
from newswatch.projects.corrections_db import CorrectionStore
from newswatch.projects.zones import locate_zones
from search.backend import Backend
from search.projects import Correction, Merge, Project, Split, apply, register_of, split_id

SortKey = Literal["capital", "date"]
SORTS: tuple[SortKey, ...] = ("capital", "date")
BATCH = 500


@dataclass(frozen=True)
class RegisterView:
    projects: list[Project]
    skipped: list[Correction]
    """Stored corrections that found nothing to act on this time (kept, applied again later)."""


def stored_articles(backend: Backend) -> Iterator[Article]:
    """Every stored article, in storage order, batch by batch."""
    cursor: str | None = None
    while True:
        page = backend.stored_after(cursor, limit=BATCH)
        if not page.articles:
            return
        yield from page.articles
        cursor = page.cursor


def compute(backend: Backend, store: CorrectionStore) -> RegisterView:
    """The corrected register of everything ``backend`` holds."""
    projects = register_of(stored_articles(backend), locate_zones).projects()
    corrected, skipped = apply(projects, store.all())
    return RegisterView(corrected, skipped)


def find(view: RegisterView, project_id: str) -> Project:
    for project in view.projects:
        if project.id == project_id:
            return project
    raise UnknownProject(
        f"no project {project_id!r} in the register ({len(view.projects)} entries; "
        "see `newswatch projects list`)"
    )


def select(
    projects: list[Project],
    zones: tuple[str, ...] = (),
    countries: tuple[str, ...] = (),
    sort: str = "capital",
) -> list[Project]:
    """Entries in any of ``zones`` (names through the gazetteer's aliases) and from any of
    ``countries``; largest capital first (unknown last) or most recently reported first."""
    if sort not in SORTS:
        raise BadQuery(f"sort: {sort!r} is not one of {', '.join(SORTS)}")
    wanted = resolve_fact_filters(zones=zones, countries=countries)
    chosen = [
        p
        for p in projects
        if (not wanted.zones or p.zone.name in wanted.zones)
        and (not wanted.countries or set(p.countries) & set(wanted.countries))
    ]
    if sort == "date":
        return sorted(chosen, key=lambda p: (p.last_seen, p.id), reverse=True)
    return sorted(chosen, key=lambda p: (p.capital_usd is None, -(p.capital_usd or 0.0), p.id))


def merge(backend: Backend, store: CorrectionStore, into: str, other: str) -> Project:
    """Store "``other`` is ``into``" and return the merged entry; unknown ids are refused."""
    view = compute(backend, store)
    find(view, into), find(view, other)
    if into == other:
        raise BadQuery(f"cannot merge {into!r} with itself")
    correction = Merge(into, other)
    store.add(correction)
    return find(RegisterView(*apply(view.projects, [correction])), into)


def split(backend: Backend, store: CorrectionStore, project_id: str, article: str) -> Project:
    """Store "``article`` is not about ``project_id``" and return the entry it now makes."""
    view = compute(backend, store)
    project = find(view, project_id)
    if article not in project.article_ids:
        raise UnknownProject(
            f"article {article!r} is not evidence of project {project_id!r} "
            f"(its articles: {', '.join(project.article_ids)})"
        )
    if len(project.article_ids) == 1:
        raise BadQuery(f"project {project_id!r} has only article {article!r}: nothing to split")
    correction = Split(project_id, article)
    store.add(correction)
    return find(RegisterView(*apply(view.projects, [correction])), split_id(project_id, article))
