"""Every golden real page, listing and feed through its source as configured by default.

The source comes from the bundled catalogue via a configuration that says nothing about
sources (what every user gets), so a catalogue fix shows here. Expected values were written by
reading the pages (``tests/golden/README.md``); nothing here was copied from our output.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.discover.feeds import feed_links
from crawler.discover.listings import article_links, article_matcher, next_page
from crawler.extract import extract_article
from crawler.sources import load
from newswatch.core.settings import Settings
from tests.golden import GoldenCase, cases

FETCHED_AT = datetime(2026, 9, 6, tzinfo=UTC)
"""After every capture: the pages were fetched by 2026-09-05 20:45 +07:00."""


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    config = tmp_path_factory.mktemp("config") / "newswatch.toml"
    config.write_text('[storage]\npath = "news.db"\n', encoding="utf-8")
    return load(config)


def _ids(found: list[GoldenCase]) -> list[str]:
    return [case.entry["path"] for case in found]


def _minute(value: datetime | None) -> datetime | None:
    """Pages show the minute; a second from the page's metadata is not a different time."""
    return value.replace(second=0, microsecond=0) if value else None


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _body_paragraphs(text: str, summary: str) -> list[str]:
    """The body's paragraphs, without the lead the stored text opens with."""
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    if paragraphs and summary and paragraphs[0] == summary.strip():
        paragraphs = paragraphs[1:]
    return paragraphs


ARTICLES = cases("article")


@pytest.mark.parametrize("case", ARTICLES, ids=_ids(ARTICLES))
def test_article_page(case: GoldenCase, settings: Settings) -> None:
    source = settings.source(case.source)
    expected = case.expected or {}
    assert article_matcher(source.article_url_pattern).search(case.url), "pattern misses it"
    article = extract_article(
        case.read_text(), case.url, tz=settings.crawl.tz, fetched_at=FETCHED_AT, source=source
    )
    paragraphs = _body_paragraphs(article.text, article.summary)
    got = {
        "title": article.title,
        "summary": article.summary,
        "authors": article.authors,
        "published_at": _minute(article.published_at),
        "section": article.section,
        "tags": article.tags,
        "language": article.language,
        "body_first": paragraphs[0] if paragraphs else None,
        "body_last": paragraphs[-1] if paragraphs else None,
    }
    want = {**expected, "published_at": _instant(expected["published_at"])}
    assert got == want


LISTINGS = cases("listing")


@pytest.mark.parametrize("case", LISTINGS, ids=_ids(LISTINGS))
def test_listing_page(case: GoldenCase, settings: Settings) -> None:
    source = settings.source(case.source)
    expected = case.expected or {}
    html = case.read_text()
    found = article_links(
        html, case.url, pattern=source.article_url_pattern, domains=source.allowed_domains
    )
    assert sorted(found) == sorted(expected["article_links"])
    following = next_page(html, case.url, page=1, pattern=source.pagination_pattern)
    assert following == expected["next_page"]


FEEDS = cases("feed")


@pytest.mark.parametrize("case", FEEDS, ids=_ids(FEEDS))
def test_feed(case: GoldenCase, settings: Settings) -> None:
    source = settings.source(case.source)
    expected = case.expected or {}
    links = feed_links(
        case.read_text().encode("utf-8"),
        case.url,
        tz=settings.crawl.tz,
        date_order=source.feed_date_order,
    )
    got = [(link.url, link.published_at) for link in links]
    want = [(item["url"], _instant(item["published_at"])) for item in expected["items"]]
    assert got == want
    matcher = article_matcher(source.article_url_pattern)
    assert [url for url, _ in got if not matcher.search(url)] == []


def test_every_golden_source_is_bundled(settings: Settings) -> None:
    """A golden page of a source the catalogue lost would silently test nothing."""
    named = {case.source for kind in ("article", "listing", "feed") for case in cases(kind)}
    assert named <= {source.name for source in settings.sources}
