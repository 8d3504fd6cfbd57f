"""Generic extraction on public benchmarks: ``crawler.extract`` vs. trafilatura on the same pages.

``python -m bench.extraction_public [--variants] [--only NAME …]``. Our side is
``extract_article`` with no source (so no site rules); trafilatura's is ``bare_extraction``
with the settings both benchmarks' authors ran it with (``include_comments=False``, tables
kept); ``--variants`` adds its ``favor_precision`` and ``favor_recall`` modes. Each benchmark is
scored by its own method (``bench.public_scores``) on its dev and holdout halves
(``bench.public_data.split``): tune on dev, the holdout tells whether the tuning generalises.
A benchmark whose fixtures are missing is reported as skipped, not scored as zero.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import trafilatura
import trafilatura.settings

from bench.public_data import ROOT, BenchPage, available, pages
from bench.public_scores import ChunkScore, ShingleScore, same_authors, same_day, same_title
from crawler.extract import ExtractionError, extract_article

RESULTS = Path(__file__).resolve().parent / "results"
FETCHED_AT = datetime(2026, 9, 1, tzinfo=UTC)  # after every page's capture: reproducible runs
BENCHMARKS = ("scrapinghub", "trafilatura", "htmldate")
HALVES = ("dev", "holdout", "all")
OURS = "newswatch"


@dataclass(frozen=True)
class Output:
    body: str = ""
    title: str = ""
    author: str = ""
    date: str = ""


def ours(page: BenchPage) -> Output:
    try:
        article = extract_article(page.html, page.url, tz=ZoneInfo("UTC"), fetched_at=FETCHED_AT)
    except ExtractionError:
        return Output()
    published = article.published_at
    return Output(
        body=article.text,
        title=article.title,
        author="; ".join(article.authors),
        date=published.date().isoformat() if published else "",
    )


def _trafilatura(
    favor_precision: bool = False, favor_recall: bool = False
) -> Callable[[BenchPage], Output]:
    def run(page: BenchPage) -> Output:
        doc = trafilatura.bare_extraction(
            page.html,
            url=page.url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"max_date": FETCHED_AT.date().isoformat()},
            favor_precision=favor_precision,
            favor_recall=favor_recall,
        )
        if not isinstance(doc, trafilatura.settings.Document):
            return Output()
        return Output(doc.text or "", doc.title or "", doc.author or "", doc.date or "")

    return run


def tools(variants: bool) -> dict[str, Callable[[BenchPage], Output]]:
    chosen = {OURS: ours, "trafilatura": _trafilatura()}
    if variants:
        chosen["trafilatura favor_precision"] = _trafilatura(favor_precision=True)
        chosen["trafilatura favor_recall"] = _trafilatura(favor_recall=True)
    return chosen


class Tally:
    """Scores of one tool on one half of one benchmark."""

    def __init__(self, name: str) -> None:
        self.body: ShingleScore | ChunkScore | None = (
            ShingleScore()
            if name == "scrapinghub"
            else ChunkScore()
            if name == "trafilatura"
            else None
        )
        self.fields: dict[str, list[bool]] = {}

    def add(self, truth: dict[str, Any], out: Output) -> None:
        if isinstance(self.body, ShingleScore):
            self.body.add(truth.get("articleBody", ""), out.body)
        elif isinstance(self.body, ChunkScore):
            self.body.add(truth["with"], truth["without"], out.body)
        for key, same in (("title", same_title), ("author", same_authors), ("date", same_day)):
            if key in truth:
                self.fields.setdefault(key, []).append(same(truth[key], getattr(out, key)))

    def scores(self) -> dict[str, Any]:
        result: dict[str, Any] = {"body": self.body.scores() if self.body else None}
        for key, hits in self.fields.items():
            result[f"{key}_accuracy"] = sum(hits) / len(hits)
            result[f"{key}_pages"] = len(hits)
        return result


def run_benchmark(name: str, chosen: dict[str, Callable[[BenchPage], Output]]) -> dict[str, Any]:
    tallies = {(tool, half): Tally(name) for tool in chosen for half in HALVES}
    for page in pages(name):
        for tool, extract in chosen.items():
            out = extract(page)
            for half in (page.half, "all"):
                tallies[tool, half].add(page.truth, out)
    return {half: {tool: tallies[tool, half].scores() for tool in chosen} for half in HALVES}


def markdown(results: dict[str, Any]) -> str:
    lines = ["# Generic extraction on public benchmarks: newswatch vs trafilatura", ""]
    lines.append(
        "Produced by `python -m bench.extraction_public`; body scored by each benchmark's own"
        " method (see `bench/public_scores.py`), metadata by exact match after normalisation."
    )
    for name, result in results.items():
        lines += ["", f"## {name}", ""]
        if result is None:
            lines.append(f"skipped: fixtures missing under {ROOT / name}")
            continue
        lines.append("| half | tool | body P | body R | body F1 | title | author | date |")
        lines.append("|---|---|---|---|---|---|---|---|")
        for half in HALVES:
            for tool, s in result[half].items():
                body = s["body"] or {}
                cells = [f"{body[k]:.3f}" if body else "–" for k in ("precision", "recall", "f1")]
                meta = [
                    f"{s[f'{k}_accuracy']:.3f} (n={s[f'{k}_pages']})"
                    if f"{k}_accuracy" in s
                    else "–"
                    for k in ("title", "author", "date")
                ]
                lines.append(f"| {half} | {tool} | " + " | ".join(cells + meta) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--variants", action="store_true", help="add trafilatura's precision/recall modes"
    )
    parser.add_argument("--only", nargs="*", choices=BENCHMARKS, default=list(BENCHMARKS))
    args = parser.parse_args(argv)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    chosen = tools(args.variants)
    results = {name: run_benchmark(name, chosen) if available(name) else None for name in args.only}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "extraction_public.json").write_text(json.dumps(results, indent=1, sort_keys=True))
    report = markdown(results)
    (RESULTS / "extraction_public.md").write_text(report, "utf-8")
    print(report)


if __name__ == "__main__":
    main()
