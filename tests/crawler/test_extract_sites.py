"""Stored Vietnamese article pages against hand-written expected output, one test per page.

Each page in fixtures/extract/sites has ``<name>.html`` (written in the style of the site's
current article markup), ``<name>.meta.json`` (the URL it was served at, the fetch time, the
configured source if any: a bundled catalogue name, since site markup lives in the catalogue,
or an ad-hoc source table) and ``<name>.json`` (what a reader reads off the page, sorted keys).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bench.extraction import configured_source
from crawler.dedupe import article_id
from crawler.extract import extract_article

SITES = Path(__file__).parents[1] / "fixtures" / "extract" / "sites"
PAGES = sorted(p.stem for p in SITES.glob("*.html"))
DATE_FIELDS = ("published_at", "modified_at")


@pytest.mark.parametrize("name", PAGES)
def test_page_gives_its_expected_article(name: str) -> None:
    meta = json.loads((SITES / f"{name}.meta.json").read_text("utf-8"))
    expected = json.loads((SITES / f"{name}.json").read_text("utf-8"))
    article = extract_article(
        (SITES / f"{name}.html").read_bytes(),
        meta["url"],
        tz=ZoneInfo("Asia/Ho_Chi_Minh"),
        fetched_at=datetime.fromisoformat(meta["fetched_at"]),
        source=configured_source(meta["source"]),
    )
    got = article.model_dump(mode="json")
    for field in DATE_FIELDS:
        value = getattr(article, field)
        assert value == (expected[field] and datetime.fromisoformat(expected[field])), field
    assert {k: got[k] for k in expected if k not in DATE_FIELDS} == {
        k: v for k, v in expected.items() if k not in DATE_FIELDS
    }
    assert article.id == article_id(expected["canonical_url"])


def test_every_page_has_its_expected_and_meta_files() -> None:
    assert PAGES
    for name in PAGES:
        assert (SITES / f"{name}.json").is_file(), name
        assert (SITES / f"{name}.meta.json").is_file(), name
