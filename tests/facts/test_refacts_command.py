"""``newswatch index refacts`` on a real SQLite store written without facts, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newswatch.cli import app
from search.sqlite.store import SqliteBackend
from tests.search.conftest import TZ, load_corpus

runner = CliRunner()


def test_refacts_fills_missing_facts_once_and_search_then_finds_them(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    store = SqliteBackend(db, TZ)
    store.upsert(load_corpus())
    store.close()
    config = tmp_path / "newswatch.toml"
    config.write_text(f'[storage]\nbackend = "sqlite"\npath = "{db}"\n', "utf-8")
    base = ["--config", str(config)]
    search = [*base, "search", "--zone", "Đình Vũ", "--min-usd", "1e8", "--json"]

    assert json.loads(runner.invoke(app, search).stdout)["total"] == 0
    first = runner.invoke(app, [*base, "index", "refacts"])
    assert first.exit_code == 0, first.stderr
    assert "30 articles scanned, 30 updated, 0 failed" in first.stdout
    again = runner.invoke(app, [*base, "index", "refacts"])
    assert "30 articles scanned, 0 updated, 0 failed" in again.stdout
    found = json.loads(runner.invoke(app, search).stdout)
    assert [row["id"] for row in found["results"]] == ["kcn-01"]
    assert found["results"][0]["amounts"][0]["text"] == "500 triệu USD"
