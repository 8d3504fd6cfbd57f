"""newswatch ``Settings`` → Scrapy settings: politeness, limits, and the order of every stage.

The run order of our components lives here and only here (``ITEM_PIPELINES`` and
``DOWNLOADER_MIDDLEWARES`` priorities), as in Scrapy's own projects.
"""

from __future__ import annotations

from typing import Any

from scrapy.settings import default_settings

from newswatch.core.paths import crawl_state_dir
from newswatch.core.settings import CrawlSettings, Settings

ITEM_PIPELINES = {
    "crawler.pipelines.extract.ExtractPipeline": 50,
    "crawler.pipelines.filter.FilterPipeline": 200,
    "crawler.pipelines.dedupe.DedupePipeline": 300,
    "crawler.pipelines.store.StorePipeline": 400,
}

SPIDER_MIDDLEWARES = {
    # Closest to the spider (Scrapy's own are all below 1000): first to see a callback raise.
    "crawler.middlewares.callback_errors.CallbackErrorMiddleware": 1000,
}
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's robots.txt and redirect middlewares, raising typed refusals
    # (``crawler.middlewares.refusals``) instead of a plain ``IgnoreRequest``.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.refusals.RobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.refusals.RedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.refusals.MetaRefreshMiddleware": 580,
    # Closest to the downloader (after robots.txt 100, retry 550, redirect 600, compression
    # 590): validators are added to every request actually sent, redirects included, and a
    # 304 is seen before anything else acts on it.
    "crawler.middlewares.conditional.ConditionalRequestMiddleware": 900,
    # Closer still: a slot is held only while a request is really on the wire (Redis
    # frontier only; it disables itself on the local one).
    "crawler.middlewares.domain_slots.DomainSlotsMiddleware": 950,
}

UNUSED_COMPONENTS = frozenset(
    {
        # Cookies are off (COOKIES_ENABLED); its module imports tldextract and requests.
        "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",
        # Off (TELNETCONSOLE_ENABLED); imports twisted.conch.
        "scrapy.extensions.telnet.TelnetConsole",
        # Off (REMOTE_CONTROL_ENABLED): an HTTP server that runs the Python code sent to it;
        # imports aiohttp (0.25 s of start-up).
        "scrapy.extensions.remote_control.RemoteControl",
        # No FEEDS, no JOBDIR, no MEMDEBUG: imports boto's and FTP's helpers.
        "scrapy.extensions.feedexport.FeedExporter",
        "scrapy.extensions.spiderstate.SpiderState",
        "scrapy.extensions.memdebug.MemoryDebugger",
    }
)
"""Scrapy components a crawl never uses. Setting one to ``None`` in ``EXTENSIONS`` or
``DOWNLOADER_MIDDLEWARES`` disables it, but Scrapy still imports its module to normalise the
key; they are left out of the ``*_BASE`` lists instead, so a crawl never imports them (start-up
is most of a nothing-new crawl's CPU, issue 14)."""


def _base_without_unused(name: str) -> dict[str, int]:
    """Scrapy's own ``<name>_BASE`` (its one home) without ``UNUSED_COMPONENTS``."""
    base: dict[str, int] = getattr(default_settings, f"{name}_BASE")
    return {path: order for path, order in base.items() if path not in UNUSED_COMPONENTS}


REDIRECT_MAX_TIMES = 5
"""A real article needs one or two hops; more than this is a loop (``redirect_loop``)."""
AUTOTHROTTLE_MAX_DELAY = 30.0
SCRAPER_BACKLOG_BYTES = 12 * 1024 * 1024
"""Fetched pages waiting for their items (extraction in the pool, the store's batch) before
Scrapy stops fetching. Its default, 5 MB, is 25 of today's 200 KB article pages: it was reached
while the pool started on the reactor, and Scrapy then resumed only on its 5 s heartbeat, so a
crawl fetched in bursts (issue 14). The pool now starts in a thread; measured at N = 180 on
2 cores, 8, 12 and 32 MB fetch at the same rate, and 32 MB costs 65 MiB more memory in the
crawl process than 12 MB (about 60 pages, held twice at most: the response and the copy sent
to a worker)."""


