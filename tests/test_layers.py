"""The house plan is enforced: ``lint-imports`` (run by ``make lint``) keeps the tree as it is
and fails as soon as a lower layer imports an upper one.

The checker runs on a temporary copy of the packages and pyproject.toml, with one import added,
so the real tree is never touched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("newswatch", "crawler", "search", "scheduler", "tests", "bench")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    if not LINT_IMPORTS.is_file():
        pytest.skip("import-linter is not installed beside this interpreter (.[dev])")
    ignore = shutil.ignore_patterns("__pycache__", "sites", "fixtures", "*.html", "*.json")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_import(module: Path, line: str) -> None:
    module.write_text(module.read_text("utf-8") + f"\n{line}\n", "utf-8")


def test_the_tree_keeps_every_contract(tree: Path) -> None:
    done = lint_imports(tree)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("newswatch/core/text.py", "import crawler.topic", "newswatch.core.text -> crawler.topic"),
        ("search/snippet.py", "import crawler.normalise", "search.snippet -> crawler.normalise"),
        ("crawler/topic.py", "import scheduler.locks", "crawler.topic -> scheduler.locks"),
        ("scheduler/hooks.py", "import newswatch.alerts.service", "scheduler.hooks ->"),
        ("crawler/run.py", "import tests.servers.sites", "crawler.run -> tests.servers.sites"),
    ],
)
def test_an_upward_import_breaks_the_contract(
    tree: Path, module: str, line: str, broken: str
) -> None:
    add_import(tree / module, line)

    done = lint_imports(tree)

    assert done.returncode != 0
    assert "BROKEN" in done.stdout
    assert broken in done.stdout
