"""What the extractors of one article share, made once and passed explicitly.

The pipeline parses an article, finds its entities, then builds one
`DocContext`: the text, its quotations (and which a statement has claimed),
the mention index of speaker resolution and the resolver itself, which
remembers who was spoken of so far. Attribution and events both read it, so
an event's actor is resolved with what attribution learned ("il" after a
statement goes to its speaker), without state hidden on the spaCy document.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from . import cached
from .entities import EntityIndex
from .quotes import QuoteIndex
from .speakers import Resolver


@dataclass
class DocContext:
    doc: Doc
    text: str
    lang: str
    lex: dict
    ents: EntityIndex
    quotes: QuoteIndex
    resolver: Resolver


def build(doc: Doc, lex: dict, lang: str, ents: EntityIndex) -> DocContext:
    text = cached.text(doc)
    quotes = QuoteIndex.of(text)
    return DocContext(doc=doc, text=text, lang=lang, lex=lex, ents=ents, quotes=quotes,
                      resolver=Resolver(doc, ents, lex, quotes.inside))
