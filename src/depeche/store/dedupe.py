"""Near-duplicate articles (syndicated copies, one wire story on two sites).

MinHash signatures of word 5-shingles (datasketch), indexed by LSH bands
stored in the `lsh` table, so that candidates are found by a join and only
candidates are compared. A copy is linked to the earlier article
(`articles.dup_of`) and left out of comparisons across sources.
"""
from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

PERMUTATIONS = 128
BANDS = 16  # 16 bands of 8 rows: pairs above ~0.7 Jaccard share a band
ROWS = PERMUTATIONS // BANDS
THRESHOLD = 0.8  # estimated Jaccard above which two texts are one story
SHINGLE = 5
_WORD = re.compile(r"\w+")
_SEED = 20121105


def signature(text: str) -> np.ndarray:
    words = _WORD.findall(text.lower())
    grams = [" ".join(words[i:i + SHINGLE]).encode() for i in range(max(1, len(words) - SHINGLE + 1))]
    m = MinHash(num_perm=PERMUTATIONS, seed=_SEED)
    m.update_batch(grams)
    return m.hashvalues.astype(np.uint64)


def bands(sig: np.ndarray) -> list[int]:
    """One bucket key per band."""
    out = []
    for b in range(BANDS):
        chunk = sig[b * ROWS:(b + 1) * ROWS].tobytes()
        out.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little"))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64)))
