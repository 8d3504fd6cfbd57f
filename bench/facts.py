"""``python -m bench.facts``: what facts extraction adds to article extraction, per page.

Same pages as ``bench.extraction`` (the replay sites' articles and tests/fixtures/extract,
which holds the real VnExpress/Tuổi Trẻ pages of /work/shared/eval/vn). Each round times
``extract_article`` on every page and ``extract_facts`` on that page's title, lead and body,
alternating which goes first, so machine noise hits both alike. The ratio sums each page's best
round on both sides; the ratio of means is reported beside it. Target: facts add at most 10 %
to extraction time. Writes a JSON file and ``bench/results/facts.md``.
"""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.extraction import article_of, fixture_pages, replay_pages
from bench.report import RESULTS, save, table
from crawler.facts import extract_facts
from crawler.facts.article import facts_input

TARGET = 0.10


def _lap(work: Callable[[], object]) -> float:
    begun = time.perf_counter()
    work()
    return time.perf_counter() - begun


def run(rounds: int = 7) -> dict[str, Any]:
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    pages = replay_pages() + fixture_pages()
    texts = {p.name: facts_input(a) for p in pages if (a := article_of(p)) is not None}
    pages = [p for p in pages if p.name in texts]
    for text in texts.values():  # warm both sides alike: the gazetteer loads on first use
        extract_facts(text)
    laps: dict[str, dict[str, list[float]]] = {"extract_article": {}, "extract_facts": {}}
    for r in range(rounds):
        for page in pages if r % 2 == 0 else reversed(pages):
            text = texts[page.name]
            steps = [
                ("extract_article", lambda page=page: article_of(page)),
                ("extract_facts", lambda text=text: extract_facts(text)),
            ]
            for step, work in steps if r % 2 == 0 else reversed(steps):
                laps[step].setdefault(page.name, []).append(_lap(work))
    # Per page, the best of the rounds (as ``timeit`` advises: slower laps are other load on a
    # shared machine, not the code), and the mean of the rounds, both summed over the pages.
    best = {step: sum(min(v) for v in per.values()) for step, per in laps.items()}
    mean = {step: sum(statistics.mean(v) for v in per.values()) for step, per in laps.items()}
    chars = [len(t) for t in texts.values()]
    rows = [
        {
            "step": step,
            "best_ms_per_page": best[step] / len(pages) * 1000,
            "mean_ms_per_page": mean[step] / len(pages) * 1000,
            "p50_best_ms": statistics.median(min(v) for v in laps[step].values()) * 1000,
        }
        for step in laps
    ]
    return {
        "pages": len(pages),
        "rounds": rounds,
        "text_chars_median": statistics.median(chars),
        "text_chars_max": max(chars),
        "speed": rows,
        "added_ratio": best["extract_facts"] / best["extract_article"],
        "added_ratio_of_means": mean["extract_facts"] / mean["extract_article"],
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
        "| step | best of rounds, ms/page | mean of rounds, ms/page | median page, ms |",
        "|---|---|---|---|",
        *(
            f"| {r['step']} | {r['best_ms_per_page']:.2f} | {r['mean_ms_per_page']:.2f} "
            f"| {r['p50_best_ms']:.2f} |"
            for r in result["speed"]
        ),
        "",
        f"Facts add **{result['added_ratio']:.1%}** to extraction time, best of rounds per page "
        f"(target ≤ {TARGET:.0%}: {verdict}); {result['added_ratio_of_means']:.1%} on the means. "
        "Command: `python -m bench.facts`.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    result = run()
    print(table("facts vs extraction (ms per page)", result["speed"]))
    print(
        f"added: {result['added_ratio']:.1%} best of rounds, "
        f"{result['added_ratio_of_means']:.1%} of means (target <= {TARGET:.0%})"
    )
    save("facts", result)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "facts.md").write_text(_markdown(result), encoding="utf-8")


if __name__ == "__main__":
    main()
