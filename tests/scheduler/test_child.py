"""The crawl child: time limit, clean stop, log capture, summary, and dying with the daemon.

These run real child processes (small Python programs) through ``run_child``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from crawler.summary import CrawlSummary
from scheduler.child import ChildOutcome, classify, crawl_argv, run_child
from scheduler.locks import FileLock

WRITE_SUMMARY = """
import json, sys
print("crawling", flush=True)
print("a warning", file=sys.stderr, flush=True)
json.dump({"sources": ["a"], "new": 3, "pages_fetched": 5, "status": "ok"}, open(sys.argv[1], "w"))
"""
SLEEP = "import time; time.sleep(60)"
IGNORE_TERM = """
import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("ignoring", flush=True)
time.sleep(60)
"""


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def run(
    tmp_path: Path,
    argv: list[str],
    *,
    time_limit: float = 20.0,
    grace: float = 2.0,
    stop: threading.Event | None = None,
    keep_fds: Sequence[int] = (),
    on_spawn: Callable[[int], None] = lambda pid: None,
) -> tuple[ChildOutcome, Path]:
    log = tmp_path / "run.log"
    outcome = run_child(
        argv,
        log_path=log,
        summary_path=tmp_path / "s.json",
        time_limit=time_limit,
        grace=grace,
        stop=stop or threading.Event(),
        keep_fds=keep_fds,
        on_spawn=on_spawn,
    )
    return outcome, log


def test_crawl_argv_passes_the_daemons_config_and_each_source(tmp_path: Path) -> None:
    argv = crawl_argv(Path("conf.toml"), ["a", "b"], tmp_path / "s.json")
    assert argv[:3] == [sys.executable, "-m", "newswatch"]
    assert argv[3:] == [
        "--config",
        str(Path("conf.toml").resolve()),
        "crawl",
        "--source",
        "a",
        "--source",
        "b",
        "--summary-json",
        str(tmp_path / "s.json"),
        "--no-history",  # the daemon records the run itself
    ]


def test_crawl_argv_without_config_file_lets_the_child_resolve_the_same_default(
    tmp_path: Path,
) -> None:
    assert "--config" not in crawl_argv(None, ["a"], tmp_path / "s.json")


def test_a_finished_child_reports_its_summary_and_its_output_is_logged(tmp_path: Path) -> None:
    outcome, log = run(tmp_path, python(WRITE_SUMMARY, str(tmp_path / "s.json")))
    assert outcome.status == "ok"
    assert outcome.summary == CrawlSummary(sources=["a"], new=3, pages_fetched=5)
    text = log.read_text()
    assert "crawling" in text and "a warning" in text


def test_a_child_over_its_time_limit_is_stopped_and_marked_timeout(tmp_path: Path) -> None:
    began = time.monotonic()
    outcome, _ = run(tmp_path, python(SLEEP), time_limit=0.5)
    assert outcome.status == "timeout"
    assert outcome.returncode == -signal.SIGTERM
    assert time.monotonic() - began < 5


def test_a_child_ignoring_sigterm_is_killed_after_the_grace(tmp_path: Path) -> None:
    began = time.monotonic()
    outcome, log = run(tmp_path, python(IGNORE_TERM), time_limit=1.0, grace=0.5)
    assert outcome.status == "timeout"
    assert outcome.returncode == -signal.SIGKILL
    assert 1.5 <= time.monotonic() - began < 6
    assert "ignoring" in log.read_text()


def test_stop_event_stops_the_child_and_marks_it_killed_by_shutdown(tmp_path: Path) -> None:
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    outcome, _ = run(tmp_path, python(SLEEP), stop=stop)
    assert outcome.status == "killed"
    assert outcome.message == "stopped by daemon shutdown"


WITH_HELPER = """
import signal, subprocess, sys, time
from pathlib import Path
out = Path(sys.argv[1])
# A helper in the crawl's process group, like its extraction workers: it writes when it is done
# with its "page", and lingers after that.
helper = subprocess.Popen([sys.executable, "-c", (
    "import sys, time; from pathlib import Path; out = Path(sys.argv[1]); "
    "(out / 'helper.pid').write_text(str(__import__('os').getpid())); "
    "time.sleep(1.5); (out / 'page.done').write_text('1'); time.sleep(60)"), str(out)])
def stop(*_):
    deadline = time.monotonic() + 10  # Scrapy's graceful close: wait for the page in flight
    while not (out / "page.done").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    raise SystemExit(0)
