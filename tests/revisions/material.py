"""A real article (SK's Ecovance plant at DEEP C, kinhtetieudung.vn, from
tests/stories/pages_transcribed.json, page A1) and the same article as a publisher corrects it:
the capital 500 → 550 million USD in the title and the lead, the rest untouched."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.facts import extract_facts, facts_version
from newswatch.core.article import Article

PAGES = Path(__file__).parents[1] / "stories" / "pages_transcribed.json"
FETCHED = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
OLD_AMOUNT, NEW_AMOUNT = "500 triệu USD", "550 triệu USD"


def page() -> dict[str, Any]:
    pages: dict[str, Any] = json.loads(PAGES.read_text("utf-8"))["pages"]
    return pages["A1"]


def corrected(text: str) -> str:
    """The publisher's correction: the capital figure, wherever it is printed."""
    assert OLD_AMOUNT in text, "the material must name the amount this test corrects"
    return text.replace(OLD_AMOUNT, NEW_AMOUNT)


def article(title: str, text: str, fetched_at: datetime = FETCHED) -> Article:
    data = page()
    return Article(
        id=hashlib.sha1(data["url"].encode(), usedforsecurity=False).hexdigest(),
        url=data["url"],
        canonical_url=data["url"],
        source="kinhtetieudung",
        title=title,
        text=text,
        language=data["language"],
        published_at=datetime.fromisoformat(data["published_at"]),
        fetched_at=fetched_at,
        facts=extract_facts(f"{title}\n{text}"),
        facts_version=facts_version(),
    )


def original() -> Article:
    return article(page()["title"], page()["text"])


def edited(hours: float = 5) -> Article:
    data = page()
    return article(
        corrected(data["title"]), corrected(data["text"]), FETCHED + timedelta(hours=hours)
    )
