"""news-please 1.6.16, the peer of the scaled crawl bench: its own venv, config and results.

It is installed by pip into ``bench/.venv-newsplease`` on first use (its pins clash with ours:
own Scrapy, newspaper4k, readability). Each site is listed twice in its sitelist, as a user
covering a news site would: ``SitemapCrawler`` (the sitemap named by robots.txt) and
``RssCrawler`` (the feed advertised on the home page). Everything else is its shipped
``config.cfg`` (one crawler process per site entry, newspaper + readability + date + language
extractors, HTML and JSON files) with the same per-domain concurrency, robots.txt and timeout
as our crawl, files under the run's directory and logs at WARNING. Its requests off the bench
sites go to a closed port on 127.0.0.1 (``environment``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
VENV = REPO / "bench" / ".venv-newsplease"
VERSION = "1.6.16"
CRAWLERS = ("SitemapCrawler", "RssCrawler")


def executable() -> Path:
    """``news-please`` in its venv, created with pip the first time."""
    command = VENV / "bin" / "news-please"
    if not command.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        pip = [str(VENV / "bin" / "pip"), "install", "-q", f"news-please=={VERSION}"]
        subprocess.run(pip, check=True)
    return command


def _shipped_config() -> str:
    found = sorted(VENV.glob("lib/python*/site-packages/newsplease/config/config.cfg"))
    if not found:
        raise FileNotFoundError(f"news-please's config.cfg not found under {VENV}")
    return found[0].read_text("utf-8")


def _set(config: str, key: str, value: str) -> str:
    """``key = value`` replacing the shipped line (``key=value`` or ``key = value``)."""
    line = re.compile(rf"^{re.escape(key)}\s*=.*$", re.M)
    if not line.search(config):
        raise KeyError(f"news-please's config.cfg has no {key!r}: its layout changed")
    return line.sub(lambda _: f"{key} = {value}", config, count=1)


def write_config(workdir: Path, bases: list[str], per_domain: int, timeout_s: float) -> Path:
    """A config directory for one run: ``config.cfg`` and ``sitelist.hjson``."""
    directory = workdir / "newsplease-config"
    directory.mkdir(parents=True)
    config = _shipped_config()
    for key, value in {
        "working_path": str(workdir / "newsplease-data"),
        "LOG_LEVEL": "WARNING",
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(per_domain),
        "ROBOTSTXT_OBEY": "True",
    }.items():
        config = _set(config, key, value)
    config = config.replace("[Scrapy]\n", f"[Scrapy]\nDOWNLOAD_TIMEOUT = {timeout_s}\n", 1)
    (directory / "config.cfg").write_text(config, "utf-8")
    sites = [{"url": f"{base}/", "crawler": crawler} for base in bases for crawler in CRAWLERS]
    (directory / "sitelist.hjson").write_text(json.dumps({"base_urls": sites}, indent=1))
    return directory


def command(config_dir: Path) -> list[str]:
    return [str(executable()), "-c", str(config_dir), "-no-confirm"]


OFF_SITE_PROXY = "http://127.0.0.1:9"
"""Where news-please's requests off the bench sites go. newspaper fetches every article's
images (the real pages name real image hosts) with requests, and with no internet each waited
on DNS: seconds per article, which made its wall time the machine's resolver's, not its own.
Through this closed local port each is refused at once, and the bench's traffic stays on
127.0.0.1 as every bench's must."""


def environment(bases: list[str]) -> dict[str, str]:
    """The peer's environment: every proxy variable pointing at ``OFF_SITE_PROXY``, the bench
    sites exempt (requests and Scrapy both honour ``no_proxy``)."""
    env = os.environ.copy()
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        env[name] = OFF_SITE_PROXY
    sites = ",".join(host for base in bases if (host := urlsplit(base).hostname))
    env["no_proxy"] = env["NO_PROXY"] = sites
    return env


@dataclass(frozen=True)
class Stored:
    url: str
    title: str
    published: datetime | None  # news-please writes local wall time without an offset


def stored(workdir: Path) -> list[Stored]:
    """Every article news-please wrote as JSON in the run's directory."""
    found: list[Stored] = []
    for path in sorted((workdir / "newsplease-data" / "data").rglob("*.json")):
        doc = json.loads(path.read_text("utf-8"))
        when = doc.get("date_publish")
        found.append(Stored(doc["url"], doc.get("title") or "",
                            datetime.fromisoformat(when) if when else None))  # fmt: skip
    return found
