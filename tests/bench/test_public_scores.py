"""The public-benchmark scorers reproduce their authors' figures; the fixtures are complete."""

from __future__ import annotations

import gzip
import json

import pytest

from bench.public_data import PUBLISHED_RUN, ROOT, pages, split
from bench.public_scores import ChunkScore, ShingleScore, same_authors, same_day, same_title


def test_shingle_score_reproduces_scrapinghubs_published_trafilatura_row() -> None:
    """README of scrapinghub/article-extraction-benchmark: trafilatura 2.0.0 scores
    F1 0.958, precision 0.938, recall 0.978, accuracy 0.293 with ``evaluate.py``."""
    truth = json.loads((ROOT / "scrapinghub" / "truth.json").read_text("utf-8"))
    run = json.loads(gzip.decompress((ROOT / "scrapinghub" / PUBLISHED_RUN).read_bytes()))
    assert run["version"] == "2.0.0" and run["output"].keys() == truth.keys()
    score = ShingleScore()
    for key, item in truth.items():
        score.add(item["articleBody"], run["output"][key].get("articleBody") or "")
    figures = {name: round(value, 3) for name, value in score.scores().items()}
    assert figures == {"f1": 0.958, "precision": 0.938, "recall": 0.978, "accuracy": 0.293}


def test_chunk_score_counts_like_trafilaturas_eval() -> None:
    # tests/evaldata.json of adbar/trafilatura, die-partei.net/luebeck: two "with", three "without".
    with_ = ["Die GEMA dreht völlig am Zeiger!", "http://www.openpetition.de"]
    without = ["31. Mai", "Impressum", "Steuerdarling"]
    score = ChunkScore()
    score.add(with_, without, "Die GEMA dreht\nvöllig am Zeiger! … Impressum")
    assert (score.tp, score.fn, score.fp, score.tn) == (1, 1, 1, 2)
    assert score.scores()["f1"] == pytest.approx(2 / (2 + 1 + 1))


def test_metadata_matches_ignore_case_punctuation_and_name_order() -> None:
    assert same_title("Ins neue Jahr", "Ins neue Jahr!")
    assert same_authors("Fiona Bornhöft und Mariam Hofbeck", "Mariam Hofbeck; Fiona Bornhöft")
    assert not same_authors("", "facebook.com")
    assert same_day("2019-01-01", "2019-01-01T08:00:00+01:00")


@pytest.mark.parametrize(
    ("name", "count"), [("scrapinghub", 181), ("trafilatura", 203), ("htmldate", 145)]
)
def test_each_benchmark_is_complete_and_split_in_two_halves(name: str, count: int) -> None:
    assert (ROOT / name / "MANIFEST.md").is_file()
    found = list(pages(name))
    assert len(found) == count and all(page.html for page in found)
    dev = sum(split(page.key) == "dev" for page in found)
    assert 0.35 * count < dev < 0.65 * count
