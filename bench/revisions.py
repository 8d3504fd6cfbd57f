"""What keeping revisions costs a store write: ``KeepingHistory`` vs the bare SQLite backend.

``python -m bench.revisions [COUNT]``. The same articles are written in the store pipeline's
batches of 10 (``crawler.pipelines.store.BATCH_SIZE``) into fresh stores: new articles (the
decorator adds one ``known_ids`` look-up per batch), the same articles again unchanged (plus
one ``get`` per article), and an edit of each (plus the revision written). Milliseconds per
article, best of three rounds, printed as JSON.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.corpus import articles
from newswatch.core.article import Article
from search.backend import Backend
from search.sqlite.store import SqliteBackend
from search.stories.history import KeepingHistory
from search.stories.revision_log import RevisionLog

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BATCH = 10


def _write(backend: Backend, batch: list[Article]) -> float:
    started = time.perf_counter()
    for i in range(0, len(batch), BATCH):
        backend.upsert(batch[i : i + BATCH])
    return time.perf_counter() - started


def _round(
    folder: Path, wrap: bool, batch: list[Article], edits: list[Article]
) -> dict[str, float]:
    backend: Backend = SqliteBackend(folder / "news.db", TZ)
    if wrap:
        backend = KeepingHistory(backend, RevisionLog(folder / "revisions.db"), TZ)
    backend.ensure_ready()
    try:
        return {
            "new": _write(backend, batch),
            "unchanged": _write(backend, batch),
            "edited": _write(backend, edits),
        }
    finally:
        backend.close()


def run(count: int, rounds: int = 3) -> dict[str, object]:
    batch = list(articles(count))
    edits = [
        a.model_copy(
            update={"text": a.text + " (Cập nhật)", "fetched_at": a.fetched_at + timedelta(hours=1)}
        )
        for a in batch
    ]
    best: dict[str, dict[str, float]] = {}
    for _ in range(rounds):
        for wrap in (False, True):
            with tempfile.TemporaryDirectory() as folder:
                times = _round(Path(folder), wrap, batch, edits)
            name = "keeping" if wrap else "bare"
            for kind, seconds in times.items():
                slot = best.setdefault(name, {})
                slot[kind] = min(slot.get(kind, seconds), seconds)
    per = {name: {k: round(v / count * 1000, 3) for k, v in t.items()} for name, t in best.items()}
    return {"articles": count, "batch": BATCH, "ms_per_article": per}


def main(argv: list[str], out: Callable[[str], None] = print) -> None:
    out(json.dumps(run(int(argv[0]) if argv else 2000), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
