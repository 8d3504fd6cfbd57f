"""``newswatch schedule list|runs|trigger`` without a daemon, and ``run`` refusing bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from typer.testing import CliRunner

from crawler.summary import CrawlSummary
from newswatch.cli import app
from newswatch.core.settings import ScheduleOverride
from scheduler.runs import RunEnd, RunStore
from tests.scheduler import scheduler_settings, write_config


def config_file(tmp_path: Path, **schedule: object) -> Path:
    settings = scheduler_settings(tmp_path, sources=("a", "b"), **schedule)
    return write_config(settings, tmp_path / "newswatch.toml")


def invoke(config: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["--config", str(config), "schedule", *args], env={"COLUMNS": "250"}
    )
    return result.exit_code, result.output


def test_list_before_the_daemon_ever_ran_says_how_to_start_it(tmp_path: Path) -> None:
    code, output = invoke(config_file(tmp_path), "list")
    assert code == 0
    assert "daemon: not running" in output
    assert "newswatch schedule run" in output


def test_runs_with_no_history_is_an_empty_json_array(tmp_path: Path) -> None:
    code, output = invoke(config_file(tmp_path), "runs", "--json")
    assert (code, json.loads(output)) == (0, [])


def test_runs_table_shows_status_counts_and_local_start_time(tmp_path: Path) -> None:
    config = config_file(tmp_path)
    store = RunStore(tmp_path / "runs.db")
    run = store.record_unstarted("crawl:all@daily-06:00", ["a"], "skipped", "already being crawled")
    code, output = invoke(config, "runs")
    assert code == 0
    assert "crawl:all@daily-06:00" in output
    assert "skipped" in output and "already being crawled" in output
    local = datetime.fromisoformat(run.started_at).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert local.strftime("%Y-%m-%d %H:%M") in output


def test_runs_table_shows_too_old_and_queued_counts(tmp_path: Path) -> None:
    config = config_file(tmp_path)
    store = RunStore(tmp_path / "runs.db")
    run = store.start("job", ["a"], tmp_path / "logs")
    store.finish(run.id, RunEnd("ok", CrawlSummary(new=1, too_old=37, queued=58)))
    code, output = invoke(config, "runs")
    assert code == 0
    header = next(line for line in output.splitlines() if line.startswith("┃"))
    row = next(line for line in output.splitlines() if line.startswith("│"))
    cells = [cell.strip() for cell in row.split("│")]
    names = [cell.strip() for cell in header.split("┃")]
    assert (cells[names.index("old")], cells[names.index("queued")]) == ("37", "58")


def test_trigger_queues_a_request_for_the_daemon_and_warns_when_none_runs(tmp_path: Path) -> None:
    code, output = invoke(config_file(tmp_path), "trigger", "--source", "b")
    assert code == 0
    assert "trigger request #1 queued: b" in output
    assert "no scheduler daemon is running" in output
    (request,) = RunStore(tmp_path / "runs.db").take_requests()
    assert (request.sources, request.reason) == (["b"], "manual trigger")


def test_trigger_for_an_unknown_source_is_refused_and_queues_nothing(tmp_path: Path) -> None:
    code, output = invoke(config_file(tmp_path), "trigger", "--source", "nope")
    assert code == 2
    assert "unknown source 'nope'" in output
    assert RunStore(tmp_path / "runs.db").take_requests() == []


def test_trigger_wait_without_a_daemon_fails_but_keeps_the_request(tmp_path: Path) -> None:
    code, output = invoke(config_file(tmp_path), "trigger", "--wait")
    assert code == 1
    assert "daemon stopped before serving the request" in output
    assert len(RunStore(tmp_path / "runs.db").take_requests()) == 1


def test_run_with_an_invalid_schedule_exits_2_and_touches_nothing(tmp_path: Path) -> None:
    config = config_file(tmp_path, overrides=[ScheduleOverride(source="zzz", every_minutes=5)])
    argv = [sys.executable, "-m", "newswatch", "--config", str(config), "schedule", "run"]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown source 'zzz'" in result.stderr
    assert not (tmp_path / "scheduler.db").exists()
