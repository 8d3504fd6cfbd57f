"""The "Dự án" page in real headless Chromium over a real SQLite store of the real Hải Phòng
pages: the table lists the register's entries, the sort select reorders them, and the CSV and
Excel links download files whose rows are the entries ``/api/projects`` gives, in its order."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, Route, expect, sync_playwright

from tests.browser import ARTIFACTS, launch_chromium, live_server
from tests.projects.pages import page_articles
from tests.servers.api_app import api_settings, fill, storage_for

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("projects-page")
    settings = api_settings(storage_for("sqlite", request, folder), folder)
    fill(settings, page_articles())
    with live_server(settings) as url:
        yield url


@pytest.fixture()
def page(site: str) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(locale="vi-VN", accept_downloads=True)
        external: list[str] = []

        def only_local(route: Route) -> None:
            if route.request.url.startswith(site):
                route.continue_()
            else:
                external.append(route.request.url)
                route.abort()

        context.route("**/*", only_local)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        yield tab
        assert external == []  # works offline: no CDN, nothing outside the server
        browser.close()


def api(site: str, sort: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{site}/api/projects?sort={sort}", timeout=10) as answer:
        return json.loads(answer.read())  # type: ignore[no-any-return]


def shown_ids(page: Page) -> list[str]:
    return page.locator("#projects tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.project)"
    )


def test_the_table_lists_the_entries_the_pages_describe(page: Page, site: str) -> None:
    page.goto(f"{site}/du-an")
    expect(page.locator("#projects")).to_be_visible()
    listed = api(site, "capital")
    expect(page.locator("#projects tbody tr")).to_have_count(listed["matched"])
    assert listed["matched"] >= 4  # Ecovance, Thinking, Chilisin, Emergent (tests/projects/pages)
    # H2 (read): Chilisin Electronics, Hong Kong, VSIP Hải Phòng, adjusted up to 170.2 million USD.
    chilisin = page.locator("#projects tbody tr", has_text="Chilisin Electronics")
    expect(chilisin).to_contain_text("VSIP Hải Phòng")
    # No country: H2 names several investors, and the register does not share its list out.
    expect(chilisin.locator(".capital")).to_have_text("170,2")
    expect(page.locator("#status")).to_contain_text(f"{listed['matched']} dự án")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "projects-desktop.png"), full_page=True)


def test_sorting_changes_the_order_as_the_api_sorts(page: Page, site: str) -> None:
    page.goto(f"{site}/du-an")
    expect(page.locator("#projects")).to_be_visible()
    by_capital = shown_ids(page)
    assert by_capital == [p["id"] for p in api(site, "capital")["projects"]]
    capitals = [p["capital_usd"] for p in api(site, "capital")["projects"]]
    known = [c for c in capitals if c is not None]
    assert known == sorted(known, reverse=True) and known[0] == 500e6  # Ecovance's licence
    page.select_option("#sort", "date")
    by_date = [p["id"] for p in api(site, "date")["projects"]]
    expect(page.locator("#projects tbody tr").first).to_have_attribute("data-project", by_date[0])
    assert shown_ids(page) == by_date
    assert by_date != by_capital and sorted(by_date) == sorted(by_capital)


@pytest.mark.parametrize("sort", ["capital", "date"])
def test_the_csv_and_excel_links_download_the_listed_entries(
    page: Page, site: str, tmp_path: Path, sort: str
) -> None:
    page.goto(f"{site}/du-an")
    expect(page.locator("#projects")).to_be_visible()
    page.select_option("#sort", sort)
    expect(page.locator("#export-csv")).to_have_attribute(
        "href", f"/api/projects/export?format=csv&sort={sort}"
    )
    listed = api(site, sort)["projects"]
    expected = [(p["id"], p["investor"], p["zone"]["name"]) for p in listed]

    with page.expect_download() as caught:
        page.click("#export-csv")
    target = tmp_path / "du-an.csv"
    caught.value.save_as(target)
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert rows[0][:4] == ["Mã", "Nhà đầu tư", "Quốc gia", "Khu"]
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == expected
    assert [float(r[5]) if r[5] else None for r in rows[1:]] == [p["capital_usd"] for p in listed]

    with page.expect_download() as caught:
        page.click("#export-xlsx")
    target = tmp_path / "du-an.xlsx"
    caught.value.save_as(target)
    sheet = load_workbook(io.BytesIO(target.read_bytes())).active
    assert sheet is not None
    cells = list(sheet.iter_rows(values_only=True))
    assert [(r[0], r[1], r[3]) for r in cells[1:]] == expected
