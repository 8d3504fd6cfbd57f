"""``newswatch extract``: one JSON line per file, failures reported in line and by exit code."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from newswatch.cli import app
from newswatch.core.article import Article

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
TUOITRE = FIXTURES / "vn" / "head_excerpts" / "tuoitre_100260716232934498_head.html"
DEEP_C = FIXTURES / "sites" / "baohaiphong_deep_c.html"
DEEP_C_URL = "https://baohaiphong.vn/kcn-deep-c-528417.html"


def run(tmp_path: Path, *args: str, config: str = "") -> tuple[int, list[dict[str, Any]]]:
    toml = tmp_path / "newswatch.toml"
    toml.write_text('[crawl]\ntimezone = "Asia/Ho_Chi_Minh"\n' + config, "utf-8")
    result = CliRunner().invoke(app, ["--config", str(toml), "extract", *args])
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()]


def test_each_file_gives_one_json_line_with_the_article_fields(tmp_path: Path) -> None:
    code, records = run(tmp_path, "--url", DEEP_C_URL, str(DEEP_C))
    assert code == 0
    [record] = records
    assert set(record) == {"file", *Article.model_fields}
    assert record["file"] == str(DEEP_C)
    assert record["url"] == DEEP_C_URL
    assert record["published_at"] == "2026-11-20T15:42:00+07:00"
    assert datetime.fromisoformat(record["fetched_at"]).utcoffset() is not None


def test_without_url_the_page_address_is_its_file_uri(tmp_path: Path) -> None:
    code, [record] = run(tmp_path, str(TUOITRE))
    assert code == 0
    assert record["url"] == TUOITRE.resolve().as_uri()
    assert record["canonical_url"].startswith("https://tuoitre.vn/bi-dieu-tra-duong-day")
    assert record["authors"] == ["ĐAN THUẦN"]


def test_a_failing_file_is_reported_in_line_and_the_exit_code_is_1(tmp_path: Path) -> None:
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    code, records = run(tmp_path, str(pdf), str(TUOITRE), str(tmp_path / "missing.html"))
    assert code == 1
    assert [sorted(r) for r in (records[0], records[2])] == [["error", "file"], ["error", "file"]]
    assert "PDF" in records[0]["error"]
    assert records[1]["title"].startswith("Bị điều tra")


def test_selectors_of_the_source_owning_the_url_are_used(tmp_path: Path) -> None:
    config = (
        '[[sources]]\nname = "Báo Hải Phòng"\nallowed_domains = ["baohaiphong.vn"]\n'
        '[sources.selectors]\ntitle = ".article__sapo"\n'
    )
    code, [record] = run(tmp_path, "--url", DEEP_C_URL, str(DEEP_C), config=config)
    assert code == 0
    assert record["source"] == "Báo Hải Phòng"
    assert record["title"].startswith("Ngày 20/11, Ban Quản lý Khu kinh tế Hải Phòng")
