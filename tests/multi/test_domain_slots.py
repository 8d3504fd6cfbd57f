"""The Redis per-domain slots on a real Redis: two "workers" (middleware instances with their
own connections) never hold more slots than the limit, keep the pacing, and a dead worker's
slot frees itself."""

from __future__ import annotations

import asyncio
import itertools
import time

import redis.asyncio as aioredis
from scrapy import Request
from scrapy.http import Response

from crawler.middlewares.domain_slots import DomainSlotsMiddleware

PREFIX = "newswatch:frontier:test"


def worker(
    redis_url: str, limit: int, delay_ms: int = 0, hold_ms: int = 10_000
) -> DomainSlotsMiddleware:
    return DomainSlotsMiddleware(
        aioredis.Redis.from_url(redis_url), PREFIX, limit, delay_ms, hold_ms
    )


async def fetch_all(
    workers: list[DomainSlotsMiddleware], per_worker: int
) -> tuple[int, list[float]]:
    holding, peak, starts = 0, 0, []

    async def fetch(middleware: DomainSlotsMiddleware, n: int) -> None:
        nonlocal holding, peak
        request = Request(f"https://baohaiphong.vn/tin-{n}.html")
        await middleware.process_request(request)
        holding += 1
        peak = max(peak, holding)
        starts.append(time.monotonic())
        await asyncio.sleep(0.03)  # "on the wire"
        holding -= 1
        await middleware.process_response(request, Response(request.url, request=request))

    await asyncio.gather(
        *(fetch(w, i * 100 + n) for i, w in enumerate(workers) for n in range(per_worker))
    )
    return peak, sorted(starts)


def test_two_workers_together_stay_within_the_domain_limit(redis_url: str) -> None:
    peak, starts = asyncio.run(fetch_all([worker(redis_url, 3), worker(redis_url, 3)], 10))
    assert peak == 3, "the limit is reached (the workers do overlap) and never passed"
    assert len(starts) == 20


def test_the_domain_delay_paces_starts_across_workers(redis_url: str) -> None:
    _, starts = asyncio.run(fetch_all([worker(redis_url, 4, 50), worker(redis_url, 4, 50)], 4))
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert min(gaps) >= 0.045, gaps  # 50 ms on Redis's clock, a few ms of scheduling jitter


def test_a_slot_held_by_a_dead_worker_frees_itself_after_its_hold_time(redis_url: str) -> None:
    async def scenario() -> float:
        dead = worker(redis_url, 1, hold_ms=300)
        await dead.process_request(Request("https://baohaiphong.vn/a.html"))  # never released
        started = time.monotonic()
        await worker(redis_url, 1).process_request(Request("https://baohaiphong.vn/b.html"))
        return time.monotonic() - started

    waited = asyncio.run(scenario())
    assert 0.2 <= waited < 2.0
