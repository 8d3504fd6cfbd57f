"""``python -m bench.bench_api``: requests/s and latency of ``GET /api/search`` under load.

For each backend: load the reproducible corpus (``bench.corpus``), start ``newswatch serve`` as
its own process (uvicorn, as deployed; the load generator must not share its GIL), then let
``--concurrency`` asyncio/httpx clients send keyword + date-range searches for ``--seconds``.
Prints a table and writes JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from bench.corpus import TZ, articles
from bench.report import save, table
from bench.search_latency import WORST_CASE, _load
from newswatch.core.settings import StorageSettings
from search.backend import Backend
from search.elastic.backend import ElasticBackend
from search.sqlite.store import SqliteBackend
from tests.servers.elasticsearch import free_port, running_elasticsearch

FIRST_DAY = date(2024, 6, 1)


def search_params(rng: random.Random) -> dict[str, str]:
    """A realistic page-one search: keywords, a 1-week to 3-month window, either order."""
    begin = FIRST_DAY + timedelta(days=rng.randint(0, 330))
    end = begin + timedelta(days=rng.choice((7, 30, 90)))
    return {
        "q": rng.choice(WORST_CASE),
        "from": begin.isoformat(),
        "to": end.isoformat(),
        "sort": rng.choice(("relevance", "date")),
        "size": "20",
    }


def storage_env(storage: StorageSettings) -> dict[str, str]:
    return {
        "NEWSWATCH_STORAGE__BACKEND": storage.backend,
        "NEWSWATCH_STORAGE__PATH": str(storage.path),
        "NEWSWATCH_STORAGE__URL": storage.url,
        "NEWSWATCH_STORAGE__INDEX": storage.index,
        "NEWSWATCH_STORAGE__QUEUE_PATH": str(storage.queue_path),
    }


@contextlib.contextmanager
def serving(storage: StorageSettings) -> Iterator[str]:
    """``newswatch serve`` in a child process; yields its base URL once /healthz is 200."""
    port = free_port()
    env = {**os.environ, **storage_env(storage)}
    command = [sys.executable, "-m", "newswatch", "serve", "--port", str(port)]
    # The server logs every request: to a file, never an unread pipe (once its 64 KiB buffer
    # is full, every request blocks on the log write and the whole server stalls).
    with tempfile.NamedTemporaryFile(prefix="bench-api-", suffix=".log", delete=False) as log:
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                        break
                if child.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"newswatch serve did not start; see {log.name}")
                time.sleep(0.2)
            yield url
        finally:
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:  # a worker thread still inside a slow query
                child.kill()
                child.wait()


async def _search(client: httpx.AsyncClient, rng: random.Random) -> bool:
    """One search; a timeout counts as a failure (its latency is the timeout), not a crash."""
    try:
        response = await client.get("/api/search", params=search_params(rng))
    except httpx.TimeoutException:
        return False
    return response.status_code == 200


async def _worker(
    client: httpx.AsyncClient, rng: random.Random, stop: float, samples: list[float]
) -> int:
    failures = 0
    while time.perf_counter() < stop:
        started = time.perf_counter()
        failures += not await _search(client, rng)
        samples.append((time.perf_counter() - started) * 1000)
    return failures


async def load(url: str, concurrency: int, seconds: float, timeout: float) -> dict[str, float]:
    samples: list[float] = []
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout) as client:
        for warm in range(5):
            await _search(client, random.Random(warm))
        started = time.perf_counter()
        stop = started + seconds
        failures = await asyncio.gather(
            *(_worker(client, random.Random(n), stop, samples) for n in range(concurrency))
        )
        elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(samples, n=100) if len(samples) > 1 else samples * 99
    return {
        "requests": len(samples),
        "failed": sum(failures),
        "req_per_s": len(samples) / elapsed,
        "p50_ms": cuts[49],
        "p95_ms": cuts[94],
    }


def backends(es_url: str, work: Path) -> dict[str, tuple[StorageSettings, Backend]]:
    sqlite = StorageSettings(backend="sqlite", path=work / "bench-api.db")
    elastic = StorageSettings(
        backend="elasticsearch",
        url=es_url,
        index="bench-api",
        queue_path=work / "queue.db",
        request_timeout=120,
    )
    return {
        "embedded (SQLite FTS5)": (sqlite, SqliteBackend(sqlite.path, TZ)),
        "elasticsearch": (elastic, ElasticBackend(elastic, TZ)),
    }


def run(
    es_url: str, count: int, concurrency: int, seconds: float, timeout: float
) -> list[dict[str, Any]]:
    work = Path(tempfile.mkdtemp(prefix="newswatch-bench-api-"))
    rows = []
    try:
        for name, (storage, backend) in backends(es_url, work).items():
            backend.ensure_ready()
            _load(backend, articles(count))
            backend.close()
            with serving(storage) as url:
                measured = asyncio.run(load(url, concurrency, seconds, timeout))
            rows.append({"backend": name, "articles": count, "clients": concurrency, **measured})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_api")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=16, help="parallel clients")
    parser.add_argument("--seconds", type=float, default=20.0, help="load per backend")
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    args = parser.parse_args()
    with running_elasticsearch() as es_url:
        rows = run(es_url, args.articles, args.concurrency, args.seconds, args.timeout)
    print(table(f"GET /api/search, {args.articles:,} articles", rows))
    settings = {"seconds": args.seconds, "timeout_s": args.timeout}
    print(f"→ {save('api-search', {**settings, 'results': rows})}")


if __name__ == "__main__":
    main()
