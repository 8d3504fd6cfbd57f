"""``python -m bench.crawl_scaled [--n 15,60,180] [--rounds 3]``: a crawl at scale, with peers.

Four generated sources (``bench.scaled_pages``: real pages, N articles each, a quarter off
topic) served as real sites (``bench.scaled_server``: one host each, keep-alive), crawled by
``newswatch crawl``, by news-please 1.6.16 (``bench.newsplease_peer``) and by a bare Scrapy
spider fetching exactly the URLs our crawl requested (``bench.crawl_baseline``, our Scrapy
settings). Rounds interleave the three, rotating who goes first. Each run is a child process
measured as a tree (``bench.proctree``): wall, CPU, peak RSS and peak PSS. After each newswatch
run a second crawl of the same store finds nothing new: its requests and cost are the start-up's.
Writes bench/results/crawl_scaled.json and .md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import newsplease_peer
from bench.proctree import Usage, measure
from bench.report import compiled, write
from bench.scaled_feeds import Truth
from bench.scaled_pages import LAYOUTS, build_sites
from bench.scaled_score import Record, fmt, newswatch_records, ratio_spread, score, spread
from bench.scaled_server import Hosting, base_url, host_for, serve
from crawler.sources import bundled as bundled_sources
from newswatch.core.settings import Settings, read_toml
from newswatch.demo.config import INHERITED
from tests.servers.child import environment

REPO = Path(__file__).resolve().parents[1]
OURS, PEER, BARE = "newswatch", "news-please", "bare fetch"
PER_DOMAIN, TIMEOUT_S = 4, 10.0
CRAWL: dict[str, object] = {
    "timezone": "Asia/Ho_Chi_Minh",
    "obey_robots_txt": True,
    "download_delay": 0,
    "autothrottle": False,
    "download_timeout": TIMEOUT_S,
    "download_maxsize": 4 * 1024 * 1024,
    "retry_times": 2,
    "max_age_days": 30,
    "concurrent_requests_per_domain": PER_DOMAIN,
}


def settings_for(hosting: Hosting, work: Path) -> Settings:
    """Our crawl of the bench sites: each bundled source's patterns and selectors, the bench
    site's feed, sitemap and home page, the bundled topic."""
    bundled = read_toml(None)
    real = bundled_sources()  # the source catalogue (crawler/sources/)
    sources = [
        {
            **{k: real[name][k] for k in INHERITED if k in real[name]},
            "name": name,
            "allowed_domains": [site.host],
            "feeds": [f"{site.base_url}/rss.xml"],
            "sitemaps": [f"{site.base_url}/sitemap.xml"],
            "start_urls": [f"{site.base_url}/"],
        }
        for name, site in hosting.sites.items()
    ]
    return Settings.model_validate(
        {
            "storage": {
                "backend": "sqlite",
                "path": work / "newswatch.db",
                "queue_path": work / "es-queue.db",
            },
            "crawl": {**CRAWL, "state_dir": str(work / "crawl-state")},
            "topic": bundled["topic"],
            "sources": sources,
        }
    )


def _requested(hosting: Hosting) -> list[str]:
    """What a crawl fetched, once each; robots.txt the baseline fetches by itself."""
    urls = (site.base_url + path for site in hosting.sites.values() for path in site.log)
    return list(dict.fromkeys(u for u in urls if not u.endswith("/robots.txt")))


def _ours(hosting: Hosting, work: Path) -> tuple[Usage, list[str], Usage, int]:
    """A crawl into a fresh store, then the nothing-new crawl: usage and requests of each."""
    work.mkdir()
    env, config = environment(settings_for(hosting, work), work)
    command = [sys.executable, "-m", "newswatch", "--config", str(config), "crawl"]
    hosting.reset_logs()
    first = measure(command, REPO, env, work / "stderr.txt")
    fetched = _requested(hosting)
    hosting.reset_logs()
    again = measure(command, REPO, env, work / "stderr-again.txt")
    return first, fetched, again, hosting.requests()


