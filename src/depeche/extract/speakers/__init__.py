"""Who a speaker phrase refers to: a named entity, a pronoun's antecedent, or
a description ("le ministère américain de la Défense") kept as a source.

`Resolver` (resolver.py) reads phrases in document order through the sieves
of sieves.py, with what the article said of each entity (mentions.py) and
the phrase's own extent and names (phrase.py).
"""
from .resolver import Resolver
from .speaker import Speaker
from .words import SpeakerLexicon, lex_for

__all__ = ["Resolver", "Speaker", "SpeakerLexicon", "lex_for"]
