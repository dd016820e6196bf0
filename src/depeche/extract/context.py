"""What the extractors of one article share, made once and passed explicitly.

The pipeline parses an article, finds its entities, then builds one
`DocContext`: the text, its quotations (and which a statement has claimed),
the mention index of speaker resolution and the resolver itself, which
remembers who was spoken of so far. Attribution and events both read it, so
an event's actor is resolved with what attribution learned ("il" after a
statement goes to its speaker), without state hidden on the spaCy document.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field

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
    # Where a leading dateline ("Séoul (AFP) —") ends: no one said it.
    dateline_end: int = 0
    # Entities that spoke as "je" / "I": one person each, whatever the NER typed.
    first_person_speakers: set[str] = field(default_factory=set)
    # What went wrong inside one rule, kept with the record rather than losing
    # the article: "attribution: IndexError(...) at frames.py:212 (cue at 1043)".
    warnings: list[str] = field(default_factory=list)

    def warn(self, stage: str, exc: Exception, where: str = "") -> None:
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        place = f" at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
        self.warnings.append(f"{stage}: {exc!r}{place}{f' ({where})' if where else ''}")


def build(doc: Doc, lex: dict, lang: str, ents: EntityIndex, dateline: str | None = None) -> DocContext:
    text = cached.text(doc)
    quotes = QuoteIndex.of(text)
    return DocContext(doc=doc, text=text, lang=lang, lex=lex, ents=ents, quotes=quotes,
                      resolver=Resolver(doc, ents, lex, quotes.inside), dateline_end=_dateline_end(text, dateline))


def _dateline_end(text: str, dateline: str | None) -> int:
    """Where the dateline the cleaner read ends, with the spaces after it (0: none)."""
    at = text.find(dateline) if dateline else -1
    if at < 0 or text[:at].strip():
        return 0
    end = at + len(dateline)
    return end + len(text[end:]) - len(text[end:].lstrip())
