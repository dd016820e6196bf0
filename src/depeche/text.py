"""The one place that folds text for comparison, shared by every stage.

Two strengths of folding, because comparisons need two:
- `fold`: names compared across spellings ("Sud-Coréen" = "sud coreen"):
  case, accents and punctuation go;
- `lower_key`: words compared as written but for case and the apostrophe
  ("D’après" = "d'après"): lexicon phrases matched against tokens, where an
  accent can tell two words apart ("a" and "à").
"""
from __future__ import annotations

import functools
import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+")
# Apostrophes news text uses for the one French/English apostrophe.
APOSTROPHES = "'’‘`´"
# Marks that open and close a quotation, in every style news uses (the pairs
# themselves are read in extract/quotes.py).
OPENING_QUOTES = frozenset('«"“‘„‹')
CLOSING_QUOTES = frozenset('»"”’›')
_APOSTROPHE_TABLE = str.maketrans({a: "'" for a in APOSTROPHES[1:]})


@functools.lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Case- and accent-folded form, punctuation as single spaces:
    "Sud-Coréen" -> "sud coreen"."""
    s = unicodedata.normalize("NFKD", s)
    marks = frozenset(c for c in set(s) if unicodedata.combining(c))
    if marks:
        s = _marks_pattern(marks).sub("", s)
    return _NON_WORD.sub(" ", s.lower()).strip()


@functools.lru_cache(maxsize=1024)
def _marks_pattern(marks: frozenset[str]) -> re.Pattern:
    """The combining marks met in a text, to delete: looked for among its
    distinct characters rather than along it (a long text holds a few kinds
    of them, often the same few)."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(marks)) + "]")


@functools.lru_cache(maxsize=65536)
def lower_key(s: str) -> str:
    """Lowercase, every apostrophe as ', runs of spaces as one:
    "D’après  X" -> "d'après x"."""
    return " ".join(s.lower().translate(_APOSTROPHE_TABLE).split())


# Lone surrogates: JSON may carry one ("\\ud800" is a valid escape) but it is
# no character: no UTF-8 encoder, tokenizer or database takes it.
SURROGATES = re.compile("[\ud800-\udfff]")


def without_surrogates(s: str) -> tuple[str, int]:
    """Lone surrogates replaced by U+FFFD, and how many there were."""
    return SURROGATES.subn("\ufffd", s)


@functools.lru_cache(maxsize=4096)
def pictographic(s: str) -> bool:
    """Emoji and the like: symbols, their joiners and modifiers, no letter or
    digit ("👍🏽", "🇫🇷", a lone zero-width joiner)."""
    return bool(s) and all(unicodedata.category(c) in ("So", "Sk", "Cf", "Mn", "Me") for c in s)


def apostrophes(s: str) -> str:
    """Every apostrophe as ' (case and spaces kept)."""
    return s.translate(_APOSTROPHE_TABLE)


@functools.cache
def _articles() -> frozenset[str]:
    from . import lexicon

    return frozenset(lexicon.shared("articles").get("words", []))


def without_article(folded: str) -> str:
    """A folded name without a leading article: "le pentagone" -> "pentagone"."""
    head, _, rest = folded.partition(" ")
    return rest if rest and head in _articles() else folded
