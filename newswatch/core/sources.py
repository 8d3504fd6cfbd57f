"""The ``[[sources]]`` tables: one news site each, and the strict base every config table
shares (kept apart from ``settings`` so each file stays one screenful of concerns)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


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


class Source(Section):
    """One news site: where to discover articles and how to recognise them."""

    name: str
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
    max_pages: int = 3
    always_relevant: bool = False
    language: str = "vi"
    selectors: Selectors = Field(default_factory=Selectors)
    notes: str = ""
