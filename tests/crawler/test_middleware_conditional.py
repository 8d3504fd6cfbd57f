"""Conditional requests: validators of re-read pages are remembered across runs and sent back;
a 304 is counted, handed to the spider, and is not an error. Articles never take part."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler import stats as keys
from crawler.middlewares.conditional import ConditionalRequestMiddleware

FEED = "https://baohaiphong.vn/rss/kinh-te.rss"
ETAG = '"5f3a-1"'
LAST_MODIFIED = "Sat, 01 Mar 2025 02:00:00 GMT"


def feed_request() -> Request:
    return Request(FEED, meta={"source": "baohaiphong", "conditional": True})


def first_run(crawler: Crawler, reason: str = "finished") -> None:
    middleware = ConditionalRequestMiddleware.from_crawler(crawler)
    request = feed_request()
    middleware.process_request(request)
    headers = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
    middleware.process_response(request, Response(FEED, status=200, headers=headers))
    middleware.spider_closed(reason)


def test_first_request_is_unconditional(news_crawler: Crawler) -> None:
    request = feed_request()

    ConditionalRequestMiddleware.from_crawler(news_crawler).process_request(request)

    assert b"If-None-Match" not in request.headers
    assert "handle_httpstatus_list" not in request.meta


def test_an_interrupted_run_keeps_no_validators(news_crawler: Crawler) -> None:
    # The feed answered 200 but the crawl stopped before fetching what it lists: a 304 next
    # time would hide those articles for good.
    first_run(news_crawler, reason="shutdown")
    request = feed_request()

    ConditionalRequestMiddleware.from_crawler(news_crawler).process_request(request)

    assert b"If-None-Match" not in request.headers


def test_next_run_sends_the_remembered_validators(news_crawler: Crawler) -> None:
    first_run(news_crawler)
    request = feed_request()

    ConditionalRequestMiddleware.from_crawler(news_crawler).process_request(request)

    assert request.headers[b"If-None-Match"] == ETAG.encode()
    assert request.headers[b"If-Modified-Since"] == LAST_MODIFIED.encode()
    assert 304 in request.meta["handle_httpstatus_list"]


def test_validators_live_in_a_per_source_state_file(news_crawler: Crawler) -> None:
    first_run(news_crawler)

    state_dir = Path(news_crawler.settings["NEWSWATCH_STATE_DIR"])
    assert [p.name for p in state_dir.iterdir()] == ["baohaiphong.validators.json"]


def test_a_304_is_counted_and_passed_on(news_crawler: Crawler) -> None:
    first_run(news_crawler)
    middleware = ConditionalRequestMiddleware.from_crawler(news_crawler)
    request = feed_request()
    middleware.process_request(request)

    response = middleware.process_response(request, Response(FEED, status=304))

    assert response.status == 304
    assert news_crawler.stats.get_value(keys.NOT_MODIFIED) == 1


def test_article_requests_are_never_conditional(news_crawler: Crawler) -> None:
    first_run(news_crawler)
    article = Request(FEED, meta={"source": "baohaiphong"})  # same URL, but not a re-read page

    ConditionalRequestMiddleware.from_crawler(news_crawler).process_request(article)

    assert b"If-None-Match" not in article.headers


def test_a_damaged_state_file_costs_only_the_conditional_headers(news_crawler: Crawler) -> None:
    state_dir = Path(news_crawler.settings["NEWSWATCH_STATE_DIR"])
    state_dir.mkdir(parents=True)
    (state_dir / "baohaiphong.validators.json").write_text("{not json", "utf-8")
    request = feed_request()

    ConditionalRequestMiddleware.from_crawler(news_crawler).process_request(request)

    assert b"If-None-Match" not in request.headers
