"""The analyst's pages in real headless Chromium (desktop and phone), over the real app and a
SQLite store holding the corpus, with a run history in which one source failed.

Screenshots go to tests/artifacts/. Every page may only talk to the test server (offline)."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect, sync_playwright

from crawler.summary import CrawlSummary, SourceOutcome
from newswatch.core.settings import Settings, StorageSettings
from scheduler.runs import RunEnd, RunStore
from tests.browser import ARTIFACTS, launch_chromium, live_server
from tests.servers.api_app import API_KEY, api_settings, corpus, fill

pytestmark = pytest.mark.browser

TITLES = {a.id: unicodedata.normalize("NFC", a.title) for a in corpus()}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}


def record_runs(settings: Settings) -> None:
    store = RunStore(settings.schedule.runs_path)
    try:
        run = store.start("cli", ["baohaiphong", "vnexpress"], settings.schedule.log_dir)
        outcomes = {"baohaiphong": SourceOutcome(status="ok"), "vnexpress": SourceOutcome()}
        outcomes["vnexpress"].status = "failed"
        store.finish(run.id, RunEnd("partial", CrawlSummary(new=4, by_source=outcomes)))
    finally:
        store.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("analyst")
    settings = api_settings(StorageSettings(path=folder / "news.db"), folder)
    fill(settings, corpus())
    record_runs(settings)
    with live_server(settings) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


class Offline:
    def __init__(self, context: BrowserContext, site: str) -> None:
        self.external: list[str] = []
        self.site = site
        context.route("**/*", self.only_local)

    def only_local(self, route: Route) -> None:
        if route.request.url.startswith(self.site):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()


@pytest.fixture(params=["desktop", "phone"])
def page(request: pytest.FixtureRequest, browser: Browser, site: str) -> Iterator[Page]:
    options = PHONE if request.param == "phone" else {"viewport": {"width": 1280, "height": 800}}
    context = browser.new_context(locale="vi-VN", accept_downloads=True, **options)  # type: ignore[arg-type]
    offline = Offline(context, site)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    opened.size_name = request.param  # type: ignore[attr-defined]
    yield opened
    assert offline.external == []
    context.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = getattr(page, "size_name", "desktop")
    page.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=True)


def test_results_come_first_and_filters_fold_away_on_a_phone(page: Page, site: str) -> None:
    page.goto(f"{site}/?q=khu+c%C3%B4ng+nghi%E1%BB%87p")
    first = page.locator(".hit").first
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box is not None
    phone = page.size_name == "phone"  # type: ignore[attr-defined]
    assert box["y"] < (844 if phone else 800)  # a result on the first screen
    assert page.locator("#filters-box").evaluate("d => d.open") is (not phone)
    shot(page, "analyst-search")


def test_the_stale_banner_names_the_failed_source_calmly(page: Page, site: str) -> None:
    page.goto(f"{site}/")
    banner = page.locator("#stale")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Dữ liệu có thể chưa mới")
    expect(banner).to_contain_text("vnexpress")
    expect(banner).not_to_contain_text("baohaiphong")  # crawled fine just now


def test_source_counts_sit_next_to_the_source_filters(page: Page, site: str) -> None:
    page.goto(f"{site}/?q=FDI")
    expect(page.locator(".hit").first).to_be_visible()
    api = page.request.get(f"{site}/api/search?q=FDI").json()["per_source"]
    for name, count in api.items():
        label = page.locator(f"#sources label.source:has(input[value='{name}']) .count")
        expect(label).to_have_text(f" ({count})")


def test_an_article_opens_inside_the_tool_with_its_full_text(page: Page, site: str) -> None:
    page.goto(f"{site}/?q=L%E1%BA%A1ch+Huy%E1%BB%87n")
    page.locator(".hit-read").first.click()
    view = page.locator("#article")
    expect(view).to_be_visible()
    expect(page.locator("#article-title")).to_have_text(TITLES["kcn-03"])
    expect(page.locator("#article-time")).to_have_text("17/01/2021 00:10 (GMT+07:00)")
    stored = next(a for a in corpus() if a.id == "kcn-03")
    first_words = unicodedata.normalize("NFC", stored.text).split()[:4]
    expect(page.locator("#article-text")).to_contain_text(" ".join(first_words))
    assert page.locator("#article-link").get_attribute("href") == stored.url
    expect(page.locator("#results")).to_be_hidden()
    shot(page, "analyst-article")
    page.click("#article-close")
    expect(page.locator("#results")).to_be_visible()


def test_the_chart_groups_by_week_then_month_as_the_range_grows(page: Page, site: str) -> None:
    page.goto(f"{site}/")
    days = {f"2026-{m:02d}-{d:02d}": 1 for m in range(1, 13) for d in (1, 15)}
    by_week = page.evaluate("d => groupDays(d)", {k: v for k, v in days.items() if k < "2026-07"})
    assert by_week["unit"] == "week"
    assert by_week["buckets"][0] == {"from": "2025-12-29", "to": "2026-01-04", "count": 1}
    by_month = page.evaluate("d => groupDays(d)", {**days, "2027-03-01": 2})
    assert by_month["unit"] == "month"
    assert by_month["buckets"][-1] == {"from": "2027-03-01", "to": "2027-03-31", "count": 2}
    assert sum(b["count"] for b in by_month["buckets"]) == 26
    by_day = page.evaluate("d => groupDays(d)", {"2026-11-28": 3, "2026-11-29": 1})
    assert by_day["unit"] == "day" and len(by_day["buckets"]) == 2


def test_the_excel_button_downloads_the_current_search(
    page: Page, site: str, tmp_path: Path
) -> None:
    page.goto(f"{site}/?q=Tr%C3%A0ng+Du%E1%BB%87&source=vir&collapse=none")  # articles, as exported
    expect(page.locator(".hit")).to_have_count(3)
    with page.expect_download() as caught:
        page.click("#export-xlsx")
    target = tmp_path / "ket-qua.xlsx"
    caught.value.save_as(target)
    sheet = load_workbook(io.BytesIO(target.read_bytes())).active
    assert sheet is not None
    titles = {row[2] for row in list(sheet.iter_rows(values_only=True))[1:]}
    assert titles == {TITLES["kcn-05"], TITLES["kcn-12"], TITLES["kcn-28"]}


def test_source_health_page_shows_each_sources_last_crawl(page: Page, site: str) -> None:
    page.goto(f"{site}/nguon")
    expect(page.locator("#health")).to_be_visible()
    expect(page.locator("tr[data-source=vnexpress] [data-state]")).to_have_text("thất bại")
    expect(page.locator("tr[data-source=baohaiphong] [data-state]")).to_have_text("tốt")
    expect(page.locator("tr[data-source=tuoitre]")).to_contain_text("chưa thu thập lần nào")
    shot(page, "analyst-sources")


def test_alert_rules_are_created_tested_and_removed_with_the_key(page: Page, site: str) -> None:
    page.goto(f"{site}/canh-bao")
    expect(page.locator("#status")).to_contain_text("khóa API")  # no key yet: in Vietnamese
    page.fill("#api-key", API_KEY)
    page.click("#save-key")
    expect(page.locator("#status")).to_contain_text("quy tắc")
    name = f"fdi-{page.size_name}"  # type: ignore[attr-defined]
    page.fill("#rule-name", name)
    page.fill("#rule-query", "FDI")
    page.fill("#rule-channels", "ban-tin@haiphong.example.vn")
    page.click("#rule-form button[type=submit]")
    rule = page.locator(f"li[data-rule='{name}']")
    expect(rule).to_be_visible()
    rule.locator("button.test").click()
    expect(page.locator("#test-title")).to_contain_text(f"bài khớp «{name}»")
    assert page.locator("#test-matches li").count() > 0
    shot(page, "analyst-alerts")
    feed = rule.locator("a.feed")  # a private rule: the link carries its own feed key
    expect(feed).to_have_attribute("href", re.compile(r"/feeds/[\w.-]+\.atom\?key=[0-9a-f]{32}$"))
    atom = page.request.get(str(feed.get_attribute("href")))
    assert atom.ok and atom.headers["content-type"].startswith("application/atom+xml")
    rule.locator("button.remove").click()
    expect(rule).to_have_count(0)


def test_docs_and_redoc_render_offline(page: Page, site: str) -> None:
    page.goto(f"{site}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("newswatch")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    shot(page, "docs")
    page.goto(f"{site}/redoc")
    expect(page.locator("h1").first).to_contain_text("newswatch")


def test_a_store_that_is_down_is_a_vietnamese_sentence_without_internals(
    browser: Browser, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    settings = api_settings(StorageSettings(path=blocker / "news.db"), tmp_path)
    with live_server(settings) as url:
        context = browser.new_context(locale="vi-VN")
        opened = context.new_page()
        opened.goto(f"{url}/?q=FDI")
        status = opened.locator("#status")
        expect(status).to_contain_text("Kho dữ liệu tạm thời không truy cập được")
        text = status.inner_text()
        assert "127.0.0.1" not in text and "Traceback" not in text and "sqlite" not in text
        context.close()
