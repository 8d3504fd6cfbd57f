"""The spider's decisions before any article is fetched: which links are new, how far back a
run reaches, and when listing pagination stops."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from twisted.internet.defer import maybeDeferred

from crawler import stats as keys
from crawler.dedupe import article_id
from crawler.discover import Link
from crawler.frontier import OVERLAP, Frontier, attach, frontier_of
from crawler.pipelines.extract import ExtractPipeline
from crawler.pipelines.store import StorePipeline
from crawler.settings import scrapy_settings
from crawler.spiders.news import NewsSpider
from newswatch.core.article import Article
from search.sqlite.store import SqliteBackend

T = TypeVar("T")
SITE = "https://baohaiphong.vn"
NOW = datetime.now(UTC)


def spider_of(crawler: Crawler) -> NewsSpider:
    assert isinstance(crawler.spider, NewsSpider)
    crawler.spider.reads = maybeDeferred  # store reads inline: no reactor runs here
    return crawler.spider


def drain(results: AsyncIterator[T]) -> list[T]:
    """What an async callback yields when nothing it awaits suspends (reads run inline)."""
    items: list[T] = []
    while True:
        try:
            results.__anext__().send(None)  # type: ignore[attr-defined]
        except StopIteration as done:
            items.append(done.value)
        except StopAsyncIteration:
            return items


def stored(backend: SqliteBackend, path: str, published: datetime) -> None:
    url = SITE + path
    backend.upsert(
        [
            Article(
                id=article_id(url),
                url=url,
                canonical_url=url,
                source="baohaiphong",
                title="KCN Đình Vũ",
                published_at=published,
                fetched_at=NOW,
            )
        ]
    )


def listing(page: int, paths: list[str], next_path: str) -> HtmlResponse:
    links = "".join(f'<a href="{p}">x</a>' for p in paths)
    url = f"{SITE}/kinh-te?page={page}"
    body = f'<html><body>{links}<a href="{next_path}">Trang sau</a></body></html>'
    request = Request(url, meta={"source": "baohaiphong", "page": page})
    return HtmlResponse(url, body=body.encode(), encoding="utf-8", request=request)


def test_only_new_on_site_ids_are_requested_and_the_rest_counted(
    news_crawler: Crawler, backend: SqliteBackend
) -> None:
    spider = spider_of(news_crawler)
    stored(backend, "/da-luu-560001.html", NOW)
    links = [
        Link(SITE + "/da-luu-560001.html"),
        Link(SITE + "/moi-560002.html"),
        Link(SITE + "/moi-560002.html?utm_source=facebook&fbclid=x"),
        Link("https://other.example/moi-560003.html"),
    ]

    requests = list(spider.article_requests(spider.sources["baohaiphong"], links))

    assert [r.url for r in requests] == [SITE + "/moi-560002.html"]
    assert news_crawler.stats.get_value(keys.DUPLICATES) == 2


def test_an_article_rejected_in_an_earlier_run_is_not_fetched_again(
    news_crawler: Crawler,
) -> None:
    spider = spider_of(news_crawler)
    spider.frontier.remember_rejected("baohaiphong", SITE + "/lac-de-560004.html")

    requests = spider.article_requests(
        spider.sources["baohaiphong"], [Link(SITE + "/lac-de-560004.html")]
    )

    assert list(requests) == []


def test_first_run_reaches_back_max_age_days(news_crawler: Crawler) -> None:
    spider = spider_of(news_crawler)

    cutoff = spider.frontier.cutoff(spider.sources["baohaiphong"], now=NOW)

    assert cutoff == NOW - timedelta(days=30)


def test_later_runs_stop_just_before_the_newest_stored_article(
    news_crawler: Crawler, backend: SqliteBackend
) -> None:
    spider = spider_of(news_crawler)
    newest = NOW - timedelta(days=2)
    stored(backend, "/moi-nhat-560005.html", newest)

    cutoff = spider.frontier.cutoff(spider.sources["baohaiphong"], now=NOW)

    assert cutoff == newest - OVERLAP


def test_dated_entries_older_than_the_cutoff_are_skipped(news_crawler: Crawler) -> None:
    spider = spider_of(news_crawler)
    spider.frontier.cutoffs["baohaiphong"] = NOW - timedelta(days=30)
    fresh = Link(SITE + "/a-560006.html", NOW - timedelta(days=1))
    old = Link(SITE + "/b-560007.html", NOW - timedelta(days=400))
    undated = Link(SITE + "/c-560008.html")

    assert spider.frontier.recent(spider.sources["baohaiphong"], [fresh, old, undated]) == [
        fresh,
        undated,
    ]


def test_a_listing_page_with_new_articles_leads_to_the_next_page(news_crawler: Crawler) -> None:
    spider = spider_of(news_crawler)

    requests = drain(spider.parse_listing(listing(1, ["/moi-560009.html"], "/kinh-te?page=2")))

    assert [r.url for r in requests] == [SITE + "/moi-560009.html", SITE + "/kinh-te?page=2"]
    assert requests[-1].meta["page"] == 2


def dated_listing(page: int, items: dict[str, datetime], next_path: str) -> HtmlResponse:
    """A listing whose items show their time, as Báo Chính phủ's box-stream items do."""
    rows = "".join(
        f'<div class="item"><a href="{path}">x</a><span class="time">'
        f"{when.strftime('%d/%m/%Y %H:%M')}</span></div>"
        for path, when in items.items()
    )
    html = f'<html><body>{rows}<a href="{next_path}">Trang sau</a></body></html>'
    url = f"{SITE}/kinh-te?page={page}"
    request = Request(url, meta={"source": "baohaiphong", "page": page})
    return HtmlResponse(url, body=html.encode(), encoding="utf-8", request=request)


