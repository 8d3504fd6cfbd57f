"""Precision and recall of ``extract_facts`` per field over ``labelled.jsonl``.

Values are compared as a reader would: amounts by currency and figures (6 significant digits),
areas by hectares (4 decimals), zones by canonical name, countries and events exactly, companies
loosely (case- and accent-free, one name containing the other: "Deep C" matches "Deep C
Industrial Zones"), each expected value matched at most once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.facts import extract_facts
from crawler.facts.text import prepare

LABELLED = Path(__file__).with_name("labelled.jsonl")
FIELDS = ("zones", "amounts", "areas", "countries", "companies", "events")


@dataclass
class Score:
    """Counts for one field over the whole set."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _sig(x: float) -> float:
    return float(f"{x:.6g}")


_KEYS: dict[str, Callable[[Any], Any]] = {
    "zones": lambda z: z["name"],
    "amounts": lambda a: (a["currency"], _sig(a["min"]), _sig(a["max"])),
    "areas": lambda a: round(a["hectares"], 4),
    "countries": lambda c: c,
    "events": lambda e: e,
}


def _exact(expected: Iterable[Any], predicted: Iterable[Any]) -> tuple[int, int, int]:
    want, got = Counter(expected), Counter(predicted)
    tp = sum((want & got).values())
    return tp, sum(got.values()) - tp, sum(want.values()) - tp


def _companies(expected: list[str], predicted: list[str]) -> tuple[int, int, int]:
    want = [prepare(n).folded for n in expected]
    tp = 0
    for name in (prepare(n).folded for n in predicted):
        hit = next((w for w in want if w in name or name in w), None)
        if hit is not None:
            want.remove(hit)
            tp += 1
    return tp, len(predicted) - tp, len(want)


def load() -> list[dict[str, Any]]:
    """The labelled sentences, one dict per line."""
    return [json.loads(line) for line in LABELLED.read_text("utf-8").splitlines() if line.strip()]


def score(rows: list[dict[str, Any]]) -> tuple[dict[str, Score], list[str]]:
    """Per-field scores and one line per sentence/field that differs (for the failure message)."""
    scores = {f: Score() for f in FIELDS}
    misses = []
    for row in rows:
        got = extract_facts(row["text"]).to_dict()
        for f in FIELDS:
            want = row["expected"][f]
            if f == "companies":
                tp, fp, fn = _companies(want, got[f])
            else:
                tp, fp, fn = _exact(map(_KEYS[f], want), map(_KEYS[f], got[f]))
            s = scores[f]
            s.tp, s.fp, s.fn = s.tp + tp, s.fp + fp, s.fn + fn
            if fp or fn:
                misses.append(f"{row['id']} {f}: want {want} got {got[f]}")
    return scores, misses


def table(scores: dict[str, Score]) -> str:
    """A fixed-width precision/recall table."""
    lines = [f"{'field':<10} {'P':>6} {'R':>6} {'TP':>5} {'FP':>5} {'FN':>5}"]
    for f, s in scores.items():
        lines.append(f"{f:<10} {s.precision:6.3f} {s.recall:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}")
    return "\n".join(lines)
