"""Put a SQLite file in WAL mode safely when several processes open it at the same moment.

Switching a file to WAL needs exclusive access, and SQLite does not call the busy handler for
it: two crawl workers opening one fresh store could fail at once with "database is locked",
whatever the connection's timeout. WAL is a property of the file, so the mode is read first
(after the first open there is nothing to switch and no lock to take); otherwise the switch is
retried with backoff within the same timeout, and another process having switched meanwhile
counts as success.
"""

from __future__ import annotations

import sqlite3
import time

_FIRST_WAIT, _LONGEST_WAIT = 0.005, 0.1


def use_wal(connection: sqlite3.Connection, timeout: float = 30.0) -> str:
    """Switch ``connection``'s file to WAL; the journal mode it ends in (``memory`` in memory).

    Raises ``sqlite3.OperationalError`` when the file stays locked for ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    wait = _FIRST_WAIT
    while True:
        try:
            mode = str(connection.execute("PRAGMA journal_mode").fetchone()[0])
            if mode == "wal":
                return mode
            return str(connection.execute("PRAGMA journal_mode=WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + wait > deadline:
                raise
        time.sleep(wait)
        wait = min(wait * 2, _LONGEST_WAIT)
