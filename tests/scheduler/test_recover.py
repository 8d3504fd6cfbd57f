"""What a daemon queues again on start after its predecessor died mid-work."""

from __future__ import annotations

from pathlib import Path

from crawler.summary import CrawlSummary
from scheduler.daemon import recover
from scheduler.runs import RunEnd, RunStore

KNOWN = ["a", "b", "c"]


def pending(store: RunStore) -> list[tuple[list[str], str]]:
    return [(request.sources, request.reason) for request in store.take_requests()]


def test_a_scheduled_run_left_running_is_closed_and_its_source_queued_again(
    runs_location: Path | str, tmp_path: Path
) -> None:
    store = RunStore(runs_location)
    run = store.start("crawl:all@daily-06:00", ["b"], tmp_path)
    recover(store, KNOWN)
    assert store.get(run.id).status == "killed"
    assert pending(store) == [(["b"], f"resume of interrupted run #{run.id}")]


def test_a_finished_run_is_left_alone(runs_location: Path | str, tmp_path: Path) -> None:
    store = RunStore(runs_location)
    run = store.start("crawl:all@daily-06:00", ["a"], tmp_path)
    store.finish(run.id, RunEnd("ok", CrawlSummary(new=1)))
    recover(store, KNOWN)
    assert store.get(run.id).status == "ok"
    assert pending(store) == []


def test_a_taken_request_never_served_is_queued_again_in_full(
    runs_location: Path | str, tmp_path: Path
) -> None:
    store = RunStore(runs_location)
    request = store.request([], "manual trigger")
    store.take_requests()
    recover(store, KNOWN)
    assert pending(store) == [(KNOWN, f"resume of request #{request.id}")]
    assert store.trigger_request(request.id).done_at is not None


def test_a_request_cut_short_is_queued_again_for_what_it_did_not_finish(
    runs_location: Path | str, tmp_path: Path
) -> None:
    store = RunStore(runs_location)
    request = store.request([], "manual trigger")
    store.take_requests()
    done = store.start("trigger:1", ["a"], tmp_path, request_id=request.id)
    store.finish(done.id, RunEnd("ok", CrawlSummary(new=2)))
    store.start("trigger:1", ["b"], tmp_path, request_id=request.id)  # the daemon died here
    recover(store, KNOWN)
    assert pending(store) == [(["b", "c"], f"resume of request #{request.id}")]


def test_recovering_twice_queues_nothing_more(runs_location: Path | str, tmp_path: Path) -> None:
    store = RunStore(runs_location)
    store.start("crawl:all@daily-06:00", ["b"], tmp_path)
    recover(store, KNOWN)
    recover(store, KNOWN)
    assert len(pending(store)) == 1
