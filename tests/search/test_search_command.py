"""``newswatch search`` end to end: a real config file, a real SQLite store, the real CLI."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newswatch.cli import app
from search.sqlite.store import SqliteBackend
from tests.search.conftest import TZ, load_corpus

runner = CliRunner()


@pytest.fixture()
def config(tmp_path: Path) -> Path:
    db = tmp_path / "news.db"
    store = SqliteBackend(db, TZ)
    store.upsert(load_corpus())
    store.close()
    path = tmp_path / "newswatch.toml"
    path.write_text(f'[storage]\nbackend = "sqlite"\npath = "{db}"\n', "utf-8")
    return path


def search(config: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--config", str(config), "search", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def search_json(config: Path, *args: str) -> dict[str, Any]:
    code, out, err = search(config, *args, "--json")
    assert code == 0, err
    payload: dict[str, Any] = json.loads(out)
    return payload


def result_ids(payload: dict[str, Any]) -> list[str]:
    return [row["id"].removeprefix("kcn-") for row in payload["results"]]


def test_json_is_one_object_with_total_and_results(config: Path) -> None:
    payload = search_json(config, "Lạch Huyện")
    assert payload == {
        "total": 1,
        "results": [
            {
                "id": "kcn-03",
                "url": "https://vnexpress.example.vn/tin/kcn-03.html?utm_source=rss",
                "title": "Cảng nước sâu Lạch Huyện đón tàu container lớn nhất",
                "source": "vnexpress",
                "published_at": "2021-01-17T00:10:00+07:00",
                "snippet": "Tàu trọng tải 132.000 tấn cập cảng"
                " <mark>Lạch</mark> <mark>Huyện</mark>.",
                "amounts": [],
                "story_id": None,  # stored without the story decorator
            }
        ],
    }


def test_total_counts_all_matches_beyond_the_limit(config: Path) -> None:
    payload = search_json(config, "khu công nghiệp", "--limit", "2")
    assert (payload["total"], len(payload["results"])) == (20, 2)


def test_default_limit_is_twenty(config: Path) -> None:
    assert len(search_json(config)["results"]) == 20


def test_undated_article_has_null_published_at(config: Path) -> None:
    [row] = search_json(config, "hội thảo")["results"]
    assert row["published_at"] is None


def test_sort_date_is_newest_first(config: Path) -> None:
    newest_first = ["28", "29", "02", "05", "12"]
    assert result_ids(search_json(config, "Tràng Duệ", "--sort", "date")) == newest_first


def test_to_date_covers_the_whole_local_day(config: Path) -> None:
    payload = search_json(config, "--from", "2021-01-16", "--to", "2021-01-16", "--sort", "date")
    assert result_ids(payload) == ["02", "15", "11", "01", "04", "26"]


def test_repeated_source_option_filters(config: Path) -> None:
    payload = search_json(config, "FDI", "--source", "vir", "--source", "vnexpress")
    assert set(result_ids(payload)) == {"05", "08", "12", "17", "20", "23", "25"}


def test_table_shows_title_source_local_time_and_plain_snippet(config: Path) -> None:
    code, out, _ = search(config, "Nam Đình Vũ", "--source", "baohaiphong")
    assert code == 0
    assert "1 matching article(s)" in out
    assert "2021-01-16 10:00" in out and "baohaiphong" in out
    assert "<script>alert(1)</script> Bản tin" in out  # shown as text, not as escaped HTML
    assert "<mark>" not in out


def test_bad_date_exits_2_with_a_clear_error(config: Path) -> None:
    code, _, err = search(config, "FDI", "--from", "16/13/2021")
    assert code == 2
    assert "'16/13/2021' is not a real day" in err
    assert "Traceback" not in err and "pydantic" not in err


def test_reversed_range_exits_2(config: Path) -> None:
    code, _, err = search(config, "--from", "2021-01-17", "--to", "2021-01-16")
    assert code == 2
    assert "empty time range" in err


def test_unopenable_store_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "newswatch.toml"
    path.write_text(f'[storage]\nbackend = "sqlite"\npath = "{tmp_path}"\n', "utf-8")
    code, _, err = search(path, "FDI")
    assert code == 1
    assert f"no article store at {tmp_path} " in err  # a folder is not a store


def test_unreachable_elasticsearch_exits_1(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again before the search: connection refused
    path = tmp_path / "newswatch.toml"
    path.write_text(
        f'[storage]\nbackend = "elasticsearch"\nurl = "http://127.0.0.1:{port}"\n'
        f'queue_path = "{tmp_path / "queue.db"}"\nrequest_timeout = 2.0\n',
        "utf-8",
    )
    code, _, err = search(path, "FDI")
    assert code == 1
    assert "search backend unavailable" in err


def test_a_source_neither_configured_nor_stored_is_an_error_not_zero_results(
    config: Path,
) -> None:
    code, _, err = search(config, "FDI", "-s", "vnexprss")
    assert code == 2
    assert "unknown source 'vnexprss': not configured and nothing stored from it" in err


def test_collapse_story_lists_each_story_once_with_its_copies(config: Path, tmp_path: Path) -> None:
    store = SqliteBackend(tmp_path / "news.db", TZ)
    port = [a for a in load_corpus() if a.id in ("kcn-13", "kcn-14")]
    store.upsert([a.model_copy(update={"story_id": "port"}) for a in port])  # one report
    store.close()
    payload = search_json(config, '"uu tien dau tu"', "--collapse", "story")
    assert payload["total"] == 1
    [row] = payload["results"]
    assert (row["id"], row["story_id"], row["version_count"]) == ("kcn-13", "port", 2)
    assert [v["source"] for v in row["versions"]] == ["baohaiphong", "tuoitre"]
    code, out, _ = search(config, '"uu tien dau tu"', "--collapse", "story")
    assert code == 0 and "1 matching stories" in out and "(2 copies)" in out
