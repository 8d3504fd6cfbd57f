"""Honest crawl outcomes: a source whose server refuses connections is ``failed``, the command
says so in one table and one line per failure kind, and exits non-zero.

Real crawls in child processes against the replay sites; the refusing "server" is a port on
127.0.0.1 that was just bound and released, so every connection to it is refused.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

from crawler.summary import CrawlSummary
from newswatch.core.errors import SOME_SOURCES_FAILED
from tests.servers.child import newswatch
from tests.servers.replay_server import ReplaySites
from tests.servers.sites import replay_settings_for, replay_sites  # noqa: F401


def refused_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class SomeSitesDown:
    """The running replay sites, with the named ones moved to a port that refuses."""

    def __init__(self, sites: ReplaySites, down: set[str]) -> None:
        self.sites, self.down, self.refusing = sites, down, refused_url()

    def base_urls(self) -> dict[str, str]:
        urls = self.sites.base_urls()
        return {name: self.refusing if name in self.down else url for name, url in urls.items()}


def crawl(sites: ReplaySites, tmp_path: Path, down: set[str]) -> tuple[int, str, CrawlSummary]:
    settings = replay_settings_for(SomeSitesDown(sites, down), tmp_path, ["heza", "vir"])
    summary_path = tmp_path / "summary.json"
    done = newswatch(settings, tmp_path, "crawl", "--summary-json", str(summary_path))
    summary = CrawlSummary.from_dict(json.loads(summary_path.read_text("utf-8")))
    return done.returncode, done.stdout + done.stderr, summary


def test_a_refused_source_is_failed_and_the_crawl_exits_3(
    replay_sites: ReplaySites,  # noqa: F811
    tmp_path: Path,
) -> None:
    code, output, summary = crawl(replay_sites, tmp_path, {"vir"})

    assert code == SOME_SOURCES_FAILED
    assert summary.by_source["vir"].status == "failed"
    assert summary.by_source["vir"].responses == 0
    assert summary.by_source["heza"].status in {"ok", "partial"}
    assert summary.by_source["heza"].responses > 0
    assert summary.status == "partial"
    assert summary.failed_sources() == ["vir"]
    lines = output.splitlines()
    kind_line = next(line for line in lines if line.startswith("connection: "))
    assert "failed, e.g. http://127.0.0.1:" in kind_line
    assert "failed sources (1): vir" in output
    assert "Traceback" not in output
    assert len(lines) < 40  # a table and a few lines, not a log per request


def test_every_source_refused_is_a_failed_crawl_exit_1(
    replay_sites: ReplaySites,  # noqa: F811
    tmp_path: Path,
) -> None:
    code, output, summary = crawl(replay_sites, tmp_path, {"heza", "vir"})

    assert code == 1
    assert summary.status == "failed"
    assert sorted(summary.failed_sources()) == ["heza", "vir"]
    assert "Crawl failed" in output
    assert "Traceback" not in output


def test_output_to_a_pipe_is_not_folded_at_80_columns(
    replay_sites: ReplaySites,  # noqa: F811
    tmp_path: Path,
) -> None:
    _, output, summary = crawl(replay_sites, tmp_path, {"vir"})

    example = summary.error_examples["connection"]
    assert len(f"connection: 1 failed, e.g. {example}") > 40
    assert any(example in line for line in output.splitlines())
    assert any(len(line) > 80 for line in output.splitlines())
