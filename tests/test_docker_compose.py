"""docker-compose.yml cannot run here (no Docker): check it is well-formed and honest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
ENV_EXAMPLE = (REPO / ".env.example").read_text()


def test_stack_has_the_four_services() -> None:
    assert set(SERVICES) == {"elasticsearch", "kibana", "scheduler", "api"}


@pytest.mark.parametrize("name", ["elasticsearch", "kibana"])
def test_elastic_images_are_pinned_to_9x(name: str) -> None:
    image = SERVICES[name]["image"]
    assert re.fullmatch(r"docker\.elastic\.co/\w+/\w+:\$\{STACK_VERSION:-9\.\d+\.\d+\}", image)
    assert re.search(r"^STACK_VERSION=9\.\d+\.\d+$", ENV_EXAMPLE, re.M)


@pytest.mark.parametrize("name", ["elasticsearch", "kibana", "scheduler", "api"])
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
