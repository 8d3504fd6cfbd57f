"""``python -m bench.nothing_new --code DIR [--code DIR …] [--n 15] [--rounds 5]``: the crawl
that finds nothing new, code trees side by side.

Such a crawl costs what start-up costs, and issue 14 asks for its CPU at least halved. On the
scaled sites (``bench.scaled_pages``, N articles per source), each tree first crawls into its
own store; then, in interleaved rounds, the crawl that finds nothing new runs two ways per tree:
by hand (``newswatch crawl``) and as that tree's own scheduler starts its crawl children
(``scheduler.child.crawl_argv``, asked from the tree). Each tree runs its own code with this
venv; an older tree gets the same configuration without the fields its settings do not know
yet (asked from the tree too). Measured as process trees (``bench.proctree``). Writes
bench/results/nothing_new.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.crawl_scaled import settings_for
from bench.proctree import Usage, measure
from bench.report import code_label, compiled, write
from bench.scaled_pages import LAYOUTS, build_sites
from bench.scaled_score import fmt, spread
from bench.scaled_server import Hosting, base_url, host_for, serve
from tests.servers.child import environment

SECTIONS = ("storage", "crawl", "topic", "state", "sources")
"""The sections ``tests.servers.child.environment`` passes as ``NEWSWATCH_<SECTION>``."""
ASK_FIELDS = """
import json, typing
try:  # before the kernel layout (tried first: this venv's editable install would find the
    # new module for a tree that lacks it)
    from newswatch.config import Settings
except ImportError:
    from newswatch.core.settings import Settings
known = {}
for name, field in Settings.model_fields.items():
    for kind in typing.get_args(field.annotation) or (field.annotation,):
        if hasattr(kind, "model_fields"):
            known[name] = list(kind.model_fields)
print(json.dumps(known))
"""
ASK_ARGV = """
import json, sys
from pathlib import Path
from scheduler.child import crawl_argv
print(json.dumps(crawl_argv(Path(sys.argv[1]), [], Path(sys.argv[2]))))
"""
WAYS = ("by hand", "scheduler's child")


def _ask(code: Path, script: str, *args: str) -> Any:
    env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=code, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"{code}: {done.stderr[-1000:]}")
    return json.loads(done.stdout)


def _env(hosting: Hosting, work: Path, code: Path) -> tuple[dict[str, str], Path]:
    """This bench's configuration, cut to what the tree's settings know."""
    env, config = environment(settings_for(hosting, work), work)
    known = _ask(code, ASK_FIELDS)
    for section in SECTIONS:
        if section not in known:
            continue
        value = json.loads(env[f"NEWSWATCH_{section.upper()}"])
        rows = value if isinstance(value, list) else [value]
        kept = [{k: v for k, v in row.items() if k in known[section]} for row in rows]
        env[f"NEWSWATCH_{section.upper()}"] = json.dumps(
            kept if isinstance(value, list) else kept[0], ensure_ascii=False
        )
    env["PYTHONPATH"] = str(code)
    return env, config


def _commands(code: Path, config: Path, work: Path) -> dict[str, list[str]]:
    by_hand = [sys.executable, "-m", "newswatch", "--config", str(config), "crawl"]
    child = _ask(code, ASK_ARGV, str(config), str(work / "summary.json"))
    return {WAYS[0]: by_hand, WAYS[1]: [sys.executable, *child[1:]]}


def run(codes: list[Path], per_source: int, rounds: int) -> dict[str, Any]:
    bases = [base_url(host_for(i)) for i in range(len(LAYOUTS))]
    pages, _ = build_sites(bases, per_source, datetime.now(UTC))
    usage: dict[str, dict[str, list[Usage]]] = {}
    requests: dict[str, set[int]] = {}
    with serve(pages) as hosting, tempfile.TemporaryDirectory() as tmp:
        trees = []
        for i, code in enumerate(codes):
            work = Path(tmp) / str(i)
            work.mkdir()
            env, config = _env(hosting, work, code)
            commands = _commands(code, config, work)
            measure(commands[WAYS[0]], code, env, work / "first.txt")  # fills the store
            label = code_label(code)
            usage[label] = {way: [] for way in WAYS}
            trees.append((label, code, env, commands, work))
        for r in range(rounds):
            for label, code, env, commands, work in trees if r % 2 == 0 else trees[::-1]:
                for way, command in commands.items():
                    hosting.reset_logs()
                    usage[label][way].append(measure(command, code, env, work / "again.txt"))
                    requests.setdefault(f"{label}, {way}", set()).add(hosting.requests())
    return {
        "per_source": per_source,
        "rounds": rounds,
        "requests": {key: sorted(counts) for key, counts in requests.items()},
        "runs": {
            label: {
                way: {
                    field: spread([getattr(u, field) for u in runs])
                    for field in ("wall_s", "cpu_s", "peak_rss_mib", "peak_pss_mib")
                }
                for way, runs in ways.items()
            }
            for label, ways in usage.items()
        },
    }


def markdown(result: dict[str, Any]) -> str:
    labels = list(result["runs"])
    first = result["runs"][labels[0]]
    lines = [
        f"# Nothing-new crawl, N = {result['per_source']} per source, "
        f"{result['rounds']} interleaved rounds",
        "",
        f"CPU ratio: against the first tree ({labels[0]}), the same way.",
        "",
        "| code | run | requests | wall s | CPU s | CPU ratio | peak RSS MiB | peak PSS MiB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, ways in result["runs"].items():
        for way, row in ways.items():
            ratio = row["cpu_s"]["median"] / first[way]["cpu_s"]["median"]
            sent = ", ".join(map(str, result["requests"][f"{label}, {way}"]))
            lines.append(
                f"| {label} | {way} | {sent} | {fmt(row['wall_s'], 2)} | "
                f"{fmt(row['cpu_s'], 2)} | {ratio:.2f} | {fmt(row['peak_rss_mib'], 0)} | "
                f"{fmt(row['peak_pss_mib'], 0)} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.nothing_new")
    parser.add_argument("--code", type=Path, action="append", required=True)
    parser.add_argument("--n", type=int, default=15, help="articles per source")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    result = run([compiled(c.resolve()) for c in args.code], args.n, args.rounds)
    print(write("nothing_new", result, markdown(result)))


if __name__ == "__main__":
    main()
