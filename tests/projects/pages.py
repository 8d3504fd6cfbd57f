"""The real Hải Phòng pages of ``tests/stories/pages_transcribed.json`` as stored articles with
their facts, and what a reader says they describe (the labels below come from reading them).

Projects the pages describe (by reading; see tests/stories/MANIFEST.md for the pages):
- ``ecovance``: SK Group's (via SKC) Ecovance biodegradable-materials plant in DEEP C Hải Phòng I
  (Đình Vũ): licensed 22/9/2023 for 500 million USD (A1–A7), ground broken 11/5/2024 (B1–B9).
  The press names the investor as "Tập đoàn SK", "SK Group", "SKC" or "Ecovance".
- ``thinking``: Thinking Electronics Industrial (Taiwan) in Nam Cầu Kiền, licensed 9/5/2023 (H1).
- ``chilisin``: Chilisin Electronics (Hong Kong) at VSIP Hải Phòng, capital adjusted up from
  96.5 to 170.2 million USD on 24/1/2022 (H2).
- ``emergent``: Emergent Vietnam Logistics Development (Singapore), 35 million USD logistics
  centre at DEEP C 2B (DEEP C Hải Phòng II), licensed 24/1/2022 (H2).
Saigon Newport (H1) builds berths at Lạch Huyện port, not in Nam Cầu Kiền; Starcharge and HW
(H1) are in the Maritime Service and Industrial Zone, not a gazetteer zone; Vingroup (D2) is
named at a DEEP C workshop but has no project there. Any entry for them is a false one.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from crawler.facts.article import with_facts
from newswatch.core.article import Article

PAGES = Path(__file__).parents[1] / "stories" / "pages_transcribed.json"
READ_ON = datetime(2026, 12, 2, tzinfo=UTC)
"""The pages' reading date: the fetch time of the articles (and their date when none shows)."""

TRUTH = {
    ("ecovance", "DEEP C Hải Phòng I (Đình Vũ)"): "ecovance",
    ("sk", "DEEP C Hải Phòng I (Đình Vũ)"): "ecovance",
    ("skc", "DEEP C Hải Phòng I (Đình Vũ)"): "ecovance",
    ("thinking electronics industrial", "Nam Cầu Kiền"): "thinking",
    ("chilisin electronics", "VSIP Hải Phòng"): "chilisin",
    ("emergent vietnam logistics development", "DEEP C Hải Phòng II"): "emergent",
}
"""(investor key, zone) → the real project; a mention of any other pair is a false one."""


def page_articles() -> list[Article]:
    pages = json.loads(PAGES.read_text("utf-8"))["pages"]
    articles = []
    for name, page in pages.items():
        url = f"https://{page['source'].split()[0]}/{name.lower()}"
        article = Article(
            id=name,
            url=url,
            canonical_url=url,
            source=page["source"].split()[0],
            title="",
            text=page["text"],
            language=page["language"],
            published_at=page["published_at"],
            fetched_at=READ_ON,
        )
        articles.append(with_facts(article))
    return articles
