"""Run history and trigger requests in the shared runs database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler.summary import CrawlSummary
from newswatch.api.schemas import RunOut
from scheduler.runs import RunEnd, RunStore

# The runs table as newswatch created it before ``too_old`` and ``queued`` were recorded.
OLD_RUNS_TABLE = """
CREATE TABLE runs (
    id INTEGER NOT NULL PRIMARY KEY, job_id VARCHAR NOT NULL, sources TEXT NOT NULL,
    status VARCHAR NOT NULL, started_at VARCHAR NOT NULL, ended_at VARCHAR,
    pages_fetched INTEGER NOT NULL, new INTEGER NOT NULL, updated INTEGER NOT NULL,
    filtered INTEGER NOT NULL, duplicates INTEGER NOT NULL, errors INTEGER NOT NULL,
    error_kinds TEXT NOT NULL, message TEXT NOT NULL, log_file VARCHAR, child_pid INTEGER,
    daemon_pid INTEGER NOT NULL, after_crawl TEXT NOT NULL, request_id INTEGER
)
"""


def test_a_started_run_is_running_with_a_log_file_named_after_its_id(
    runs_location: Path | str, tmp_path: Path
) -> None:
    store = RunStore(runs_location)
    run = store.start("crawl:all@daily-06:00", ["a", "b"], tmp_path / "logs")
    assert run.status == "running"
    assert run.ended_at is None
    assert run.sources == ["a", "b"]
    assert run.log_file == str(tmp_path / "logs" / f"run-{run.id:06d}.log")


def test_a_finished_run_keeps_the_crawl_summary_counts(
    runs_location: Path | str, tmp_path: Path
) -> None:
    store = RunStore(runs_location)
    run = store.start("job", ["a"], tmp_path)
    summary = CrawlSummary(
        sources=["a"],
        pages_fetched=9,
        new=4,
        updated=1,
        filtered=2,
        too_old=5,
        queued=6,
        duplicates=3,
        errors=1,
        error_kinds={"http_404": 1},
        status="partial",
    )
    ended = store.finish(run.id, RunEnd("partial", summary, "one 404", "ok"))
    assert (ended.pages_fetched, ended.new, ended.updated) == (9, 4, 1)
    assert (ended.filtered, ended.duplicates, ended.errors) == (2, 3, 1)
    assert (ended.too_old, ended.queued) == (5, 6)
    assert ended.error_kinds == {"http_404": 1}
    assert (ended.status, ended.message, ended.after_crawl) == ("partial", "one 404", "ok")
    assert ended.ended_at is not None


def test_a_run_without_summary_records_zero_counts(
    runs_location: Path | str, tmp_path: Path
) -> None:
    store = RunStore(runs_location)
    run = store.start("job", ["a"], tmp_path)
    ended = store.finish(run.id, RunEnd("timeout", None, "time limit of 5 s hit"))
    assert (ended.status, ended.new, ended.pages_fetched) == ("timeout", 0, 0)


def test_interrupted_runs_are_closed_as_killed_and_finished_ones_untouched(
    runs_location: Path | str, tmp_path: Path
) -> None:
    store = RunStore(runs_location)
    done = store.start("job", ["a"], tmp_path)
    store.finish(done.id, RunEnd("ok", CrawlSummary(new=2)))
    left = store.start("job", ["b"], tmp_path)
    closed = store.mark_interrupted("daemon died")
    assert [run.id for run in closed] == [left.id]
    assert closed[0].status == "killed" and closed[0].message == "daemon died"
    assert store.get(done.id).status == "ok"
    assert store.mark_interrupted("again") == []


def test_recent_runs_are_newest_first_and_limited(
    runs_location: Path | str, tmp_path: Path
) -> None:
    store = RunStore(runs_location)
    ids = [store.start("job", [name], tmp_path).id for name in "abc"]
    assert [run.id for run in store.recent(2)] == [ids[2], ids[1]]


def test_unstarted_run_is_recorded_with_its_reason(
    runs_location: Path | str, tmp_path: Path
) -> None:
    store = RunStore(runs_location)
    run = store.record_unstarted("job", ["a"], "skipped", "already being crawled: a")
    assert (run.status, run.message) == ("skipped", "already being crawled: a")
    assert run.ended_at == run.started_at


def test_trigger_requests_are_taken_once_oldest_first(
    runs_location: Path | str, tmp_path: Path
) -> None:
    cli = RunStore(runs_location)
    daemon = RunStore(runs_location)
    first = cli.request([], "manual trigger")
    second = cli.request(["a"], "manual trigger")
    taken = daemon.take_requests()
    assert [(r.id, r.sources) for r in taken] == [(first.id, []), (second.id, ["a"])]
    assert all(r.taken_at is not None for r in taken)
    assert daemon.take_requests() == []


def test_runs_that_served_a_request_are_found_by_it(
    runs_location: Path | str, tmp_path: Path
) -> None:
    store = RunStore(runs_location)
    request = store.request(["a", "b"], "manual trigger")
    first = store.start("trigger:1", ["a"], tmp_path, request_id=request.id)
    second = store.record_unstarted("trigger:1", ["b"], "skipped", "busy", request_id=request.id)
    store.start("crawl:all@daily-06:00", ["c"], tmp_path)
    assert [run.id for run in store.runs_for(request.id)] == [first.id, second.id]
    assert store.trigger_request(request.id).done_at is None
    store.finish_request(request.id)
    assert store.trigger_request(request.id).done_at is not None


def test_an_older_runs_database_is_upgraded_in_place_and_keeps_its_history(
    tmp_path: Path,
) -> None:
    path = tmp_path / "runs.db"
    with sqlite3.connect(path) as old:
        old.execute(OLD_RUNS_TABLE)
        old.execute(
            "INSERT INTO runs VALUES (7, 'job', '[\"a\"]', 'ok', '2026-01-02T03:04:05+00:00',"
            " '2026-01-02T03:05:00+00:00', 9, 4, 1, 2, 3, 0, '{}', '', NULL, 11, 10, 'ok', NULL)"
        )
    old.close()
    store = RunStore(path)
    kept = store.get(7)
    assert (kept.status, kept.pages_fetched, kept.new, kept.duplicates) == ("ok", 9, 4, 3)
    assert (kept.too_old, kept.queued) == (0, 0), "not counted then: zero, not an error"
    run = store.start("job", ["a"], tmp_path)
    ended = store.finish(run.id, RunEnd("ok", CrawlSummary(too_old=2, queued=3)))
    assert (ended.too_old, ended.queued) == (2, 3)
    assert [r.id for r in RunStore(path).recent()] == [run.id, 7], "a second open is a no-op"


def test_every_crawl_counter_reaches_the_run_history_and_the_api(tmp_path: Path) -> None:
    # not_modified and unchanged used to be counted by the crawl and lost on the way.
    store = RunStore(tmp_path / "runs.db")
    run = store.start("job", ["a"], tmp_path)
    summary = CrawlSummary(sources=["a"], pages_fetched=7, unchanged=2, not_modified=3)

    ended = store.finish(run.id, RunEnd("ok", summary))
    out = RunOut.model_validate(ended)

    assert (ended.unchanged, ended.not_modified, ended.pages_fetched) == (2, 3, 7)
    assert (out.unchanged, out.not_modified, out.pages_fetched) == (2, 3, 7)
