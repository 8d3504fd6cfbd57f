"""Per-domain politeness shared by every crawl worker on one Redis frontier.

Before a request goes to the downloader it takes one of the domain's
``concurrent_requests_per_domain`` slots and its turn in the domain's ``download_delay``
pacing, both held in Redis, and gives the slot back when the answer (or the error) is in. A
slot is a member of a sorted set scored by its expiry, so a worker that dies holding slots
loses them after ``download_timeout`` plus a margin instead of blocking the domain forever.
Check and take happen in one Lua script on the Redis server's clock: no two workers can both
see a free slot, and hosts' clocks do not matter. The domain is Scrapy's download-slot key
(the hostname), so the limit means what ``CONCURRENT_REQUESTS_PER_DOMAIN`` means locally.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    import redis.asyncio as aioredis

SLOT_MARGIN_MS = 5000
POLL_SECONDS = 0.02
"""Longest sleep between tries while every slot is taken."""

TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return -1 end
local next_start = tonumber(redis.call('GET', KEYS[2]) or '0')
if next_start > now then return next_start - now end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
if tonumber(ARGV[4]) > 0 then
  redis.call('SET', KEYS[2], now + tonumber(ARGV[4]), 'PX', tonumber(ARGV[4]))
end
return 0
"""
"""0: slot taken; -1: all slots busy; n > 0: the domain's next turn is in n ms."""


class DomainSlotsMiddleware:
    def __init__(
        self, client: aioredis.Redis, prefix: str, limit: int, delay_ms: int, hold_ms: int
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.limit = limit
        self.delay_ms = delay_ms
        self.hold_ms = hold_ms
        self.take = client.register_script(TAKE)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        prefix = crawler.settings.get("NEWSWATCH_FRONTIER_PREFIX")
        if not prefix:
            raise NotConfigured("local frontier: Scrapy's own per-domain limits apply")
        import redis.asyncio as aioredis  # here: a crawl on the local frontier never loads redis

        timeout_ms = int(crawler.settings.getfloat("DOWNLOAD_TIMEOUT") * 1000)
        return cls(
            aioredis.Redis.from_url(crawler.settings["REDIS_URL"]),
            prefix,
            crawler.settings.getint("NEWSWATCH_DOMAIN_CONCURRENCY"),
            int(crawler.settings.getfloat("NEWSWATCH_DOMAIN_DELAY") * 1000),
            timeout_ms + SLOT_MARGIN_MS,
        )

    def _keys(self, request: Request) -> list[str]:
        domain = request.meta.get("download_slot") or urlparse_cached(request).hostname or ""
        return [f"{self.prefix}:slots:{domain}", f"{self.prefix}:next:{domain}"]

    async def process_request(self, request: Request) -> None:
        token = uuid.uuid4().hex
        keys = self._keys(request)
        while True:
            waited = int(await self.take(keys, [self.limit, token, self.hold_ms, self.delay_ms]))
            if waited == 0:
                request.meta["domain_slot"] = token
                return
            await asyncio.sleep(waited / 1000 if waited > 0 else POLL_SECONDS)

    async def process_response(self, request: Request, response: Response) -> Response:
        await self._release(request)
        return response

    async def process_exception(self, request: Request, exception: BaseException) -> None:
        await self._release(request)

    async def _release(self, request: Request) -> None:
        token = request.meta.pop("domain_slot", None)
        if token is not None:
            await self.client.zrem(self._keys(request)[0], token)
