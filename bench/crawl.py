"""Crawl pages/s on the replay sites: ``newswatch crawl`` vs. a bare Scrapy fetch of the same URLs.

Ours is the full pipeline (Scrapy + extract + normalise + filter + dedupe + store into a fresh
SQLite under a fresh state directory). The baseline (``bench.crawl_baseline``) is a bare spider
with the same Scrapy settings and no pipelines, fetching exactly the URLs our crawl requested
(read from the replay server's request log of an untimed first run). Each crawl is its own
child process (Twisted's reactor cannot restart); rounds alternate which goes first.

"pages" are the requests the replay server answered during the run. Two rates each: over the
child's wall time (Python start-up and imports included) and over the span from its first to
its last request (the crawl itself). The slow route answers at once here, so a 2 s timeout does
not swamp both sides.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.servers.child import environment
from tests.servers.replay_config import replay_settings_for
from tests.servers.replay_server import ReplaySites, default_sites_root, serve_sites

REPO = Path(__file__).resolve().parents[1]
OURS, BASELINE = "newswatch crawl", "bare Scrapy fetch"
POLL_SECONDS = 0.002
TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Timing:
    wall: float
    span: float  # first request → last request, as the server saw them
    pages: int


def _requests(sites: ReplaySites) -> int:
    return sum(len(site.log) for site in sites.sites.values())


def _timed_child(sites: ReplaySites, command: list[str], env: dict[str, str], work: Path) -> Timing:
    for site in sites.sites.values():
        site.reset()  # flaky routes fail again, the log counts this run only
    first = last = 0.0
    seen = 0
    started = time.perf_counter()
    errors = work / "stderr.txt"
    with errors.open("wb") as sink:  # a file, not a pipe: a chatty child must not block
        child = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=sink)
    while child.poll() is None:
        count = _requests(sites)
        if count != seen:
            last = time.perf_counter()
            first, seen = first or last, count
        time.sleep(POLL_SECONDS)
        if time.perf_counter() - started > TIMEOUT_SECONDS:
            child.kill()
    wall = time.perf_counter() - started
    if child.returncode != 0:
        tail = errors.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{command} failed ({child.returncode}):\n{tail}")
    return Timing(wall, max(last - first, POLL_SECONDS), _requests(sites))


def _requested_urls(sites: ReplaySites) -> list[str]:
    """What our crawl asked for, once each; robots.txt the baseline fetches by itself."""
    urls = (site.url(r.path) for site in sites.sites.values() for r in site.log)
    return list(dict.fromkeys(u for u in urls if not u.endswith("/robots.txt")))


def _ours(sites: ReplaySites, root: Path, work: Path) -> tuple[Timing, int]:
    work.mkdir()
    env, config = environment(replay_settings_for(sites, work, root=root), work)
    summary = work / "summary.json"
    command = [
        sys.executable,
        "-m",
        "newswatch",
        "--config",
        str(config),
        "crawl",
        "--summary-json",
        str(summary),
    ]
    timing = _timed_child(sites, command, env, work)
    return timing, json.loads(summary.read_text())["new"]


def _baseline(sites: ReplaySites, root: Path, work: Path, urls: Path) -> Timing:
    work.mkdir()
    env, config = environment(replay_settings_for(sites, work, root=root), work)
    command = [
        sys.executable,
        "-m",
        "bench.crawl_baseline",
        "--config",
        str(config),
        "--urls",
        str(urls),
    ]
    return _timed_child(sites, command, env, work)


def _row(name: str, timings: list[Timing], stored: int | str) -> dict[str, Any]:
    best_wall = min(timings, key=lambda t: t.wall)
    best_span = min(timings, key=lambda t: t.span)
    return {
        "crawler": name,
        "pages": best_wall.pages,
        "stored": stored,
        "pages_per_s_wall": best_wall.pages / best_wall.wall,
        "wall_s": best_wall.wall,
        "pages_per_s_crawl": best_span.pages / best_span.span,
    }


def run(rounds: int = 3, root: Path | None = None) -> dict[str, Any]:
    root = root or default_sites_root()
    sites = serve_sites(root, slow_seconds=0.001)
    with tempfile.TemporaryDirectory() as tmp, sites:
        work = Path(tmp)
        _, stored = _ours(sites, root, work / "discover")
        urls = work / "urls.txt"
        urls.write_text("\n".join(_requested_urls(sites)) + "\n")
        timings: dict[str, list[Timing]] = {OURS: [], BASELINE: []}
        for r in range(rounds):  # alternate who goes first so drift hits both alike
            for name in (OURS, BASELINE) if r % 2 == 0 else (BASELINE, OURS):
                place = work / f"{r}-{name.split()[0]}"
                timing = (
                    _ours(sites, root, place)[0]
                    if name == OURS
                    else _baseline(sites, root, place, urls)
                )
                timings[name].append(timing)
        rows = [_row(OURS, timings[OURS], stored), _row(BASELINE, timings[BASELINE], "-")]
        return {
            "sites": sorted(sites.sites),
            "urls": len(urls.read_text().split()),
            "rounds": rounds,
            "results": rows,
            "ratio_wall": rows[0]["pages_per_s_wall"] / rows[1]["pages_per_s_wall"],
            "ratio_crawl": rows[0]["pages_per_s_crawl"] / rows[1]["pages_per_s_crawl"],
        }
