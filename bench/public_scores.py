"""Scoring of the public extraction benchmarks, each by its authors' own method.

- Body on ScrapingHub's set: ``evaluate.py`` of scrapinghub/article-extraction-benchmark
  (commit 4a3bc97): tokens are ``\\w+`` matches, bodies are compared as bags of 4-token
  shingles; per page TP/FP/FN are normalised to sum 1; precision and recall are the means over
  pages (pages with nothing predicted / nothing true left out of the respective mean, empty vs
  empty counts 1); F1 is the harmonic mean of those two means; accuracy is the share of pages
  whose token lists are equal. Reimplemented here from that file, not imported.
- Body on trafilatura's set: ``tests/eval_common.py`` of adbar/trafilatura (commit e90b0ef):
  each "with" chunk found in the whitespace-normalised output is a TP (else FN), each "without"
  chunk found is an FP (else TN); precision, recall and F1 over the summed counts.
- Metadata (title, author, date): exact match after normalisation, applied alike to both tools;
  an empty truth is matched only by an empty answer (a site name given as the author is wrong).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

_TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
SHINGLE = 4
# Separators between names in one author field: "A; B", "A, B", "A und B", "A & B".
_NAME_SEPARATORS = re.compile(r"\s*(?:[;,&|/]|\band\b|\bund\b|\bet\b|\bvà\b)\s*", re.I)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    words = tokens(text)
    grams = (tuple(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1)))
    return Counter(g for g in grams if g)


def shingle_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Per-page (tp, fp, fn) over 4-token shingles, normalised to sum 1."""
    truth, guess = _shingles(true), _shingles(pred)
    tp = sum((truth & guess).values())
    fp = sum((guess - truth).values())
    fn = sum((truth - guess).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


@dataclass
class ShingleScore:
    """ScrapingHub's body score, accumulated page by page."""

    pages: list[tuple[float, float, float]] = field(default_factory=list)
    exact: list[bool] = field(default_factory=list)

    def add(self, true: str, pred: str) -> None:
        self.pages.append(shingle_counts(true, pred))
        self.exact.append(tokens(true) == tokens(pred))

    def scores(self) -> dict[str, float]:
        p = [_precision(*c) for c in self.pages if c[0] + c[1] > 0]
        r = [_recall(*c) for c in self.pages if c[0] + c[2] > 0]
        precision = statistics.mean(p) if p else 0.0
        recall = statistics.mean(r) if r else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        accuracy = statistics.mean(self.exact) if self.exact else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "accuracy": accuracy}


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class ChunkScore:
    """trafilatura's body score: must-have and must-not-have chunks."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, with_: list[str], without: list[str], pred: str) -> None:
        text = _ws(pred)
        found = sum(1 for chunk in with_ if _ws(chunk) in text)
        wrong = sum(1 for chunk in without if _ws(chunk) in text)
        self.tp, self.fn = self.tp + found, self.fn + len(with_) - found
        self.fp, self.tn = self.fp + wrong, self.tn + len(without) - wrong

    def scores(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0
        total = self.tp + self.fp + self.fn + self.tn
        accuracy = (self.tp + self.tn) / total if total else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "accuracy": accuracy}


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def same_title(truth: str, guess: str) -> bool:
    return _folded(truth) == _folded(guess)


def same_authors(truth: str, guess: str) -> bool:
    """Equal as sets of names, whatever separates them."""

    def names(value: str) -> set[str]:
        return {_folded(n) for n in _NAME_SEPARATORS.split(value or "") if _folded(n)}

    return names(truth) == names(guess)


def same_day(truth: str, guess: str) -> bool:
    return (truth or "")[:10] == (guess or "")[:10]
