"""Extraction pages/s: ``crawler.extract.extract_article`` vs. trafilatura on the same pages.

The pages are the replay sites' article pages (fetched once from a running ``serve_sites``, so
their dates are rendered exactly as a crawl sees them) plus the stored extraction fixtures.
Both extractors run over every page in each round, alternating which goes first, so machine
noise hits both alike. The baseline is ``trafilatura.bare_extraction(with_metadata=True)``,
i.e. body plus title/date/author metadata. Speed alone hides that ours reads more (JSON-LD,
bylines, the date to the minute in the site's time zone), so a quality line counts the titles
and publication dates each got right on the pages whose truth is known.
"""

from __future__ import annotations

import contextlib
import json
import logging
import statistics
import tempfile
import time
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import trafilatura

from crawler.extract import ExtractionError, extract_article
from crawler.sources import bundled
from newswatch.core.article import Article
from newswatch.core.settings import Settings, Source
from tests.servers.replay_config import replay_settings_for
from tests.servers.replay_server import SITE_TZ, ReplaySite, default_sites_root, serve_sites

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "extract"
NOW = datetime.now(UTC).replace(microsecond=0)  # fetch time for fixtures that record none
OURS, THEIRS = "newswatch extract_article", "trafilatura bare_extraction"


@dataclass(frozen=True)
class Page:
    """One page as a crawler would hand it over, with the truth where someone wrote it down."""

    name: str
    html: bytes
    url: str
    fetched_at: datetime
    source: Source | None = None
    content_type: str | None = None
    title: str | None = None
    published: datetime | None = None  # naive: only the day is known for sure


@dataclass(frozen=True)
class Guess:
    title: str | None
    published: datetime | date | None  # trafilatura gives a day, ours a moment


def _get(url: str) -> tuple[bytes, str | None]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), response.headers.get("Content-Type")


def _fetch(url: str) -> tuple[bytes, str | None]:
    for _ in range(2):  # flaky routes answer 503 before they answer 200
        with contextlib.suppress(urllib.error.HTTPError):
            return _get(url)
    return _get(url)


def _site_pages(site: ReplaySite, settings: Settings) -> Iterator[Page]:
    expected = json.loads((site.directory / "expected.json").read_text("utf-8"))
    source = settings.source(expected.get("source", site.name))
    for article in expected.get("articles", []):
        ago = article.get("published_ago")
        published = (
            site.started - timedelta(days=ago.get("days", 0), hours=ago.get("hours", 0))
            if ago
            else None
        )
        html, content_type = _fetch(site.url(article["path"]))
        yield Page(
            f"{site.name}{article['path']}",
            html,
            site.url(article["path"]),
            datetime.now(SITE_TZ),
            source=source,
            content_type=content_type,
            title=article.get("title"),
            published=published,
        )


def replay_pages(root: Path | None = None) -> list[Page]:
    """The article pages every replay site lists in its expected.json, as served."""
    root = root or default_sites_root()
    with tempfile.TemporaryDirectory() as tmp, serve_sites(root, slow_seconds=0.001) as sites:
        settings = replay_settings_for(sites, Path(tmp), root=root)
        return [
            page
            for site in sites.sites.values()
            if (site.directory / "expected.json").is_file()
            for page in _site_pages(site, settings)
        ]


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def configured_source(given: str | dict[str, Any] | None) -> Source | None:
    """A fixture page's source as its ``.meta.json`` writes it: a bundled catalogue name (site
    markup lives in the catalogue), an ad-hoc source table, or none."""
    if isinstance(given, str):
        return Source.model_validate(bundled()[given])
    return Source(**given) if given else None


def fixture_pages(root: Path = FIXTURES) -> list[Page]:
    """tests/fixtures/extract: hand-written site pages, the vn ground truth, newspaper4k."""
    pages = []
    for html in sorted((root / "sites").glob("*.html")):
        meta = json.loads(html.with_suffix(".meta.json").read_text("utf-8"))
        truth = json.loads(html.with_suffix(".json").read_text("utf-8"))
        source = configured_source(meta.get("source"))
        pages.append(
            Page(
                html.stem,
                html.read_bytes(),
                meta["url"],
                datetime.fromisoformat(meta["fetched_at"]),
                source=source,
                title=truth.get("title"),
                published=_moment(truth.get("published_at")),
            )
        )
    for entry in json.loads((root / "vn" / "ground_truth.json").read_text("utf-8")):
        if entry["kind"] != "rss":
            raw = (root / "vn" / entry["file"]).read_bytes()
            title, published = entry.get("title"), _moment(entry.get("date_published"))
            pages.append(
                Page(entry["file"], raw, entry["url"], NOW, title=title, published=published)
            )
    for html in sorted((root / "newspaper4k" / "html").glob("*.html")):
        meta = json.loads((root / "newspaper4k" / "metadata" / f"{html.stem}.json").read_text())
        title, published = meta.get("title"), _moment(meta.get("publish_date"))
        pages.append(
            Page(html.stem, html.read_bytes(), meta["url"], NOW, title=title, published=published)
        )
    return pages


