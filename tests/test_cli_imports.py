"""A crawl child imports only what crawling needs (issue 14): the CLI loads command modules
lazily, so ``newswatch crawl`` never pays for the API, the scheduler or SQLAlchemy."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from newswatch.core.settings import Settings
from tests.servers.child import REPO, environment

NOT_FOR_CRAWLING = (
    *("fastapi", "starlette", "uvicorn", "apscheduler", "sqlalchemy"),
    # Scrapy components a crawl never uses (crawler.settings.UNUSED_COMPONENTS): the remote
    # control extension's aiohttp, the cookies middleware's tldextract and requests, boto.
    *("aiohttp", "tldextract", "requests", "botocore", "boto3"),
)
# Runs ``python -m newswatch ARGS…`` and, at interpreter exit, writes the loaded top-level
# packages to the file named by argv[1].
CHILD = """
import atexit, json, runpy, sys
out = sys.argv.pop(1)
tops = lambda: sorted({m.split(".")[0] for m in sys.modules})
atexit.register(lambda: open(out, "w").write(json.dumps(tops())))
sys.argv[0] = "newswatch"
runpy.run_module("newswatch", run_name="__main__")
"""


def _loaded(settings: Settings, tmp_path: Path, *args: str) -> set[str]:
    env, config = environment(settings, tmp_path)
    out = tmp_path / "modules.json"
    command = [sys.executable, "-c", CHILD, str(out), "--config", str(config), *args]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(out.read_text()))


def test_a_crawl_child_does_not_import_the_api_or_the_scheduler(
    replay_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    # The arguments the daemon's child passes (scheduler/child.py): the daemon records the run
    # itself, so the child needs no run-history database. A crawl run by hand does record its
    # run (issue 11), and that record is SQLAlchemy's job.
    loaded = _loaded(replay_settings(["vnexpress"]), tmp_path, "crawl", "--no-history")
    assert {"scrapy", "crawler", "lxml"} <= loaded  # it did crawl
    assert loaded.isdisjoint(NOT_FOR_CRAWLING), sorted(loaded & set(NOT_FOR_CRAWLING))


def test_help_still_lists_every_command(
    replay_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    env, _ = environment(replay_settings(["vnexpress"]), tmp_path)
    command = [sys.executable, "-m", "newswatch", "--help"]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    for name in ("crawl", "demo", "search", "schedule", "serve", "alerts", "index", "parse-date"):
        assert f" {name} " in done.stdout, name


def test_an_extraction_worker_imports_the_extractor_and_not_the_crawler() -> None:
    # A spawned worker holds its own imports for the whole crawl (issue 14: tree memory): the
    # extractor and pebble's worker loop, not Scrapy or Twisted.
    from crawler.pipelines.extract import started_pool

    pool = started_pool(1)
    try:
        loaded = set(pool.schedule(eval, args=(LOADED,)).result(timeout=120))
    finally:
        pool.stop()
        pool.join()
    assert {"crawler", "trafilatura", "lxml"} <= loaded
    unwanted = {"scrapy", "twisted", *NOT_FOR_CRAWLING}
    assert loaded.isdisjoint(unwanted), sorted(loaded & unwanted)


LOADED = "sorted({m.split('.')[0] for m in __import__('sys').modules})"
"""Evaluated in a worker (``eval`` pickles by name): its loaded top-level packages."""


def test_a_command_module_is_imported_with_the_collector_paused_then_frozen() -> None:
    """The collector must be on again when the command runs, whatever the import did: a
    daemon left without it would never free a reference cycle."""
    from typer.main import get_command

    from newswatch.cli import app

    group = get_command(app)
    gc.unfreeze()
    try:
        with group.make_context("newswatch", ["sources"]) as ctx:
            command = group.get_command(ctx, "sources")  # type: ignore[attr-defined]
        assert command is not None and command.name == "sources"
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # the modules imported so far, left out from now on
    finally:
        gc.unfreeze()
