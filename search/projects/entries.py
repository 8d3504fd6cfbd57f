"""One register entry built from its mentions: investor, zone, capital and its history, events.

``build_project`` is the only place figures become a capital, so re-computation, merges and
splits all read the same rules:
- a figure is *registered* when its article speaks of a new project (licence, investment
  certificate) and not of a capital increase, *increased* when it speaks of an increase or an
  adjustment, else *mentioned*;
- the figures of one story with one value are one line of the history (syndicated copies);
- the capital is the first registered figure (the licence: later "registered" lines restate
  it), then each increase in date order: one smaller than the capital before it is an
  increment (added), a larger one the new total; with neither, the first mentioned figure.
Each figure, event and area keeps the articles behind it. The article's date (published, else
fetched) stands for the date of what it reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from newswatch.core.facts import Amount, Zone
from search.projects.mentions import Mention

FIGURE_KINDS = ("registered", "increased", "mentioned")


@dataclass(frozen=True)
class Figure:
    """One line of a capital history."""

    kind: str  # FIGURE_KINDS
    date: datetime
    amount: Amount
    story_id: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class EventDate:
    """An event kind of ``crawler.facts`` with the first date it was reported."""

    event: str
    date: datetime
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class Project:
    """A register entry; ``mentions`` are its evidence (oldest first)."""

    id: str
    investor: str
    investor_key: str
    zone: Zone
    countries: tuple[str, ...]
    capital_usd: float | None
    history: tuple[Figure, ...]
    area_hectares: float | None
    events: tuple[EventDate, ...]
    mentions: tuple[Mention, ...]

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.article_id for m in self.mentions))

    @property
    def story_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.story_id for m in self.mentions))

    @property
    def first_seen(self) -> datetime:
        return self.mentions[0].date

    @property
    def last_seen(self) -> datetime:
        return self.mentions[-1].date


def figure_kind(events: Iterable[str]) -> str:
    found = set(events)
    if "capital_increase" in found:
        return "increased"
    return "registered" if "new_project" in found else "mentioned"


def usd(amount: Amount) -> float | None:
    """The amount's USD value (upper end of a range), ``None`` when it has no rate."""
    return amount.usd_max


def _history(mentions: list[Mention]) -> tuple[Figure, ...]:
    lines: dict[tuple[str, float, float, str], Figure] = {}
    for m in mentions:
        if m.figure is None:
            continue
        key = (m.story_id, m.figure.min, m.figure.max, m.figure.currency)
        line = lines.get(key)
        if line is None:
            lines[key] = Figure(
                figure_kind(m.events), m.date, m.figure, m.story_id, (m.article_id,)
            )
        elif m.article_id not in line.article_ids:
            lines[key] = Figure(
                line.kind, line.date, line.amount, line.story_id, (*line.article_ids, m.article_id)
            )
    return tuple(sorted(lines.values(), key=lambda f: (f.date, f.story_id)))


def capital(history: tuple[Figure, ...]) -> float | None:
    """The capital the history leads to (rules in the module docstring)."""
    current: float | None = None
    for line in history:
        value = usd(line.amount)
        if line.kind == "mentioned" or value is None:
            continue
        if line.kind == "registered":
            current = value if current is None else current
        elif current is not None and value < current:
            current += value
        else:
            current = value
    if current is None:
        mentioned = [usd(f.amount) for f in history if usd(f.amount) is not None]
        current = mentioned[0] if mentioned else None
    return current


def _events(mentions: list[Mention]) -> tuple[EventDate, ...]:
    first: dict[str, datetime] = {}
    articles: dict[str, list[str]] = {}
    for m in mentions:
        for event in m.events:
            first.setdefault(event, m.date)
            if m.article_id not in articles.setdefault(event, []):
                articles[event].append(m.article_id)
    return tuple(
        EventDate(e, first[e], tuple(articles[e])) for e in sorted(first, key=lambda e: first[e])
    )


def _most_common(values: Iterable[str]) -> list[str]:
    """Values by how often they occur, ties in order of first occurrence."""
    counts = Counter(values)
    return sorted(counts, key=lambda v: -counts[v])


def order(mentions: Iterable[Mention]) -> list[Mention]:
    """Oldest first; ties by article id, so every backend's read order builds the same entry."""
    return sorted(mentions, key=lambda m: (m.date, m.article_id, m.investor_key))


def build_project(project_id: str, mentions: Iterable[Mention]) -> Project:
    """The entry ``project_id`` for ``mentions`` (at least one)."""
    ordered = order(mentions)
    history = _history(ordered)
    areas = [m.area.hectares for m in ordered if m.area is not None]
    return Project(
        id=project_id,
        investor=_most_common(m.investor for m in ordered)[0],
        investor_key=ordered[0].investor_key,
        zone=ordered[0].zone,
        countries=tuple(_most_common(c for m in ordered for c in m.countries)),
        capital_usd=capital(history),
        history=history,
        area_hectares=areas[-1] if areas else None,
        events=_events(ordered),
        mentions=tuple(ordered),
    )
