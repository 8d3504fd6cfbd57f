"""docker-compose.yml cannot run here (no Docker): check it is well-formed and honest."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
ENV_EXAMPLE = (REPO / ".env.example").read_text()


SINGLE = {"elasticsearch", "kibana", "scheduler", "api"}
CLUSTER = {"postgres", "redis", "es01", "es02", "scheduler-1", "scheduler-2", "worker-1",
           "worker-2", "api-cluster"}  # fmt: skip


def profile(name: str) -> set[str]:
    return {key for key, service in SERVICES.items() if name in service.get("profiles", [])}


def test_every_service_belongs_to_exactly_one_of_the_two_profiles() -> None:
    assert profile("single") == SINGLE and profile("cluster") == CLUSTER
    assert all(len(service["profiles"]) == 1 for service in SERVICES.values())
    assert re.search(r"^COMPOSE_PROFILES=single$", ENV_EXAMPLE, re.M), "default: one host"


def test_no_service_depends_on_one_outside_its_profile() -> None:
    for name, service in SERVICES.items():
        for needed in service.get("depends_on", {}):
            assert SERVICES[needed]["profiles"] == service["profiles"], (name, needed)


def test_cluster_profile_shares_state_frontier_and_a_two_node_index() -> None:
    for name in ("scheduler-1", "scheduler-2", "worker-1", "worker-2", "api-cluster"):
        env = SERVICES[name]["environment"]
        assert env["NEWSWATCH_STATE__URL"].startswith("postgresql://newswatch:")
        assert "@postgres:5432/newswatch" in env["NEWSWATCH_STATE__URL"]
        assert env["NEWSWATCH_CRAWL__FRONTIER"] == "redis"
        assert env["NEWSWATCH_CRAWL__REDIS_URL"] == "redis://redis:6379/0"
        nodes = json.loads(env["NEWSWATCH_STORAGE__NODES"])
        assert nodes == ["http://es01:9200", "http://es02:9200"]
        assert int(env["NEWSWATCH_STORAGE__REPLICAS"]) == 1
        for needed in ("postgres", "redis", "es01", "es02"):
            assert SERVICES[name]["depends_on"][needed]["condition"] == "service_healthy"
    assert [SERVICES[f"scheduler-{i}"]["command"] for i in (1, 2)] == [
        ["newswatch", "schedule", "run"]
    ] * 2
    assert all("newswatch crawl" in SERVICES[f"worker-{i}"]["command"][-1] for i in (1, 2))


def test_the_cluster_settings_are_valid_newswatch_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from newswatch.core.settings import Settings

    env = SERVICES["worker-1"]["environment"]
    for key, value in env.items():
        monkeypatch.setenv(key, re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(value)))
    settings = Settings()
    assert settings.state.url and settings.crawl.frontier == "redis"
    assert settings.storage.hosts == ["http://es01:9200", "http://es02:9200"]
    assert settings.storage.replicas == 1


def test_the_two_es_nodes_form_one_cluster() -> None:
    names = []
    for name in ("es01", "es02"):
        env = SERVICES[name]["environment"]
        assert env["node.name"] == name and env["cluster.name"] == "newswatch"
        assert env["discovery.seed_hosts"] == "es01,es02"
        assert env["cluster.initial_master_nodes"] == "es01,es02"
        assert "discovery.type" not in env
        names.append(SERVICES[name]["volumes"][0].split(":")[0])
    assert len(set(names)) == 2, "each node its own data volume"


@pytest.mark.parametrize("name", ["elasticsearch", "kibana"])
def test_elastic_images_are_pinned_to_9x(name: str) -> None:
    image = SERVICES[name]["image"]
    assert re.fullmatch(r"docker\.elastic\.co/\w+/\w+:\$\{STACK_VERSION:-9\.\d+\.\d+\}", image)
    assert re.search(r"^STACK_VERSION=9\.\d+\.\d+$", ENV_EXAMPLE, re.M)


@pytest.mark.parametrize("name", sorted(SINGLE | CLUSTER))
def test_every_service_has_a_healthcheck(name: str) -> None:
    check = SERVICES[name]["healthcheck"]
    assert check["test"][0] in ("CMD", "CMD-SHELL") and check["retries"] >= 1


@pytest.mark.parametrize("name", ["kibana", "scheduler", "api"])
def test_dependants_wait_for_healthy_elasticsearch(name: str) -> None:
    assert SERVICES[name]["depends_on"]["elasticsearch"]["condition"] == "service_healthy"


def test_app_services_build_from_the_dockerfile_and_run_their_command() -> None:
    assert SERVICES["scheduler"]["command"] == ["newswatch", "schedule", "run"]
    assert SERVICES["api"]["command"] == ["newswatch", "serve", "--host", "0.0.0.0"]
    assert SERVICES["api"]["build"] == "."
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile and "pip install ." in dockerfile


def test_named_volumes_are_declared() -> None:
    used = {
        volume.split(":", 1)[0]
        for service in SERVICES.values()
        for volume in service.get("volumes", [])
    }
    assert used and used <= set(COMPOSE["volumes"])


def test_elasticsearch_memory_is_bounded() -> None:
    es = SERVICES["elasticsearch"]
    assert "-Xms" in es["environment"]["ES_JAVA_OPTS"] and es["mem_limit"]
    assert es["environment"]["discovery.type"] == "single-node"


def test_every_variable_used_is_documented_in_env_example() -> None:
    text = (REPO / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{(\w+)", text))
    documented = set(re.findall(r"^(\w+)=", ENV_EXAMPLE, re.M))
    assert used and used - documented == set()


def test_published_ports_bind_loopback_only() -> None:
    for service in SERVICES.values():
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:")


def test_api_healthcheck_probes_a_route_the_app_serves() -> None:
    from newswatch.api.app import create_app
    from newswatch.core.settings import Settings

    probe = " ".join(COMPOSE["services"]["api"]["healthcheck"]["test"])
    (path,) = re.findall(r"http://127\.0\.0\.1:\d+(/[\w/]*)", probe)
    assert path in create_app(Settings()).openapi()["paths"]
