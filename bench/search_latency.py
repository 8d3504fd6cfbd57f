"""Search latency p50/p95 for keyword + time-range queries, embedded store vs Elasticsearch.

Three query sets on the same corpus and time ranges: ``WORST_CASE`` (each query matches 86–100 %
of the articles: the ranker scores nearly every row) and realistic ones
(``bench.search_queries``: 0.1 %–30 % by measured document frequency), alone and with the
search page's facets (per day, per source, per fact). The SQLite store is loaded twice: in
crawl order (``bench.corpus.crawl_ordered``: how daily crawls fill it, ``seq`` following dates)
and shuffled (the corpus's own order: its date ranges span every ``seq``, the worst case for the
store's ``seq``-range reads). Elasticsearch has no such order and is loaded once.
``python -m bench.search_latency [--articles N] [--backend sqlite|elasticsearch …]`` runs it
alone (Elasticsearch: the test server, started only when asked for).
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from bench.corpus import TZ, articles, crawl_ordered
from bench.report import save, table
from bench.search_queries import realistic_queries
from newswatch.core.article import Article
from newswatch.core.settings import StorageSettings
from search.backend import Backend, SearchRequest
from search.elastic.backend import ElasticBackend
from search.sqlite.store import SqliteBackend
from tests.servers.elasticsearch import running_elasticsearch

WORST_CASE = (
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


def _requests(
    rng: random.Random, n: int, queries: list[str], facets: bool = False
) -> list[SearchRequest]:
    start = datetime(2024, 6, 1, tzinfo=TZ)
    out = []
    for _ in range(n):
        begin = start + timedelta(days=rng.randint(0, 330))
        out.append(
            SearchRequest(
                query=rng.choice(queries),
                published_from=begin,
                published_until=begin + timedelta(days=rng.choice((7, 30, 90))),
                sort=rng.choice(("relevance", "date")),
                size=20,
                with_facets=facets,
            )
        )
    return out


ORDERS: dict[str, Callable[[int], Iterable[Article]]] = {
    "crawl order": crawl_ordered,
    "shuffled": articles,
}


def _load(backend: Backend, corpus: Iterable[Article]) -> float:
    started = time.perf_counter()
    batch: list[Article] = []
    for article in corpus:
        batch.append(article)
        if len(batch) == CHUNK:
            _write(backend, batch)
            batch = []
    if batch:
        _write(backend, batch)
    return time.perf_counter() - started


def _write(backend: Backend, batch: list[Article]) -> None:
    """A write that queued or failed ends the bench with the store's reason (Elasticsearch
    queues locally when it times out: the corpus would silently be missing)."""
    result = backend.upsert(batch)
    if result.queued or result.failed:
        raise RuntimeError(f"loading the corpus: {'; '.join(result.errors)}")


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


def _backends(es_url: str | None, work: Path) -> dict[tuple[str, str], Callable[[], Backend]]:
    """Each backend with each store order it is measured in, and how to open it empty."""
    found: dict[tuple[str, str], Callable[[], Backend]] = {
        ("embedded (SQLite FTS5)", order): partial(SqliteBackend, work / f"bench-{i}.db", TZ)
        for i, order in enumerate(ORDERS)
    }
    if es_url is not None:
        storage = StorageSettings(
            backend="elasticsearch",
            url=es_url,
            index="bench-latency",
            queue_path=work / "queue.db",
            request_timeout=120,
        )
        found[("elasticsearch", "crawl order")] = lambda: ElasticBackend(storage, TZ)
    return found


def run(
    es_url: str | None, count: int, queries: int = 300, only: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Load ``count`` articles into each backend (or those named in ``only``) and time both
    query sets on it."""
    realistic = realistic_queries()
    sets = {
        "worst case": (list(WORST_CASE), False),
        "realistic": ([q.text for q in realistic], False),
        # What the search page asks for: the hits plus per-day, per-source and fact counts.
        "realistic + facets": ([q.text for q in realistic], True),
    }
    requests = {
        name: _requests(random.Random(7), queries, texts, facets)
        for name, (texts, facets) in sets.items()
    }
    results = []
    # The 100k-article stores take 1.3 GB: removed when the run ends, however it ends.
    with tempfile.TemporaryDirectory(prefix="newswatch-bench-") as tmp:
        for (name, order), make in _backends(es_url, Path(tmp)).items():
            if only and not any(word.lower() in name.lower() for word in only):
                continue
            backend = make()
            backend.ensure_ready()
            load_s = _load(backend, ORDERS[order](count))
            assert backend.count() == count, f"{name} holds {backend.count()} of {count}"
            print(f"  {name}, {order}: loaded {count:,} in {load_s:.0f}s, measuring…", flush=True)
            for kind, batch in requests.items():
                timings = _latencies(backend, batch)
                print(
                    f"  {name}, {order}, {kind}: p50 {timings['p50_ms']:.1f} ms,"
                    f" p95 {timings['p95_ms']:.1f} ms",
                    flush=True,
                )
                results.append(
                    {
                        "backend": name,
                        "store order": order,
                        "queries": kind,
                        "articles": count,
                        "load_s": load_s,
                        **timings,
                    }
                )
            backend.close()
    shares = [{"query": q.text, "share_pct": 100 * q.share} for q in realistic]
    return {"queries": queries, "realistic_queries": shares, "results": results}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search_latency")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300, help="timed searches per set")
    parser.add_argument("--backend", action="append", choices=("sqlite", "elasticsearch"))
    args = parser.parse_args()
    chosen = tuple(args.backend or ("sqlite", "elasticsearch"))
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(running_elasticsearch()) if "elasticsearch" in chosen else None
        result = run(url, args.articles, args.queries, chosen)
    print(table(f"keyword + time-range search, {args.articles:,} articles", result["results"]))
    print(table("realistic queries: share of articles matched", result["realistic_queries"]))
    print(f"→ {save('search-latency', result)}")


if __name__ == "__main__":
    main()
