"""``python -m bench.profile_crawl [--n 60] [--rounds 3] [--code DIR …]``: where a crawl's CPU goes.

On the scaled sites (``bench.scaled_pages``), for each code tree given (default: this one;
another checkout of an older commit gives a before/after, run from there via PYTHONPATH with
this venv): interleaved rounds of a crawl into a fresh store and the nothing-new crawl after
it, measured as process trees (wall, CPU, peak RSS), then one crawl under py-spy whose samples
are split by what they were doing (``CATEGORIES``, first match from the innermost frame;
imports win wherever they are on the stack). Writes bench/results/crawl_profile.{json,md} and
the raw py-spy stacks (flamegraph.pl / speedscope input).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.crawl_scaled import settings_for
from bench.proctree import Usage, measure
from bench.report import RESULTS, code_label, compiled, write
from bench.scaled_pages import LAYOUTS, build_sites
from bench.scaled_score import fmt, spread
from bench.scaled_server import Hosting, base_url, host_for, serve
from tests.servers.child import environment

REPO = Path(__file__).resolve().parents[1]
PY_SPY = Path(sys.executable).with_name("py-spy")
CATEGORIES = (  # (name, path fragments of a frame's file)
    ("topic filter", ("crawler/topic.py", "search/fold.py")),
    ("trafilatura", ("trafilatura/", "justext/", "courlan/", "htmldate/")),
    ("extraction (ours, incl. lxml)", ("crawler/extract", "crawler/dates", "crawler/decode")),
    ("store (SQLite)", ("search/sqlite", "sqlite3/")),
    ("other pipelines", ("crawler/pipelines", "crawler/normalise", "crawler/dedupe")),
    ("discovery (feeds, sitemaps, links)", ("crawler/discover",)),
    ("Scrapy / Twisted", ("scrapy/", "twisted/", "w3lib/", "parsel/", "protego")),
)


def _env(hosting: Hosting, work: Path, code: Path) -> tuple[dict[str, str], list[str]]:
    env, config = environment(settings_for(hosting, work), work)
    env["PYTHONPATH"] = str(code)
    return env, [sys.executable, "-m", "newswatch", "--config", str(config), "crawl"]


def _timed(hosting: Hosting, work: Path, code: Path) -> tuple[Usage, Usage]:
    work.mkdir()
    env, command = _env(hosting, work, code)
    first = measure(command, code, env, work / "stderr.txt")
    return first, measure(command, code, env, work / "stderr-again.txt")


def _category(stack: str) -> str:
    if "importlib._bootstrap" in stack:
        return "start-up (imports)"
    for frame in reversed(stack.split(";")):
        for name, fragments in CATEGORIES:
            if any(fragment in frame for fragment in fragments):
                return name
    return "other (Python start-up, logging, stdlib)"


def _profiled(hosting: Hosting, work: Path, code: Path, raw: Path) -> dict[str, float]:
    work.mkdir()
    env, command = _env(hosting, work, code)
    spy = [str(PY_SPY), "record", "-r", "200", "--format", "raw", "-o", str(raw), "--"]
    subprocess.run([*spy, *command], cwd=code, env=env, check=True, capture_output=True)
    samples: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack:
            samples[_category(stack)] += int(count)
    total = sum(samples.values())
    return {name: 100 * n / total for name, n in samples.most_common()}


def run(codes: list[Path], per_source: int, rounds: int, port: int) -> dict[str, Any]:
    bases = [base_url(host_for(i), port) for i in range(len(LAYOUTS))]
    pages, _ = build_sites(bases, per_source, datetime.now(UTC))
    labels = [code_label(code) for code in codes]
    timed: dict[str, list[tuple[Usage, Usage]]] = {label: [] for label in labels}
    profiles: dict[str, dict[str, float]] = {}
    with serve(pages, port) as hosting, tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            pairs = list(zip(labels, codes, strict=True))
            for label, code in pairs if r % 2 == 0 else pairs[::-1]:
                timed[label].append(
                    _timed(hosting, Path(tmp) / f"{r}-{len(timed[label])}-{label}", code)
                )
        for label, code in zip(labels, codes, strict=True):
            RESULTS.mkdir(exist_ok=True)
            raw = RESULTS / f"crawl_profile-{label}.txt"
            profiles[label] = _profiled(hosting, Path(tmp) / f"spy-{label}", code, raw)
    return {
        "per_source": per_source,
        "rounds": rounds,
        "runs": {
            label: {
                kind: {
                    field: spread([getattr(pair[i], field) for pair in runs])
                    for field in ("wall_s", "cpu_s", "peak_rss_mib", "peak_pss_mib")
                }
                for i, kind in enumerate(("crawl", "nothing new"))
            }
            for label, runs in timed.items()
        },
        "cpu_share_pct": profiles,
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Crawl profile, N = {result['per_source']} per source ({result['rounds']} rounds)",
        "",
        "| code | run | wall s | CPU s | peak RSS MiB | peak PSS MiB |",
        "|---|---|---|---|---|---|",
    ]
    for label, kinds in result["runs"].items():
        for kind, row in kinds.items():
            lines.append(
                f"| {label} | {kind} | {fmt(row['wall_s'], 2)} | "
                f"{fmt(row['cpu_s'], 2)} | {fmt(row['peak_rss_mib'], 0)} | "
                f"{fmt(row['peak_pss_mib'], 0)} |"
            )
    lines += ["", "CPU samples (py-spy, one crawl each), %:", ""]
    for label, shares in result["cpu_share_pct"].items():
        lines.append(f"- {label}: " + ", ".join(f"{k} {v:.1f}" for k, v in shares.items()))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_crawl")
    parser.add_argument("--n", type=int, default=60, help="articles per source")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--code", type=Path, action="append", help="code tree(s) to compare")
    parser.add_argument(
        "--port", type=int, default=8080, help="the sites' port (not 80: crawl_scaled may hold it)"
    )
    args = parser.parse_args()
    os.environ.pop("PYTHONPATH", None)
    codes = [compiled(c.resolve()) for c in args.code or [REPO]]
    result = run(codes, args.n, args.rounds, args.port)
    print(write("crawl_profile", result, markdown(result)))


if __name__ == "__main__":
    main()
