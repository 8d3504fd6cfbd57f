"""``python -m bench.projects``: the project register at 100k stored articles, before and after
it became incremental, against article extraction per page.

The 20 real Hải Phòng pages (``tests/stories/pages_transcribed.json``, facts extracted once)
are copied to ``SIZE`` articles: each copy gets its own id, story and investor names (a number
appended to every company), so the register holds tens of thousands of keys — pessimistic, as
every article places projects (in a real store most place none). They are stored in a real
SQLite store; every step reads it through the ``Backend``, as the CLI and the API do.

*Before* (the earlier design): every CLI call and API request re-read every stored article and
placed its facts again (``register_of(stored_articles(...))``). *After*: a ``LiveRegister``
asks the store for ids and content hashes (``Backend.stamps``), places only new and changed
articles, and caches their mentions on disk: a cold start places everything once, a new CLI
process takes every mention from the cache and regroups, the API process keeps its register
and a request only lists the hashes. Extraction per page is ``bench.extraction``'s
``extract_article`` on the replay sites' article pages.
"""

from __future__ import annotations

import logging
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.extraction import article_of, replay_pages
from bench.report import RESULTS, save, table
from newswatch.api.routes.projects import SWEEP_SECONDS
from newswatch.core.article import Article
from newswatch.projects import service
from newswatch.projects.cache import MentionCache
from newswatch.projects.corrections_db import CorrectionStore
from newswatch.projects.live import LiveRegister, stored_articles
from newswatch.projects.shape import project_dict
from newswatch.projects.zones import locate_zones
from search.projects import apply, register_of
from search.sqlite.store import SqliteBackend
from tests.projects.pages import page_articles

SIZE = int(os.environ.get("BENCH_PROJECTS_SIZE", "100000"))


def corpus(size: int = SIZE) -> list[Article]:
    pages = page_articles()
    out = []
    for n in range(size):
        page = pages[n % len(pages)]
        facts = page.facts
        assert facts is not None
        suffix = f" {n // len(pages)}"
        companies = tuple(c + suffix for c in facts.companies)
        text = page.text
        for company in facts.companies:
            text = text.replace(company, company + suffix)
        out.append(
            page.model_copy(
                update={
                    "id": f"{page.id}-{n}",
                    "story_id": f"s-{n // 5}",
                    "text": text,
                    "facts": replace(facts, companies=companies),
                }
            )
        )
    return out


def _extraction_ms() -> float:
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    pages = replay_pages()
    for page in pages:
        article_of(page)
    laps = []
    for page in pages:
        begun = time.perf_counter()
        article_of(page)
        laps.append(time.perf_counter() - begun)
    return statistics.median(laps) * 1000


TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PAGE = 200  # entries per /api/projects page


def _timed(step: Callable[[], Any]) -> tuple[float, Any]:
    begun = time.perf_counter()
    out = step()
    return (time.perf_counter() - begun) * 1000, out


def _list_page(view: service.RegisterView) -> list[dict[str, Any]]:
    """What ``/api/projects`` does after its refresh: filter, sort, shape one page."""
    return [project_dict(p, TZ) for p in service.select(view.projects)[:PAGE]]


def _show(view: service.RegisterView, project_id: str) -> dict[str, Any]:
    return project_dict(service.find(view, project_id), TZ)


def _place(live: LiveRegister, article: Article) -> None:
    live.register.put(article)
    live.register.settle()


def _before(backend: SqliteBackend, corrections: CorrectionStore) -> service.RegisterView:
    """The earlier ``service.compute``: the whole register from every stored article."""
    projects = register_of(stored_articles(backend), locate_zones).projects()
    return service.RegisterView(*apply(projects, corrections.all()))


