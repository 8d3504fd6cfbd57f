"""Response models per resource: what the OpenAPI document promises and every route returns.

Instants are expressed in the configured timezone (``+07:00`` for Hải Phòng), so the page can
show the newsroom's wall-clock time straight from the string, with no timezone database.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from newswatch.alerts.delivery import AlertArticle
from newswatch.core.counters import COUNTER_NAMES, meaning
from search.backend import Hit, SearchResult, SortOrder

QUERY_HELP = (
    'Search syntax: words are ANDed; `|` is OR; `-word` excludes; `"exact phrase"`; '
    "`prefix*`; parentheses group. Accents are optional: `hai phong` finds `Hải Phòng`. "
    "Empty = every article (useful with a date range)."
)
HARD_MAX_PAGE_SIZE = 100
"""The ceiling whatever ``[api] max_page_size`` says; the configured bound applies below it."""


DAY_OR_INSTANT: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "format": "date-time"},
        {"type": "null"},
    ]
}
"""Documented as dates (what clients and fuzzers should send); parsed by ``resolve_range``,
which also takes a naive date-time as local time and explains anything else."""


class RangeParams(BaseModel):
    """``from``/``to`` exactly as ``newswatch search --from/--to`` reads them."""

    start: str | None = Field(
        None,
        alias="from",
        description="Earliest day (YYYY-MM-DD, local) or ISO 8601 instant.",
        json_schema_extra=DAY_OR_INSTANT,
    )
    end: str | None = Field(
        None,
        alias="to",
        description="Last day, inclusive (YYYY-MM-DD), or ISO 8601 instant.",
        json_schema_extra=DAY_OR_INSTANT,
    )


class SearchParams(RangeParams):
    q: str = Field("", description=QUERY_HELP)
    source: list[str] = Field(default_factory=list, description="Only these sources (repeat).")
    sort: SortOrder = Field("relevance", description="relevance, or date (newest first).")
    size: int = Field(20, ge=1, le=HARD_MAX_PAGE_SIZE, description="Results per page.")
    page_token: str | None = Field(None, description="next_page_token of the previous page.")
    zone: list[str] = Field(
        default_factory=list, description='Naming this zone, aliases too (repeat; "Đình Vũ").'
    )
    country: list[str] = Field(
        default_factory=list, description="Investor country, ISO 3166-1 alpha-2 (repeat)."
    )
    event: list[str] = Field(
        default_factory=list, description="new_project, capital_increase, … (repeat)."
    )
    min_usd: float | None = Field(None, description="Some amount reaches this many USD.")
    collapse: Literal["story"] | None = Field(
        None, description="story: one hit per story (its earliest copy), copies listed."
    )


class ErrorOut(BaseModel):
    """Every error body (RFC 9457 problem details): one human-readable sentence in ``detail``."""

    type: str = Field("about:blank", description="about:blank: the status says what it is.")
    title: str = Field(description="The HTTP status phrase, e.g. Unprocessable Content.")
    status: int
    detail: str
    errors: list[str] = Field(default_factory=list, description="One line per invalid parameter.")


class MatchOut(BaseModel):
    """An article as a result list shows it."""

    id: str
    url: str
    title: str
    source: str
    published_at: datetime | None
    snippet: str = Field(description="HTML-escaped text; matched words wrapped in <mark>.")


class VersionOut(BaseModel):
    """One copy of a story: which source printed it, where, under what title, when."""

    id: str
    source: str
    url: str
    title: str
    published_at: datetime | None


class HitOut(MatchOut):
    score: float
    facts: dict[str, Any] | None = Field(
        description="Zones, amounts (with USD), areas, countries, companies, events; "
        "null if not yet computed (`newswatch index refacts`)."
    )
    story_id: str | None = Field(
        None, description="The story this article belongs to; null before `index restory`."
    )
    version_count: int = Field(1, description="collapse=story: copies of the story matching.")
    versions: list[VersionOut] = Field(
        default_factory=list,
        description="collapse=story: the matching copies, earliest first (at most 100).",
    )


class SearchOut(BaseModel):
    total: int = Field(
        description="Articles (collapse=story: stories) matching the whole query, not just "
        "this page."
    )
    hits: list[HitOut]
    per_day: dict[str, int] = Field(description="Local day (YYYY-MM-DD) → matching articles.")
    per_source: dict[str, int]
    per_zone: dict[str, int] = Field(description="Zone (canonical name) → matching articles.")
    per_country: dict[str, int] = Field(description="Investor country (ISO code) → articles.")
    per_event: dict[str, int] = Field(description="Event kind → matching articles.")
    next_page_token: str | None = Field(
        description="Pass as page_token for the next page; null on the last page."
    )


class SourceRunOut(BaseModel):
    """One crawl of one source (``crawler.health``): what it fetched, how full the fields were."""

    at: str = Field(description="When the crawl ended (UTC ISO 8601).")
    pages: int
    extracted: int
    kept: int
    fill: dict[str, float | None] = Field(
        description="Share of extracted articles with title, published_at, authors, body."
    )


class SourceOut(BaseModel):
    name: str
    configured: bool = Field(description="False for a source that only exists in storage.")
    allowed_domains: list[str]
    stored: int
    warnings: list[str] = Field(
        default_factory=list, description="What the last crawl found worse than usual."
    )
    recent_runs: list[SourceRunOut] = Field(
        default_factory=list, description="The source's last crawls, newest first."
    )


class StatsOut(BaseModel):
    total: int
    per_source: dict[str, int]
    per_day: dict[str, int]


_COUNTER_FIELDS: dict[str, Any] = {
    name: (int, Field(0, description=meaning(name))) for name in COUNTER_NAMES
}
_RunCounters: Any = create_model("RunCounters", **_COUNTER_FIELDS)
"""The crawl counters of ``newswatch.core.counters``, as API fields."""


class RunOut(_RunCounters):  # type: ignore[misc]
    """One crawl run as the scheduler recorded it (times are UTC ISO 8601)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    job_id: str
    sources: list[str]
    status: str = Field(description="running, ok, partial, failed, timeout, killed or skipped")
    started_at: str
    ended_at: str | None
    error_kinds: dict[str, int]
    outcomes: dict[str, str] = Field(
        default_factory=dict, description="Each source's own status: ok, partial or failed"
    )
    warnings: list[str] = Field(default_factory=list, description="Source-health warnings.")
    message: str


