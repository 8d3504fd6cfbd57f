"""``python -m bench.projects``: the project register at 100k stored articles, against article
extraction per page.

The 20 real Hải Phòng pages (``tests/stories/pages_transcribed.json``, facts extracted once)
are copied to 100,000 articles: each copy gets its own id, story and investor names (a number
appended to every company), so the register holds thousands of keys, as a real store would.
Timed: a full re-computation (every article placed, every key grouped) and one new article put
into the 100k register and the register read again (the incremental path). Extraction per page
is ``bench.extraction``'s ``extract_article`` on the replay sites' article pages.
"""

from __future__ import annotations

import logging
import statistics
import time
from dataclasses import replace
from typing import Any

from bench.extraction import article_of, replay_pages
from bench.report import save, table
from newswatch.core.article import Article
from newswatch.projects.zones import locate_zones
from search.projects import register_of
from tests.projects.pages import page_articles

SIZE = 100_000


def corpus(size: int = SIZE) -> list[Article]:
    pages = page_articles()
    out = []
    for n in range(size):
        page = pages[n % len(pages)]
        facts = page.facts
        assert facts is not None
        suffix = f" {n // len(pages)}"
        companies = tuple(c + suffix for c in facts.companies)
        text = page.text
        for company in facts.companies:
            text = text.replace(company, company + suffix)
        out.append(
            page.model_copy(
                update={
                    "id": f"{page.id}-{n}",
                    "story_id": f"s-{n // 5}",
                    "text": text,
                    "facts": replace(facts, companies=companies),
                }
            )
        )
    return out


def _extraction_ms() -> float:
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    pages = replay_pages()
    for page in pages:
        article_of(page)
    laps = []
    for page in pages:
        begun = time.perf_counter()
        article_of(page)
        laps.append(time.perf_counter() - begun)
    return statistics.median(laps) * 1000


def run(size: int = SIZE) -> dict[str, Any]:
    articles = corpus(size)
    begun = time.perf_counter()
    register = register_of(articles, locate_zones)
    projects = register.projects()
    full = time.perf_counter() - begun
    extra = articles[0].model_copy(update={"id": "new-article", "story_id": "new-story"})
    begun = time.perf_counter()
    register.put(extra)
    register.projects()
    one = time.perf_counter() - begun
    extraction = _extraction_ms()
    per_article_ms = full / size * 1000
    return {
        "articles": size,
        "entries": len(projects),
        "speed": [
            {
                "step": "full re-computation, per article",
                "ms": round(per_article_ms, 4),
                "ratio_to_extraction": round(per_article_ms / extraction, 4),
            },
            {
                "step": "one new article at 100k (put + read)",
                "ms": round(one * 1000, 2),
                "ratio_to_extraction": round(one * 1000 / extraction, 3),
            },
            {
                "step": "extract_article per page (median)",
                "ms": round(extraction, 2),
                "ratio_to_extraction": 1.0,
            },
        ],
        "full_seconds": round(full, 2),
    }


def main() -> None:
    result = run()
    print(f"{result['articles']} articles, {result['entries']} entries, "
          f"full re-computation {result['full_seconds']} s")  # fmt: skip
    print(table("project register vs extraction", result["speed"]))
    save("projects", result)


if __name__ == "__main__":
    main()