def _peer(hosting: Hosting, work: Path) -> tuple[Usage, list[Record]]:
    bases = [site.base_url for site in hosting.sites.values()]
    config_dir = newsplease_peer.write_config(work, bases, PER_DOMAIN, TIMEOUT_S)
    env = newsplease_peer.environment(bases)
    used = measure(newsplease_peer.command(config_dir), work, env, work / "stderr.txt")
    return used, [Record(s.url, s.title, s.published) for s in newsplease_peer.stored(work)]


def _bare(hosting: Hosting, work: Path, urls: Path) -> Usage:
    env, config = environment(settings_for(hosting, work), work)
    command = [
        sys.executable,
        "-m",
        "bench.crawl_baseline",
        "--config",
        str(config),
        "--urls",
        str(urls),
    ]
    return measure(command, REPO, env, work / "stderr.txt")


def _order(r: int) -> list[str]:
    """Who goes first rotates; in round 0 ours does (the bare fetch replays its URLs)."""
    tools = [OURS, PEER, BARE]
    return tools[r % 3 :] + tools[: r % 3]


def run_size(per_source: int, rounds: int) -> dict[str, Any]:
    bases = [base_url(host_for(i)) for i in range(len(LAYOUTS))]
    pages, truth = build_sites(bases, per_source, datetime.now(UTC))
    usage: dict[str, list[Usage]] = {OURS: [], PEER: [], BARE: []}
    requests: dict[str, list[int]] = {OURS: [], PEER: [], BARE: []}
    quiet: list[tuple[Usage, int]] = []
    scores: dict[str, dict[str, int]] = {}
    with serve(pages) as hosting, tempfile.TemporaryDirectory() as tmp:
        root, urls = Path(tmp), Path(tmp) / "urls.txt"
        for r in range(rounds):
            for tool in _order(r):
                work = root / f"{r}-{tool.replace(' ', '-')}"
                if tool == OURS:
                    first, fetched, again, again_count = _ours(hosting, work)
                    usage[OURS].append(first)
                    requests[OURS].append(len(fetched))
                    quiet.append((again, again_count))
                    urls.write_text("\n".join(fetched) + "\n")
                    scores[OURS] = score(newswatch_records(work / "newswatch.db"), truth)
                    continue
                work.mkdir()
                hosting.reset_logs()
                if tool == PEER:
                    used, found = _peer(hosting, work)
                    usage[PEER].append(used)
                    scores[PEER] = score(found, truth)
                else:
                    usage[BARE].append(_bare(hosting, work, urls))
                requests[tool].append(hosting.requests())
    return _summary(per_source, truth, usage, requests, quiet, scores)


def _summary(
    per_source: int,
    truth: dict[str, list[Truth]],
    usage: dict[str, list[Usage]],
    requests: dict[str, list[int]],
    quiet: list[tuple[Usage, int]],
    scores: dict[str, dict[str, int]],
) -> dict[str, Any]:
    def col(tool: str, field: str) -> list[float]:
        return [float(getattr(u, field)) for u in usage[tool]]

    rate = {
        t: [n / u.wall_s for n, u in zip(requests[t], usage[t], strict=True)] for t in (OURS, BARE)
    }
    return {
        "per_source": per_source,
        "articles": sum(len(v) for v in truth.values()),
        "tools": {
            t: {
                "wall_s": spread(col(t, "wall_s")),
                "work_s": spread(col(t, "work_s")),
                "cpu_s": spread(col(t, "cpu_s")),
                "rss_mib": spread(col(t, "peak_rss_mib")),
                "pss_mib": spread(col(t, "peak_pss_mib")),
                "requests": requests[t],
                **({"correctness": scores[t]} if t in scores else {}),
            }
            for t in usage
        },
        "nothing_new": {
            "wall_s": spread([u.wall_s for u, _ in quiet]),
            "cpu_s": spread([u.cpu_s for u, _ in quiet]),
            "rss_mib": spread([u.peak_rss_mib for u, _ in quiet]),
            "pss_mib": spread([u.peak_pss_mib for u, _ in quiet]),
            "requests": [n for _, n in quiet],
        },
        "ratios": {
            "wall_vs_news_please": ratio_spread(col(OURS, "wall_s"), col(PEER, "wall_s")),
            "wall_vs_news_please_crawlers": ratio_spread(col(OURS, "wall_s"), col(PEER, "work_s")),
            "cpu_vs_news_please": ratio_spread(col(OURS, "cpu_s"), col(PEER, "cpu_s")),
            "rss_vs_news_please": ratio_spread(
                col(OURS, "peak_rss_mib"), col(PEER, "peak_rss_mib")
            ),
            "pss_vs_news_please": ratio_spread(
                col(OURS, "peak_pss_mib"), col(PEER, "peak_pss_mib")
            ),
            "fetch_rate_vs_bare": ratio_spread(rate[OURS], rate[BARE]),
        },
    }


