"""``newswatch projects`` through the CLI on a real SQLite store of the real pages: corrections
are stored beside the store and survive every re-computation; unknown ids exit 2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from newswatch.cli import app
from search.sqlite.store import SqliteBackend
from tests.projects.pages import page_articles
from tests.search.conftest import TZ

runner = CliRunner()


def _base(tmp_path: Path) -> list[str]:
    db = tmp_path / "news.db"
    store = SqliteBackend(db, TZ)
    store.upsert(page_articles())
    store.close()
    config = tmp_path / "newswatch.toml"
    config.write_text(f'[storage]\nbackend = "sqlite"\npath = "{db}"\n', "utf-8")
    return ["--config", str(config), "projects"]


def _list(base: list[str], *options: str) -> list[dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, [*base, "list", "--json", *options])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _id(rows: list[dict], investor: str) -> str:  # type: ignore[type-arg]
    (found,) = [r["id"] for r in rows if r["investor"] == investor]
    return found  # type: ignore[no-any-return]


def test_merge_and_split_are_stored_and_survive_recomputation(tmp_path: Path) -> None:
    base = _base(tmp_path)
    rows = _list(base, "--zone", "DEEP C Hải Phòng I")
    sk, ecovance = _id(rows, "SK"), _id(rows, "Ecovance")
    merged = runner.invoke(app, [*base, "merge", sk, ecovance])
    assert merged.exit_code == 0, merged.stderr
    assert (tmp_path / "news.projects.db").exists()
    again = _list(base, "--zone", "DEEP C Hải Phòng I")  # a new computation from the store
    assert [r["investor"] for r in again].count("Ecovance") == 0
    plant = next(r for r in again if r["id"] == sk)
    assert {"A1", "B3"} <= {a["id"] for a in plant["articles"]}
    split = runner.invoke(app, [*base, "split", sk, "--article", "B3"])
    assert split.exit_code == 0, split.stderr
    after = {r["id"]: r for r in _list(base)}
    assert "B3" not in {a["id"] for a in after[sk]["articles"]}
    assert any([a["id"] for a in r["articles"]] == ["B3"] for r in after.values())


def test_unknown_ids_exit_2_with_one_line(tmp_path: Path) -> None:
    base = _base(tmp_path)
    shown = runner.invoke(app, [*base, "show", "p-nope"])
    assert shown.exit_code == 2
    assert "no project 'p-nope'" in shown.stderr
    sk = _id(_list(base), "SK")
    assert runner.invoke(app, [*base, "merge", sk, "p-nope"]).exit_code == 2
    bad_split = runner.invoke(app, [*base, "split", sk, "--article", "H1"])
    assert bad_split.exit_code == 2
    assert "not evidence" in bad_split.stderr
    assert not (tmp_path / "news.projects.db").exists()  # nothing stored for refused input


def test_list_sorts_by_capital_and_export_has_one_row_per_entry(tmp_path: Path) -> None:
    base = _base(tmp_path)
    rows = _list(base, "--sort", "capital")
    capitals = [r["capital_usd"] for r in rows if r["capital_usd"] is not None]
    assert capitals == sorted(capitals, reverse=True) and capitals[0] == 500e6
    exported = runner.invoke(app, [*base, "export", "--format", "csv"])
    assert exported.exit_code == 0, exported.stderr
    table = list(csv.reader(io.StringIO(exported.stdout_bytes.decode("utf-8-sig"))))
    assert table[0][:4] == ["Mã", "Nhà đầu tư", "Quốc gia", "Khu"]
    assert [r[0] for r in table[1:]] == [r["id"] for r in rows]
