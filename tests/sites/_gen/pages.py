"""Shared page pieces of the replay templates: plain paragraphs, a bare HTML page around a link
list, an RSS 2.0 feed, links with their tracking copies, and the expected-outcome document."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from .common import TRACKING_QUERY, Story, expected_entry, hrefs


def paragraphs(s: Story) -> str:
    return "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in s.body)


def html_page(title: str, body: str, lang: str = "vi", head: str = "") -> str:
    """A listing or search page: only what discovery reads (links, pagination) matters."""
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8"><title>'
            f"{escape(title)}</title>{head}</head>\n<body>\n{body}</body>\n</html>\n")


def links(stories: list[Story], route: str, item: Callable[[str, Story], str]) -> str:
    """Items for ``route`` (``listing:1``…); page 1 also links the tracking-parameter copies."""
    out = "".join(item(s.path, s) for s in hrefs(stories, route))
    if route == "listing:1":
        out += "".join(item(s.path + TRACKING_QUERY, s) for s in hrefs(stories, "tracking"))
    return out


def rss(title: str, stories: list[Story], feed: str = "feed") -> str:
    items = "".join(f"<item>\n<title><![CDATA[{s.title}]]></title>\n<link>{{{{base}}}}{s.path}"
                    f"</link>\n<guid>{{{{base}}}}{s.path}</guid>\n<description><![CDATA["
                    f"{s.summary}]]></description>\n<pubDate>{s.ago('rfc822')}</pubDate>\n"
                    "</item>\n" for s in hrefs(stories, feed))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n'
            f"<title>{escape(title)}</title>\n<link>{{{{base}}}}/</link>\n"
            f"<description>{escape(title)}</description>\n<language>vi</language>\n"
            f"<pubDate>{{{{ago:0:0:rfc822}}}}</pubDate>\n{items}</channel>\n</rss>\n")


def expected(name: str, stories: list[Story], conditional: list[str],
             never_requested: list[str] | None = None) -> dict[str, Any]:
    return {
        "site": name,
        "source": name,
        "articles": [expected_entry(s) for s in stories],
        "duplicates": [{"path": s.path + TRACKING_QUERY, "duplicate_of": s.path}
                       for s in hrefs(stories, "tracking")],
        "never_requested": [s.path for s in stories if s.expect == "disallowed"]
        + (never_requested or []),
        "conditional_on_recrawl": conditional,
    }
