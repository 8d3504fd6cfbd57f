"""Precision and recall of the same-story decision on 160 real, hand-labelled article pairs."""

from __future__ import annotations

from typing import Any

from search.stories.grouping import sign, similarity
from tests.stories.conftest import as_article

PRECISION_FLOOR, RECALL_FLOOR = 0.94, 0.85  # measured 0.950 / 0.864 when the rule was chosen


def test_pairs_are_real_and_balanced(pairs: list[dict[str, Any]]) -> None:
    same = sum(p["same_story"] for p in pairs)
    assert len(pairs) >= 100
    assert same >= 50 and len(pairs) - same >= 50
    assert all(p["a"]["url"] != p["b"]["url"] and p["origin"] and p["licence"] for p in pairs)


def test_same_story_precision_and_recall(pairs: list[dict[str, Any]]) -> None:
    tp = fp = fn = tn = 0
    misses = []
    for pair in pairs:
        a = sign(as_article(pair["a"], "a"))
        b = sign(as_article(pair["b"], "b"))
        said = similarity(a, b) is not None
        tp += said and pair["same_story"]
        fp += said and not pair["same_story"]
        fn += not said and pair["same_story"]
        tn += not said and not pair["same_story"]
        if said != pair["same_story"]:
            misses.append(f"{pair['id']} labelled {pair['same_story']}: {pair['why']}")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"\n{'':14}said same  said different\nlabelled same {tp:9} {fn:15}")
    print(f"labelled diff {fp:9} {tn:15}\nprecision {precision:.3f}  recall {recall:.3f}")
    print("\n".join(misses))
    assert precision >= PRECISION_FLOOR
    assert recall >= RECALL_FLOOR
