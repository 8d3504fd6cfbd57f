"""A real PostgreSQL for tests (pytest plugin: session ``pg_server``, per-test ``pg_url``).

Debian's ``postgresql`` package (installed by ``system_packages.sh``) provides the binaries
under /usr/lib/postgresql/<major>/bin. A throw-away cluster is ``initdb``-ed into a temp dir
and ``postgres`` listens on a free 127.0.0.1 port (trust auth, fsync off: a test cluster).
PostgreSQL refuses to run as root, so under root it runs as a system user ``newswatch-pg``.
Each test gets its own fresh database; ``$NEWSWATCH_TEST_PG_URL`` (a ``postgresql://`` URL
whose user may create databases) replaces the server.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.servers.elasticsearch import ensure_user, free_port

PG_USER = "newswatch-pg"
START_TIMEOUT = 60.0


def pg_bin() -> Path:
    """The newest installed major's binaries."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if not found:
        raise RuntimeError("PostgreSQL missing: run `bash tests/servers/system_packages.sh`")
    return Path(found[-1]).parent


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", PG_USER, "--", *command] if os.geteuid() == 0 else command


def _wait_ready(dsn: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"postgres exited early:\n{log.read_text()[-4000:]}")
        with contextlib.suppress(psycopg.OperationalError), psycopg.connect(dsn, connect_timeout=2):
            return
        time.sleep(0.2)
    raise RuntimeError(f"postgres not ready after {START_TIMEOUT}s:\n{log.read_text()[-4000:]}")


@contextlib.contextmanager
def running_postgres() -> Iterator[str]:
    """Start a throw-away server; yield a libpq URL of its ``postgres`` database."""
    external = os.environ.get("NEWSWATCH_TEST_PG_URL")
    if external:
        yield external
        return
    binaries, port = pg_bin(), free_port()
    run_dir = Path(tempfile.mkdtemp(prefix="newswatch-pg-"))
    data, log = run_dir / "data", run_dir / "postgres.log"
    if os.geteuid() == 0:
        ensure_user(PG_USER)
        shutil.chown(run_dir, PG_USER)
    run_dir.chmod(0o700)
    subprocess.run(
        _as_server_user(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    server = [
        str(binaries / "postgres"), "-D", str(data), "-p", str(port), "-k", str(run_dir),
        "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(_as_server_user(server), stdout=out, stderr=subprocess.STDOUT)
    dsn = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    try:
        _wait_ready(dsn, process, log)
        yield dsn
    finally:
        process.terminate()  # SIGTERM: "smart" shutdown; clients are gone by now
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(run_dir, ignore_errors=True)


def fresh_database(server_dsn: str) -> str:
    """A new empty database on the server; its SQLAlchemy URL (psycopg 3 driver)."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = server_dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    with running_postgres() as dsn:
        yield dsn


@pytest.fixture()
def pg_url(pg_server: str) -> str:
    """A fresh database per test, left for the server's removal at session end."""
    return fresh_database(pg_server)
