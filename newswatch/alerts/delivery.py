"""What one alert message carries: the contract between the outbox and the channel senders."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, Literal

from newswatch.core.errors import DeliveryError as DeliveryError
from newswatch.core.errors import PeerUnreachable as PeerUnreachable
from newswatch.core.facts import Facts, facts_from_dict
from search.backend import Hit

Mode = Literal["instant", "digest"]
_MARK_TAG = re.compile(r"</?mark>")


@dataclass(frozen=True)
class AlertArticle:
    """A matched article as it was when it matched: the outbox keeps this snapshot, so sending
    later needs neither the backend nor the article to still look the same."""

    id: str
    title: str
    url: str
    source: str
    published_at: datetime | None
    snippet: str
    """HTML-safe, matched words in ``<mark>`` (the backend's ``Hit.snippet``)."""
    facts: Facts | None = None
    """Zones, amounts, countries, events… as stored with the article (``None``: not computed)."""
    story_id: str | None = None
    sources: tuple[str, ...] = ()
    """When the alert stands for a story: every source that printed it (this one first)."""
    revision: int | None = None
    """Set when this is the notice of a material edit of an article alerted before: the
    revision's ``seq`` (``newswatch.alerts.edits``); ``None`` for a new article."""
    edit: str = ""
    """What the edit changed, as plain lines (``Revision.diff``)."""

    @property
    def key(self) -> str:
        """The outbox key: the article, or the article's revision, so each edit is told once
        and never blocked by (nor blocking) the article's own alert."""
        return self.id if self.revision is None else f"{self.id}#rev{self.revision}"

    @classmethod
    def from_hit(cls, hit: Hit) -> AlertArticle:
        sources = tuple(dict.fromkeys([hit.source, *(v.source for v in hit.versions)]))
        return cls(
            hit.id,
            hit.title,
            hit.url,
            hit.source,
            hit.published_at,
            hit.snippet,
            hit.facts,
            hit.story_id,
            sources if hit.versions else (),
        )

    def to_json(self) -> dict[str, Any]:
        published = self.published_at.isoformat() if self.published_at else None
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "published_at": published,
            "snippet": self.snippet,
            "facts": self.facts.to_dict() if self.facts is not None else None,
            **({"revision": self.revision, "edit": self.edit} if self.revision else {}),
            "story_id": self.story_id,
            "sources": list(self.sources),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AlertArticle:
        published = data.get("published_at")
        return cls(
            id=data["id"],
            title=data["title"],
            url=data["url"],
            source=data["source"],
            published_at=datetime.fromisoformat(published) if published else None,
            snippet=data.get("snippet", ""),
            facts=facts_from_dict(data["facts"]) if data.get("facts") else None,
            revision=data.get("revision"),
            edit=data.get("edit", ""),
            story_id=data.get("story_id"),
            sources=tuple(data.get("sources") or ()),
        )


@dataclass(frozen=True)
class Delivery:
    """One message to one channel: a single article (instant) or a group (digest)."""

    rule: str
    query: str
    mode: Mode
    channel: str
    articles: tuple[AlertArticle, ...]
    row_ids: tuple[int, ...] = ()

    @property
    def delivery_id(self) -> str:
        """Stable across retries, so a receiver can drop the rare duplicate (see ``outbox``)."""
        key = "\n".join([self.rule, self.channel, *sorted(a.key for a in self.articles)])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def channel_kind(channel: str) -> Literal["email", "webhook"]:
    """Webhook targets are http(s) URLs; everything else is an e-mail address."""
    lowered = channel.lower()
    return "webhook" if lowered.startswith(("http://", "https://")) else "email"


def local_time(moment: datetime | None, tz: tzinfo) -> str:
    """``16/01/2021 10:30`` in the newsroom's timezone, the way Vietnamese readers write it."""
    return moment.astimezone(tz).strftime("%d/%m/%Y %H:%M") if moment else "không rõ thời gian"


def plain_snippet(snippet: str, mark: str = "*") -> str:
    """The HTML snippet as plain text, highlighted words wrapped in ``mark``."""
    return html.unescape(_MARK_TAG.sub(mark, snippet))


def sources_line(article: AlertArticle) -> str:
    """Who printed it: the story's sources when the alert stands for a story."""
    if len(article.sources) > 1:
        return f"{len(article.sources)} nguồn: {', '.join(article.sources)}"
    return article.source


def facts_line(article: AlertArticle) -> str:
    """The article's facts in one plain line for a reader ("" when it has none)."""
    facts = article.facts
    if facts is None:
        return ""
    parts = [
        ("Khu", [zone.name for zone in facts.zones]),
        ("Vốn", [amount.text for amount in facts.amounts]),
        ("Nhà đầu tư từ", list(facts.countries)),
        ("Sự kiện", list(facts.events)),
    ]
    return " · ".join(f"{label}: {', '.join(values)}" for label, values in parts if values)