def _rows(size: int, folder: Path) -> tuple[list[dict[str, Any]], int]:
    articles = corpus(size)
    backend = SqliteBackend(folder / "news.db", TZ)
    backend.ensure_ready()
    for start in range(0, size, 1000):
        backend.upsert(articles[start : start + 1000])
    corrections = CorrectionStore(folder / "projects.db")
    cache = MentionCache(folder / "projects-cache.db")
    extra = iter(
        a.model_copy(update={"id": f"new-{n}", "story_id": f"new-{n}"})
        for n, a in enumerate(articles)
    )
    del articles

    before_ms, view = _timed(lambda: _before(backend, corrections))
    some = view.projects[len(view.projects) // 2].id
    list_before = before_ms + _timed(lambda: _list_page(view))[0]
    show_before = before_ms + _timed(lambda: _show(view, some))[0]
    new_before = before_ms  # before, a new article changed nothing: the next call recomputed all

    cold_ms, _ = _timed(lambda: service.compute(backend, corrections, LiveRegister(cache)))
    live = LiveRegister(cache)  # a new process: the cache file is full
    cli_ms, view = _timed(lambda: service.compute(backend, corrections, live))
    api = partial(service.compute, backend, corrections, live, SWEEP_SECONDS)
    list_after = _timed(lambda: _list_page(api()))[0]
    show_after = _timed(lambda: _show(api(), some))[0]
    sweep = _timed(lambda: backend.stamps())[0]
    backend.upsert([next(extra)])
    new_after = _timed(api)[0]
    put_ms = []
    for _ in range(20):  # the register's own part of one new article: place it, regroup its keys
        put_ms.append(_timed(partial(_place, live, next(extra)))[0])
    backend.close()
    cli_ms += _timed(lambda: _list_page(view))[0]
    steps = [
        ("register from the store (cold: cache empty)", before_ms, cold_ms),
        ("CLI list (new process, warm cache)", list_before, cli_ms),
        ("API list, one page of 200 (register kept)", list_before, list_after),
        ("API show one entry (register kept)", show_before, show_after),
        ("API: one new article stored, next request's refresh", new_before, new_after),
    ]  # fmt: skip
    rows = [
        {"step": name, "before_ms": round(b, 1), "after_ms": round(a, 1),
         "after_over_before": round(a / b, 4)}
        for name, b, a in steps
    ]  # fmt: skip
    rows.append(
        {"step": f"API full hash sweep (every {SWEEP_SECONDS:.0f} s)", "before_ms": None,
         "after_ms": round(sweep, 1), "after_over_before": None}
    )  # fmt: skip
    rows.append(
        {"step": "one new article: place + regroup (median of 20)", "before_ms": None,
         "after_ms": round(statistics.median(put_ms), 2), "after_over_before": None}
    )  # fmt: skip
    return rows, len(view.projects)


def run(size: int = SIZE) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        rows, entries = _rows(size, Path(tmp))
    extraction = _extraction_ms()
    for row in rows:
        after = row["after_ms"]
        row["after_over_extraction"] = round(after / extraction, 4)
    return {"articles": size, "entries": entries, "extraction_ms": round(extraction, 2),
            "speed": rows}  # fmt: skip


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Project register at {result['articles']:,} stored articles "
        f"({result['entries']:,} entries), SQLite",
        "",
        f"Extraction per page (median, `extract_article`): {result['extraction_ms']} ms.",
        "",
        "| step | before ms | after ms | after / before | after / extraction |",
        "|---|---|---|---|---|",
    ]
    for row in result["speed"]:
        cells = [row["step"], row["before_ms"], row["after_ms"], row["after_over_before"],
                 row["after_over_extraction"]]  # fmt: skip
        lines.append("| " + " | ".join("–" if c is None else str(c) for c in cells) + " |")
    return "\n".join([*lines, "", NOTES]) + "\n"


NOTES = """\
How to read it (`python -m bench.projects`; one run, steps in sequence, on a machine shared by
other jobs: absolute times are inflated, compare within a row).

- *Before*: every CLI call and API request re-read every stored article and placed its facts
  again, so list, show and "after one new article" all cost one full re-computation.
- *After*: `newswatch.projects.live.LiveRegister` over `Backend.stamps` (ids and content
  hashes, no documents) and the mention cache file (`paths.projects_cache_path`).
  - cold: nothing cached yet: every article is placed once (the same work as before, plus
    writing the cache);
  - CLI: a new process finds every article's mentions in the cache, places none, but still
    lists all hashes and regroups every (investor, zone) key: grouping, not placing, is what is
    left;
  - API: the process keeps its register; a request lists only the hashes stored after its
    cursor (one indexed query) and regroups only the keys new articles touch; the page of 200
    entries is then sorted and shaped. Edits and removals are caught by the full hash sweep,
    at most every 30 s (its cost is the sweep row).
- The corpus is pessimistic: every article places a project (20 real pages copied with
  distinct investor names), so the register has tens of thousands of entries; in a real store
  most articles place none, and both grouping and the page cost less."""


def main() -> None:
    result = run()
    print(table("project register: before vs after", result["speed"]))
    save("projects", result)
    (RESULTS / "projects.md").write_text(markdown(result), "utf-8")


if __name__ == "__main__":
    main()
