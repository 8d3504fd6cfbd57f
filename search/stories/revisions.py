"""What changed when a stored article was fetched again: the record kept instead of overwriting.

A news site corrects a figure or retitles a piece without saying so; the analyst needs to see
that it happened and what changed, and an alert may fire on a material edit (a new title or a
different amount, the two changes that alter what the news says).

Pure functions over two ``Version``s; ``search.stories.history`` decides when to call them and
keeps the versions.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from newswatch.core.article import Article
from newswatch.core.facts import Facts

CONTEXT_WORDS = 8
"""Unchanged words kept on each side of a change in the body diff; the rest is elided."""
Op = Literal["equal", "delete", "insert"]


@dataclass(frozen=True)
class Version:
    """One stored version of an article: the parts whose change is worth recording (the
    publisher's content; ``content_hash`` also counts tags, dates and URLs, which sites rewrite
    on every render and which say nothing new)."""

    title: str
    body: str
    summary: str = ""
    facts: Facts | None = None
    facts_version: str | None = None

    @classmethod
    def of(cls, article: Article) -> Version:
        return cls(
            article.title, article.text, article.summary, article.facts, article.facts_version
        )

    def key(self) -> str:
        """A digest of the publisher's content: equal keys, nothing to record."""
        facts = self.facts.to_dict() if self.facts is not None else None
        content = [self.title, self.summary, self.body, facts]
        encoded = json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class Segment:
    """A run of body words: kept, removed or added (``"…"`` stands for elided words)."""

    op: Op
    text: str


@dataclass(frozen=True)
class Revision:
    """The change from one version to the next, with the fetch time of the new one."""

    fetched_at: datetime
    changed_fields: tuple[str, ...]
    title: tuple[str, str] | None
    """``(before, after)`` when the title changed."""
    amounts: tuple[tuple[str, str], ...]
    """Amounts as printed, ``(before, after)``; ``""`` on one side: named only on the other."""
    areas: tuple[tuple[str, str], ...]
    body: tuple[Segment, ...]
    """Word-level diff of the body (and the summary before it), unchanged runs elided."""
    material: bool
    """The title or an amount changed: what the news says is different."""

    @property
    def diff(self) -> str:
        """The revision as plain text, one change a line (CLI, e-mail)."""
        lines = []
        if self.title:
            lines.append(f"Tiêu đề: «{self.title[0]}» → «{self.title[1]}»")
        lines += [f"Số tiền: {_side(a)} → {_side(b)}" for a, b in self.amounts]
        lines += [f"Diện tích: {_side(a)} → {_side(b)}" for a, b in self.areas]
        if self.body:
            lines.append("Nội dung: " + " ".join(_plain(segment) for segment in self.body))
        return "\n".join(lines)


def _side(text: str) -> str:
    return text or "(không có)"


def _plain(segment: Segment) -> str:
    if segment.op == "delete":
        return f"[-{segment.text}-]"
    if segment.op == "insert":
        return f"{{+{segment.text}+}}"
    return segment.text


def pairs(before: tuple[str, ...], after: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """What disappeared paired, in order, with what appeared: "450 triệu USD" → "540 triệu
    USD"; an unmatched one is paired with ``""``. Values present in both are not changes."""
    gone = [value for value in before if value not in after]
    came = [value for value in after if value not in before]
    width = max(len(gone), len(came))
    gone += [""] * (width - len(gone))
    came += [""] * (width - len(came))
    return tuple(zip(gone, came, strict=True))


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> tuple[Segment, ...]:
    """Word-level diff (``difflib``): a corrected figure reads as one word swapped, not as two
    whole paragraphs, which is what a line diff of a one-paragraph page shows."""
    before, after = old.split(), new.split()
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(
                Segment("equal", _elide(before[i1:i2], context, i1 == 0, i2 == len(before)))
            )
            continue
        if i2 > i1:
            segments.append(Segment("delete", " ".join(before[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", " ".join(after[j1:j2])))
    if all(segment.op == "equal" for segment in segments):
        return ()
    return tuple(segment for segment in segments if segment.text)


def _elide(words: list[str], context: int, first: bool, last: bool) -> str:
    """Unchanged words around a change: ``context`` on each side that touches one."""
    head = [] if first else words[:context]
    tail = [] if last else words[-context:]
    if len(head) + len(tail) >= len(words):
        return " ".join(words)
    return " ".join([*head, "…", *tail]).strip()


def _texts(facts: Facts | None, kind: str) -> tuple[str, ...]:
    values: tuple[Any, ...] = getattr(facts, kind) if facts is not None else ()
    return tuple(value.text for value in values)


def _changed_texts(old: Version, new: Version) -> list[str] | None:
    """The text fields the publisher changed; ``None`` when this is no edit at all.

    Facts that differ over the same text are a re-extraction (``newswatch index refacts``, a
    newer ``facts_version``), not an edit: nothing is recorded for them.
    """
    texts = [
        name for name in ("title", "summary", "body") if getattr(old, name) != getattr(new, name)
    ]
    if not texts and (old.facts == new.facts or old.facts_version != new.facts_version):
        return None
    return texts


def material_edit(old: Version, new: Version) -> bool | None:
    """``revision(...).material`` without the body diff (what a store write needs to know,
    cheaply); ``None`` when this is no edit."""
    if _changed_texts(old, new) is None:
        return None
    amounts = pairs(_texts(old.facts, "amounts"), _texts(new.facts, "amounts"))
    return old.title != new.title or bool(amounts)


def revision(old: Version, new: Version, fetched_at: datetime) -> Revision | None:
    """The revision from ``old`` to ``new``, or None when the publisher changed nothing."""
    texts = _changed_texts(old, new)
    if texts is None:
        return None
    amounts = pairs(_texts(old.facts, "amounts"), _texts(new.facts, "amounts"))
    areas = pairs(_texts(old.facts, "areas"), _texts(new.facts, "areas"))
    changed = texts + ["facts"] * (old.facts != new.facts)
    title = (old.title, new.title) if "title" in texts else None
    return Revision(
        fetched_at=fetched_at,
        changed_fields=tuple(changed),
        title=title,
        amounts=amounts,
        areas=areas,
        body=word_diff(f"{old.summary}\n{old.body}", f"{new.summary}\n{new.body}"),
        material=title is not None or bool(amounts),
    )
