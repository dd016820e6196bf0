"""Folding names for comparison, shared by extraction and the store."""
from __future__ import annotations

import functools
import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Case- and accent-folded form, punctuation as single spaces:
    "Sud-Coréen" -> "sud coreen"."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub(" ", s).strip()