CONCURRENT_ITEMS = 4
"""Outputs of one response processed at once. Scrapy starts this many asyncio tasks for every
response's output, whatever it holds (default 100: 9 % of a crawl's reactor CPU went to creating
them, issue 14); an article page yields one item, a feed or listing page only requests, which
need no waiting."""


def scrapy_settings(settings: Settings) -> dict[str, Any]:
    crawl = settings.crawl
    return {
        "BOT_NAME": "newswatch",
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots_txt,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_requests_per_domain,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(crawl.download_delay, 0.1),
        "AUTOTHROTTLE_MAX_DELAY": max(AUTOTHROTTLE_MAX_DELAY, crawl.download_delay),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.concurrent_requests_per_domain),
        "DOWNLOAD_TIMEOUT": crawl.download_timeout,
        "DOWNLOAD_MAXSIZE": crawl.download_maxsize,
        "DOWNLOAD_WARNSIZE": crawl.download_maxsize // 2,
        "RETRY_ENABLED": crawl.retry_times > 0,
        "RETRY_TIMES": crawl.retry_times,
        "REDIRECT_MAX_TIMES": REDIRECT_MAX_TIMES,
        "COOKIES_ENABLED": False,
        "SCRAPER_SLOT_MAX_ACTIVE_SIZE": SCRAPER_BACKLOG_BYTES,
        "CONCURRENT_ITEMS": CONCURRENT_ITEMS,
        "ITEM_PIPELINES": ITEM_PIPELINES,
        "DOWNLOADER_MIDDLEWARES": DOWNLOADER_MIDDLEWARES,
        "DOWNLOADER_MIDDLEWARES_BASE": _base_without_unused("DOWNLOADER_MIDDLEWARES"),
        "EXTENSIONS_BASE": _base_without_unused("EXTENSIONS"),
        # Sources are http(s); the S3 and FTP handlers' modules (boto's helpers, Twisted's
        # FTP client) are imported at start-up even though handlers load lazily.
        "DOWNLOAD_HANDLERS": {"s3": None, "ftp": None},
        # What the pipelines read: plain values (Scrapy deep-copies its settings); the state
        # and the store reach components through the frontier (``crawler.frontier``).
        "NEWSWATCH_TIMEZONE": crawl.timezone,
        "NEWSWATCH_WORKERS": crawl.worker_count,
        "NEWSWATCH_PAGE_TIME_BUDGET": crawl.page_time_budget,
        "NEWSWATCH_MAX_AGE_DAYS": crawl.max_age_days,
        "NEWSWATCH_TOPIC": settings.topic.model_dump(mode="json"),
        "NEWSWATCH_ALWAYS_RELEVANT": [s.name for s in settings.sources if s.always_relevant],
        "SPIDER_MIDDLEWARES": SPIDER_MIDDLEWARES,
        "NEWSWATCH_STATE_DIR": str(crawl_state_dir(settings)),
        "NEWSWATCH_STATE_URL": settings.state.url,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        # Our own logging (newswatch.logs) is already set up; Scrapy logs through it.
        "LOG_ENABLED": True,
        "LOG_INSTALL_ROOT_HANDLER": False,
        "LOG_LEVEL": "INFO",
        "LOGSTATS_INTERVAL": 0,
        "DEFAULT_DROPITEM_LOG_LEVEL": "DEBUG",
        # Scrapy re-reads a generator callback's source on every response to warn about a
        # ``return value`` (its cache misses on bound methods): 5 % of crawl CPU (issue 14).
        "WARN_ON_GENERATOR_RETURN_VALUE": False,
        **_frontier_settings(crawl),
    }


def _frontier_settings(crawl: CrawlSettings) -> dict[str, Any]:
    """The Redis frontier's settings; scrapy-redis and redis are imported only for it (a crawl
    on the local frontier never loads them: start-up is most of a nothing-new crawl's CPU)."""
    if crawl.frontier != "redis":
        return {}
    from crawler.redis_frontier import frontier_settings

    return frontier_settings(crawl)
