"""``newswatch index copy --to elasticsearch`` moves an embedded SQLite store (the 30-article
corpus and an alert rule) into a real Elasticsearch index; run again, it adds nothing twice."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

from typer.testing import CliRunner

from newswatch.alerts.rules import list_rules, rule_from_dict, save_rule
from newswatch.cli import app
from newswatch.core.settings import StorageSettings
from search.backend import SearchRequest
from search.elastic.backend import ElasticBackend
from search.sqlite.store import SqliteBackend
from tests.servers.api_app import corpus
from tests.servers.backends import drop_elasticsearch_store

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_embedded_store_is_copied_into_elasticsearch_once(
    storage: StorageSettings, tmp_path: Path
) -> None:
    sqlite = SqliteBackend(tmp_path / "news.db", TZ)
    sqlite.ensure_ready()
    sqlite.upsert(corpus())
    rule = rule_from_dict({"name": "fdi", "query": "FDI", "channels": ["ban-tin@example.vn"]})
    save_rule(sqlite, rule)
    wanted = {hit.id for hit in sqlite.search(SearchRequest(query="khu công nghiệp", size=50)).hits}
    sqlite.close()
    config = tmp_path / "newswatch.toml"
    config.write_text(
        f'[storage]\nbackend = "elasticsearch"\nurl = {json.dumps(storage.url)}\n'
        f'index = {json.dumps(storage.index)}\npath = "news.db"\n'
        f"queue_path = {json.dumps(str(storage.queue_path))}\n",
        "utf-8",
    )
    copy = ["--config", str(config), "index", "copy", "--to", "elasticsearch"]
    try:
        first = CliRunner().invoke(app, copy)
        assert first.exit_code == 0, first.output
        assert "copied 30 articles" in first.output and "30 new" in first.output
        again = CliRunner().invoke(app, copy)
        assert again.exit_code == 0, again.output
        assert "0 new" in again.output and "30 unchanged" in again.output

        elastic = ElasticBackend(storage, TZ)
        try:
            elastic.ensure_ready()
            assert elastic.count() == 30
            found = elastic.search(SearchRequest(query="khu công nghiệp", size=50))
            assert {hit.id for hit in found.hits} == wanted
            assert [r.name for r in list_rules(elastic)] == ["fdi"]
        finally:
            elastic.close()
    finally:
        drop_elasticsearch_store(storage)


def test_copying_a_store_that_is_not_there_names_the_path(tmp_path: Path) -> None:
    config = tmp_path / "newswatch.toml"
    config.write_text('[storage]\npath = "missing.db"\n', "utf-8")
    result = CliRunner().invoke(
        app, ["index", "copy", "--to", "elasticsearch", "--config", str(config)]
    )
    assert result.exit_code == 1
    assert f"no SQLite store to copy at {tmp_path / 'missing.db'}" in result.output
