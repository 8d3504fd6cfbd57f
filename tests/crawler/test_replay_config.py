"""Crawl settings for the running replay sites, and ``newswatch demo`` which uses them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newswatch.cli import app
from tests.servers.replay_config import ReplaySitesMissing, replay_config, replay_settings_for
from tests.servers.replay_server import ReplaySites


def test_replay_settings_point_sources_at_the_running_sites(
    replay_sites: ReplaySites, tmp_path: Path
) -> None:
    settings = replay_settings_for(replay_sites, tmp_path, ["vnexpress", "heza"])
    vne = settings.source("vnexpress")
    assert [s.name for s in settings.sources] == ["vnexpress", "heza"]
    assert vne.allowed_domains == ["127.0.0.1"]
    assert vne.feeds == [replay_sites["vnexpress"].url("/rss/kinh-doanh.rss")]
    assert vne.article_url_pattern == r"-\d{7}\.html(\?|#|$)"  # inherited from default.toml
    assert settings.source("heza").always_relevant
    assert settings.storage.path.parent == tmp_path and settings.crawl.download_delay == 0
    assert settings.crawl.state_dir == tmp_path / "crawl-state"


def test_a_source_whose_site_is_not_running_is_named_in_the_error() -> None:
    with pytest.raises(KeyError, match="baohaiphong"):
        replay_config({"vnexpress": "http://127.0.0.1:1"}, ["vnexpress", "baohaiphong"])


def test_a_directory_without_replay_toml_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReplaySitesMissing, match=r"no replay sites at .*replay\.toml"):
        replay_config({}, root=tmp_path)


def test_demo_without_replay_sites_exits_1_with_the_reason(tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["demo", "--sites", str(tmp_path)])

    assert done.exit_code == 1
    assert "no replay sites at" in done.output
    assert "Traceback" not in done.output


def test_demo_runs_from_outside_the_repository_through_the_console_script(
    tmp_path: Path,
) -> None:
    script = shutil.which("newswatch", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the newswatch console script is not installed beside this interpreter")
    done = subprocess.run(
        [script, "demo"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 0, done.stderr[-2000:]
    assert "Crawl ok" in done.stdout
    assert "newswatch search 'Đình Vũ'" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
