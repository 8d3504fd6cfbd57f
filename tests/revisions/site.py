"""A one-article news site on 127.0.0.1 whose page the test can edit between crawls: the real
SK Ecovance report (``material.page()``) as its publisher would print it, an RSS feed linking
it (dated yesterday, so every crawl finds it recent) and a robots.txt."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from tests.servers.pages import PageServer

ARTICLE_PATH = "/kinh-te/tap-doan-sk-rot-von-vao-hai-phong-a7435.html"


def article_html(title: str, text: str, published: datetime) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        f'<meta property="og:title" content="{html.escape(title, quote=True)}">'
        f'<meta property="article:published_time" content="{published.isoformat()}">'
        f"</head><body><header><a href='/'>Kinh tế tiêu dùng</a></header><article>"
        f"<h1>{html.escape(title)}</h1><time datetime='{published.isoformat()}'></time>"
        f"{paragraphs}</article><footer>© kinhtetieudung.vn</footer></body></html>"
    )


def feed(base: str, title: str, published: datetime) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Kinh tế</title><link>{base}/</link><description>Tin</description>"
        f"<item><title>{html.escape(title)}</title><link>{base}{ARTICLE_PATH}</link>"
        f"<pubDate>{format_datetime(published)}</pubDate></item></channel></rss>"
    )


class EditableSite(PageServer):
    """``title``/``text`` are what the next request gets; ``hits`` counts article fetches."""

    def __init__(self, title: str, text: str) -> None:
        self.title, self.text = title, text
        self.published = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
        self.hits = 0
        super().__init__(self._answer)
        self.base_url = self.base

    def _answer(self, path: str) -> tuple[str, str] | None:
        if path == "/robots.txt":
            return "text/plain", "User-agent: *\nAllow: /\n"
        if path == "/rss.xml":
            return "application/rss+xml", feed(self.base, self.title, self.published)
        if path == ARTICLE_PATH:
            self.hits += 1
            return "text/html; charset=utf-8", article_html(self.title, self.text, self.published)
        return None
