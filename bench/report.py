"""Benchmark output: a small table on stdout and a JSON file in bench/results/, or a named
JSON and Markdown pair; and which code tree a result is of, compiled as it is installed."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from subprocess import DEVNULL
from typing import Any

RESULTS = Path(__file__).parent / "results"


def table(title: str, rows: list[dict[str, Any]]) -> str:
    columns = list(rows[0])
    cells = [[_cell(row[c]) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = [title, "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    return f"{value:,.1f}" if isinstance(value, float) else str(value)


def save(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC)
    path = RESULTS / f"{name}-{stamp:%Y%m%dT%H%M%SZ}.json"
    payload = {
        "benchmark": name,
        "at": stamp.isoformat(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        **data,
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    return path


def write(name: str, result: dict[str, Any], markdown: str) -> str:
    """``bench/results/<name>.json`` and ``.md``, overwritten by each run; returns the Markdown."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    (RESULTS / f"{name}.md").write_text(markdown)
    return markdown


PACKAGES = ("crawler", "scheduler", "search", "newswatch")


def compiled(code: Path) -> Path:
    """The tree, its bytecode written first, as an installed package's is (``make venv`` and
    pip compile at install). This sandbox sets ``PYTHONDONTWRITEBYTECODE``, so without it every
    measured run would compile every module it imports from source (60 ms of a nothing-new
    crawl), and a tree with more modules would pay more for what a deployment pays once."""
    dirs = [str(code / name) for name in PACKAGES if (code / name).is_dir()]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *dirs], check=True, stdout=DEVNULL)
    return code


def code_label(code: Path) -> str:
    """The tree's commit, ``-dirty`` with uncommitted changes: what a side-by-side row is of."""
    git = ["git", "-C", str(code), "describe", "--always", "--dirty"]
    return subprocess.run(git, capture_output=True, text=True, check=True).stdout.strip()
