"""Scrapy's robots.txt and redirect middlewares, with refusals a caller can tell apart by type.

Scrapy raises a plain ``IgnoreRequest`` for both a robots.txt refusal and a redirect loop, so the
only way to tell them apart was the message text. These subclasses change nothing but the
exception's class (still an ``IgnoreRequest``, so Scrapy treats it exactly as before), and
``crawler.stats.error_kind`` classifies by class.

The robots.txt middleware also mends how requests wait for a site's robots.txt. Scrapy (2.19)
lets every request that arrives while it is being fetched await one shared Deferred; turning a
Deferred into an asyncio future consumes its result, so the second waiter and all later ones got
``None``, which means "no robots.txt": they were sent even where robots.txt forbids them (since
scrapy/scrapy#6802 made that wait an ``await``; before it, each waiter had its own Deferred).
Here each waiter gets its own Deferred again, fed by the shared one without consuming it.

The meta-refresh middleware also looks at the page's bytes before Scrapy decodes it: Scrapy reads
``response.text`` (the whole body decoded, and kept on the response) to look for a refresh in its
first 4,096 characters, on every HTML page. For article pages, which go to the extraction workers
undecoded, that was a 200 KB decode per page in the crawl process and a decoded copy held while the
page waited for its worker (issue 14).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares import redirect, robotstxt
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.http import Response
    from scrapy.robotstxt import RobotParser

REFRESH_WINDOW = 4096 * 4
"""Bytes that hold Scrapy's 4,096-character window in any encoding (4 bytes a character at most)."""
REFRESH_TOKENS = (b"refresh", "refresh".encode("utf-16-le"), "refresh".encode("utf-16-be"))
"""``http-equiv="refresh"`` as bytes: ASCII-compatible encodings, and UTF-16 either way."""


class RobotsDisallowed(IgnoreRequest):
    """robots.txt forbids the URL: policy, not an error."""


class RedirectLoop(IgnoreRequest):
    """More redirects than ``REDIRECT_MAX_TIMES``: counted as ``redirect_loop``."""


class RobotsTxtMiddleware(robotstxt.RobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):  # parsed already, or this request fetches it
            return await super().robot_parser(request)
        mine: Deferred[RobotParser | None] = Deferred()

        def relay(parser: RobotParser | None) -> RobotParser | None:
            mine.callback(parser)
            return parser  # kept for the next waiter

        pending.addCallback(relay)
        return await maybe_deferred_to_future(mine)

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as exc:
            raise RobotsDisallowed(*exc.args) from exc


class _TypedLoop(redirect.BaseRedirectMiddleware):
    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        try:
            return super()._redirect(redirected, request, reason)
        except IgnoreRequest as exc:
            raise RedirectLoop(*exc.args) from exc


class RedirectMiddleware(_TypedLoop, redirect.RedirectMiddleware):
    pass


class MetaRefreshMiddleware(_TypedLoop, redirect.MetaRefreshMiddleware):
    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if not might_refresh(response.body):
            return response  # no refresh can be there: Scrapy would decode the page to find none
        return super().process_response(request, response)


def might_refresh(body: bytes) -> bool:
    """Whether the start of ``body`` holds the word ``refresh`` (any case) at all."""
    head = body[:REFRESH_WINDOW].lower()  # bytes.lower() folds ASCII only, as HTML's keywords
    return any(token in head for token in REFRESH_TOKENS)
