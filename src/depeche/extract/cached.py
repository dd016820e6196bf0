"""Values of a document computed once and kept on it.

spaCy computes `Doc.text` (a join of every token) and `Token.sent` (a walk
over the sentences) afresh on every call; the extractors ask for them
thousands of times per article.
"""
from __future__ import annotations

from spacy.attrs import HEAD, LOWER, ORTH
from spacy.tokens import Doc, Token

from ..text import apostrophes

_KEY = "depeche_sentence_bounds"
_TEXT = "depeche_text"
_WORDS = "depeche_words"
_LOWERS = "depeche_lowers"
_HEADS = "depeche_heads"
_LOWERCASE = "depeche_lowercase_words"


def text(doc: Doc) -> str:
    value = doc.user_data.get(_TEXT)
    if value is None:
        value = doc.user_data[_TEXT] = doc.text
    return value


def know_text(doc: Doc, source: str) -> None:
    """Record the text the document was made from (spaCy keeps it exactly),
    sparing the join of every token."""
    if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(source):
        doc.user_data[_TEXT] = source


def words(doc: Doc) -> list[str]:
    """Every token's text, without making a Token object per token."""
    value = doc.user_data.get(_WORDS)
    if value is None:
        strings = doc.vocab.strings
        value = doc.user_data[_WORDS] = [strings[h] for h in doc.to_array(ORTH).tolist()]
    return value


def lowers(doc: Doc) -> list[str]:
    """Every token's lowercase text, apostrophes folded to '."""
    value = doc.user_data.get(_LOWERS)
    if value is None:
        strings = doc.vocab.strings
        value = doc.user_data[_LOWERS] = [
            apostrophes(w) for w in (strings[h] for h in doc.to_array(LOWER).tolist())]
    return value


def lowercase_words(doc: Doc) -> frozenset[str]:
    """The words the document writes in lowercase somewhere."""
    value = doc.user_data.get(_LOWERCASE)
    if value is None:
        value = doc.user_data[_LOWERCASE] = frozenset(w for w in words(doc) if w.islower())
    return value


def heads(doc: Doc) -> list[int]:
    """Every token's head, as a token index."""
    value = doc.user_data.get(_HEADS)
    if value is None:
        value = doc.user_data[_HEADS] = [i + d for i, d in enumerate(doc.to_array(HEAD).view("int64").tolist())]
    return value


def bounds(tok: Token) -> tuple[int, int]:
    """(first token index, index past the last) of the sentence holding `tok`."""
    doc = tok.doc
    table = doc.user_data.get(_KEY)
    if table is None:
        table = _table(doc)
        doc.user_data[_KEY] = table
    return table[tok.i]


def start(tok: Token) -> int:
    return bounds(tok)[0]


def end(tok: Token) -> int:
    return bounds(tok)[1]


def _table(doc: Doc) -> list[tuple[int, int]]:
    table: list[tuple[int, int]] = [(0, 0)] * len(doc)
    for sent in doc.sents:
        b = (sent.start, sent.end)
        for i in range(sent.start, sent.end):
            table[i] = b
    return table


def where(doc: Doc, attrs: list, wanted: list[set]) -> list[int]:
    """Indices of the tokens whose value for some attrs[k] is in wanted[k]
    (hash values): a scan over one array per attribute, read once per
    document, no Token objects made. Faster than numpy.isin for the few
    dozen values a lexicon looks for."""
    found: set[int] = set()
    for attr, w in zip(attrs, wanted):
        found.update(i for i, v in enumerate(column(doc, attr)) if v in w)
    return sorted(found)


def column(doc: Doc, attr: int) -> list[int]:
    """One attribute of every token (hash values), read once per document."""
    key = f"depeche_column_{attr}"
    value = doc.user_data.get(key)
    if value is None:
        value = doc.user_data[key] = doc.to_array([attr]).ravel().tolist() if len(doc) else []
    return value