TARGETS = {"wall_vs_news_please": 1 / 3, "cpu_vs_news_please": 0.4, "rss_vs_news_please": 0.25}


def markdown(sizes: list[dict[str, Any]], rounds: int) -> str:
    lines = [
        "# Scaled replay crawl: newswatch vs news-please 1.6.16 vs a bare Scrapy fetch",
        "",
        f"Four sources, N articles each (a quarter off topic), {rounds} interleaved rounds; "
        "median (min–max). Ratios are newswatch / peer: below 1 is better, except the fetch "
        "rate (newswatch pages/s over the bare fetch's, target ≥ 0.6). Issue-14 targets at "
        "N = 180: wall ≤ 0.33, CPU ≤ 0.4, RSS ≤ 0.25 of news-please's. RSS is summed over the "
        "process tree (shared pages counted once per process); PSS divides each shared page "
        "among its sharers (forked workers share their parent's imports).",
        "",
        "news-please's launcher polls its crawler processes every 10 s, so its wall includes up "
        "to 10 s of waiting after the work: the second wall ratio is against the end of its "
        "last crawler process.",
        "",
        "| N | articles | wall ratio | wall ratio (vs its crawlers) | CPU ratio | RSS ratio "
        "| PSS ratio | fetch rate vs bare |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size in sizes:
        r = size["ratios"]
        lines.append(
            f"| {size['per_source']} | {size['articles']} | {fmt(r['wall_vs_news_please'])} | "
            f"{fmt(r['wall_vs_news_please_crawlers'])} | "
            f"{fmt(r['cpu_vs_news_please'])} | {fmt(r['rss_vs_news_please'])} | "
            f"{fmt(r['pss_vs_news_please'])} | {fmt(r['fetch_rate_vs_bare'])} |"
        )
    lines += [
        "",
        "| N | crawler | wall s | work s | CPU s | peak RSS MiB | peak PSS MiB | requests "
        "| correctness |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for size in sizes:
        for tool, row in size["tools"].items():
            right = row.get("correctness", {})
            verdict = ", ".join(f"{k} {v}" for k, v in right.items()) or "-"
            lines.append(
                f"| {size['per_source']} | {tool} | {fmt(row['wall_s'], 1)} | "
                f"{fmt(row['work_s'], 1)} | "
                f"{fmt(row['cpu_s'], 1)} | {fmt(row['rss_mib'], 0)} | {fmt(row['pss_mib'], 0)} | "
                f"{'/'.join(map(str, row['requests']))} | {verdict} |"
            )
        quiet = size["nothing_new"]
        lines.append(
            f"| {size['per_source']} | newswatch, nothing new | {fmt(quiet['wall_s'], 1)} | - | "
            f"{fmt(quiet['cpu_s'], 1)} | {fmt(quiet['rss_mib'], 0)} | {fmt(quiet['pss_mib'], 0)} | "
            f"{'/'.join(map(str, quiet['requests']))} | - |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.crawl_scaled")
    parser.add_argument("--n", default="15,60,180", help="articles per source, comma-separated")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    newsplease_peer.executable()  # install before anything is timed
    compiled(REPO)  # our bytecode, as news-please's installed package has its own
    sizes = []
    for n in (int(word) for word in args.n.split(",")):
        sizes.append(run_size(n, args.rounds))
        print(f"N = {n}: " + json.dumps(sizes[-1]["ratios"]), flush=True)
    payload = {"rounds": args.rounds, "at": datetime.now(UTC).isoformat(), "sizes": sizes}
    print(write("crawl_scaled", payload, markdown(sizes, args.rounds)))


if __name__ == "__main__":
    main()
