"""Scrapy's robots.txt and redirect middlewares, with refusals a caller can tell apart by type.

Scrapy raises a plain ``IgnoreRequest`` for both a robots.txt refusal and a redirect loop, so the
only way to tell them apart was the message text. These subclasses change nothing but the
exception's class (still an ``IgnoreRequest``, so Scrapy treats it exactly as before), and
``crawler.stats.error_kind`` classifies by class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares import redirect, robotstxt
from scrapy.exceptions import IgnoreRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.robotstxt import RobotParser


class RobotsDisallowed(IgnoreRequest):
    """robots.txt forbids the URL: policy, not an error."""


class RedirectLoop(IgnoreRequest):
    """More redirects than ``REDIRECT_MAX_TIMES``: counted as ``redirect_loop``."""


class RobotsTxtMiddleware(robotstxt.RobotsTxtMiddleware):
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
    pass
