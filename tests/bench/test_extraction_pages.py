"""``bench.extraction.fixture_pages`` reads every stored extraction fixture, whatever form its
``.meta.json`` gives the source in (a catalogue name or an ad-hoc table)."""

from __future__ import annotations

import json

from bench.extraction import FIXTURES, fixture_pages


def test_fixture_pages_reads_every_site_page_with_its_source() -> None:
    sites = sorted((FIXTURES / "sites").glob("*.html"))
    pages = {page.name: page for page in fixture_pages()}
    for html in sites:
        meta = json.loads(html.with_suffix(".meta.json").read_text("utf-8"))
        page = pages[html.stem]
        assert page.url == meta["url"] and page.html == html.read_bytes()
        given = meta.get("source")
        if isinstance(given, str):  # a catalogue name: the bundled entry, with its selectors
            assert page.source is not None and page.source.name == given
            assert page.source.allowed_domains
        elif given:
            assert page.source is not None and page.source.name == given["name"]
        else:
            assert page.source is None


def test_a_catalogue_named_source_is_among_the_fixtures() -> None:
    """The crash was a string source; keep one in the set so the test above covers it."""
    metas = [json.loads(p.read_text("utf-8")) for p in (FIXTURES / "sites").glob("*.meta.json")]
    assert any(isinstance(meta.get("source"), str) for meta in metas)
