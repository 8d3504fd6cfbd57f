"""A real Redis for tests (pytest plugin: session ``redis_server``, per-test ``redis_url``).

Debian's ``redis-server`` (installed by ``system_packages.sh``) on a free 127.0.0.1 port, no
persistence, its working dir a temp dir removed afterwards. Each test gets an emptied server.
``$NEWSWATCH_TEST_REDIS_URL`` replaces it with an existing server (which tests then FLUSHALL).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.servers.elasticsearch import free_port

START_TIMEOUT = 20.0


@contextlib.contextmanager
def running_redis() -> Iterator[str]:
    external = os.environ.get("NEWSWATCH_TEST_REDIS_URL")
    if external:
        yield external
        return
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server missing: run `bash tests/servers/system_packages.sh`")
    port, run_dir = free_port(), Path(tempfile.mkdtemp(prefix="newswatch-redis-"))
    command = [
        binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(run_dir),
        "--save", "", "--appendonly", "no", "--logfile", str(run_dir / "redis.log"),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"redis-server exited early (log in {run_dir})")
            with contextlib.suppress(redis.ConnectionError), redis.Redis.from_url(url) as client:
                client.ping()
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server not ready after {START_TIMEOUT}s")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(run_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    with running_redis() as url:
        yield url


@pytest.fixture()
def redis_url(redis_server: str) -> str:
    with redis.Redis.from_url(redis_server) as client:
        client.flushall()
    return redis_server
