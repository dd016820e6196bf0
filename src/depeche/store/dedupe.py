"""Near-duplicate articles (syndicated copies, one wire story on two sites).

MinHash signatures of word 5-shingles, indexed by LSH bands stored in the
`lsh` table, so that candidates are found by a join and only candidates are
compared. The MinHash itself is the textbook universal-hashing scheme in
numpy, a few lines: datasketch's per-object overhead (one Python object and
one call per shingle) was most of the ingest time. A copy is linked to its
group's original (`articles.dup_of`) and left out of comparisons across sources.

The rule (load.py, `_link_duplicates`), the same links whatever the input order
and batch size: pairs estimated at THRESHOLD or more join their articles in
one group (transitively); the group's original is the article published
first, undated ones last, ties broken by the smaller id; every other member
links to it, `dup_score` its estimated similarity to it.
"""
from __future__ import annotations

import functools
import hashlib
import re
import zlib

import numpy as np

PERMUTATIONS = 128
BANDS = 16  # 16 bands of 8 rows: pairs above ~0.7 Jaccard share a band
ROWS = PERMUTATIONS // BANDS
THRESHOLD = 0.8  # estimated Jaccard above which two texts are one story
SHINGLE = 5
_WORD = re.compile(r"\w+")
_SEED = 20121105
_WORD_HASHES: dict[str, int] = {}  # words recur across articles: hash each once


_SHIFT = np.uint64(32)


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(_SEED)
    a = rng.integers(0, 1 << 63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd
    b = rng.integers(0, 1 << 63, size=PERMUTATIONS, dtype=np.uint64)
    return a, b


def _shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the word 5-grams: each word hashed once (crc32, in C),
    the n-grams combined with numpy rather than hashed string by string."""
    cache = _WORD_HASHES
    if len(cache) > 500_000:
        cache.clear()
    toks = _WORD.findall(text.lower())
    # Only words never seen cost Python code; the rest are looked up by `map`, in C.
    for w in set(toks).difference(cache):
        cache[w] = zlib.crc32(w.encode())
    words = np.array(list(map(cache.__getitem__, toks)), dtype=np.uint64)
    if len(words) < SHINGLE:
        words = np.concatenate([words, np.zeros(SHINGLE - len(words), dtype=np.uint64)])
    h = np.zeros(len(words) - SHINGLE + 1, dtype=np.uint64)
    for k in range(SHINGLE):
        h = (h * np.uint64(1_000_003) + words[k:len(words) - SHINGLE + 1 + k]) & np.uint64(0xFFFFFFFF)
    return h


def signature(text: str) -> np.ndarray:
    """For each of the PERMUTATIONS hash functions h(x) = ((a·x + b) mod 2⁶⁴) >> 32
    (multiply-shift: universal, and no division), the least value over the
    text's shingles."""
    a, b = _permutations()
    h = np.multiply.outer(_shingle_hashes(text), a)
    with np.errstate(over="ignore"):
        h += b
    # The shift keeps order: taken after the minimum, it costs 128 values, not all.
    return h.min(axis=0) >> _SHIFT


def bands(sig: np.ndarray) -> list[int]:
    """One bucket key per band."""
    raw = np.ascontiguousarray(sig, dtype=np.uint64).tobytes()  # sliced as bytes: no numpy call per band
    size = ROWS * 8
    return [int.from_bytes(hashlib.blake2b(raw[b * size:(b + 1) * size], digest_size=8).digest(), "little")
            for b in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64)))
