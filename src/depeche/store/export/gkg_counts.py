"""GKG counts: the amounts that count people or things that a GDELT count
type names (KILL, WOUND, ARREST...), read through the language's
lexicons/<lang>/gkg_counts.toml.

An amount is a count when it is a whole number of at least one, not vague,
and its counted noun ("158 morts") or a word within the lexicon's window after
it ("12 soldats ont été tués") is one of a type's words; the word that comes
first decides. Every other amount (percentages, money, "12 000 soldats
envoyés") stays out of the counts: it is in V2.1AMOUNTS, which is for all of
them.
"""
from __future__ import annotations

import re

from ... import lexicon
from ...text import fold

# Where the words read after an amount stop: the end of its clause.
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]«»\"“”\n]")


def _words(lex: dict) -> dict[str, list[str]]:
    """count type -> its words, folded, each between spaces."""
    return {t: [f" {fold(w)} " for w in words if fold(w)] for t, words in lex["types"].items()}


def _rules(lang: str | None):
    if not lang or not lexicon.available(lang):
        return None
    lex = lexicon.load(lang).get("gkg_counts")
    if lex is None:
        return None
    return lexicon.derived(lex, "gkg_counts.words", _words), lex["window"]


def count_type(lang: str | None, unit: str | None, text: str, end: int | None) -> str | None:
    """The GDELT count type of an amount whose counted noun is `unit` and
    whose span ends at `end` in `text`; None when it is no count."""
    rules = _rules(lang)
    if rules is None:
        return None
    words, window = rules
    after = ""
    if end is not None and text:
        tail = text[end:end + 200]
        stop = _CLAUSE_END.search(tail)
        after = " ".join(fold(tail[:stop.start()] if stop else tail).split()[:window])
    seq = f" {fold(unit or '')} {after} "
    best, where = None, len(seq)
    for ctype, forms in words.items():
        for w in forms:
            i = seq.find(w)
            if 0 <= i < where:
                best, where = ctype, i
    return best


def whole(value) -> int | None:
    """The amount as a count: a whole number of at least one, else None."""
    if value is None or isinstance(value, bool):
        return None
    v = float(value)
    return int(v) if v.is_integer() and v >= 1 else None
