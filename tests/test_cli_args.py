"""The command line as users type it: ``--config``/``--verbose`` before or after the
subcommand, ``--version``."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from typer.testing import CliRunner

from newswatch.cli import app
from newswatch.cli_args import globals_first


def test_global_options_move_in_front_of_the_subcommand_in_order() -> None:
    assert globals_first(["search", "FDI", "--config", "a.toml", "-v"]) == [
        "--config", "a.toml", "-v", "search", "FDI",
    ]  # fmt: skip
    assert globals_first(["search", "--config=a.toml", "x"]) == ["--config=a.toml", "search", "x"]
    assert globals_first(["extract", "--", "-c", "x"]) == ["extract", "--", "-c", "x"]


def test_config_after_the_subcommand_is_the_same_config(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    for args in (["--config", str(missing), "search", "x"], ["search", "x", "-c", str(missing)]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2
        assert f"config file not found: {missing}" in result.output


def test_version_prints_the_installed_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"newswatch {version('newswatch')}\n"