def test_a_first_crawl_pages_back_until_the_items_pass_max_age_days(
    news_crawler: Crawler,
) -> None:
    spider = spider_of(news_crawler)
    reach = timedelta(days=spider.frontier.config.crawl.max_age_days)
    now = datetime.now(spider.tz)
    inside = dated_listing(7, {"/moi-560021.html": now - reach / 2}, "/kinh-te?page=8")
    assert [r.url for r in drain(spider.parse_listing(inside))][-1] == SITE + "/kinh-te?page=8"
    beyond = {"/cu-560022.html": now - reach * 2, "/cu-560023.html": now - reach * 3}
    assert drain(spider.parse_listing(dated_listing(8, beyond, "/kinh-te?page=9"))) == []


def test_pagination_stops_at_a_page_with_nothing_new(
    news_crawler: Crawler, backend: SqliteBackend
) -> None:
    spider = spider_of(news_crawler)
    stored(backend, "/cu-560010.html", NOW)

    requests = drain(spider.parse_listing(listing(1, ["/cu-560010.html"], "/kinh-te?page=2")))

    assert requests == []


def test_pagination_stops_at_max_pages(news_crawler: Crawler) -> None:
    spider = spider_of(news_crawler)
    last = spider.sources["baohaiphong"].max_pages  # the default: a safety bound

    following = f"/kinh-te?page={last + 1}"
    requests = drain(spider.parse_listing(listing(last, ["/moi-560011.html"], following)))

    assert [r.url for r in requests] == [SITE + "/moi-560011.html"]


def next_run(crawler: Crawler) -> NewsSpider:
    """A spider of a later run over the same store and state directory."""
    frontier = frontier_of(crawler)
    later = get_crawler(NewsSpider, scrapy_settings(frontier.config))
    attach(later, Frontier(frontier.config, frontier.store, frontier.sources.values()))
    return NewsSpider.from_crawler(later, reads=maybeDeferred)


