"""The ``[[sources]]`` tables: one news site each, and the strict base every config table
shares (kept apart from ``settings`` so each file stays one screenful of concerns)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

DateOrder = Literal["auto", "day_first", "month_first"]
"""How a site prints numeric dates: ``auto`` learns it from the dates themselves."""


class Section(BaseModel):
    """A config table: unknown keys are errors, so a typo never silently does nothing."""

    model_config = ConfigDict(extra="forbid")


class Selectors(Section):
    """Per-source CSS (or ``xpath:``-prefixed XPath) overrides where the generic path is wrong."""

    title: str | None = None
    summary: str | None = None
    body: str | None = None
    authors: str | None = None
    published_at: str | None = None
    section: str | None = None
    tags: str | None = None

    @field_validator("*")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        # A typo in a selector should fail at config load, not as a crawl-time error per page.
        if value is not None:
            from newswatch.core.selectors import compile_selector

            compile_selector(value)
        return value


class Layout(Section):
    """One version of a site's article markup. A redesign adds a layout instead of replacing
    the selectors, so pages of the old design (archives, late edits) keep parsing: the newest
    layout whose ``match`` selector finds something on the page is the one used."""

    version: int
    match: str
    since: str = Field(default="", description="When this markup was first seen (ISO date).")
    selectors: Selectors = Field(default_factory=Selectors)
    notes: str = ""

    @field_validator("match")
    @classmethod
    def _compiles(cls, value: str) -> str:
        from newswatch.core.selectors import compile_selector

        compile_selector(value)
        return value


class Evidence(Section):
    """Where a catalogue fact was confirmed and when: a fact without a source is a guess."""

    fact: str
    where: str
    checked: str


class Source(Section):
    """One news site: where to discover articles and how to recognise them."""

    name: str
    enabled: bool = Field(
        default=True, description="false keeps a bundled source out of this configuration."
    )
    allowed_domains: list[str]
    feeds: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    start_urls: list[str] = Field(default_factory=list)
    search_urls: list[str] = Field(
        default_factory=list,
        description="Site-search URL templates with {query}; one request per keyword.",
    )
    search_keywords: list[str] = Field(default_factory=list)
    article_url_pattern: str | None = None
    pagination_pattern: str | None = None
    max_pages: int = Field(
        default=50,
        description="Safety bound on listing pages per start URL; paging normally stops at "
        "the first page with nothing new or nothing recent enough.",
    )
    always_relevant: bool = False
    language: str = "vi"
    feed_date_order: DateOrder = Field(
        default="auto",
        description="How the site's feeds print numeric dates; auto learns it per feed.",
    )
    selectors: Selectors = Field(default_factory=Selectors)
    layouts: list[Layout] = Field(default_factory=list)
    notes: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
