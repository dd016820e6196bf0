"""A statement in the making: what a frame or a quotation rule found, before
its speaker is resolved and its kind and stance are settled."""
from __future__ import annotations

from dataclasses import dataclass

from ..quotes import Quote
from ..speakers import Speaker


@dataclass
class Draft:
    frame: str  # the shape that found it ("que", "incise", "marker-initial", "continuation"...)
    anchor: int  # token index that orders drafts: the cue's head, or the quotation's first word
    start: int  # the content's characters
    end: int
    stance: str  # the cue's stance, before the content is read
    cue_text: str
    cue_span: tuple[int, int] | None = None
    speaker_tok: int | None = None  # the token heading the speaker phrase
    speaker_span: tuple[int, int] | None = None  # its token range, when the frame knows it better than the parse
    quote: Quote | None = None  # the quotation it claimed
    direct: bool = False  # the content is the claimed quotation's words
    speaker: Speaker | None = None  # resolved, or given by the rule that found it
    given: bool = False  # the speaker came with the draft (a continuation), not from its phrase
    follows: bool = False  # no subject: the speaker is the one just before ("Et d'ajouter : « ... »")
