"""Two Elasticsearch nodes from the cached distribution forming one cluster on loopback.

Each node runs like the single test server (``tests.servers.elasticsearch``: same user, heap
and per-run directory) but with its own http/transport ports and cluster discovery
(``discovery.seed_hosts`` = both transport ports, both named in
``cluster.initial_master_nodes``). ``ElasticCluster.kill(i)`` SIGKILLs one node, the way a host
loss looks to the other. Not a session fixture: two JVMs are started only by tests that ask.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.servers.elasticsearch import (
    free_port,
    node_settings,
    start_node,
    stop_node,
    wait_healthy,
)

NODES = 2


@dataclass
class ElasticCluster:
    urls: list[str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def kill(self, index: int) -> None:
        """SIGKILL one node: no clean leave, as when its host dies."""
        os.killpg(self.processes[index].pid, signal.SIGKILL)  # the JVM, not only runuser
        self.processes[index].wait()


@contextlib.contextmanager
def running_cluster() -> Iterator[ElasticCluster]:
    root = Path(tempfile.mkdtemp(prefix="newswatch-es-cluster-"))
    root.chmod(0o755)  # the nodes' user must reach its run dir inside
    http = [free_port() for _ in range(NODES)]
    transport = [free_port() for _ in range(NODES)]
    names = [f"node-{i + 1}" for i in range(NODES)]
    cluster = ElasticCluster(urls=[f"http://127.0.0.1:{port}" for port in http])
    logs = []
    try:
        for i in range(NODES):
            run_dir = root / names[i]
            run_dir.mkdir()
            settings = {
                **node_settings(run_dir, http[i], transport[i]),
                "cluster.name": "newswatch-test-cluster",
                "node.name": names[i],
                "discovery.seed_hosts": "[" + ", ".join(f"127.0.0.1:{p}" for p in transport) + "]",
                "cluster.initial_master_nodes": "[" + ", ".join(names) + "]",
            }
            process, log = start_node(settings, run_dir)
            cluster.processes.append(process)
            logs.append(log)
        for url, process, log in zip(cluster.urls, cluster.processes, logs, strict=True):
            wait_healthy(url, process, log, nodes=NODES)
        yield cluster
    finally:
        for process in cluster.processes:
            if process.poll() is None:
                stop_node(process)
            with contextlib.suppress(ProcessLookupError):  # a JVM outliving its runuser
                os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture()
def es_cluster() -> Iterator[ElasticCluster]:
    with running_cluster() as cluster:
        yield cluster
