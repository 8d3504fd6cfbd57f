"""The golden material is complete and well-formed: every file listed, provenance and licence
present, gzip readable, every page with an expected JSON holding every key in its written form.

These checks guard the material itself; extraction through the product is a separate test.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.golden import (
    EXPECTED_KEYS,
    GOLDEN_DIR,
    KINDS,
    cases,
    expected_path,
    load_manifest,
    topic_records,
)

# Files that are the harness, not material.
HARNESS = {
    "__init__.py",
    "test_manifest.py",
    "test_golden_pages.py",
    "test_topic_labelled.py",
    "MANIFEST.json",
    "README.md",
}
ENTRY_KEYS = {"path", "source", "kind", "url", "captured", "origin", "licence", "layout"}
TOPIC_KEYS = {"id", "url", "origin", "licence", "title", "lead", "body", "label", "why"}

MANIFEST = load_manifest()
ENTRY_IDS = [e["path"] for e in MANIFEST]


def _material_files() -> set[str]:
    """Every stored file under tests/golden that is neither harness nor an expected answer."""
    return {
        p.relative_to(GOLDEN_DIR).as_posix()
        for p in GOLDEN_DIR.rglob("*")
        if p.is_file()
        and p.name not in HARNESS
        and not p.name.endswith(".expected.json")
        and "__pycache__" not in p.parts
    }


def _visible_text(markup: str) -> str:
    """The page's text with tags dropped, entities decoded and whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def _is_aware_iso(value: Any) -> bool:
    """An ISO 8601 timestamp carrying its UTC offset (a naive time would hide the +07:00 rule)."""
    try:
        return isinstance(value, str) and datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def test_every_stored_file_is_in_the_manifest_and_every_entry_exists() -> None:
    listed = {e["path"] for e in MANIFEST}
    assert _material_files() - listed == set(), "stored but not in MANIFEST.json"
    assert {p for p in listed if not (GOLDEN_DIR / p).is_file()} == set(), "listed but missing"
    assert len(listed) == len(MANIFEST), "a path is listed twice"


def test_every_expected_json_belongs_to_an_entry() -> None:
    referenced = {e["expected"] for e in MANIFEST if e.get("expected")}
    on_disk = {p.relative_to(GOLDEN_DIR).as_posix() for p in GOLDEN_DIR.rglob("*.expected.json")}
    assert on_disk == referenced


@pytest.mark.parametrize("entry", MANIFEST, ids=ENTRY_IDS)
def test_entry_has_provenance_and_licence(entry: dict[str, Any]) -> None:
    assert entry.keys() >= ENTRY_KEYS
    assert entry["kind"] in KINDS
    assert entry["licence"].strip(), "licence must be stated (say 'none found' when none is)"
    assert entry["origin"].strip() and entry["layout"].strip() and entry["captured"].strip()
    assert entry["url"].startswith(("https://", "http://"))
    assert Path(entry["path"]).parts[0] == entry["source"], "a source's files live in its folder"


@pytest.mark.parametrize("entry", MANIFEST, ids=ENTRY_IDS)
def test_file_is_readable_utf8(entry: dict[str, Any]) -> None:
    raw = (GOLDEN_DIR / entry["path"]).read_bytes()
    if entry["kind"] != "topic":
        assert entry["path"].endswith((".html.gz", ".xml.gz"))
        raw = gzip.decompress(raw)
    assert len(raw.decode("utf-8")) > 200


@pytest.mark.parametrize("entry", MANIFEST, ids=ENTRY_IDS)
def test_expected_json_is_complete_and_in_canonical_form(entry: dict[str, Any]) -> None:
    exp = expected_path(entry)
    if entry["kind"] == "topic":
        assert exp is None
        return
    assert exp is not None and exp.is_file()
    text = exp.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    assert set(data) == EXPECTED_KEYS[entry["kind"]]


@pytest.mark.parametrize("case", cases("article"), ids=lambda c: c.entry["path"])
def test_article_expected_values_have_their_types(case: Any) -> None:
    exp = case.expected
    assert _is_aware_iso(exp["published_at"])
    assert isinstance(exp["authors"], list) and all(a.strip() for a in exp["authors"])
    assert isinstance(exp["tags"], list)
    for key in ("title", "body_first", "body_last", "language"):
        assert exp[key].strip(), key
    # Values were copied by hand from the page: each must occur in its text, which catches typos.
    text = _visible_text(case.read_text())
    for value in [
        exp["title"],
        exp["summary"],
        exp["body_first"],
        exp["body_last"],
        *exp["authors"],
    ]:
        assert value in text, value[:60]


@pytest.mark.parametrize("case", cases("listing"), ids=lambda c: c.entry["path"])
def test_listing_links_are_absolute(case: Any) -> None:
    links = case.expected["article_links"]
    assert links and len(links) == len(set(links))
    assert all(link.startswith("https://") for link in links)
    assert case.expected["next_page"] is None or case.expected["next_page"].startswith("https://")


@pytest.mark.parametrize("case", cases("feed") + cases("sitemap"), ids=lambda c: c.entry["path"])
def test_feed_items_have_a_url_and_an_aware_date(case: Any) -> None:
    items = case.expected["items"]
    assert items
    for item in items:
        assert set(item) == {"url", "published_at"}
        assert item["url"] in case.read_text().replace("&amp;", "&")
        assert _is_aware_iso(item["published_at"])


def test_topic_set_is_large_balanced_and_well_formed() -> None:
    records = topic_records()
    assert len(records) >= 60
    assert all(r.keys() >= TOPIC_KEYS for r in records)
    assert len({r["id"] for r in records}) == len(records)
    assert all(isinstance(r["label"], bool) and r["why"].strip() for r in records)
    assert all(r["licence"].strip() for r in records)
    assert all((r["title"] + r["lead"] + r["body"]).strip() for r in records), "no text"
    on_topic = sum(r["label"] for r in records)
    assert on_topic >= 30 and len(records) - on_topic >= 30