signal.signal(signal.SIGTERM, stop)
print("crawling", flush=True)
time.sleep(60)
"""


def test_a_stop_lets_the_crawls_helpers_finish_their_page_then_none_outlives_it(
    tmp_path: Path,
) -> None:
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    outcome, _ = run(tmp_path, python(WITH_HELPER, str(tmp_path)), stop=stop, grace=8)
    assert outcome.status == "killed" and outcome.message == "stopped by daemon shutdown"
    # The SIGTERM went to the crawl alone: its helper finished the page it held ...
    assert (tmp_path / "page.done").exists()
    # ... and was killed with the rest of the group once the crawl had exited.
    helper = int((tmp_path / "helper.pid").read_text())
    deadline = time.monotonic() + 5
    while Path(f"/proc/{helper}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{helper}").exists() or "Z" in _state(helper)


def _state(pid: int) -> str:
    """The process's state letter (a zombie, ``Z``, is dead but not yet reaped by its parent)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_a_child_killed_from_outside_is_marked_killed(tmp_path: Path) -> None:
    pids: list[int] = []

    def kill_soon(pid: int) -> None:
        pids.append(pid)
        threading.Timer(0.5, os.kill, (pid, signal.SIGKILL)).start()

    outcome, _ = run(tmp_path, python(SLEEP), on_spawn=kill_soon)
    assert pids
    assert outcome.status == "killed"
    assert outcome.message == "crawl killed by SIGKILL"


def test_a_child_exiting_without_summary_failed(tmp_path: Path) -> None:
    outcome, _ = run(tmp_path, python("raise SystemExit(0)"))
    assert outcome.status == "failed"
    assert "without summary" in outcome.message


def test_a_stale_summary_from_an_earlier_run_is_not_reused(tmp_path: Path) -> None:
    (tmp_path / "s.json").write_text(json.dumps({"new": 7, "status": "ok"}))
    outcome, _ = run(tmp_path, python("raise SystemExit(0)"))
    assert outcome.summary is None


def test_nonzero_exit_with_an_ok_summary_is_a_failure() -> None:
    assert classify("exited", 1, CrawlSummary(status="ok"), 10).status == "failed"


def test_a_partial_summary_stays_partial() -> None:
    assert classify("exited", 1, CrawlSummary(status="partial"), 10).status == "partial"


DAEMON_STANDIN = """
import sys, threading
from pathlib import Path
from scheduler.child import run_child
tmp = Path(sys.argv[1])
run_child(
    [sys.executable, "-c", "import time; time.sleep(60)"],
    log_path=tmp / "c.log", summary_path=tmp / "c.json", time_limit=60, grace=1,
    stop=threading.Event(), on_spawn=lambda pid: print(pid, flush=True),
)
"""


def test_the_child_dies_with_the_daemon(tmp_path: Path) -> None:
    daemon = subprocess.Popen(
        python(DAEMON_STANDIN, str(tmp_path)), stdout=subprocess.PIPE, text=True
    )
    assert daemon.stdout is not None
    child_pid = int(daemon.stdout.readline())
    daemon.kill()
    daemon.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(child_pid):
        time.sleep(0.05)
    assert not _alive(child_pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped by init) counts as gone
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ")[1][0] != "Z"


def test_a_source_lock_passed_to_the_child_outlives_the_parents_copy(tmp_path: Path) -> None:
    lock = FileLock(tmp_path / "source-a.lock")
    assert lock.try_acquire() and lock.fd is not None
    fd = lock.fd
    released = threading.Event()
    held_while_child_lives: list[bool] = []

    def release_parent_copy(pid: int) -> None:
        lock.release()
        released.set()
        held_while_child_lives.append(not FileLock(tmp_path / "source-a.lock").try_acquire())

    outcome, _ = run(
        tmp_path, python("import time; time.sleep(1)"), keep_fds=[fd], on_spawn=release_parent_copy
    )
    assert outcome.returncode == 0
    assert released.is_set()
    assert held_while_child_lives == [True]
    assert FileLock(tmp_path / "source-a.lock").try_acquire()


def test_timeout_reaches_the_childs_whole_process_group(tmp_path: Path) -> None:
    grandchild_pid = tmp_path / "grandchild.pid"
    code = (
        "import subprocess, sys, time;"
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']);"
        f"open({str(grandchild_pid)!r}, 'w').write(str(p.pid)); time.sleep(60)"
    )
    outcome, _ = run(tmp_path, python(code), time_limit=1.0)
    assert outcome.returncode == -signal.SIGTERM
    pid = int(grandchild_pid.read_text())
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.05)
    assert not _alive(pid)
