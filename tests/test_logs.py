"""CLI logs go to stderr so stdout (--json, JSON Lines) stays parseable; daemon logs are JSON."""

from __future__ import annotations

import io
import json
import logging

import pytest

from newswatch.logs import setup_cli_logging, setup_json_logging


def test_cli_logs_never_reach_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    setup_cli_logging()
    logging.getLogger("newswatch.test").warning("Elasticsearch unavailable, 3 articles queued")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "3 articles queued" in captured.err


def test_daemon_logs_are_one_json_object_per_line() -> None:
    stream = io.StringIO()
    setup_json_logging(stream=stream)
    logging.getLogger("scheduler.test").info("crawl %s finished", "heza")
    (line,) = stream.getvalue().splitlines()
    record = json.loads(line)
    assert (record["levelname"], record["message"]) == ("INFO", "crawl heza finished")


def test_without_verbose_library_tracebacks_and_per_request_retries_stay_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    setup_cli_logging()
    try:
        raise ConnectionRefusedError("111: Connection refused")
    except ConnectionRefusedError:
        logging.getLogger("scrapy.core.scraper").exception("Error downloading <GET http://x/>")
    logging.getLogger("scrapy.downloadermiddlewares.retry").error("Gave up retrying <GET x>")
    logging.getLogger("scrapy.middleware").warning("Disabled X: local frontier")
    err = capsys.readouterr().err
    assert "Error downloading <GET http://x/>" in err  # the one line stays
    assert "Traceback" not in err and "Gave up retrying" not in err and "Disabled X" not in err


def test_with_verbose_the_traceback_is_shown(capsys: pytest.CaptureFixture[str]) -> None:
    setup_cli_logging(verbose=True)
    try:
        raise ConnectionRefusedError("111: Connection refused")
    except ConnectionRefusedError:
        logging.getLogger("scrapy.core.scraper").exception("Error downloading <GET http://x/>")
    assert "Traceback" in capsys.readouterr().err
