"""Precision and recall of the same-story decision on 164 real, hand-labelled article pairs."""

from __future__ import annotations

from typing import Any

from search.stories.grouping import sign, similarity
from tests.stories.conftest import as_article

PRECISION_FLOOR, RECALL_FLOOR = 0.94, 0.85  # measured 0.950 / 0.864 when the rule was chosen


def _said_same(pair: dict[str, Any]) -> bool:
    a, b = sign(as_article(pair["a"], "a")), sign(as_article(pair["b"], "b"))
    return similarity(a, b) is not None


def _subset(pair: dict[str, Any]) -> str:
    if pair["a"]["language"] != pair["b"]["language"]:
        return "cross-language"
    return "Baomoi clusters" if pair["id"].startswith("mds") else "Hai Phong pages"


def _table(rows: list[tuple[str, bool, bool]]) -> tuple[float, float]:
    print(f"\n{'subset':16} {'pairs':>5} {'TP':>3} {'FP':>3} {'FN':>3} {'TN':>3}  P      R")
    totals = (0.0, 0.0)
    for name in [*sorted({r[0] for r in rows}), "all"]:
        picked = [r for r in rows if name in ("all", r[0])]
        tp = sum(s and y for _, s, y in picked)
        fp = sum(s and not y for _, s, y in picked)
        fn = sum(not s and y for _, s, y in picked)
        tn = len(picked) - tp - fp - fn
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(
            f"{name:16} {len(picked):5} {tp:3} {fp:3} {fn:3} {tn:3}  {precision:.3f}  {recall:.3f}"
        )
        totals = (precision, recall)
    return totals


def test_pairs_are_real_and_balanced(pairs: list[dict[str, Any]]) -> None:
    same = sum(p["same_story"] for p in pairs)
    assert len(pairs) >= 100
    assert same >= 50 and len(pairs) - same >= 50
    assert all(p["a"]["url"] != p["b"]["url"] and p["origin"] and p["licence"] for p in pairs)


def test_same_story_precision_and_recall(pairs: list[dict[str, Any]]) -> None:
    rows = [(_subset(p), _said_same(p), p["same_story"]) for p in pairs]
    precision, recall = _table(rows)
    for pair, (_, said, truth) in zip(pairs, rows, strict=True):
        if said != truth:
            print(f"missed {pair['id']} (labelled {truth}): {pair['why']}")
    assert precision >= PRECISION_FLOOR
    assert recall >= RECALL_FLOOR
