"""Story grouping time per new article at 100k stored, next to extraction time per page.

``python -m bench.stories [--stored N] [--new N]``. The stored articles are built from real
text: the sentences and title words of the 260 real articles in tests/stories/pairs.jsonl,
shuffled (each article: a title of 8-12 title words, a body of 6-14 sentences, a date within
a year, one of ten sources), so names and amounts follow real Vietnamese news rather than
random strings. The index is filled once through ``StoryIndex.add`` (the fill time is
reported too). Then new articles are timed, a third of them syndicated copies of stored ones
(with a source tag and a credit added) and the rest fresh, alternating rounds with our
extraction (``crawler.extract.extract_article``) on the real pages of tests/fixtures/extract
(vn/ and newspaper4k/, not the hand-written sites/), so machine noise hits both alike.
Target: grouping per article well under extraction per page (ratio well under 1).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.extraction import FIXTURES, Page, fixture_pages, ours
from bench.report import save, table
from search.stories import NewArticle, StoryIndex

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "stories" / "pairs.jsonl"
RESULTS_MD = Path(__file__).parent / "results" / "stories.md"
SOURCES = (
    "VnExpress",
    "Báo Hải Phòng",
    "VIR",
    "VnEconomy",
    "CafeF",
    "Báo Đầu tư",
    "VietnamPlus",
    "Báo Chính phủ",
    "HEZA",
    "haiphong.gov.vn",
)
START = datetime(2026, 1, 1, tzinfo=UTC)
ROUNDS = 3


def real_text() -> tuple[list[str], list[str]]:
    """Sentences and title words of the real articles in the labelled pairs."""
    sentences: set[str] = set()
    title_words: set[str] = set()
    for line in PAIRS.read_text("utf-8").splitlines():
        pair = json.loads(line)
        for side in (pair["a"], pair["b"]):
            sentences.update(s.strip() for s in re.split(r"(?<=[.!?])\s+", side["text"]))
            title_words.update(side["title"].split())
    return sorted(s for s in sentences if len(s) > 30), sorted(title_words)


def synthetic(n: int, seed: int, sentences: list[str], vocabulary: list[str]) -> list[NewArticle]:
    rng = random.Random(seed)
    return [
        NewArticle(
            id=f"gen-{seed}-{i}",
            title=" ".join(rng.sample(vocabulary, rng.randint(8, 12))),
            body=" ".join(rng.sample(sentences, rng.randint(6, 14))),
            published_at=START + timedelta(minutes=rng.randrange(365 * 24 * 60)),
            source=rng.choice(SOURCES),
            language="vi",
        )
        for i in range(n)
    ]


def _copy(article: NewArticle, i: int) -> NewArticle:
    return replace(
        article,
        id=f"copy-{i}",
        source="Báo Hải Phòng",
        body=f"TTO - {article.body}\n\nTheo TTXVN",
        published_at=(article.published_at or START) + timedelta(hours=3),
    )


def real_pages() -> list[Page]:
    hand_written = {p.stem for p in (FIXTURES / "sites").glob("*.html")}
    return [page for page in fixture_pages() if page.name not in hand_written]


def _time_extraction(pages: list[Page]) -> list[float]:
    times = []
    for page in pages:
        started = time.perf_counter()
        ours(page)
        times.append(time.perf_counter() - started)
    return times


def _time_grouping(
    index: StoryIndex, articles: list[NewArticle], originals: dict[str, str]
) -> tuple[list[float], int, int]:
    """Time each add; count copies filed under their original's story and fresh ones that
    joined anything (on shuffled real sentences some do: the false-join rate of this data)."""
    times, copies_joined, fresh_joined = [], 0, 0
    for article in articles:
        started = time.perf_counter()
        story = index.add(article)
        times.append(time.perf_counter() - started)
        if article.id in originals:
            copies_joined += story == index.story_of(originals[article.id])
        else:
            fresh_joined += story != article.id
    return times, copies_joined, fresh_joined


def run(stored: int, new: int) -> dict[str, Any]:
    sentences, vocabulary = real_text()
    pages = real_pages()
    with tempfile.TemporaryDirectory() as tmp, StoryIndex(Path(tmp) / "stories.db") as index:
        base = synthetic(stored, 0, sentences, vocabulary)
        started = time.perf_counter()
        index.add_many(base)
        fill = time.perf_counter() - started
        rng = random.Random(1)
        grouping: list[float] = []
        extraction: list[float] = []
        copies = copies_joined = fresh = fresh_joined = 0
        for round_no in range(ROUNDS):
            news = synthetic(new - new // 3, 100 + round_no, sentences, vocabulary)
            sources = rng.sample(base, new // 3)
            dupes = [_copy(a, round_no * new + i) for i, a in enumerate(sources)]
            originals = {d.id: a.id for d, a in zip(dupes, sources, strict=True)}
            batch = news + dupes
            rng.shuffle(batch)
            if round_no % 2:
                extraction += _time_extraction(pages)
            times, got_copies, got_fresh = _time_grouping(index, batch, originals)
            grouping += times
            copies, copies_joined = copies + len(dupes), copies_joined + got_copies
            fresh, fresh_joined = fresh + len(news), fresh_joined + got_fresh
            if not round_no % 2:
                extraction += _time_extraction(pages)
        size = len(index)
    group_ms = statistics.mean(grouping) * 1000
    extract_ms = statistics.mean(extraction) * 1000
    return {
        "stored": stored,
        "new_per_round": new,
        "rounds": ROUNDS,
        "fill_s": fill,
        "index_size_after": size,
        "grouping_mean_ms": group_ms,
        "grouping_median_ms": statistics.median(grouping) * 1000,
        "grouping_p95_ms": statistics.quantiles(grouping, n=20)[-1] * 1000,
        "extraction_pages": len(pages),
        "extraction_mean_ms": extract_ms,
        "extraction_median_ms": statistics.median(extraction) * 1000,
        "ratio": group_ms / extract_ms,
        "copies_added": copies,
        "copies_joined_their_story": copies_joined,
        "fresh_added": fresh,
        "fresh_joined_a_story": fresh_joined,
    }


def markdown(result: dict[str, Any]) -> str:
    return "\n".join(
        [
            "# Story grouping vs extraction (bench/stories.py)",
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on this machine (2 shared cores).",
            f"Index filled with {result['stored']:,} articles built from real sentences "
            f"in {result['fill_s']:.0f} s; then {result['rounds']} rounds of "
            f"{result['new_per_round']} new articles (a third syndicated copies), alternating "
            f"with extraction of {result['extraction_pages']} real pages.",
            "",
            "| per item | mean ms | median ms |",
            "|---|---|---|",
            f"| grouping one new article (`StoryIndex.add`) | {result['grouping_mean_ms']:.2f} "
            f"| {result['grouping_median_ms']:.2f} (p95 {result['grouping_p95_ms']:.2f}) |",
            f"| extracting one page (`extract_article`) | {result['extraction_mean_ms']:.2f} "
            f"| {result['extraction_median_ms']:.2f} |",
            "",
            f"**Ratio grouping / extraction: {result['ratio']:.3f}** (target well under 1).",
            "Syndicated copies filed under their original's story: "
            f"{result['copies_joined_their_story']}/{result['copies_added']}; fresh articles "
            f"that joined an existing story: {result['fresh_joined_a_story']}/"
            f"{result['fresh_added']} (shuffled real sentences share names and title words, so "
            "some false joins are expected on this synthetic data; the labelled pairs measure "
            "precision).",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=150)
    args = parser.parse_args()
    result = run(args.stored, args.new)
    rows = [
        {"step": "grouping per article", "mean_ms": result["grouping_mean_ms"]},
        {"step": "extraction per page", "mean_ms": result["extraction_mean_ms"]},
    ]
    print(table(f"stories at {args.stored:,} stored (ms)", rows))
    print(f"ratio {result['ratio']:.3f}; fill {result['fill_s']:.0f} s")
    save("stories", result)
    RESULTS_MD.parent.mkdir(exist_ok=True)
    RESULTS_MD.write_text(markdown(result), "utf-8")


if __name__ == "__main__":
    main()
