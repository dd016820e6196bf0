"""The remembering lemmatizer gives the model's own lemmas (lemma_cache.py)."""
import pytest
import spacy
from spacy.tokens import Doc

from depeche import lemma_cache, nlp


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_cached_lemmas_equal_the_models_on_the_same_tokens(lang, seed_text):
    text = seed_text if lang == "fr" else (
        "Officials said on Tuesday that the flooding had forced thousands of residents from their homes, "
        "and that the rivers were still rising. \"We are doing everything we can,\" the governor told reporters.")
    shipped = spacy.load(nlp.model_name(lang))
    other = spacy.load(nlp.model_name(lang))
    lemma_cache._index_as_sets(other.get_pipe("lemmatizer"))
    cached = lemma_cache.CachedLemmatizer(other.get_pipe("lemmatizer"))
    before = shipped(text, disable=["lemmatizer"])  # the attribute ruler's lemmas only
    for _ in range(2):  # the second time every lemma comes from the cache
        want = shipped.get_pipe("lemmatizer")(Doc(shipped.vocab).from_bytes(before.to_bytes()))
        got = cached(Doc(shipped.vocab).from_bytes(before.to_bytes()))
        assert [t.lemma_ for t in got] == [t.lemma_ for t in want]
    assert cached.cache


def test_the_pipeline_lemmatises_with_the_cache_and_a_word_index_of_sets():
    fr = nlp.get("fr")
    assert "depeche_lemmas" in fr.pipe_names and "lemmatizer" not in fr.pipe_names
    index = fr.get_pipe("depeche_lemmas").lemmatizer.lookups.get_table("lemma_index")
    assert all(isinstance(words, frozenset) for words in index.values())
    assert [t.lemma_ for t in fr("Les soldats ont été déployés.")][:4] == ["le", "soldat", "avoir", "être"]


def test_the_models_dictionary_knows_inflected_words_and_not_surnames():
    assert nlp.dictionary_lemma("fr", "travaillons") == "travailler"
    assert nlp.dictionary_lemma("fr", "journal") == "journal"
    assert nlp.dictionary_lemma("fr", "sarkozy") is None
    assert nlp.dictionary_lemma("en", "prepare") == "prepare"
    assert nlp.dictionary_lemma("en", "obama") is None
