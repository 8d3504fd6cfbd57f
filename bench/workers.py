"""Crawl throughput with 1 vs 2 workers on one Redis frontier, on the replay sites.

Both setups are the full ``newswatch crawl`` with ``[crawl] frontier = "redis"``, crawl state
in a fresh PostgreSQL database (as workers on two hosts would share it) and a fresh SQLite
store; "2 workers" starts two such processes at once on the same frontier key. Rounds
alternate which setup goes first. Every replay site is the host 127.0.0.1, which Scrapy and
our Redis slots count as ONE domain, so the per-domain limit is raised here
(``PER_DOMAIN``) to measure the workers rather than the politeness limit. The slow route
answers at once. Rates: pages the servers answered per second of wall time (Python start-up
included) and per second of the first-to-last-request span.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import redis

from newswatch.core.settings import StateSettings
from tests.servers.child import REPO, environment
from tests.servers.postgres import fresh_database, running_postgres
from tests.servers.redis import running_redis
from tests.servers.replay_config import replay_settings_for
from tests.servers.replay_server import ReplaySites, default_sites_root, serve_sites

PER_DOMAIN = 16
POLL_SECONDS = 0.002


def _requests(sites: ReplaySites) -> int:
    return sum(len(site.log) for site in sites.sites.values())


def _crawl(sites: ReplaySites, work: Path, workers: int, pg: str, redis_url: str) -> dict[str, Any]:
    for site in sites.sites.values():
        site.reset()
    with redis.Redis.from_url(redis_url) as client:
        client.flushall()
    work.mkdir()
    settings = replay_settings_for(sites, work)
    settings.crawl = settings.crawl.model_copy(
        update={
            "frontier": "redis",
            "redis_url": redis_url,
            "concurrent_requests_per_domain": PER_DOMAIN,
            "download_delay": 0.0,
        }
    )
    settings.state = StateSettings(url=fresh_database(pg))
    env, config = environment(settings, work)
    command = [sys.executable, "-m", "newswatch", "--config", str(config), "crawl"]
    first = last = 0.0
    seen = 0
    started = time.perf_counter()
    children = []
    for n in range(workers):
        with (work / f"worker-{n}.log").open("wb") as sink:
            children.append(subprocess.Popen(command, cwd=REPO, env=env, stdout=sink, stderr=sink))
    while any(child.poll() is None for child in children):
        count = _requests(sites)
        if count != seen:
            last = time.perf_counter()
            first, seen = first or last, count
        time.sleep(POLL_SECONDS)
    wall = time.perf_counter() - started
    failed = [n for n, child in enumerate(children) if child.returncode != 0]
    if failed:
        raise RuntimeError((work / f"worker-{failed[0]}.log").read_text()[-2000:])
    pages = _requests(sites)
    return {"wall": wall, "span": max(last - first, POLL_SECONDS), "pages": pages}


def run(rounds: int = 3) -> dict[str, Any]:
    sites = serve_sites(default_sites_root(), slow_seconds=0.001)
    timings: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    with (
        tempfile.TemporaryDirectory() as tmp,
        sites,
        running_postgres() as pg,
        running_redis() as r,
    ):
        for n in range(rounds):
            for workers in (1, 2) if n % 2 == 0 else (2, 1):
                timings[workers].append(_crawl(sites, Path(tmp) / f"{n}-{workers}", workers, pg, r))
    results = []
    for workers, runs in timings.items():
        best_wall = min(runs, key=lambda t: t["wall"])
        best_span = min(runs, key=lambda t: t["span"])
        results.append(
            {
                "workers": workers,
                "pages": best_wall["pages"],
                "wall_s": best_wall["wall"],
                "pages_per_s_wall": best_wall["pages"] / best_wall["wall"],
                "pages_per_s_crawl": best_span["pages"] / best_span["span"],
            }
        )
    return {
        "rounds": rounds,
        "per_domain": PER_DOMAIN,
        "results": results,
        "ratio_wall": results[1]["pages_per_s_wall"] / results[0]["pages_per_s_wall"],
        "ratio_crawl": results[1]["pages_per_s_crawl"] / results[0]["pages_per_s_crawl"],
    }
