"""``python -m bench.crawl_split [--n 60] [--rounds 3]``: sources split over processes?

The quick measurement behind the multi-core design of issue 14: on the scaled sites, one
``newswatch crawl`` of all four sources against four ``newswatch crawl --source X`` run at once
(each with its own store and state: today's state files are per run, not per source, so
processes must not share them), interleaved rounds, process trees measured as in
``bench.crawl_scaled``. Writes bench/results/crawl_split.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.crawl_scaled import settings_for
from bench.proctree import Usage, measure
from bench.report import RESULTS
from bench.scaled_pages import LAYOUTS, build_sites
from bench.scaled_score import fmt, ratio_spread, spread
from bench.scaled_server import Hosting, base_url, host_for, serve
from tests.servers.child import environment

REPO = Path(__file__).resolve().parents[1]
ONE, SPLIT = "one process", "one process per source"


def _crawl(hosting: Hosting, work: Path, sources: list[str]) -> tuple[list[str], dict[str, str]]:
    work.mkdir(parents=True)
    env, config = environment(settings_for(hosting, work), work)
    picked = [arg for name in sources for arg in ("--source", name)]
    return [sys.executable, "-m", "newswatch", "--config", str(config), "crawl", *picked], env


def _one(hosting: Hosting, work: Path) -> Usage:
    command, env = _crawl(hosting, work, list(hosting.sites))
    return measure(command, REPO, env, work / "stderr.txt")


def _split(hosting: Hosting, work: Path) -> Usage:
    """All sources at once, a process each, under one shell whose tree is measured."""
    lines = []
    for name in hosting.sites:
        command, env = _crawl(hosting, work / name, [name])
        exports = " ".join(
            f"{k}={shlex.quote(v)}" for k, v in env.items() if k.startswith("NEWSWATCH_")
        )
        lines.append(
            f"env {exports} {shlex.join(command)} 2>>{shlex.quote(str(work / 'stderr.txt'))} &"
        )
    script = "\n".join([*lines, "wait"])
    return measure(["sh", "-c", script], REPO, None, work / "shell-stderr.txt")


def run(per_source: int, rounds: int, port: int) -> dict[str, Any]:
    bases = [base_url(host_for(i), port) for i in range(len(LAYOUTS))]
    pages, _ = build_sites(bases, per_source, datetime.now(UTC))
    usage: dict[str, list[Usage]] = {ONE: [], SPLIT: []}
    with serve(pages, port) as hosting, tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            for kind in (ONE, SPLIT) if r % 2 == 0 else (SPLIT, ONE):
                work = Path(tmp) / f"{r}-{kind.split()[-1]}"
                usage[kind].append(_one(hosting, work) if kind == ONE else _split(hosting, work))

    def col(kind: str, field: str) -> list[float]:
        return [float(getattr(u, field)) for u in usage[kind]]

    return {
        "per_source": per_source,
        "rounds": rounds,
        "runs": {
            k: {f: spread(col(k, f)) for f in ("wall_s", "cpu_s", "peak_rss_mib")} for k in usage
        },
        "split_vs_one": {
            f: ratio_spread(col(SPLIT, f), col(ONE, f)) for f in ("wall_s", "cpu_s", "peak_rss_mib")
        },
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Sources split over processes, N = {result['per_source']} per source "
        f"({result['rounds']} rounds, median (min–max))",
        "",
        "| run | wall s | CPU s | peak RSS MiB |",
        "|---|---|---|---|",
    ]
    for kind, row in result["runs"].items():
        lines.append(
            f"| {kind} | {fmt(row['wall_s'], 1)} | {fmt(row['cpu_s'], 1)} | "
            f"{fmt(row['peak_rss_mib'], 0)} |"
        )
    r = result["split_vs_one"]
    lines.append(
        f"| split / one | {fmt(r['wall_s'])} | {fmt(r['cpu_s'])} | {fmt(r['peak_rss_mib'])} |"
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.crawl_split")
    parser.add_argument("--n", type=int, default=60, help="articles per source")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args()
    result = run(args.n, args.rounds, args.port)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "crawl_split.json").write_text(json.dumps(result, indent=2))
    (RESULTS / "crawl_split.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