def article_of(page: Page, tz: ZoneInfo = SITE_TZ) -> Article | None:
    """Our extractor on ``page`` as a crawl would call it; None when it is no article."""
    try:
        return extract_article(
            page.html,
            page.url,
            tz=tz,
            fetched_at=page.fetched_at,
            source=page.source,
            content_type=page.content_type,
        )
    except ExtractionError:
        return None


def ours(page: Page, tz: ZoneInfo = SITE_TZ) -> Guess | None:
    article = article_of(page, tz)
    return Guess(article.title, article.published_at) if article else None


def theirs(page: Page) -> Guess | None:
    doc = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True, as_dict=True)
    if not isinstance(doc, dict):
        return None
    day = date.fromisoformat(doc["date"][:10]) if doc.get("date") else None
    return Guess(doc.get("title"), day)


def _same_text(a: str | None, b: str | None) -> bool:
    def norm(s: str | None) -> str:
        return " ".join(unicodedata.normalize("NFC", s or "").split())

    return bool(a) and norm(a) == norm(b)


def _day(moment: datetime | date, like: datetime) -> date:
    """The calendar day of ``moment`` where the truth ``like`` was written down."""
    if isinstance(moment, datetime):
        if like.tzinfo is not None and moment.tzinfo is not None:
            moment = moment.astimezone(like.tzinfo)
        return moment.date()
    return moment


def _title_right(page: Page, guess: Guess | None) -> bool:
    return guess is not None and _same_text(guess.title, page.title)


def _day_right(page: Page, guess: Guess | None) -> bool:
    """Same calendar day where the truth was written; a truth without a zone (newspaper4k's
    day-only dates) admits the neighbouring day, as its zone is unknown — for both sides."""
    if guess is None or guess.published is None or page.published is None:
        return False
    apart = abs(_day(guess.published, page.published) - page.published.date())
    return apart <= (timedelta(0) if page.published.tzinfo else timedelta(days=1))


def _minute_right(page: Page, guess: Guess | None) -> bool:
    if guess is None or not isinstance(guess.published, datetime) or page.published is None:
        return False
    return abs(guess.published - page.published) < timedelta(minutes=1)


def _scores(pages: list[Page], guesses: list[Guess | None]) -> dict[str, str]:
    pairs = list(zip(pages, guesses, strict=True))

    def score(right: Callable[[Page, Guess | None], bool], known: Callable[[Page], bool]) -> str:
        hits = [right(page, guess) for page, guess in pairs if known(page)]
        return f"{sum(hits)}/{len(hits)}"

    return {
        "titles_right": score(_title_right, lambda p: bool(p.title)),
        "dates_day_right": score(_day_right, lambda p: p.published is not None),
        "dates_minute_right": score(
            _minute_right, lambda p: p.published is not None and p.published.tzinfo is not None
        ),
    }


def _timed(extract: Callable[[Page], Guess | None], pages: list[Page], laps: list[float]) -> float:
    started = time.perf_counter()
    for page in pages:
        begun = time.perf_counter()
        extract(page)
        laps.append(time.perf_counter() - begun)
    return time.perf_counter() - started


def _row(name: str, pages: int, totals: list[float], laps: list[float]) -> dict[str, Any]:
    cuts = statistics.quantiles(laps, n=20)
    return {
        "extractor": name,
        "pages_per_s": pages / min(totals),
        "p50_ms": statistics.median(laps) * 1000,
        "p95_ms": cuts[18] * 1000,
    }


def run(rounds: int = 5) -> dict[str, Any]:
    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # "discarding data" per head-only page
    replay = replay_pages()
    pages = replay + fixture_pages()
    extractors = {OURS: ours, THEIRS: theirs}
    guesses = {name: [extract(p) for p in pages] for name, extract in extractors.items()}  # warm
    totals: dict[str, list[float]] = {name: [] for name in extractors}
    laps: dict[str, list[float]] = {name: [] for name in extractors}
    for r in range(rounds):  # alternate who goes first so drift and GC hit both alike
        order = list(extractors) if r % 2 == 0 else list(reversed(extractors))
        for name in order:
            totals[name].append(_timed(extractors[name], pages, laps[name]))
    speed = [_row(name, len(pages), totals[name], laps[name]) for name in extractors]
    failed = {name: sum(g is None for g in guesses[name]) for name in extractors}
    return {
        "pages": len(pages),
        "replay_pages": len(replay),
        "rounds": rounds,
        "speed": [{**row, "no_article": failed[row["extractor"]]} for row in speed],
        "ratio": speed[0]["pages_per_s"] / speed[1]["pages_per_s"],
        "quality": [{"extractor": n, **_scores(pages, guesses[n])} for n in extractors],
    }
