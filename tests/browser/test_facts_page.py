"""Facts on the search page, in real headless Chromium: facet counts and each hit's amounts,
rendered from the API response over a store holding the corpus with its facts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from crawler.facts.article import with_facts
from tests.browser import launch_chromium, live_server
from tests.servers.api_app import api_settings, corpus, fill, storage_for

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Page]:
    folder: Path = tmp_path_factory.mktemp("facts-page")
    settings = api_settings(storage_for("sqlite", request, folder), folder)
    fill(settings, [with_facts(article) for article in corpus()])
    with live_server(settings) as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        tab = browser.new_context(locale="vi-VN").new_page()
        tab.goto(f"{url}/?q=Deep+C")
        yield tab
        browser.close()


def test_facets_show_zones_countries_and_events_with_counts(page: Page) -> None:
    countries = page.locator('#facets [data-facet="per_country"]')
    expect(countries).to_contain_text("Nhà đầu tư từ")
    expect(countries).to_contain_text("JP (1)")  # kcn-17, "Japanese investors"
    expect(page.locator('#facets [data-facet="per_zone"]')).to_contain_text("DEEP C (3)")


def test_each_hit_shows_its_amounts(page: Page) -> None:
    pegatron = page.locator(".hit", has_text="Pegatron khởi công")
    expect(pegatron.locator(".hit-amounts")).to_have_text(" · 1 tỷ USD")
