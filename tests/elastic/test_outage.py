"""Elasticsearch down mid-crawl: articles wait in the durable queue, nothing lost or doubled."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newswatch.cli import app
from search.elastic.backend import ElasticBackend
from tests.elastic.conftest import MakeBackend, article
from tests.servers.elasticsearch import SwitchableProxy

pytestmark = pytest.mark.elasticsearch


def test_outage_queues_then_next_write_flushes_first(
    make_backend: MakeBackend, es_proxy: SwitchableProxy
) -> None:
    backend = make_backend(url=es_proxy.url, request_timeout=3.0)
    assert backend.upsert([article(1), article(2)]).new == 2
    es_proxy.stop()
    during = backend.upsert([article(2, title="sửa"), article(3)])
    assert during.new == 0 and "queued" in during.errors[0]
    assert backend.known_ids(["art00003", "art00009"]) == {"art00003"}
    # A second process (the scheduler after a restart) sees the same durable queue.
    assert make_backend(url=es_proxy.url).queue.pending_ids() == {"art00002", "art00003"}
    es_proxy.start()
    after = backend.upsert([article(4)])
    assert after.new == 1 and backend.queue.pending_count() == 0
    ids = [a.id for a in backend.stored_after(None).articles]
    assert sorted(ids) == ["art00001", "art00002", "art00003", "art00004"]
    stored = backend.get("art00002")
    assert stored is not None and stored.title == "sửa"


def test_flush_command_indexes_queue_after_outage(
    make_backend: MakeBackend, es_proxy: SwitchableProxy, tmp_path: Path
) -> None:
    backend: ElasticBackend = make_backend(url=es_proxy.url, request_timeout=3.0)
    es_proxy.stop()
    backend.upsert([article(1), article(2)])
    es_proxy.start()
    config = tmp_path / "newswatch.toml"
    config.write_text(
        f'[storage]\nbackend = "elasticsearch"\nurl = "{es_proxy.url}"\n'
        f'index = "{backend.alias}"\nqueue_path = "{backend.queue.path}"\n'
    )
    first = CliRunner().invoke(app, ["--config", str(config), "index", "flush"])
    assert first.exit_code == 0, first.output
    assert "2 new" in first.output and "0 still queued" in first.output
    again = CliRunner().invoke(app, ["--config", str(config), "index", "flush"])
    assert "0 new" in again.output
    assert backend.count() == 2


def test_status_command_reports_queue_and_alias(
    make_backend: MakeBackend, es_proxy: SwitchableProxy, tmp_path: Path
) -> None:
    backend: ElasticBackend = make_backend(url=es_proxy.url, request_timeout=3.0)
    backend.upsert([article(1)])
    es_proxy.stop()
    backend.upsert([article(2)])
    config = tmp_path / "newswatch.toml"
    config.write_text(
        f'[storage]\nbackend = "elasticsearch"\nurl = "{es_proxy.url}"\n'
        f'index = "{backend.alias}"\nqueue_path = "{backend.queue.path}"\n'
    )
    down = CliRunner().invoke(app, ["--config", str(config), "index", "status"])
    assert down.exit_code == 1 and "1 pending" in down.output
    assert "cannot connect to Elasticsearch" in down.output
    es_proxy.start()
    up = CliRunner().invoke(app, ["--config", str(config), "index", "status"])
    assert up.exit_code == 0, up.output
    assert f"{backend.alias} → {backend.alias}-v1: 1 articles" in up.output
