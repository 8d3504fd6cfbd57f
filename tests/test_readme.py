"""Every command line of the README's "Using it" block runs as written, in a shell, against the
replay sites on 127.0.0.1 (the configuration comes from the environment, as a user's would).

Lines ending in ``&`` start a daemon that is stopped at the end; ``newswatch serve`` runs until
it answers ``/healthz`` and is then stopped with Ctrl-C (SIGINT), which must end it cleanly.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.servers.child import REPO, environment
from tests.servers.elasticsearch import free_port
from tests.servers.replay_server import ReplaySites, default_sites_root
from tests.servers.sites import replay_settings_for, replay_sites  # noqa: F401

README = REPO / "README.md"
PAGE = default_sites_root() / "vnexpress" / "files"


def using_it_lines() -> list[str]:
    """The shell lines of the first ``sh`` block after the "## Using it" heading."""
    section = README.read_text("utf-8").split("## Using it", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "README: no sh block under 'Using it'"
    return [line for line in block.group(1).splitlines() if line.strip()]


def shell(line: str, cwd: Path, env: dict[str, str], timeout: float = 120) -> str:
    done = subprocess.run(
        ["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"README line failed ({done.returncode}): {line}\n{output}"
    assert "Traceback" not in output, f"{line}\n{output}"
    return output


def serve_until_healthy(line: str, cwd: Path, env: dict[str, str], port: int) -> str:
    server = subprocess.Popen(
        ["bash", "-c", f"exec {line}"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            pytest.fail(f"README line never served /healthz: {line}")
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0, output
    assert "Traceback" not in output, output
    return output


def test_every_readme_line_runs_as_written(
    replay_sites: ReplaySites,  # noqa: F811
    tmp_path: Path,
) -> None:
    settings = replay_settings_for(replay_sites, tmp_path, ["heza", "vnexpress"])
    env, config = environment(settings, tmp_path)
    port = free_port()
    env.update(
        NEWSWATCH_CONFIG=str(config),
        NEWSWATCH_API__PORT=str(port),
        PATH=f"{REPO / '.venv' / 'bin'}{os.pathsep}{env['PATH']}",
    )
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "activate").symlink_to(REPO / ".venv" / "bin" / "activate")
    shutil.copy(PAGE / "hai-phong-hut-hon-3-ty-usd-von-fdi-vao-khu-cong-nghiep-4899101.html",
                tmp_path / "page.html")  # fmt: skip
    daemons: list[subprocess.Popen[str]] = []
    outputs: dict[str, str] = {}
    try:
        for line in using_it_lines():
            command = line.split("  #", 1)[0].strip()
            if command.endswith("&"):
                daemons.append(
                    subprocess.Popen(
                        ["bash", "-c", f"exec {command[:-1]}"],
                        cwd=tmp_path,
                        env=env,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                        text=True,
                    )
                )
                time.sleep(3)  # the daemon takes its lock before the next lines talk to it
            elif command.startswith("newswatch serve"):
                outputs[command] = serve_until_healthy(command, tmp_path, env, port)
            else:
                outputs[command] = shell(command, tmp_path, env)
    finally:
        for daemon in daemons:
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(timeout=60)
    assert len(outputs) + len(daemons) == len(using_it_lines()) >= 12
    crawled = next(out for cmd, out in outputs.items() if cmd.startswith("newswatch crawl"))
    assert "Crawl " in crawled and "heza" in crawled
    assert (tmp_path / "ket-qua.xlsx").stat().st_size > 0
    assert any("match 'dau-tu-moi-kcn-hai-phong'" in out for out in outputs.values())
    assert any(f"http://127.0.0.1:{port}/" in out for out in outputs.values())
