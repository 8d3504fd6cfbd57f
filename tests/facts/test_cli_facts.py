"""``newswatch facts``: one JSON object per TEXT with --json, a summary otherwise."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from newswatch.cli import app

runner = CliRunner()


def test_json_prints_one_object_per_text() -> None:
    result = runner.invoke(
        app, ["facts", "--json", "60 triệu USD tại KCN An Dương", "Nghị định 35/2022/NĐ-CP"]
    )
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert first["zones"] == [{"name": "An Dương", "kind": "KCN"}]
    assert first["amounts"][0]["min"] == 6e7
    assert second["amounts"] == []


def test_summary_names_the_facts_for_people() -> None:
    result = runner.invoke(app, ["facts", "diện tích 6.500ha"])
    assert result.exit_code == 0
    assert "areas: 6.500ha = 6500 ha" in result.output


def test_dash_reads_stdin() -> None:
    result = runner.invoke(app, ["facts", "--json", "-"], input="Pegatron (Đài Loan)")
    assert json.loads(result.output)["countries"] == ["TW"]