def fetch(spider: NewsSpider, link: str, canonical: str, title: str) -> Article:
    """Request ``link`` as discovery would and extract the page (declaring ``canonical``)."""
    (request,) = spider.article_requests(spider.sources["baohaiphong"], [Link(link)])
    body = (
        f'<html><head><link rel="canonical" href="{canonical}"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1><p>{title}: khu công nghiệp Hải Phòng.</p></article>"
        "</body></html>"
    )
    response = HtmlResponse(link, body=body.encode(), encoding="utf-8", request=request)
    (page,) = spider.parse_article(response)
    frontier = spider.frontier
    extract = ExtractPipeline(spider.crawler.stats, frontier.remember_rejected, frontier.retry_page)
    article = extract.process_item(page)
    assert isinstance(article, Article)
    return article


def test_a_link_stored_under_another_canonical_url_is_not_fetched_again(
    news_crawler: Crawler,
) -> None:
    spider = spider_of(news_crawler)
    link, canonical = SITE + "/kcn-dinh-vu-560030.html?page=1", SITE + "/kcn-dinh-vu-560030.html"
    article = fetch(spider, link, canonical, "KCN Đình Vũ mở rộng")
    frontier = frontier_of(news_crawler)
    store = StorePipeline(
        frontier.store, news_crawler.stats, on_stored=frontier.remember_stored, run=maybeDeferred
    )
    store.process_item(article)
    store.close_spider()
    spider.frontier.save("finished")

    later = next_run(news_crawler)
    again = later.article_requests(later.sources["baohaiphong"], [Link(link), Link(canonical)])

    assert article.id == article_id(canonical) != article_id(link)
    assert list(again) == []


def test_a_link_whose_article_was_never_stored_is_fetched_again(news_crawler: Crawler) -> None:
    spider = spider_of(news_crawler)
    link = SITE + "/kcn-dinh-vu-560031.html?page=1"
    fetch(spider, link, SITE + "/kcn-dinh-vu-560031.html", "KCN Đình Vũ mở rộng")
    spider.frontier.save("finished")  # the item never reached the store (crash, storage down)

    later = next_run(news_crawler)
    again = later.article_requests(later.sources["baohaiphong"], [Link(link)])

    assert [r.url for r in again] == [link]


def test_after_an_interrupted_crawl_the_next_reaches_back_and_pages_on(
    news_crawler: Crawler, backend: SqliteBackend
) -> None:
    # Killed half-way: newer articles stored, older ones in the feed and on page 2 not yet.
    stored(backend, "/moi-nhat-560040.html", NOW - timedelta(hours=1))
    spider = spider_of(news_crawler)
    spider.frontier.begin()  # the crawl started, and never saved its frontier

    later = next_run(news_crawler)
    later.frontier.begin()
    source = later.sources["baohaiphong"]
    page = drain(later.parse_listing(listing(1, ["/moi-nhat-560040.html"], "/kinh-te?page=2")))

    assert later.frontier.cutoff(source, now=NOW) == NOW - timedelta(days=30)
    assert [r.url for r in page] == [SITE + "/kinh-te?page=2"]


def test_a_finished_crawl_restores_the_incremental_shortcuts(
    news_crawler: Crawler, backend: SqliteBackend
) -> None:
    newest = NOW - timedelta(hours=1)
    stored(backend, "/moi-nhat-560041.html", newest)
    spider = spider_of(news_crawler)
    spider.frontier.begin()
    spider.frontier.save("finished")

    later = next_run(news_crawler)
    later.frontier.begin()

    assert later.frontier.cutoff(later.sources["baohaiphong"], now=NOW) == newest - OVERLAP


def test_an_article_that_timed_out_is_tried_again_next_run_even_if_no_page_lists_it(
    news_crawler: Crawler,
) -> None:
    spider = spider_of(news_crawler)
    link = SITE + "/kcn-tien-thanh-560042.html"
    (request,) = spider.article_requests(spider.sources["baohaiphong"], [Link(link)])
    spider.frontier.remember_retry("baohaiphong", request.meta["link_id"], link)
    spider.frontier.save("finished")

    later = next_run(news_crawler)

    assert [link.url for link in later.frontier.retry_links(later.sources["baohaiphong"])] == [link]
