"""The search page in real headless Chromium over the app and a real store holding the corpus."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Dialog, Page, Route, expect, sync_playwright

from newswatch.core.article import Article
from newswatch.core.settings import Settings
from tests.browser import ARTIFACTS, launch_chromium, live_server
from tests.servers.api_app import corpus, fill

pytestmark = pytest.mark.browser

TITLES = {article.id: unicodedata.normalize("NFC", article.title) for article in corpus()}
"""As stored: the corpus holds some NFD text on purpose."""
XSS_TITLE = '"><img src=x onerror="alert(document.domain)"> KCN Đình Vũ đón nhà đầu tư mới'
XSS_ARTICLE = Article(
    id="kcn-xss",
    url="javascript:alert(3)",
    canonical_url="https://baohaiphong.example.vn/tin/kcn-xss.html",
    source="baohaiphong",
    title=XSS_TITLE,
    text="Khu công nghiệp Đình Vũ <img src=x onerror=alert(2)> đón nhà đầu tư Nhật Bản.",
    published_at=datetime(2021, 1, 18, 3, 0, tzinfo=UTC),
    fetched_at=datetime(2021, 1, 20, tzinfo=UTC),
)


@dataclass
class Tab:
    """A page plus what must never happen on it: dialogs, requests leaving 127.0.0.1."""

    page: Page
    base: str
    dialogs: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def open(self, query: str = "", stories: bool = False) -> None:
        """Articles one by one, unless ``stories`` (the page's default: one hit per story)."""
        if not stories:
            query += ("&" if query else "?") + "collapse=none"
        self.page.goto(f"{self.base}/{query}")

    def titles(self) -> set[str]:
        return set(self.page.locator(".hit-title a").all_text_contents())


@pytest.fixture(scope="module")
def site(corpus_settings: Settings) -> Iterator[str]:
    fill(corpus_settings, [XSS_ARTICLE])
    with live_server(corpus_settings) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture()
def tab(browser: Browser, site: str) -> Iterator[Tab]:
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    opened = Tab(page, site)

    def on_dialog(dialog: Dialog) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    def only_local(route: Route) -> None:
        if route.request.url.startswith(site):
            route.continue_()
        else:
            opened.external.append(route.request.url)
            route.abort()

    page.on("dialog", on_dialog)
    page.route("**/*", only_local)
    yield opened
    context.close()


def test_a_query_and_a_date_range_show_the_matches_and_one_bar_per_day(tab: Tab) -> None:
    tab.open()
    tab.page.fill("#q", "khu công nghiệp")
    tab.page.press("#q", "Enter")
    expect(tab.page.locator("#status")).to_contain_text("Tìm thấy")
    tab.page.fill("#from", "2021-01-14")
    tab.page.fill("#to", "2021-01-17")
    expect(tab.page).to_have_url(re.compile(r"from=2021-01-14&to=2021-01-17"))
    expect(tab.page.locator(".hit")).to_have_count(8)
    expected = {"kcn-27", "kcn-02", "kcn-04", "kcn-06", "kcn-26", "kcn-11", "kcn-01", "kcn-03"}
    assert tab.titles() == {TITLES[i] for i in expected}
    expect(tab.page.locator("#status")).to_contain_text("Tìm thấy 8 bài")
    bars = tab.page.locator("#chart-svg rect.bar")
    expect(bars).to_have_count(4)
    counts = {bar.get_attribute("data-day"): bar.get_attribute("data-count") for bar in bars.all()}
    assert counts == {"2021-01-14": "1", "2021-01-15": "1", "2021-01-16": "5", "2021-01-17": "1"}
    assert tab.external == []
    assert tab.dialogs == []


def test_the_source_list_arriving_late_keeps_what_the_user_typed(tab: Tab) -> None:
    """``/api/sources`` answered after the user started typing once reset the form to the URL
    (a CI run lost its query that way, between typing and Enter): it may only add boxes."""
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    tab.page.route("**/api/sources", hold)
    tab.open()
    expect(tab.page.locator("#status")).to_contain_text("Tìm thấy")
    for _ in range(100):  # pump Playwright's events until the held request has reached us
        if held:
            break
        tab.page.wait_for_timeout(50)
    assert len(held) == 1
    tab.page.fill("#q", "khu công nghiệp")
    held[0].continue_()
    expect(tab.page.locator("#sources input[value=vir]")).to_have_count(1)
    expect(tab.page.locator("#q")).to_have_value("khu công nghiệp")
    tab.page.press("#q", "Enter")
    expect(tab.page).to_have_url(re.compile(r"q=khu\+c%C3%B4ng\+nghi%E1%BB%87p"))


def test_results_show_source_local_time_and_a_link(tab: Tab) -> None:
    tab.open("?q=L%E1%BA%A1ch+Huy%E1%BB%87n")
    hit = tab.page.locator(".hit")
    expect(hit).to_have_count(1)
    expect(hit.locator(".hit-source")).to_have_text("vnexpress")
    expect(hit.locator(".hit-time")).to_have_text("17/01/2021 00:10 (GMT+07:00)")  # zone named
    link = hit.locator(".hit-title a")
    assert (
        link.get_attribute("href") == "https://vnexpress.example.vn/tin/kcn-03.html?utm_source=rss"
    )


def test_a_shared_url_restores_the_query_and_source_filter(tab: Tab) -> None:
    tab.open("?q=Tr%C3%A0ng+Du%E1%BB%87&source=vir")
    expect(tab.page.locator(".hit")).to_have_count(3)
    expect(tab.page.locator("#q")).to_have_value("Tràng Duệ")
    expect(tab.page.locator("#sources input[value=vir]")).to_be_checked()
    expect(tab.page.locator("#sources input[value=baohaiphong]")).not_to_be_checked()
    assert tab.titles() == {TITLES["kcn-05"], TITLES["kcn-12"], TITLES["kcn-28"]}


def test_matched_words_are_highlighted_with_mark_elements(tab: Tab) -> None:
    tab.open("?q=hai+phong+FDI&sort=date")
    marks = tab.page.locator(".hit-snippet mark")
    expect(marks.first).to_be_visible()
    assert "FDI" in marks.all_text_contents()


def test_script_and_onerror_payloads_in_stored_articles_stay_text(tab: Tab) -> None:
    tab.open("?q=%C4%90%C3%ACnh+V%C5%A9&from=2021-01-16&to=2021-01-18")
    expect(tab.page.locator(".hit")).to_have_count(5)
    expect(tab.page.get_by_text(TITLES["kcn-11"], exact=True)).to_be_visible()
    expect(tab.page.get_by_text(XSS_TITLE, exact=True)).to_be_visible()
    snippets = " ".join(tab.page.locator(".hit-snippet").all_text_contents())
    assert "<img src=x onerror=alert(2)>" in snippets
    assert tab.page.locator("#results script, #results img").count() == 0
    # A javascript: URL from a crawled page never becomes a link.
    assert tab.page.get_by_text(XSS_TITLE, exact=True).get_attribute("href") is None
    tab.page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert tab.dialogs == []


def test_more_loads_the_next_page_of_results(tab: Tab) -> None:
    tab.open("?sort=date")
    expect(tab.page.locator(".hit")).to_have_count(20)
    tab.page.click("#more")
    expect(tab.page.locator(".hit")).to_have_count(31)
    expect(tab.page.locator("#more")).to_be_hidden()


def test_clicking_a_bar_narrows_the_search_to_that_day(tab: Tab) -> None:
    tab.open("?q=FDI")
    bar = tab.page.locator('#chart-svg rect.bar[data-day="2021-01-16"]')
    expect(bar).to_have_count(1)
    bar.dispatch_event("click")
    expect(tab.page).to_have_url(re.compile(r"from=2021-01-16&to=2021-01-16"))
    expect(tab.page.locator("#chart-svg rect.bar")).to_have_count(1)


def test_stories_collapse_by_default_and_the_toggle_shows_every_copy(tab: Tab) -> None:
    # kcn-13 and kcn-14: one report, with and without accents, stored as one story
    tab.open("?q=%22uu+tien+dau+tu%22", stories=True)
    expect(tab.page.locator(".hit")).to_have_count(1)
    expect(tab.page.locator("#collapse")).to_be_checked()
    expect(tab.page.locator("#status")).to_contain_text("Tìm thấy 1 sự kiện")
    summary = tab.page.locator(".hit-versions summary")
    expect(summary).to_have_text("Cùng sự kiện: 2 bản tin, 2 nguồn (baohaiphong, tuoitre)")
    summary.click()
    copies = tab.page.locator(".hit-versions li.version")
    expect(copies).to_have_count(2)
    expect(copies.nth(1).locator("a")).to_have_text(TITLES["kcn-14"])
    tab.page.uncheck("#collapse")
    expect(tab.page.locator(".hit")).to_have_count(2)
    expect(tab.page).to_have_url(re.compile(r"collapse=none"))
    assert tab.page.locator(".hit-versions").count() == 0
    assert tab.dialogs == []


def test_the_page_fits_a_phone_screen(browser: Browser, site: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    try:
        page.goto(
            f"{site}/?q=khu+c%C3%B4ng+nghi%E1%BB%87p&from=2021-01-14&to=2021-01-17&collapse=none"
        )
        expect(page.locator(".hit")).to_have_count(8)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "search-page-phone.png"), full_page=True)
    finally:
        context.close()
