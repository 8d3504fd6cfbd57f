"""What changed when a stored article was fetched again: the record kept instead of overwriting.

A news site corrects a figure or retitles a piece without saying so; the analyst needs to see
that it happened and what changed, and an alert may fire on a material edit (a new title or a
different amount, the two changes that alter what the news says).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Version:
    """One stored version of an article: the parts whose change is worth recording."""

    title: str
    body: str
    facts: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Revision:
    """The change from one version to the next, with the fetch time of the new one."""

    fetched_at: datetime
    changed_fields: tuple[str, ...]
    diff: str
    material: bool


def _diff(name: str, old: str, new: str) -> list[str]:
    return list(
        difflib.unified_diff(
            old.splitlines(), new.splitlines(), f"{name} (before)", f"{name} (after)", lineterm=""
        )
    )


def _changed_facts(old: Mapping[str, object], new: Mapping[str, object]) -> list[str]:
    return sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))


def revision(old: Version, new: Version, fetched_at: datetime) -> Revision | None:
    """The revision from ``old`` to ``new``, or None when nothing recorded changed."""
    changed = [name for name in ("title", "body") if getattr(old, name) != getattr(new, name)]
    facts = _changed_facts(old.facts, new.facts)
    changed += [f"facts.{key}" for key in facts]
    if not changed:
        return None
    lines = _diff("title", old.title, new.title) + _diff("body", old.body, new.body)
    lines += [f"facts.{key}: {old.facts.get(key)!r} -> {new.facts.get(key)!r}" for key in facts]
    return Revision(
        fetched_at=fetched_at,
        changed_fields=tuple(changed),
        diff="\n".join(lines),
        material="title" in changed or "amount" in facts,
    )
