"""A real two-node Elasticsearch cluster, replicas = 1: SIGKILL one node in the middle of a
real crawl (``newswatch crawl`` child against the replay sites) and nothing is lost: every
article one crawl stores into SQLite is in the cluster, none left queued, none failed."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from crawler.summary import CrawlSummary
from newswatch.core.settings import Settings, StorageSettings
from search.elastic.backend import ElasticBackend
from search.factory import open_backend
from tests.servers.child import REPO, environment, newswatch
from tests.servers.elasticsearch_cluster import ElasticCluster, es_cluster  # noqa: F401
from tests.servers.replay_server import ReplaySites
from tests.servers.sites import replay_settings_for

pytestmark = [pytest.mark.elasticsearch, pytest.mark.timeout(400)]
SITES = ["vnexpress", "baodautu", "vir", "heza", "cafef", "baohaiphong"]
"""baohaiphong's slow page keeps the crawl going for seconds after the kill."""


def stored_ids(settings: Settings) -> set[str]:
    backend = open_backend(settings)
    try:
        return {a.id for a in backend.stored_after(None, limit=5000).articles}
    finally:
        backend.close()


def survivor_and_victim(cluster: ElasticCluster) -> tuple[int, int]:
    """Kill the node that is not the elected master: with two master-eligible nodes only one
    is in the voting configuration, and losing it would leave no master (see the README)."""
    master = httpx.get(f"{cluster.urls[0]}/_cat/master?format=json").json()[0]["node"]
    nodes = [
        n["name"] for n in httpx.get(f"{cluster.urls[0]}/_nodes/_local").json()["nodes"].values()
    ]
    first_is_master = nodes == [master]
    return (0, 1) if first_is_master else (1, 0)


def test_a_node_killed_mid_crawl_loses_nothing_with_one_replica(
    replay_sites: ReplaySites,
    tmp_path: Path,
    es_cluster: ElasticCluster,  # noqa: F811
) -> None:
    reference = replay_settings_for(replay_sites, tmp_path / "reference", SITES)
    (tmp_path / "reference").mkdir()
    assert newswatch(reference, tmp_path / "reference", "crawl").returncode == 0
    expected = stored_ids(reference)

    workdir = tmp_path / "cluster"
    workdir.mkdir()
    settings = replay_settings_for(replay_sites, workdir, SITES)
    settings.storage = StorageSettings(
        backend="elasticsearch",
        nodes=es_cluster.urls,
        replicas=1,
        index=f"test-{uuid.uuid4().hex[:10]}",
        queue_path=workdir / "es-queue.db",
    )
    env, config = environment(settings, workdir)
    summary_path = workdir / "summary.json"
    log = (workdir / "crawl.log").open("wb")
    crawl = subprocess.Popen(
        [sys.executable, "-m", "newswatch", "--config", str(config), "crawl",
         "--summary-json", str(summary_path)],
        cwd=REPO, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    slow = replay_sites["baohaiphong"]
    seen = len(slow.log)
    alias_url = f"{es_cluster.urls[0]}/{settings.storage.index}"
    deadline = time.monotonic() + 60
    while not (len(slow.log) > seen + 2 and httpx.get(alias_url).status_code == 200):
        assert crawl.poll() is None and time.monotonic() < deadline, "crawl ended before the kill"
        time.sleep(0.1)
    green = httpx.get(
        f"{es_cluster.urls[0]}/_cluster/health/{settings.storage.index}",
        params={"wait_for_status": "green", "timeout": "30s"},
        timeout=40,
    ).json()
    assert green["status"] == "green", "the replica must be in sync before the kill"
    survivor, victim = survivor_and_victim(es_cluster)
    shards = httpx.get(
        f"{es_cluster.urls[0]}/_cat/shards/{settings.storage.index}?format=json"
    ).json()
    es_cluster.kill(victim)
    assert crawl.poll() is None, "the kill must come mid-crawl"
    placed = [(shard["prirep"], shard["node"]) for shard in shards]
    print(f"\nkilled node-{victim + 1} mid-crawl; shards (p/r, node) before: {placed}")

    assert crawl.wait(180) == 0, (workdir / "crawl.log").read_text()
    summary = CrawlSummary.from_dict(json.loads(summary_path.read_text()))
    assert "store_failed" not in summary.error_kinds
    backend = ElasticBackend(settings.storage, settings.crawl.tz)
    try:
        assert backend.queue.pending_count() == 0, "every write went to the survivor, none queued"
    finally:
        backend.close()
    found = stored_ids(settings)
    assert found == expected and expected
    health = httpx.get(f"{es_cluster.urls[survivor]}/_cluster/health").json()
    assert health["number_of_nodes"] == 1
