"""Crawl outcomes: failures get stable kind names, and final stats become the run summary."""

from __future__ import annotations

import json

from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError

from crawler import stats as keys
from crawler.middlewares.refusals import RedirectLoop, RobotsDisallowed
from crawler.stats import error_kind, summary_from_stats
from crawler.summary import CrawlSummary


def http_error(status: int) -> HttpError:
    url = "https://baohaiphong.vn/a-560205.html"
    response = Response(url, status=status, request=Request(url))
    return HttpError(response, "Ignoring non-200 response")


def test_failures_are_named_by_kind() -> None:
    assert error_kind(http_error(404)) == "http_404"
    assert error_kind(http_error(500)) == "http_500"
    assert error_kind(DownloadTimeoutError("Getting x took longer than 1.0 seconds.")) == "timeout"
    assert error_kind(RedirectLoop("max redirections reached")) == "redirect_loop"
    too_big = "Expected to receive 5000000 bytes which is larger than download max size (2097152)"
    assert error_kind(DownloadCancelledError(too_big)) == "too_large"


def test_robots_txt_refusal_is_policy_not_an_error() -> None:
    assert error_kind(RobotsDisallowed("Forbidden by robots.txt")) is None


def test_failures_are_classified_by_type_not_message() -> None:
    """Another middleware's plain IgnoreRequest is not mistaken for a refusal by its words."""
    assert error_kind(IgnoreRequest("Forbidden by robots.txt")) == "ignored"
    assert error_kind(IgnoreRequest("max redirections reached")) == "ignored"


def test_summary_counts_come_from_our_stats_keys() -> None:
    stats = {
        "response_received_count": 17,
        keys.NEW: 4,
        keys.UPDATED: 1,
        keys.FILTERED: 2,
        keys.TOO_OLD: 5,
        keys.DUPLICATES: 3,
        keys.NOT_MODIFIED: 2,
        keys.error_key("http_404"): 1,
        keys.error_key("timeout"): 2,
    }

    summary = summary_from_stats(stats, ["baohaiphong"], "finished")

    assert (summary.pages_fetched, summary.new, summary.updated) == (17, 4, 1)
    assert (summary.filtered, summary.too_old) == (2, 5)
    assert (summary.duplicates, summary.not_modified) == (3, 2)
    assert summary.error_kinds == {"http_404": 1, "timeout": 2}
    assert summary.errors == 3
    # Nothing counted for baohaiphong itself: not one of its requests got an answer.
    assert summary.status == "failed"


ANSWERED = {keys.source_ok_key("vir"): 3}


def test_an_interrupted_crawl_is_partial_and_one_that_never_ran_failed() -> None:
    assert summary_from_stats(ANSWERED, ["vir"], "shutdown").status == "partial"
    assert summary_from_stats(ANSWERED, ["vir"], None).status == "failed"
    assert summary_from_stats(ANSWERED, ["vir"], "finished").status == "ok"


def test_each_source_is_ok_partial_or_failed_from_its_own_counts() -> None:
    stats = {
        keys.source_ok_key("heza"): 5,
        keys.source_ok_key("vir"): 2,
        keys.source_error_key("vir", "http_404"): 1,
        keys.source_error_key("cafef", "connection"): 4,
        keys.error_key("http_404"): 1,
        keys.error_key("connection"): 4,
        keys.EXAMPLE_PREFIX + "connection": "http://127.0.0.1:9/feed.rss",
    }

    summary = summary_from_stats(stats, ["heza", "vir", "cafef", "vnexpress"], "finished")

    statuses = {name: outcome.status for name, outcome in summary.by_source.items()}
    assert statuses == {"heza": "ok", "vir": "partial", "cafef": "failed", "vnexpress": "failed"}
    assert summary.by_source["cafef"].error_kinds == {"connection": 4}
    assert summary.failed_sources() == ["cafef", "vnexpress"]
    assert summary.status == "partial"
    assert summary.error_examples == {"connection": "http://127.0.0.1:9/feed.rss"}


def test_a_source_another_worker_took_wholly_is_ok_with_a_note_not_failed() -> None:
    def frontier(source: str, kind: str) -> str:
        return keys.source_frontier_key(source, kind)

    stats = {
        frontier("heza", "claimed_elsewhere"): 3,  # the other worker claimed heza's feeds first
        frontier("vir", "shared"): 2,  # claimed here, but the other worker popped both
        frontier("cafef", "claimed_elsewhere"): 1,  # one went there; ours all failed
        frontier("cafef", "shared"): 1,
        keys.source_error_key("cafef", "timeout"): 1,
        frontier("heza2", "shared"): 2,  # robots.txt refused it here: its own, not elsewhere
        keys.source_robots_key("heza2"): 2,
        keys.source_ok_key("vneconomy"): 4,
        frontier("vneconomy", "claimed_elsewhere"): 6,
        keys.CLAIMED_ELSEWHERE: 10,
    }
    names = ["heza", "vir", "cafef", "heza2", "vneconomy", "vnexpress"]

    summary = summary_from_stats(stats, names, "finished")

    outcomes = summary.by_source
    assert {name: outcome.status for name, outcome in outcomes.items()} == {
        "heza": "ok",
        "vir": "ok",
        "cafef": "failed",
        "heza2": "failed",
        "vneconomy": "ok",
        "vnexpress": "failed",
    }
    assert (outcomes["heza"].claimed_elsewhere, outcomes["vir"].claimed_elsewhere) == (3, 2)
    assert "another worker took all 3" in outcomes["heza"].note
    assert outcomes["vneconomy"].note == ""  # it fetched things itself: nothing to explain
    assert summary.failed_sources() == ["cafef", "heza2", "vnexpress"]


def test_a_summary_survives_its_json_file() -> None:
    stats = {keys.source_ok_key("vir"): 2, keys.source_error_key("vir", "timeout"): 1}
    summary = summary_from_stats(stats, ["vir"], "finished")

    assert CrawlSummary.from_dict(json.loads(json.dumps(summary.to_dict()))) == summary


def test_callback_errors_sum_their_kinds_and_a_collapse_is_no_error() -> None:
    stats = {
        keys.error_key("callback_KeyError"): 2,
        keys.error_key("callback_RecursionError"): 1,
        keys.error_key("http_404"): 4,
        keys.stats_key("canonical_collapse"): 3,
    }
    summary = summary_from_stats(stats, ["vir"], "finished")
    assert (summary.callback_errors, summary.errors, summary.canonical_collapse) == (3, 7, 3)
    assert summary.error_kinds["callback_KeyError"] == 2
