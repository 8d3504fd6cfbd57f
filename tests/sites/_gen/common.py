"""Shared pieces of the replay-site generator: stories, placeholders, feeds, sitemaps, output."""

from __future__ import annotations

import json
import shutil
import tomllib
import unicodedata
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

STORIES = Path(__file__).parent / "stories"
TRACKING_QUERY = (
    "?utm_source=facebook&utm_medium=social&utm_campaign=chia-se"
    "&fbclid=IwAR2x7Kq9VbS3nTq0dJm4pLrXc8yFh1sZ0uWgE5oN6aYtBv"
)
# Vietnamese tone marks windows-1258 keeps as separate combining characters.
_CP1258_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@dataclass
class Story:
    """One article of a replay site, as written in stories/<site>.toml."""

    key: str
    path: str
    title: str
    summary: str
    body: list[str]
    expect: str
    via: list[str]
    days: float = 1
    hours: float = 0
    author: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    quirk: str = ""
    note: str = ""

    def ago(self, fmt: str) -> str:
        """Placeholder for this story's publication moment (syntax: tests/sites/README.md)."""
        return f"{{{{ago:{self.days:g}:{self.hours:g}:{fmt}}}}}"

    def on(self, route: str) -> bool:
        return route in self.via

    def paragraphs(self) -> str:
        return "".join(f'<p class="Normal">{escape(p, quote=False)}</p>\n' for p in self.body)


def load_stories(site: str) -> list[Story]:
    data = tomllib.loads((STORIES / f"{site}.toml").read_text("utf-8"))
    return [Story(**article) for article in data["article"]]


def cp1258(text: str) -> bytes:
    """Encode like an old Vietnamese CMS: windows-1258, tone marks as combining characters."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tones = [c for c in parts if c in _CP1258_TONES]
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _CP1258_TONES))
        out += (base + "".join(tones)).encode("cp1258")
    return bytes(out)


@dataclass
class Site:
    """Files, routes and expected crawl outcome of one replay site, written by ``write``."""

    name: str
    files: dict[str, bytes] = field(default_factory=dict)
    routes: dict[str, dict[str, Any]] = field(default_factory=dict)
    expected: dict[str, Any] = field(default_factory=dict)

    def page(self, path: str, text: str, content_type: str = "text/html; charset=utf-8",
             **extra: Any) -> None:
        self.raw(path, text.encode("utf-8"), content_type, **extra)

    def raw(self, path: str, body: bytes, content_type: str, **extra: Any) -> None:
        name = "files/" + _file_name(path, content_type)
        self.files[name] = body
        self.routes[path] = {"file": name, "type": content_type, **extra}

    def special(self, path: str, **spec: Any) -> None:
        self.routes[path] = spec

    def write(self, root: Path, served_root: Path | None = None) -> None:
        """``expected.json`` under ``root``; routes and files under ``served_root`` (default
        ``root``: the demo's sites are served from the package, see ``generate.py``)."""
        expected_dir = root / self.name
        target = (served_root or root) / self.name
        shutil.rmtree(target / "files", ignore_errors=True)
        for name, body in self.files.items():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(body)
        _dump(target / "routes.json", dict(sorted(self.routes.items())))
        expected_dir.mkdir(parents=True, exist_ok=True)
        _dump(expected_dir / "expected.json", self.expected)


def _file_name(path: str, content_type: str) -> str:
    stem = path.strip("/").replace("/", "__").replace("?", "_q_").replace("=", "_") or "index"
    if "." in stem.rsplit("__", 1)[-1]:
        return stem
    return stem + (".html" if "html" in content_type else ".txt")


def _dump(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")


def expected_entry(story: Story) -> dict[str, Any]:
    entry: dict[str, Any] = {"path": story.path, "expect": story.expect, "via": story.via,
                             "title": story.title}
    if story.author:
        entry["author"] = story.author
    entry["published_ago"] = {"days": story.days, "hours": story.hours}
    if story.note:
        entry["note"] = story.note
    return entry


def robots(disallow: list[str], sitemaps: list[str], allow: list[str] | None = None) -> str:
    lines = ["User-agent: *"] + [f"Allow: {a}" for a in allow or []]
    lines += [f"Disallow: {d}" for d in disallow] + [""]
    lines += [f"Sitemap: {{{{base}}}}{s}" for s in sitemaps]
    return "\n".join(lines) + "\n"


def sitemap_index(children: list[tuple[str, str]]) -> str:
    items = "".join(f"<sitemap><loc>{{{{base}}}}{loc}</loc><lastmod>{mod}</lastmod></sitemap>\n"
                    for loc, mod in children)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{items}</sitemapindex>\n")


def urlset(stories: list[Story], extra_locs: tuple[str, ...] = ()) -> str:
    items = "".join(f"<url><loc>{{{{base}}}}{s.path}</loc><lastmod>{s.ago('iso')}</lastmod>"
                    "<changefreq>hourly</changefreq></url>\n" for s in stories)
    items += "".join(f"<url><loc>{{{{base}}}}{loc}</loc></url>\n" for loc in extra_locs)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{items}</urlset>\n")


def news_urlset(stories: list[Story], publication: str, language: str = "vi") -> str:
    items = "".join(
        f"<url>\n<loc>{{{{base}}}}{s.path}</loc>\n<news:news>\n<news:publication>"
        f"<news:name>{publication}</news:name><news:language>{language}</news:language>"
        f"</news:publication>\n<news:publication_date>{s.ago('iso')}</news:publication_date>\n"
        f"<news:title><![CDATA[{s.title}]]></news:title>\n</news:news>\n</url>\n"
        for s in stories)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
            f"{items}</urlset>\n")


def hrefs(stories: list[Story], route: str) -> list[Story]:
    return [s for s in stories if s.on(route)]
