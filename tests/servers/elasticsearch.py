"""A real Elasticsearch 9.x for tests and benchmarks (pytest plugin: session fixture ``es_url``).

The official integration-test distribution (fetched by ``elasticsearch_dist.sh`` into ``.cache/``)
runs single-node on 127.0.0.1, security off, 512 MB heap, on a Temurin/OpenJDK ≥ 21 found under
/usr/lib/jvm. Elasticsearch refuses to run as root, so under root it runs as a system user
``newswatch-es`` with a per-run config/data/log directory it owns. ``$NEWSWATCH_TEST_ES_URL``
replaces all of this with an existing server.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ES_VERSION = os.environ.get("NEWSWATCH_TEST_ES_VERSION", "9.1.5")
REPO = Path(__file__).resolve().parents[2]
ES_USER = "newswatch-es"
START_TIMEOUT = 120.0


def es_home() -> Path:
    cache = Path(os.environ.get("NEWSWATCH_CACHE", REPO / ".cache"))
    home = cache / f"elasticsearch-{ES_VERSION}"
    if not (home / "bin" / "elasticsearch").is_file():
        raise RuntimeError(f"{home} missing: run `bash tests/servers/elasticsearch_dist.sh` first")
    return home


def _java_major(jdk: Path) -> int:
    for line in (jdk / "release").read_text().splitlines():
        if line.startswith("JAVA_VERSION="):
            return int(line.split("=", 1)[1].strip('"').split(".")[0])
    return 0


def find_jdk() -> Path:
    """The newest JDK ≥ 21 under /usr/lib/jvm, Temurin preferred (ES 9 needs Java 21+)."""
    candidates = [Path(p).parent for p in glob.glob("/usr/lib/jvm/*/release")]
    usable = [jdk for jdk in candidates if _java_major(jdk) >= 21 and (jdk / "bin/java").exists()]
    if not usable:
        raise RuntimeError("no JDK >= 21 under /usr/lib/jvm (install temurin-25-jdk)")
    return max(usable, key=lambda jdk: (_java_major(jdk), "temurin" in jdk.name))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_user(name: str = ES_USER) -> None:
    """A system user to run a server that refuses root (Elasticsearch, PostgreSQL)."""
    if subprocess.run(["id", name], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--system", "--no-create-home", name], check=True)


def node_settings(run_dir: Path, http_port: int, transport_port: int) -> dict[str, object]:
    """One node's ``elasticsearch.yml``, without discovery (single node or cluster)."""
    return {
        "cluster.name": "newswatch-test",
        "node.name": "node-1",
        "network.host": "127.0.0.1",
        "http.port": http_port,
        "transport.port": transport_port,
        "path.data": run_dir / "data",
        "path.logs": run_dir / "logs",
        # The integ-test zip ships x-pack-security: the setting exists and must be off here.
        "xpack.security.enabled": "false",
        "cluster.routing.allocation.disk.threshold_enabled": "false",
        "action.destructive_requires_name": "false",
        # ES budgets 4x a request's bytes against 10% of heap by default: with our 512 MB heap
        # one 5 MB article (12 MB with its folded twins) would be refused forever with 429.
        # 25% of 512 MB matches what the default gives a 1.25 GB production heap.
        "indexing_pressure.memory.limit": "25%",
    }


