"""Export of the current search: CSV (UTF-8 with BOM) and XLSX round-trip with Vietnamese text
intact, from the API and from ``newswatch search --format``, over the real 30-article corpus.

Expected rows are the corpus articles the search finds (read from the corpus file by id), not
what the exporter printed."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from newswatch.cli import app
from newswatch.core.settings import Settings, StorageSettings
from tests.servers.api_app import api_settings, corpus, fill

QUERY = "khu công nghiệp Hải Phòng"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("export")
    config = api_settings(StorageSettings(path=folder / "news.db"), folder)
    fill(config, corpus())
    return config


@pytest.fixture(scope="module")
def client(settings: Settings) -> Any:
    with TestClient(app_for(settings)) as test_client:
        yield test_client


def app_for(settings: Settings) -> Any:
    from newswatch.api.app import create_app

    return create_app(settings)


def expected_titles(client: TestClient) -> dict[str, str]:
    """id → title, for every match of QUERY, titles taken from the corpus file itself."""
    found = client.get("/api/search", params={"q": QUERY, "size": 50}).json()
    # The store keeps the NFC form (some corpus titles are decomposed, as some sites send them).
    titles = {article.id: unicodedata.normalize("NFC", article.title) for article in corpus()}
    assert found["total"] == len(found["hits"]) > 3
    return {hit["id"]: titles[hit["id"]] for hit in found["hits"]}


def by_id(rows: list[list[Any]]) -> dict[str, str]:
    head, *body = rows
    assert head[0] == "Thời gian đăng (Asia/Ho_Chi_Minh)" and head[2] == "Tiêu đề"
    return {row[5]: row[2] for row in body}


def test_csv_export_has_a_bom_and_every_match_with_vietnamese_intact(client: TestClient) -> None:
    response = client.get("/api/export", params={"q": QUERY, "format": "csv"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert by_id(rows) == expected_titles(client)
    assert any("Hải Phòng" in title for title in by_id(rows).values())


def test_xlsx_export_opens_in_openpyxl_with_the_same_rows(client: TestClient) -> None:
    response = client.get("/api/export", params={"q": QUERY, "format": "xlsx"})

    assert response.status_code == 200
    assert 'filename="newswatch-ket-qua.xlsx"' in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None and sheet.title == "Kết quả"
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert by_id(rows) == expected_titles(client)


def test_the_cli_exports_the_same_search_to_a_file(
    settings: Settings, client: TestClient, tmp_path: Path
) -> None:
    config = tmp_path / "newswatch.toml"
    config.write_text(f"[storage]\npath = {json.dumps(str(settings.storage.path))}\n", "utf-8")
    target = tmp_path / "ket-qua.xlsx"

    result = CliRunner().invoke(
        app, ["search", QUERY, "--format", "xlsx", "-o", str(target), "--config", str(config)]
    )

    assert result.exit_code == 0, result.output
    sheet = load_workbook(target).active
    assert sheet is not None
    assert by_id([list(r) for r in sheet.iter_rows(values_only=True)]) == expected_titles(client)


def test_an_unknown_export_format_is_one_plain_422(client: TestClient) -> None:
    response = client.get("/api/export", params={"q": QUERY, "format": "pdf"})
    assert response.status_code == 422
    assert "format" in response.json()["detail"]
