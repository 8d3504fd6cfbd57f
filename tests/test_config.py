"""Configuration: file resolution order, environment overrides, validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.sources import load
from newswatch.core.settings import ConfigError, load_settings


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_default_is_used_when_nothing_else_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSWATCH_CONFIG", raising=False)
    settings = load(None)
    assert settings.storage.backend == "sqlite"
    assert len(settings.sources) >= 8


def test_local_file_beats_default_and_env_var_beats_local_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "newswatch.toml", '[crawl]\ntimezone = "UTC"\n')
    monkeypatch.delenv("NEWSWATCH_CONFIG", raising=False)
    assert load_settings(None).crawl.timezone == "UTC"
    other = write(tmp_path / "other.toml", '[crawl]\ntimezone = "Asia/Tokyo"\n')
    monkeypatch.setenv("NEWSWATCH_CONFIG", str(other))
    assert load_settings(None).crawl.timezone == "Asia/Tokyo"
    explicit = write(tmp_path / "explicit.toml", '[crawl]\ntimezone = "Europe/Paris"\n')
    assert load_settings(explicit).crawl.timezone == "Europe/Paris"


def test_environment_overrides_file_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write(tmp_path / "c.toml", '[storage]\nbackend = "sqlite"\n')
    monkeypatch.setenv("NEWSWATCH_STORAGE__BACKEND", "elasticsearch")
    monkeypatch.setenv("NEWSWATCH_STORAGE__PASSWORD", "s3cret")
    settings = load_settings(config)
    assert settings.storage.backend == "elasticsearch"
    assert settings.storage.password is not None
    assert settings.storage.password.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[crawl\n", "not valid TOML"),
        ('[crawl]\ntimezone = "Mars/Olympus"\n', "timezone"),
        ('[storage]\nbackend = "mongodb"\n', "backend"),
        (
            '[[sources]]\nname = "x"\nallowed_domains = ["x.vn"]\n'
            '[sources.selectors]\nbody = "div[["\n',
            "invalid selector",
        ),
        ("[crawl]\nunknown_key = 1\n", "unknown_key"),
    ],
)
def test_invalid_config_gives_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(write(tmp_path / "bad.toml", text))


def test_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml")


def test_a_secret_in_the_file_is_refused_naming_the_environment_variable(tmp_path: Path) -> None:
    config = write(tmp_path / "c.toml", '[alerts]\nsmtp_password = "hunter2"\n')
    with pytest.raises(ConfigError, match="NEWSWATCH_ALERTS__SMTP_PASSWORD"):
        load_settings(config)
