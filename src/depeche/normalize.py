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


@functools.cache
def _articles() -> frozenset[str]:
    from . import lexicon

    return frozenset(lexicon.shared("articles").get("words", []))


def without_article(folded: str) -> str:
    """A folded name without a leading article: "le pentagone" -> "pentagone"."""
    head, _, rest = folded.partition(" ")
    return rest if rest and head in _articles() else folded
