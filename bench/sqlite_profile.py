"""``python -m bench.sqlite_profile``: embedded-store search latency by query shape, no server.

Builds (or reuses) a SQLite store of the reproducible corpus and times the searches a user
runs: keywords, phrases, a 30-day range, an empty query listing a range, with and without
facets, both sort orders, size 20. The same seed, queries and windows every run, so two runs
(before and after a change) compare like with like.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench.corpus import TZ, articles
from bench.report import save, table
from bench.search_latency import WORST_CASE, _load
from search.backend import SearchRequest
from search.sqlite.store import SqliteBackend

SHAPES: dict[str, dict[str, Any]] = {
    "hai phong": {"query": "hai phong"},
    '"khu công nghiệp" FDI': {"query": '"khu công nghiệp" FDI'},
    "Hải Phòng 30d": {"query": "Hải Phòng", "days": 30},
    "empty + 30d": {"query": "", "days": 30},
    "benchmark mix 7-90d": {"days": None},
}


def _requests(
    shape: dict[str, Any], facets: bool, rng: random.Random, n: int
) -> list[SearchRequest]:
    start = datetime(2024, 6, 1, tzinfo=TZ)
    out = []
    for _ in range(n):
        days = shape.get("days", 0)
        if days is None:
            days = rng.choice((7, 30, 90))
        begin = start + timedelta(days=rng.randint(0, 330))
        out.append(
            SearchRequest(
                query=shape.get("query", rng.choice(WORST_CASE)),
                published_from=begin if days else None,
                published_until=begin + timedelta(days=days) if days else None,
                sort=rng.choice(("relevance", "date")),
                size=20,
                with_facets=facets,
            )
        )
    return out


def _time(store: SqliteBackend, requests: list[SearchRequest]) -> dict[str, float]:
    store.search(requests[0])  # warm the page cache
    samples = []
    for request in requests:
        started = time.perf_counter()
        store.search(request)
        samples.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(samples, n=20)
    return {"p50_ms": statistics.median(samples), "p95_ms": cuts[18], "max_ms": max(samples)}


def run(path: Path, count: int, repeats: int) -> list[dict[str, Any]]:
    store = SqliteBackend(path, TZ)
    store.ensure_ready()
    if store.count() != count:
        started = time.perf_counter()
        _load(store, articles(count))
        print(f"loaded {count:,} articles in {time.perf_counter() - started:.0f} s", flush=True)
    rows = []
    for name, shape in SHAPES.items():
        for facets in (False, True):
            requests = _requests(shape, facets, random.Random(7), repeats)
            row = {"query": name, "facets": facets, **_time(store, requests)}
            print(table("", [row]).splitlines()[-1], flush=True)
            rows.append(row)
    store.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sqlite_profile")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=20, help="searches per query shape")
    parser.add_argument("--db", type=Path, default=Path("/tmp/newswatch-profile/news.db"))
    args = parser.parse_args()
    rows = run(args.db, args.articles, args.repeats)
    print(table(f"SQLite search, {args.articles:,} articles", rows))
    print(f"→ {save('sqlite-profile', {'articles': args.articles, 'results': rows})}")


if __name__ == "__main__":
    main()
