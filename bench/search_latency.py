"""Search latency p50/p95 for keyword + time-range queries, embedded store vs Elasticsearch."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench.corpus import TZ, articles
from newswatch.core.settings import StorageSettings
from search.backend import Backend, SearchRequest
from search.elastic.backend import ElasticBackend
from search.sqlite.store import SqliteBackend

QUERIES = (
    "đầu tư",
    "dinh vu",
    '"khu cong nghiep"',
    "trang due | nam dinh vu",
    "von FDI",
    "lap day",
    "cao toc -lach",
    "xuc tien*",
    "Hải Phòng",
    "giai phong mat bang",
)
CHUNK = 2000


def _requests(rng: random.Random, n: int) -> list[SearchRequest]:
    start = datetime(2024, 6, 1, tzinfo=TZ)
    out = []
    for _ in range(n):
        begin = start + timedelta(days=rng.randint(0, 330))
        out.append(
            SearchRequest(
                query=rng.choice(QUERIES),
                published_from=begin,
                published_until=begin + timedelta(days=rng.choice((7, 30, 90))),
                sort=rng.choice(("relevance", "date")),
                size=20,
            )
        )
    return out


def _load(backend: Backend, count: int) -> float:
    started = time.perf_counter()
    batch = []
    for article in articles(count):
        batch.append(article)
        if len(batch) == CHUNK:
            backend.upsert(batch)
            batch = []
    if batch:
        backend.upsert(batch)
    return time.perf_counter() - started


def _latencies(backend: Backend, requests: list[SearchRequest]) -> dict[str, float]:
    for request in requests[:20]:  # warm caches
        backend.search(request)
    samples = []
    for request in requests:
        started = time.perf_counter()
        backend.search(request)
        samples.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(samples, n=100)
    return {"p50_ms": cuts[49], "p95_ms": cuts[94], "mean_ms": statistics.fmean(samples)}


def run(es_url: str, count: int, queries: int = 300, only: tuple[str, ...] = ()) -> dict[str, Any]:
    """Load ``count`` articles into each backend (or those named in ``only``) and time them."""
    requests = _requests(random.Random(7), queries)
    work = Path(tempfile.mkdtemp(prefix="newswatch-bench-"))
    backends: dict[str, Backend] = {
        "elasticsearch": ElasticBackend(
            StorageSettings(
                backend="elasticsearch",
                url=es_url,
                index="bench-latency",
                queue_path=work / "queue.db",
                request_timeout=120,
            ),
            TZ,
        ),
        "embedded (SQLite FTS5)": SqliteBackend(work / "bench.db", TZ),
    }
    results = []
    for name, backend in backends.items():
        if only and not any(word in name for word in only):
            continue
        backend.ensure_ready()
        load_s = _load(backend, count)
        assert backend.count() == count, f"{name} holds {backend.count()} of {count}"
        print(f"  {name}: loaded {count:,} in {load_s:.0f}s, measuring…", flush=True)
        timings = _latencies(backend, requests)
        print(
            f"  {name}: p50 {timings['p50_ms']:.1f} ms, p95 {timings['p95_ms']:.1f} ms", flush=True
        )
        results.append({"backend": name, "articles": count, "load_s": load_s, **timings})
        backend.close()
    return {"queries": queries, "results": results}
