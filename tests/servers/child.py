"""Run ``python -m newswatch`` as a child process configured with exactly a test's Settings.

Crawls must run in child processes: Scrapy's Twisted reactor cannot restart in one process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from newswatch.core.settings import Settings

REPO = Path(__file__).parents[2]


def environment(settings: Settings, workdir: Path) -> tuple[dict[str, str], Path]:
    """Environment and (empty) config file that give a child process exactly ``settings``:
    each section as JSON in ``NEWSWATCH_<SECTION>`` (the environment beats the file)."""
    env = os.environ.copy()
    for section in ("storage", "crawl", "topic", "state", "sources"):
        value = getattr(settings, section)
        dumped = (
            [s.model_dump(mode="json") for s in value]
            if section == "sources"
            else (value.model_dump(mode="json", exclude_none=True))
        )
        env[f"NEWSWATCH_{section.upper()}"] = json.dumps(dumped, ensure_ascii=False)
    empty = workdir / "empty.toml"
    empty.write_text("")
    return env, empty


def newswatch(settings: Settings, workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m newswatch …`` in a child process, configured with ``settings``."""
    command, env = _command(settings, workdir, args)
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def started_newswatch(settings: Settings, workdir: Path, *args: str) -> subprocess.Popen[bytes]:
    """``newswatch`` started and left running (output discarded), for a test to signal or kill
    it mid-way."""
    command, env = _command(settings, workdir, args)
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _command(
    settings: Settings, workdir: Path, args: tuple[str, ...]
) -> tuple[list[str], dict[str, str]]:
    env, config = environment(settings, workdir)
    return [sys.executable, "-m", "newswatch", "--config", str(config), *args], env
