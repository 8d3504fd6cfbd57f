"""What one crawl run did: printed by ``newswatch crawl`` and recorded by the scheduler."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

RunStatus = Literal["ok", "partial", "failed", "timeout", "killed"]


@dataclass
class CrawlSummary:
    sources: list[str] = field(default_factory=list)
    pages_fetched: int = 0
    new: int = 0
    updated: int = 0
    filtered: int = 0
    """Articles off-topic for ``[topic]``: counted, never stored."""
    too_old: int = 0
    queued: int = 0
    """Stored in the local queue while Elasticsearch was unreachable (see ``index flush``)."""
    """Articles published before ``[crawl] max_age_days`` (found undated or misdated by
    discovery, so fetched): counted apart from ``filtered``, never stored."""
    duplicates: int = 0
    """Article URLs skipped because their id was already stored or seen in this run."""
    not_modified: int = 0
    """Feeds/sitemaps/listings answered 304 to a conditional request: nothing new, no error."""
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    """e.g. ``{"http_404": 2, "not_html": 1, "timeout": 1, "too_large": 1}``."""
    status: RunStatus = "ok"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlSummary:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