class HealthOut(BaseModel):
    status: str = Field(
        description="ok; degraded (the store answers but its data is stale: see reasons); "
        "unavailable (503: the store cannot be read)"
    )
    backend: str
    articles: int | None = None
    queued: int | None = Field(
        default=None, description="Articles waiting in the local queue for Elasticsearch"
    )
    detail: str | None = None
    reasons: list[str] = Field(
        default_factory=list,
        description="Why degraded: a source whose last crawl failed, or none succeeded for a day",
    )
    stale_sources: list[str] = Field(
        default_factory=list,
        description="The sources those reasons are about (the page names them)",
    )


class ChannelOutcome(BaseModel):
    channel: str
    sent: bool
    error: str | None = None


class AlertTestOut(BaseModel):
    rule: str
    days: int
    matches: list[MatchOut]
    deliveries: list[ChannelOutcome] = Field(description="Empty unless send=true.")


class FeedLinkOut(BaseModel):
    rule: str
    public: bool = Field(description="Readable without a key (the rule's public_feed).")
    url: str = Field(description="The Atom feed's address; a private rule's includes its key.")


def local(moment: datetime | None, tz: tzinfo) -> datetime | None:
    return moment.astimezone(tz) if moment is not None else None


def _listed(item: Hit | AlertArticle, tz: tzinfo) -> dict[str, Any]:
    return {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "source": item.source,
        "published_at": local(item.published_at, tz),
        "snippet": item.snippet,
    }


def match_out(article: AlertArticle, tz: tzinfo) -> MatchOut:
    return MatchOut(**_listed(article, tz))


def hit_out(hit: Hit, tz: tzinfo) -> HitOut:
    facts = hit.facts.to_dict() if hit.facts is not None else None
    versions = [
        VersionOut(
            id=v.id,
            source=v.source,
            url=v.url,
            title=v.title,
            published_at=local(v.published_at, tz),
        )
        for v in hit.versions
    ]
    return HitOut(
        **_listed(hit, tz),
        score=hit.score,
        facts=facts,
        story_id=hit.story_id,
        version_count=hit.version_count,
        versions=versions,
    )


def search_out(result: SearchResult, tz: tzinfo) -> SearchOut:
    return SearchOut(
        total=result.total,
        hits=[hit_out(hit, tz) for hit in result.hits],
        per_day=result.per_day,
        per_source=result.per_source,
        per_zone=result.per_fact.get("zone", {}),
        per_country=result.per_fact.get("country", {}),
        per_event=result.per_fact.get("event", {}),
        next_page_token=result.next_page_token,
    )
