"""What one crawl run did: printed by ``newswatch crawl`` and recorded by the scheduler.

The counters themselves are defined once in ``newswatch.core.counters``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from newswatch.core.counters import CrawlCounters

RunStatus = Literal["ok", "partial", "failed", "timeout", "killed"]
SourceStatus = Literal["ok", "partial", "failed"]


@dataclass(kw_only=True)
class SourceOutcome:
    """How one source's crawl went (the rule: ``crawler.stats.source_status``): ``failed`` when
    no request of it succeeded here nor was taken by another worker, ``partial`` when some
    failed, else ``ok``."""

    responses: int = 0
    """Responses with a status below 400 (304 included): requests that succeeded."""
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    claimed_elsewhere: int = 0
    """With the shared (Redis) frontier and no outcome of the source here: its requests
    another worker did (claimed there first, or claimed here and popped there)."""
    status: SourceStatus = "ok"
    note: str = ""
    """Why an ``ok`` looks odd, e.g. nothing fetched here because another worker took it all."""


@dataclass(kw_only=True)
class CrawlSummary(CrawlCounters):
    sources: list[str] = field(default_factory=list)
    error_kinds: dict[str, int] = field(default_factory=dict)
    """e.g. ``{"http_404": 2, "not_html": 1, "timeout": 1, "too_large": 1}``."""
    error_examples: dict[str, str] = field(default_factory=dict)
    """One URL per error kind, the first that failed that way: what to open to see why."""
    by_source: dict[str, SourceOutcome] = field(default_factory=dict)
    status: RunStatus = "ok"
    health: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per source: pages, extracted, kept, filled per field, body_chars (``crawler.health``)."""
    warnings: list[str] = field(default_factory=list)
    """Sources whose yield or field fill rate collapsed against their previous runs."""

    def failed_sources(self) -> list[str]:
        return [name for name, outcome in self.by_source.items() if outcome.status == "failed"]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlSummary:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["by_source"] = {
            name: SourceOutcome(**outcome) for name, outcome in known.get("by_source", {}).items()
        }
        return cls(**known)
