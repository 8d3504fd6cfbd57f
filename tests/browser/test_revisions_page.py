"""The article view of an edited article in real headless Chromium: "Đã chỉnh sửa" with the
title, amount and word changes of the real SK Ecovance report's correction; an article never
edited shows no such box. Screenshot in tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from newswatch.core.settings import StorageSettings
from search.factory import open_backend
from tests.browser import ARTIFACTS, launch_chromium, live_server
from tests.revisions.material import NEW_AMOUNT, OLD_AMOUNT, edited, original
from tests.servers.api_app import api_settings, fill

pytestmark = pytest.mark.browser
UNEDITED = original().model_copy(update={"id": "never-edited", "title": "Bài chưa sửa"})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("revisions")
    settings = api_settings(StorageSettings(path=folder / "news.db"), folder)
    fill(settings, [original(), UNEDITED])
    backend = open_backend(settings)
    try:
        assert backend.upsert([edited()]).updated == 1
    finally:
        backend.close()
    with live_server(settings) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def test_an_edited_article_shows_what_changed(page: Page, site: str) -> None:
    page.goto(f"{site}/#bai/{original().id}")
    box = page.locator("#article-revisions")
    expect(box).to_be_visible()
    expect(box.locator("h3")).to_have_text("Đã chỉnh sửa (1 lần)")
    expect(page.locator("#article-title")).to_have_text(edited().title)
    amount = box.locator(".revision-change", has_text="Số tiền")
    expect(amount.locator("del")).to_have_text(OLD_AMOUNT)
    expect(amount.locator("ins")).to_have_text(NEW_AMOUNT)
    title = box.locator(".revision-change", has_text="Tiêu đề")
    expect(title.locator("del")).to_have_text(original().title)
    expect(box.locator(".revision-body del").first).to_have_text("500")
    expect(box.locator(".revision.material .revision-time")).to_contain_text("thay đổi quan trọng")
    expect(box).to_contain_text("Bản lưu đầu tiên: 01/12/2026 15:00 (GMT+07:00)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "article-revisions.png"), full_page=True)


def test_an_article_never_edited_shows_no_box_even_after_an_edited_one(
    page: Page, site: str
) -> None:
    page.goto(f"{site}/#bai/{original().id}")
    expect(page.locator("#article-revisions")).to_be_visible()
    page.goto(f"{site}/#bai/{UNEDITED.id}")
    expect(page.locator("#article-title")).to_have_text("Bài chưa sửa")
    expect(page.locator("#article-revisions")).to_be_hidden()
