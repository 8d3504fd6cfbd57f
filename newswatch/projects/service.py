"""The register as commands and the API see it: kept level with the store by a
``LiveRegister`` (only new and changed articles placed, their mentions cached on disk), with the
stored corrections applied, filtered and sorted; merges and splits checked before they are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newswatch.core.errors import BadQuery, UnknownProject
from newswatch.fact_filters import resolve_fact_filters
from newswatch.projects.corrections_db import CorrectionStore
from newswatch.projects.live import LiveRegister
from search.backend import Backend
from search.projects import Correction, Merge, Project, Split, apply, split_id

SortKey = Literal["capital", "date"]
SORTS: tuple[SortKey, ...] = ("capital", "date")


@dataclass(frozen=True)
class RegisterView:
    projects: list[Project]
    skipped: list[Correction]
    """Stored corrections that found nothing to act on this time (kept, applied again later)."""


def compute(
    backend: Backend, store: CorrectionStore, live: LiveRegister, sweep_every: float = 0.0
) -> RegisterView:
    """The corrected register of everything ``backend`` holds, ``live`` refreshed first (a
    full sweep when the last is ``sweep_every`` seconds old: ``LiveRegister.refresh``)."""
    with live.lock:
        live.refresh(backend, sweep_every=sweep_every)
        projects = live.projects()
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


def merge(
    backend: Backend, store: CorrectionStore, live: LiveRegister, into: str, other: str
) -> Project:
    """Store "``other`` is ``into``" and return the merged entry; unknown ids are refused."""
    view = compute(backend, store, live)
    find(view, into), find(view, other)
    if into == other:
        raise BadQuery(f"cannot merge {into!r} with itself")
    correction = Merge(into, other)
    store.add(correction)
    return find(RegisterView(*apply(view.projects, [correction])), into)


def split(
    backend: Backend, store: CorrectionStore, live: LiveRegister, project_id: str, article: str
) -> Project:
    """Store "``article`` is not about ``project_id``" and return the entry it now makes."""
    view = compute(backend, store, live)
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
