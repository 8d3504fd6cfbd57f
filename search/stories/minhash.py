"""The body MinHash of the story index: datasketch 2's ``affine32`` scheme, bit for bit.

Why not ``datasketch.MinHash`` itself: importing datasketch imports its LSH classes and with
them scipy, 60 MiB and about 1.4 s of CPU in every crawl that stores an article, for the
twenty lines below (issue 14: the crawl process was the bottleneck of a crawl's speed and the
largest part of its memory). The values are the ones datasketch computes (SHA-1's first four
bytes little-endian, the MurmurHash3 32-bit finalizer, then ``a * h + b`` mod 2³² with
datasketch's seeded odd ``a``), so signatures stored by earlier versions keep comparing;
``tests/stories/test_minhash.py`` checks that against datasketch on real text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

NUM_PERM = 64  # 64 permutations: Jaccard estimates within ~0.06, half the cost of 128
SEED = 1
_EMPTY = np.uint32(0xFFFFFFFF)
_Values = npt.NDArray[np.uint32]


def _permutations(num_perm: int, seed: int) -> tuple[_Values, _Values]:
    """datasketch's ``affine32`` parameters for ``seed``: odd multipliers, any offsets."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


_A, _B = _permutations(NUM_PERM, SEED)  # drawn once: most of the cost of a fresh signature


def _fmix32(hv: _Values) -> _Values:
    """MurmurHash3's finalizer: spreads the input hashes before the affine permutations."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


class MinHash:
    """A set's ``NUM_PERM`` minimum permuted hashes; equal shares of them estimate Jaccard."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: Iterable[int] | None = None) -> None:
        self.hashvalues: _Values = (
            np.full(NUM_PERM, _EMPTY, dtype=np.uint32)
            if hashvalues is None
            else np.array(list(hashvalues), dtype=np.uint32)
        )
        if len(self.hashvalues) != NUM_PERM:
            raise ValueError(f"{len(self.hashvalues)} hash values, not {NUM_PERM}")

    def update_batch(self, items: Iterable[bytes]) -> None:
        hashes = [int.from_bytes(hashlib.sha1(item).digest()[:4], "little") for item in items]
        if not hashes:
            return
        hv = _fmix32(np.array(hashes, dtype=np.uint32).reshape(-1, 1))
        permuted = hv * _A + _B  # uint32: the wraparound is the modulo 2³²
        self.hashvalues = np.minimum(self.hashvalues, permuted.min(axis=0))

    def jaccard(self, other: MinHash) -> float:
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / NUM_PERM
