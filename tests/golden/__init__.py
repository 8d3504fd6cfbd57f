"""Golden real pages, feeds and sitemaps of the bundled sources, with expected values read by hand.

Everything here was captured from the real sites by third parties and committed to public
repositories (or is a verbatim excerpt of such a capture); `MANIFEST.json` says, for each file,
the URL, capture date, origin (repository, commit, path), licence, kind and layout. The expected
JSON next to each page was written by reading the page, never by running our extractor, so a
test through the product compares against an independent answer.

This module only loads the material; ``test_golden_pages.py`` runs it through the configured
sources and ``test_topic_labelled.py`` scores the topic rule on the labelled set.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

GOLDEN_DIR = Path(__file__).parent
MANIFEST_PATH = GOLDEN_DIR / "MANIFEST.json"

Kind = Literal["article", "listing", "feed", "sitemap", "topic"]
KINDS: tuple[Kind, ...] = ("article", "listing", "feed", "sitemap", "topic")

# Keys every expected JSON of a kind must hold; one home for the schema (the test checks it).
EXPECTED_KEYS: dict[str, frozenset[str]] = {
    "article": frozenset(
        {
            "title",
            "summary",
            "authors",
            "published_at",
            "section",
            "tags",
            "language",
            "body_first",
            "body_last",
        }
    ),
    "listing": frozenset({"article_links", "next_page"}),
    "feed": frozenset({"items"}),
    "sitemap": frozenset({"items"}),
}


@dataclass(frozen=True)
class GoldenCase:
    """One stored file, its manifest entry and (pages, feeds, sitemaps) its expected values."""

    path: Path
    entry: dict[str, Any]
    expected: dict[str, Any] | None

    @property
    def source(self) -> str:
        """The bundled source name (the folder), e.g. ``vnexpress``."""
        return str(self.entry["source"])

    @property
    def url(self) -> str:
        """The URL the file was captured from (what the crawler would have fetched)."""
        return str(self.entry["url"])

    def read_text(self) -> str:
        """The decoded file: gzip for pages and feeds, plain UTF-8 for the topic set."""
        raw = self.path.read_bytes()
        if self.path.suffix == ".gz":
            raw = gzip.decompress(raw)
        return raw.decode("utf-8")


def load_manifest(path: Path = MANIFEST_PATH) -> list[dict[str, Any]]:
    """The manifest entries, in file order; a missing or malformed manifest is an error, not []."""
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data["files"]
    if not isinstance(entries, list):
        raise ValueError(f"{path}: 'files' must be a list")
    return entries


def expected_path(entry: dict[str, Any]) -> Path | None:
    """Where the expected JSON of an entry lives, or None for kinds without one (topic set)."""
    name = entry.get("expected")
    return GOLDEN_DIR / name if name else None


def cases(kind: Kind, manifest: list[dict[str, Any]] | None = None) -> list[GoldenCase]:
    """All stored files of one kind with their expected dicts, for ``pytest.mark.parametrize``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")
    found = []
    for entry in manifest if manifest is not None else load_manifest():
        if entry["kind"] != kind:
            continue
        exp = expected_path(entry)
        expected = json.loads(exp.read_text(encoding="utf-8")) if exp else None
        found.append(GoldenCase(GOLDEN_DIR / entry["path"], entry, expected))
    return found


Split = Literal["dev", "heldout"]


def topic_records(
    manifest: list[dict[str, Any]] | None = None, split: Split | None = None
) -> list[dict[str, Any]]:
    """The labelled topic set: one dict per real article text (title, lead, body, label, why...).

    ``split`` picks the development records (``labelled.jsonl``, the ones a rule may be tuned on)
    or the held-out ones (``heldout.jsonl``, each marked ``split: "heldout"``, labelled and
    committed before any rule was run on them); ``None`` gives both."""
    records: list[dict[str, Any]] = []
    for case in cases("topic", manifest):
        records.extend(json.loads(line) for line in case.read_text().splitlines() if line.strip())
    if split is None:
        return records
    return [r for r in records if r.get("split", "dev") == split]
