"""What one crawl run did: printed by ``newswatch crawl`` and recorded by the scheduler.

The counters themselves are defined once in ``newswatch.core.counters``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from newswatch.core.counters import CrawlCounters

RunStatus = Literal["ok", "partial", "failed", "timeout", "killed"]


@dataclass(kw_only=True)
class CrawlSummary(CrawlCounters):
    sources: list[str] = field(default_factory=list)
    error_kinds: dict[str, int] = field(default_factory=dict)
    """e.g. ``{"http_404": 2, "not_html": 1, "timeout": 1, "too_large": 1}``."""
    status: RunStatus = "ok"
    health: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per source: pages, extracted, kept, filled per field, body_chars (``crawler.health``)."""
    warnings: list[str] = field(default_factory=list)
    """Sources whose yield or field fill rate collapsed against their previous runs."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlSummary:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
