"""Source health over the last crawls, as the CLI and the API show it (one reading, two views)."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.health import HealthHistory, SourceHealth, health_warnings
from newswatch.core.settings import Settings

SHOWN_RUNS = 5


@dataclass(frozen=True)
class SourceReport:
    """A source's last runs (newest first) and what its last run looked worse at."""

    name: str
    runs: list[SourceHealth]
    warnings: list[str]


def health_reports(settings: Settings, shown: int = SHOWN_RUNS) -> list[SourceReport]:
    """Every configured source, in config order, from the crawl's health history."""
    history = HealthHistory(settings.crawl.state_dir, settings.state.url)
    reports = []
    for source in settings.sources:
        runs = history.of(source.name)
        warnings = health_warnings(source.name, runs[-1], runs[:-1]) if runs else []
        reports.append(SourceReport(source.name, runs[::-1][:shown], warnings))
    return reports
