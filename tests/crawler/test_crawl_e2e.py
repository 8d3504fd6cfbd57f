"""End to end: ``newswatch crawl`` (a real Scrapy process) against the replay sites, twice.

The first crawl must store exactly the relevant articles each site's expected.json lists, once
each, with correct aware dates, count every filtered article and bad input, and never request
what robots.txt forbids; the second must fetch no known article again and re-read feeds and
listings conditionally; a third, after every feed and listing changed (validators forgotten, so
all are read in full), must still fetch no stored article, not even one linked by a URL other
than its canonical one. Crawls run as child processes (the Twisted reactor cannot restart).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import delete

from crawler.crawl_state_db import crawl_state_t
from crawler.summary import CrawlSummary
from newswatch.core.article import Article
from newswatch.core.paths import crawl_state_dir
from newswatch.core.settings import Settings, StateSettings
from newswatch.core.state_db import open_engine
from search.sqlite.store import SqliteBackend
from tests.servers.child import newswatch
from tests.servers.postgres import fresh_database
from tests.servers.replay_server import LoggedRequest, ReplaySites, default_sites_root
from tests.servers.sites import replay_settings_for, replay_sites  # noqa: F401

SITES = [
    "vnexpress",
    "baohaiphong",
    "baodautu",
    "vir",
    "heza",
    "haiphong-gov",
    "vneconomy",
    "cafef",
    "vietnamplus",
    "baochinhphu",
]


def expected(site: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((default_sites_root() / site / "expected.json").read_text())
    return data


def paths_expecting(site: str, outcome: str) -> set[str]:
    return {a["path"] for a in expected(site)["articles"] if a["expect"] == outcome}


@dataclass
class Run:
    summary: CrawlSummary
    requests: dict[str, list[LoggedRequest]]
    output: str


@dataclass
class TwoCrawls:
    settings: Settings
    first: Run
    second: Run
    third: Run
    articles: list[Article]
    workdir: Path


def crawl_once(sites: ReplaySites, settings: Settings, workdir: Path, name: str) -> Run:
    before = {site: len(sites[site].log) for site in SITES}
    summary_path = workdir / f"{name}.json"
    done = newswatch(settings, workdir, "crawl", "--summary-json", str(summary_path))
    assert done.returncode == 0, done.stdout + done.stderr
    summary = CrawlSummary.from_dict(json.loads(summary_path.read_text()))
    requests = {site: sites[site].log[before[site] :] for site in SITES}
    return Run(summary, requests, done.stdout + done.stderr)


def forget_validators(settings: Settings) -> None:
    """As if every feed and listing had changed: all are read in full."""
    if settings.state.url is None:
        for validators in crawl_state_dir(settings).glob("*.validators.json"):
            validators.unlink()
        return
    engine = open_engine(settings.state.url)
    with engine.begin() as connection:
        connection.execute(delete(crawl_state_t).where(crawl_state_t.c.kind == "validators"))
    engine.dispose()


@pytest.fixture(scope="module", params=["files", "postgres"])
def crawls(
    request: pytest.FixtureRequest,
    replay_sites: ReplaySites,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> TwoCrawls:
    """The same three crawls with crawl state in JSON files and in PostgreSQL."""
    workdir = tmp_path_factory.mktemp("e2e")
    settings = replay_settings_for(replay_sites, workdir)
    if request.param == "postgres":
        url = fresh_database(request.getfixturevalue("pg_server"))
        settings = settings.model_copy(update={"state": StateSettings(url=url)})
    first = crawl_once(replay_sites, settings, workdir, "first")
    second = crawl_once(replay_sites, settings, workdir, "second")
    if settings.state.url is not None:  # the state went to the database, not to files
        assert not list(settings.crawl.state_dir.rglob("*.json"))
    forget_validators(settings)
    third = crawl_once(replay_sites, settings, workdir, "third")
    store = SqliteBackend(settings.storage.path, settings.crawl.tz)
    try:
        articles = store.stored_after(None, limit=1000).articles
    finally:
        store.close()
    return TwoCrawls(settings, first, second, third, articles, workdir)


def stored_paths(crawls: TwoCrawls, site: str) -> list[str]:
    return [urlsplit(a.canonical_url).path for a in crawls.articles if a.source == site]


def requested_paths(run: Run, site: str) -> list[str]:
    return [r.path for r in run.requests[site]]


@pytest.mark.parametrize("site", SITES)
def test_first_crawl_stores_exactly_the_relevant_articles_once(
    crawls: TwoCrawls, site: str
) -> None:
    stored = stored_paths(crawls, site)
    # A page whose charset lies may be decoded by a fallback (then stored, its title checked
    # below) or skipped with a logged reason: both are correct.
    either_way = paths_expecting(site, "bad_charset")

    assert len(stored) == len(set(stored))
    assert set(stored) - either_way == paths_expecting(site, "stored")


@pytest.mark.parametrize("site", SITES)
def test_tracking_url_copies_are_never_fetched(crawls: TwoCrawls, site: str) -> None:
    requested = requested_paths(crawls.first, site)

    for duplicate in expected(site)["duplicates"]:
        assert duplicate["path"] not in requested
        assert requested.count(duplicate["duplicate_of"]) == 1


@pytest.mark.parametrize("site", SITES)
def test_robots_disallowed_and_out_of_reach_pages_are_never_requested(
    crawls: TwoCrawls, site: str
) -> None:
    requested = {urlsplit(p).path for p in requested_paths(crawls.first, site)}
    forbidden = set(expected(site)["never_requested"]) | paths_expecting(site, "disallowed")

    assert requested & forbidden == set()


def test_publication_dates_are_the_sites_instants_as_aware_datetimes(
    crawls: TwoCrawls,
    replay_sites: ReplaySites,  # noqa: F811
) -> None:
    checked = 0
    for site in SITES:
        ago = {a["path"]: a["published_ago"] for a in expected(site)["articles"]}
        started = replay_sites[site].started
        for article in (a for a in crawls.articles if a.source == site):
            offset = ago[urlsplit(article.canonical_url).path]
            truth = started - timedelta(days=offset["days"], hours=offset["hours"])
            assert article.published_at is not None and article.published_at.utcoffset() is not None
            # Some pages print minutes only (or the day only, as WordPress feeds' lists do).
            assert abs(article.published_at - truth) < timedelta(minutes=1), article.url
            checked += 1
    assert checked == len(crawls.articles)


def test_titles_come_out_nfc_even_from_decomposed_or_mislabelled_pages(
    crawls: TwoCrawls,
) -> None:
    titles = {a["path"]: a["title"] for a in expected("baohaiphong")["articles"]}
    for article in (a for a in crawls.articles if a.source == "baohaiphong"):
        assert article.title == titles[urlsplit(article.canonical_url).path]
        assert "\ufffd" not in article.title + article.text


def test_off_topic_articles_are_counted_as_filtered_not_stored(crawls: TwoCrawls) -> None:
    off_topic = sum(len(paths_expecting(site, "off_topic")) for site in SITES)

    assert crawls.first.summary.filtered >= off_topic
    assert crawls.first.summary.duplicates >= sum(len(expected(s)["duplicates"]) for s in SITES)


def test_every_bad_input_is_a_counted_outcome_and_the_crawl_goes_on(crawls: TwoCrawls) -> None:
    kinds = crawls.first.summary.error_kinds

    # Bad pages are failures of single requests: every source is still crawled, so the run is
    # ``partial`` (exit 0), not ``failed``.
    assert crawls.first.summary.status == "partial"
    assert crawls.first.summary.failed_sources() == []
    assert set(crawls.first.summary.error_examples) == set(kinds)
    assert kinds.get("too_large") == 1
    assert kinds.get("not_html") == 2  # the PDF and the PNG
    assert kinds.get("redirect_loop") == 1
    assert kinds.get("http_404") == 1
    assert kinds.get("http_500") == 1
    assert kinds.get("timeout") == 1
    assert crawls.first.summary.errors == sum(kinds.values())


@pytest.mark.parametrize("run", ["second", "third"])
def test_later_crawls_fetch_no_known_article_again(crawls: TwoCrawls, run: str) -> None:
    later: Run = getattr(crawls, run)
    for site in SITES:
        known = set(stored_paths(crawls, site))
        again = [p for p in requested_paths(later, site) if urlsplit(p).path in known]
        assert again == [], site
    assert later.summary.new == 0


def test_a_link_to_a_variant_is_fetched_once_and_stored_under_its_canonical_url(
    crawls: TwoCrawls,
) -> None:
    variants = expected("vir")["canonical_variants"]
    third_listings = [r for r in crawls.third.requests["vir"] if r.path == "/investing.html"]

    assert variants and [r.status for r in third_listings] == [200]  # the link was seen again
    for variant in variants:
        assert requested_paths(crawls.first, "vir").count(variant["path"]) == 1
        assert variant["canonical"] in stored_paths(crawls, "vir")
        assert variant["path"] not in requested_paths(crawls.third, "vir")


@pytest.mark.parametrize("site", SITES)
def test_second_crawl_rereads_feeds_and_listings_conditionally(
    crawls: TwoCrawls, site: str
) -> None:
    for path in expected(site)["conditional_on_recrawl"]:
        rereads = [r for r in crawls.second.requests[site] if urlsplit(r.path).path == path]
        assert rereads and all(r.conditional for r in rereads), path


def test_not_modified_answers_are_counted_not_errors(crawls: TwoCrawls) -> None:
    assert crawls.second.summary.not_modified > 0
    assert "http_304" not in crawls.second.summary.error_kinds


def test_search_finds_the_crawled_articles(crawls: TwoCrawls) -> None:
    done = newswatch(crawls.settings, crawls.workdir, "search", "--json", "hai phong")

    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["total"] > 0
    assert {r["url"] for r in found["results"]} <= {a.url for a in crawls.articles}


def test_fetched_too_old_articles_are_counted_apart_from_off_topic_ones(
    crawls: TwoCrawls,
) -> None:
    def fetched(outcome: str) -> int:
        return sum(
            len(paths_expecting(site, outcome) & set(requested_paths(crawls.first, site)))
            for site in SITES
        )

    assert crawls.first.summary.too_old == fetched("too_old") > 0
    assert crawls.first.summary.filtered == fetched("off_topic")
