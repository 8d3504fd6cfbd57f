"""``python -m bench.crawl_split [--n 60] [--rounds 3]``: how should a crawl use every core?

The measurement behind the multi-core design of issue 14, on the scaled sites: one
``newswatch crawl`` of all four sources extracting in its own process (``[crawl] workers = 1``),
the same crawl extracting in a process pool (``workers`` = the cores), and four
``newswatch crawl --source X`` run at once (each ``workers = 1`` with its own store and state),
interleaved rounds, process trees measured as in ``bench.crawl_scaled``. Writes
bench/results/crawl_split.{json,md}.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.crawl_scaled import settings_for
from bench.proctree import Usage, measure
from bench.report import write
from bench.scaled_pages import LAYOUTS, build_sites
from bench.scaled_score import fmt, ratio_spread, spread
from bench.scaled_server import Hosting, base_url, host_for, serve
from tests.servers.child import environment

REPO = Path(__file__).resolve().parents[1]
FIELDS = ("wall_s", "cpu_s", "peak_rss_mib")
CORES = len(os.sched_getaffinity(0))
ONE, POOL, SPLIT = "one process", f"extraction pool of {CORES}", "one process per source"


def _crawl(
    hosting: Hosting, work: Path, sources: list[str], workers: int = 1
) -> tuple[list[str], dict[str, str]]:
    work.mkdir(parents=True)
    settings = settings_for(hosting, work)
    crawl = settings.crawl.model_copy(update={"workers": workers})
    env, config = environment(settings.model_copy(update={"crawl": crawl}), work)
    picked = [arg for name in sources for arg in ("--source", name)]
    return [sys.executable, "-m", "newswatch", "--config", str(config), "crawl", *picked], env


def _one(hosting: Hosting, work: Path, workers: int = 1) -> Usage:
    command, env = _crawl(hosting, work, list(hosting.sites), workers)
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
    kinds = [ONE, POOL, SPLIT]
    runs: dict[str, Callable[[Hosting, Path], Usage]] = {
        ONE: _one,
        POOL: lambda hosting, work: _one(hosting, work, CORES),
        SPLIT: _split,
    }
    usage: dict[str, list[Usage]] = {kind: [] for kind in kinds}
    with serve(pages, port) as hosting, tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            for i, kind in enumerate(kinds[r % 3 :] + kinds[: r % 3]):
                usage[kind].append(runs[kind](hosting, Path(tmp) / f"{r}-{i}"))

    def col(kind: str, field: str) -> list[float]:
        return [float(getattr(u, field)) for u in usage[kind]]

    return {
        "per_source": per_source,
        "rounds": rounds,
        "runs": {k: {f: spread(col(k, f)) for f in FIELDS} for k in usage},
        "vs_one": {
            kind: {f: ratio_spread(col(kind, f), col(ONE, f)) for f in FIELDS}
            for kind in (POOL, SPLIT)
        },
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Every core: extraction pool vs sources split, N = {result['per_source']} per source "
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
    for kind, r in result["vs_one"].items():
        lines.append(
            f"| {kind} / one | {fmt(r['wall_s'])} | {fmt(r['cpu_s'])} | {fmt(r['peak_rss_mib'])} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.crawl_split")
    parser.add_argument("--n", type=int, default=60, help="articles per source")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args()
    result = run(args.n, args.rounds, args.port)
    print(write("crawl_split", result, markdown(result)))


if __name__ == "__main__":
    main()
