"""``python -m bench.facts``: what facts extraction adds to article extraction, per page.

Same pages as ``bench.extraction`` (the replay sites' articles and tests/fixtures/extract,
which holds the real VnExpress/Tuổi Trẻ pages of /work/shared/eval/vn). Each round times
``extract_article`` on every page and ``extract_facts`` on that page's title, lead and body,
alternating which goes first, so machine noise hits both alike. Target: facts add at most 10 %
to extraction time. Writes a JSON file and ``bench/results/facts.md``.
"""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.extraction import Page, fixture_pages, replay_pages
from bench.report import RESULTS, save, table
from crawler.article import Article
from crawler.extract import ExtractionError, extract_article
from crawler.facts import extract_facts
from crawler.replay_server import SITE_TZ

TARGET = 0.10


def _article(page: Page) -> Article | None:
    try:
        return extract_article(
            page.html,
            page.url,
            tz=SITE_TZ,
            fetched_at=page.fetched_at,
            source=page.source,
            content_type=page.content_type,
        )
    except ExtractionError:
        return None


def facts_input(article: Article) -> str:
    """What storage will feed ``extract_facts``: title, lead and body, one per line."""
    return "\n".join(part for part in (article.title, article.summary, article.text) if part)


def _lap(work: Callable[[], object]) -> float:
    begun = time.perf_counter()
    work()
    return time.perf_counter() - begun


def run(rounds: int = 7) -> dict[str, Any]:
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    pages = replay_pages() + fixture_pages()
    texts = {p.name: facts_input(a) for p in pages if (a := _article(p)) is not None}
    pages = [p for p in pages if p.name in texts]
    extract_s: list[float] = []
    facts_s: list[float] = []
    for r in range(rounds):
        for page in pages if r % 2 == 0 else reversed(pages):
            text = texts[page.name]
            steps = [
                (extract_s, lambda page=page: _article(page)),
                (facts_s, lambda text=text: extract_facts(text)),
            ]
            for laps, work in steps if r % 2 == 0 else reversed(steps):
                laps.append(_lap(work))
    total_extract, total_facts = sum(extract_s), sum(facts_s)
    chars = [len(t) for t in texts.values()]
    rows = [
        {
            "step": name,
            "p50_ms": statistics.median(laps) * 1000,
            "mean_ms": statistics.mean(laps) * 1000,
        }
        for name, laps in (("extract_article", extract_s), ("extract_facts", facts_s))
    ]
    return {
        "pages": len(pages),
        "rounds": rounds,
        "text_chars_median": statistics.median(chars),
        "text_chars_max": max(chars),
        "speed": rows,
        "added_ratio": total_facts / total_extract,
        "target": TARGET,
    }


def _markdown(result: dict[str, Any]) -> str:
    verdict = "meets" if result["added_ratio"] <= TARGET else "MISSES"
    lines = [
        "# Facts extraction cost per page",
        "",
        f"{result['pages']} pages (replay sites + tests/fixtures/extract), "
        f"{result['rounds']} rounds, facts input median {result['text_chars_median']:.0f} chars "
        f"(max {result['text_chars_max']}).",
        "",
        "| step | p50 ms | mean ms |",
        "|---|---|---|",
        *(f"| {r['step']} | {r['p50_ms']:.2f} | {r['mean_ms']:.2f} |" for r in result["speed"]),
        "",
        f"Facts add **{result['added_ratio']:.1%}** to extraction time "
        f"(target ≤ {TARGET:.0%}: {verdict}). Command: `python -m bench.facts`.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    result = run()
    print(table("facts vs extraction (ms per page)", result["speed"]))
    print(f"added: {result['added_ratio']:.1%} (target <= {TARGET:.0%})")
    save("facts", result)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "facts.md").write_text(_markdown(result), encoding="utf-8")


if __name__ == "__main__":
    main()
