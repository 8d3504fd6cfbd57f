"""Several processes opening one fresh SQLite file at the same moment, as two crawl workers on
one host open the default store: every one of them gets a WAL store, none "database is locked".

The raw ``PRAGMA journal_mode=WAL`` failed such a race about one round in ten here (SQLite does
not call the busy handler for the switch); CI once lost a two-worker crawl to it.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Callable
from multiprocessing.synchronize import Barrier
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswatch.core.sqlite_wal import use_wal
from search.sqlite.store import SqliteBackend
from search.stories.index import StoryIndex

OPENERS = 8
ROUNDS = 12


def _raw(path: Path) -> str:
    connection = sqlite3.connect(path, timeout=30.0, isolation_level=None)
    mode = use_wal(connection)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("CREATE TABLE IF NOT EXISTS t (x)")
    connection.execute("INSERT INTO t VALUES (1)")
    connection.execute("COMMIT")
    connection.close()
    return mode


def _store(path: Path) -> str:
    backend = SqliteBackend(path, ZoneInfo("Asia/Ho_Chi_Minh"))
    backend.ensure_ready()
    backend.close()
    return str(sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0])


def _stories(path: Path) -> str:
    StoryIndex(path)
    return str(sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0])


def _open_at_once(
    opener: Callable[[Path], str], path: Path, barrier: Barrier, results: multiprocessing.Queue
) -> None:
    barrier.wait()
    try:
        results.put(opener(path))
    except Exception as exc:  # reported to the test, which fails on anything but "wal"
        results.put(repr(exc))


@pytest.mark.parametrize("opener", [_raw, _store, _stories], ids=["use_wal", "store", "stories"])
def test_processes_opening_one_fresh_file_at_once_all_get_wal(
    opener: Callable[[Path], str], tmp_path: Path
) -> None:
    context = multiprocessing.get_context("fork")  # fast starts make the opens collide
    outcomes: list[str] = []
    for round_ in range(ROUNDS):
        path = tmp_path / f"round-{round_}.db"
        barrier, results = context.Barrier(OPENERS), context.Queue()
        processes = [
            context.Process(target=_open_at_once, args=(opener, path, barrier, results))
            for _ in range(OPENERS)
        ]
        for process in processes:
            process.start()
        outcomes += [results.get(timeout=60) for _ in processes]
        for process in processes:
            process.join(60)
            assert process.exitcode == 0
    assert outcomes == ["wal"] * (OPENERS * ROUNDS)
    if opener is _raw:
        rows = sqlite3.connect(tmp_path / "round-0.db").execute("SELECT count(*) FROM t")
        assert rows.fetchone()[0] == OPENERS
