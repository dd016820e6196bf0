"""The model's lemmatizer, remembered: the same lemmas at a fraction of the cost.

spaCy's rule lemmatizer keeps its word index as lists (28,000 to 66,000
words per part of speech in French) and tests membership in them for every
new word, half a millisecond each: on French news a fifth of the whole
pipeline. The index is turned into sets (the lemmatizer only ever asks
whether a word is in it, so its answers do not change), and, since a lemma
depends only on the word, its part of speech and its morphology, each such
triple is lemmatised once per process by the model's own lemmatizer and its
answer reused. Tokens the attribute ruler already gave a lemma keep it, as
the lemmatizer (overwrite=False) does.
"""
from __future__ import annotations

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

_COLUMNS = [ORTH, POS, MORPH, LEMMA]


class CachedLemmatizer:
    def __init__(self, lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array(_COLUMNS)
        lemmas = rows[:, 3].copy()
        missing = np.flatnonzero(lemmas == 0)
        if not len(missing):
            return doc
        cache, strings = self.cache, doc.vocab.strings
        for i in missing.tolist():
            key = (int(rows[i, 0]), int(rows[i, 1]), int(rows[i, 2]))
            lemma = cache.get(key)
            if lemma is None:
                lemma = cache[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


@Language.factory("depeche_lemmas")
def make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    lemmatizer = nlp.get_pipe("lemmatizer")
    _index_as_sets(lemmatizer)
    return CachedLemmatizer(lemmatizer)


def _index_as_sets(lemmatizer) -> None:
    if "lemma_index" not in lemmatizer.lookups.tables:
        return
    index = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(index.items()):
        if isinstance(words, list):
            index[key] = frozenset(words)


def install(nlp: Language) -> None:
    """Put the remembering lemmatizer in the place of the model's."""
    if "lemmatizer" not in nlp.pipe_names or nlp.get_pipe("lemmatizer").mode not in ("rule", "lookup"):
        return  # (a trained lemmatizer's answer may depend on more than the word)
    nlp.add_pipe("depeche_lemmas", before="lemmatizer")
    nlp.remove_pipe("lemmatizer")


def dictionary_lemma(nlp: Language, word: str) -> str | None:
    """The lemma the model's rule lemmatizer lists for `word` ("travaillons":
    "travailler", "journal": "journal"), or None when its tables do not know
    the word (or the lemmatizer is a trained one). Common words mostly: the
    tables also hold some place names, so a caller asks its gazetteers first."""
    name = "depeche_lemmas" if "depeche_lemmas" in nlp.pipe_names else "lemmatizer"
    pipe = nlp.get_pipe(name) if name in nlp.pipe_names else None
    lookups = getattr(getattr(pipe, "lemmatizer", pipe), "lookups", None)
    if lookups is None:
        return None
    if "lemma_lookup" in lookups.tables:
        lemma = lookups.get_table("lemma_lookup").get(word)
        if lemma:
            return lemma[0] if isinstance(lemma, list) else lemma
    if "lemma_index" in lookups.tables and any(word in listed for listed in lookups.get_table("lemma_index").values()):
        return word
    return None
