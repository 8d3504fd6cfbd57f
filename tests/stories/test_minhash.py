"""Our MinHash is datasketch's ``affine32`` MinHash: the same values on real text, so story
indexes written before it keep matching (``search/stories/minhash.py`` says why it exists)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from datasketch import MinHash as Reference

from search.stories.minhash import NUM_PERM, SEED, MinHash
from search.stories.signature import minhash, shingles, stored_minhash, strip_boilerplate, words

PAIRS = [json.loads(line) for line in (Path(__file__).parent / "pairs.jsonl").open()][:40]


def _items(text: str) -> list[str]:
    return sorted(shingles(words(strip_boilerplate(text))))


def _reference(items: list[str]) -> Reference:
    reference = Reference(num_perm=NUM_PERM, seed=SEED, scheme="affine32")
    reference.update_batch([item.encode("utf-8") for item in items])
    return reference


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p["a"]["source"])
def test_same_values_and_estimate_as_datasketch(pair: dict) -> None:
    a, b = _items(pair["a"]["text"]), _items(pair["b"]["text"])
    assert a and b, "real articles have shingles"
    ours_a, ours_b = minhash(a), minhash(b)
    ref_a, ref_b = _reference(a), _reference(b)
    assert ours_a.hashvalues.tolist() == ref_a.hashvalues.tolist()
    assert ours_b.hashvalues.tolist() == ref_b.hashvalues.tolist()
    assert ours_a.jaccard(ours_b) == ref_a.jaccard(ref_b)


def test_stored_values_round_trip_and_bad_length_is_refused() -> None:
    signature = minhash(_items(PAIRS[0]["a"]["text"]))
    assert stored_minhash(signature.hashvalues.tolist()).jaccard(signature) == 1.0
    with pytest.raises(ValueError, match="hash values"):
        MinHash([1, 2, 3])


def test_empty_set_is_datasketch_empty() -> None:
    assert (
        minhash([]).hashvalues.tolist()
        == Reference(num_perm=NUM_PERM, seed=SEED, scheme="affine32").hashvalues.tolist()
    )
