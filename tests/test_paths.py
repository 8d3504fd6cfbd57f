"""No silent empty stores: relative paths follow the config file (or the data directory), never
the current folder, and a search of a store that is not there says where it looked."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newswatch.cli import app
from newswatch.core.paths import DATA_DIR_ENV, crawl_state_dir, store_key
from newswatch.core.settings import Settings, load_settings


def in_other_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("NEWSWATCH_CONFIG", raising=False)
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    return elsewhere


def test_relative_paths_resolve_against_the_config_files_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_other_folder(tmp_path, monkeypatch)
    project = tmp_path / "project"
    project.mkdir()
    config = project / "newswatch.toml"
    config.write_text('[storage]\npath = "store/news.db"\n[crawl]\nstate_dir = "/var/x"\n')

    settings = load_settings(config)

    assert settings.storage.path == project / "store" / "news.db"
    assert settings.crawl.state_dir == Path("/var/x")  # absolute stays as written
    assert settings.schedule.runs_path == project / "data" / "runs.db"  # the default, anchored
    assert settings.alerts.outbox_path == project / "data" / "alerts-outbox.db"
    assert settings.schedule.jobstore_url == f"sqlite:///{project}/data/scheduler.db"


def test_the_bundled_config_uses_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_other_folder(tmp_path, monkeypatch)
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data-home"))
    assert load_settings(None).storage.path == tmp_path / "data-home" / "data" / "newswatch.db"

    monkeypatch.delenv(DATA_DIR_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert load_settings(None).storage.path == tmp_path / "xdg" / "newswatch" / "data" / (
        "newswatch.db"
    )


def test_searching_a_store_that_does_not_exist_is_an_error_naming_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = in_other_folder(tmp_path, monkeypatch)
    config = tmp_path / "newswatch.toml"
    config.write_text('[storage]\npath = "data/newswatch.db"\n')

    result = CliRunner().invoke(app, ["--config", str(config), "search", "khu công nghiệp"])

    assert result.exit_code == 1
    assert f"no article store at {tmp_path / 'data' / 'newswatch.db'}" in result.output
    assert not (tmp_path / "data" / "newswatch.db").exists()
    assert list(elsewhere.iterdir()) == []  # nothing created in the current folder


def test_each_store_has_its_own_crawl_state(tmp_path: Path) -> None:
    def settings(**storage: object) -> Settings:
        return Settings.model_validate(
            {"storage": storage, "crawl": {"state_dir": tmp_path / "state"}}
        )

    one = settings(path=tmp_path / "a.db")
    two = settings(path=tmp_path / "b.db")
    elastic = settings(backend="elasticsearch", url="http://127.0.0.1:9200")
    other_index = settings(backend="elasticsearch", url="http://127.0.0.1:9200", index="x")

    keys = {store_key(s) for s in (one, two, elastic, other_index)}
    assert len(keys) == 4
    assert store_key(one) == store_key(settings(path=tmp_path / "a.db"))  # stable
    assert store_key(one).startswith("sqlite-a-")
    assert crawl_state_dir(elastic).parent == tmp_path / "state"