def _prepare_run_dir(home: Path, run_dir: Path, settings: dict[str, object]) -> Path:
    config = run_dir / "config"
    shutil.copytree(home / "config", config)
    (config / "elasticsearch.yml").write_text("".join(f"{k}: {v}\n" for k, v in settings.items()))
    (config / "jvm.options.d" / "heap.options").write_text("-Xms512m\n-Xmx512m\n")
    for sub in ("data", "logs", "tmp"):
        (run_dir / sub).mkdir()
    return config


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path, nodes: int = 1) -> None:
    """Until ``url`` answers green/yellow with ``nodes`` nodes joined, or fail with the log."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Elasticsearch exited early:\n{log.read_text()[-4000:]}")
        with contextlib.suppress(httpx.HTTPError):
            health = httpx.get(f"{url}/_cluster/health", timeout=2.0)
            body = health.json() if health.status_code == 200 else {}
            if body.get("status") in ("green", "yellow") and body["number_of_nodes"] >= nodes:
                return
        time.sleep(0.5)
    raise RuntimeError(
        f"Elasticsearch not healthy after {START_TIMEOUT}s:\n{log.read_text()[-4000:]}"
    )


def start_node(settings: dict[str, object], run_dir: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """Start one node from the cached distribution in ``run_dir`` (as ``ES_USER`` under root);
    returns the process and its console log."""
    home = es_home()
    run_dir.chmod(0o755)
    config = _prepare_run_dir(home, run_dir, settings)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "ES_JAVA_HOME": str(find_jdk()),
        "ES_PATH_CONF": str(config),
        "ES_TMPDIR": str(run_dir / "tmp"),
        "ES_JAVA_OPTS": "-Xms512m -Xmx512m",
    }
    command = [str(home / "bin" / "elasticsearch")]
    if os.geteuid() == 0:
        ensure_user()
        subprocess.run(["chown", "-R", f"{ES_USER}:", str(run_dir)], check=True)
        command = ["runuser", "-u", ES_USER, "--", *command]
    log = run_dir / "console.log"
    with log.open("wb") as out:
        # Own process group: under root, ``runuser`` is the parent of the JVM, and a test that
        # kills "the node" must reach the JVM (``os.killpg``), not only runuser.
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return process, log


def stop_node(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (runuser passes it on to the JVM); after 30 s SIGKILL to the whole group."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def running_elasticsearch() -> Iterator[str]:
    """Start a throw-away single-node server; yield its URL; stop it and delete its data."""
    external = os.environ.get("NEWSWATCH_TEST_ES_URL")
    if external:
        yield external.rstrip("/")
        return
    port = free_port()
    run_dir = Path(tempfile.mkdtemp(prefix="newswatch-es-"))
    settings = {**node_settings(run_dir, port, free_port()), "discovery.type": "single-node"}
    process, log = start_node(settings, run_dir)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log)
        yield url
    finally:
        stop_node(process)
        shutil.rmtree(run_dir, ignore_errors=True)


class SwitchableProxy:
    """A TCP forwarder on 127.0.0.1 in front of the server that can be "switched off".

    Switched off, the listening socket is closed (connection refused, exactly like a stopped
    server); switched back on, it listens on the same port again. Lets a test take
    Elasticsearch "down" mid-crawl without paying for a second server start.
    """

    def __init__(self, target_url: str, bulk_delay: float = 0.0) -> None:
        """``bulk_delay``: seconds each client read carrying a ``_bulk`` request is held back
        (a slow write path, while every other request passes at once)."""
        self.bulk_delay = bulk_delay
        self.bulk_held = threading.Event()
        """Set when a ``_bulk`` request is first held back: a kill now lands mid-write."""
        host_port = target_url.split("://", 1)[-1].rstrip("/")
        host, _, port = host_port.rpartition(":")
        self._target = (host, int(port))
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._conns: list[socket.socket] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(32)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
            self._listener.close()
            self._listener = None
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        self._conns.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self._target)
            self._conns += [client, upstream]
            for src, dst, held in ((client, upstream, self), (upstream, client, None)):
                threading.Thread(target=_pipe, args=(src, dst, held), daemon=True).start()


def _pipe(src: socket.socket, dst: socket.socket, held: SwitchableProxy | None = None) -> None:
    with contextlib.suppress(OSError):
        while chunk := src.recv(65536):
            if held is not None and held.bulk_delay and b"/_bulk" in chunk:
                held.bulk_held.set()
                time.sleep(held.bulk_delay)
            dst.sendall(chunk)
    with contextlib.suppress(OSError):
        dst.shutdown(socket.SHUT_WR)


@pytest.fixture(scope="session")
def es_url() -> Iterator[str]:
    with running_elasticsearch() as url:
        yield url


@pytest.fixture()
def es_proxy(es_url: str) -> Iterator[SwitchableProxy]:
    proxy = SwitchableProxy(es_url)
    proxy.start()
    yield proxy
    proxy.stop()
