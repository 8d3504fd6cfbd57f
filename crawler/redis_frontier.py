"""``[crawl] frontier = "redis"``: several crawl workers (processes, hosts) share one frontier.

scrapy-redis supplies the shared request queue (a Redis sorted set popped atomically, so a
request goes to exactly one worker) and the shared duplicate filter (a Redis set of request
fingerprints, so a URL any worker scheduled is not scheduled again). What it lacks for us:

- the spider's own duplicate rule. It dedupes by article id, not URL, and sends every request
  with ``dont_filter`` (a URL filter would hide redirect loops), which scrapy-redis's filter
  therefore never sees. ``SharedScheduler`` claims each new request in a Redis set first, by
  article id (``link_id``) or else by URL: the worker whose SADD wins schedules it, the others
  drop it. The claim travels in ``meta``, so a redirect or retry of a claimed request passes.
- a crawl's end. Its ``persist = False`` flushes queue and filter when *any* worker closes,
  which would let the others fetch again what the closed one fetched; ``persist = True``
  would keep the filter forever and block tomorrow's crawl. ``SharedScheduler`` counts the
  workers on a frontier instead and the last to leave clears it, in one Lua script each way,
  so a worker joining as the last one leaves either joins the old crawl or starts a clean one.
  A crashed worker's count expires with the keys (``KEY_TTL``).
- per-domain politeness across workers: ``crawler.middlewares.domain_slots``.

Scrapy's own ``CONCURRENT_REQUESTS_PER_DOMAIN``/``DOWNLOAD_DELAY`` still act per worker; with
this frontier the global limit comes from Redis and the local delay is left to it.
"""

from __future__ import annotations

import warnings
from typing import Any

from scrapy import Request, Spider
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy_redis.scheduler import Scheduler

from crawler.stats import CLAIMED_ELSEWHERE, source_frontier_key
from newswatch.core.settings import CrawlSettings

# scrapy-redis 0.9.1 still uses APIs Scrapy 2.19 deprecates (``spider=`` to stats, ``Spider.log``);
# those warnings are theirs, once per request, and would bury a crawl's own output.
warnings.filterwarnings("ignore", category=ScrapyDeprecationWarning, module="scrapy_redis")

CLAIMED = "frontier_claimed"
KEY_TTL = 24 * 3600
"""Seconds an abandoned frontier (every worker crashed) survives: longer than any crawl."""

JOIN = """
local workers = redis.call('INCR', KEYS[1])
for _, key in ipairs(KEYS) do redis.call('EXPIRE', key, ARGV[1]) end
return workers
"""
LEAVE = """
local workers = redis.call('DECR', KEYS[1])
if workers <= 0 then redis.call('DEL', unpack(KEYS)) end
return workers
"""


def frontier_prefix(crawl: CrawlSettings) -> str:
    return f"newswatch:frontier:{crawl.frontier_key}"


def frontier_settings(crawl: CrawlSettings) -> dict[str, Any]:
    """Scrapy settings that put the frontier on Redis (``crawler.settings`` asks only when
    ``[crawl] frontier = "redis"``, so a local crawl never imports this module)."""
    prefix = frontier_prefix(crawl)
    return {
        "SCHEDULER": "crawler.redis_frontier.SharedScheduler",
        "SCHEDULER_PERSIST": True,  # SharedScheduler clears it when the last worker leaves
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:seen",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "REDIS_URL": crawl.redis_url,
        "NEWSWATCH_FRONTIER_PREFIX": prefix,
        "NEWSWATCH_DOMAIN_CONCURRENCY": crawl.concurrent_requests_per_domain,
        "NEWSWATCH_DOMAIN_DELAY": crawl.download_delay,
        # Per-process throttles would multiply by the number of workers: Redis paces instead.
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
    }


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler, cleared by the last worker to leave (see module doc)."""

    def open(self, spider: Spider) -> Any:
        opened = super().open(spider)
        self.server.eval(JOIN, len(self._keys()), *self._keys(), KEY_TTL)
        return opened

    def enqueue_request(self, request: Request) -> bool:
        if not request.meta.get(CLAIMED):
            link_id = request.meta.get("link_id")
            member = f"id:{link_id}" if link_id else f"url:{request.url}"
            if not self.server.sadd(self._keys()[3], member):
                self._count(request, "claimed_elsewhere", CLAIMED_ELSEWHERE)
                return False
            request.meta[CLAIMED] = True
            self._count(request, "shared")
        return bool(super().enqueue_request(request))

    def _count(self, request: Request, kind: str, total: str | None = None) -> None:
        """Per source, what went through the shared frontier: requests another worker claimed
        first, and requests claimed here (put on the shared queue, popped by any worker);
        ``crawler.stats.source_outcome`` derives from them how many of a source's requests
        another worker did, so a source it took wholly is not ``failed``."""
        if not self.stats:
            return
        if total:
            self.stats.inc_value(total)
        if source := request.meta.get("source"):
            self.stats.inc_value(source_frontier_key(source, kind))

    def close(self, reason: str) -> Any:
        self.server.eval(LEAVE, len(self._keys()), *self._keys())
        return super().close(reason)

    def _keys(self) -> list[str]:
        prefix = self.spider.settings["NEWSWATCH_FRONTIER_PREFIX"]
        return [f"{prefix}:workers", self.queue.key, self.df.key, f"{prefix}:claims"]
