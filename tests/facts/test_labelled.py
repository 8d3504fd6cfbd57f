"""Quality of the facts extractor on real labelled sentences (see MANIFEST.md)."""

from __future__ import annotations

from tests.facts.scoring import load, score, table

# (precision, recall) floors per field; companies are reported with a modest floor only.
TARGETS = {
    "amounts": (0.95, 0.90),
    "areas": (0.95, 0.90),
    "zones": (0.95, 0.90),
    "events": (0.85, 0.85),
    "countries": (0.85, 0.85),
    "companies": (0.60, 0.60),
}


def test_the_set_is_large_real_and_labelled() -> None:
    rows = load()
    assert len(rows) >= 150
    assert all(r["origin"] and r["licence"] and r["text"].strip() for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)


def test_precision_and_recall_per_field_meet_the_targets() -> None:
    scores, misses = score(load())
    report = table(scores)
    print("\n" + report)
    failing = [
        f"{f}: P {scores[f].precision:.3f} < {p} or R {scores[f].recall:.3f} < {r}"
        for f, (p, r) in TARGETS.items()
        if scores[f].precision < p or scores[f].recall < r
    ]
    assert not failing, "\n".join([report, *failing, "", *misses])
