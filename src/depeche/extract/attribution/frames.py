"""The shapes reported speech takes around a cue, tried in a declared order.

Each frame is a function of the cue's `Site` that returns what it found (the
content's characters, the quotation it took, the speaker's token where the
shape decides it) or None. The lexicon says which shapes a verb allows
(`frames` in cues.toml: que, quote, inf, a, obj, any); the first frame of
`VERB_FRAMES` that fits wins. Markers ("selon X", "according to X") have
frames of their own. Examples of each shape are in the frame's docstring and
in tests/data/attribution/.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spacy.tokens import Doc, Token

from .. import cached
from ...text import lower_key
from ..quotes import MARKS, Quote, QuoteIndex
from ..speakers import SpeakerLexicon
from ..entities import EntityIndex
from . import cues, spans, stance, subjects
from .cues import Cue, CueLexicon, incise_position, lemmas
from .draft import Draft

_COMPLEMENTS = {"obj", "xcomp", "obl:arg", "ccomp", "iobj"}
_AUX_DEPS = ("aux:tense", "aux:pass", "aux")
# Words that may stand between a cue and its "que" ("a affirmé en quittant la
# réunion que", "juge, pour sa part, que", "told The Boston Globe that"): no
# finite verb, no quotation, no clause end.
_GAP_POS = {"ADV", "ADP", "DET", "NOUN", "PROPN", "PRON", "ADJ", "NUM", "PUNCT", "CCONJ", "X", "SPACE"}
_GAP_MAX = 16


@dataclass
class Site:
    """A cue where it stands: the document and what the frames read."""
    doc: Doc
    text: str
    cue: Cue
    L: CueLexicon
    SL: SpeakerLexicon
    ents: EntityIndex
    quotes: QuoteIndex

    @property
    def v(self) -> Token:
        return self.doc[self.cue.head]


@dataclass
class Found:
    start: int
    end: int
    quote: Quote | None = None
    speaker: int | None = None  # the speaker's token, when the shape decides it
    speaker_span: tuple[int, int] | None = None
    inverted: bool = False  # the speaker is read after the cue (no subject before it counts)
    rest: tuple[int, int] | None = None  # the quotation's words after an incise inside it, a statement of their own


Frame = Callable[[Site], "Found | None"]


# --- verb frames ----------------------------------------------------------------

def what_was_said(s: Site) -> Found | None:
    """ "La réforme sera votée. C'est ce qu'a affirmé X.", "..., c'est ce
    qu'estime X": the sentence or clause before is the content, summed up
    by a relative ("ce que") after an opener ("c'est", "voilà")."""
    doc, v, L = s.doc, s.v, s.L
    openers, relatives = L.words.get("summary_openers", ()), L.words.get("summary_relatives", ())
    if not openers or not relatives:
        return None
    first = cached.start(v)
    words = cached.words(doc)
    starts = [first] + [i + 1 for i in range(first, v.i) if words[i] == ","]
    # (an opener and a relative are a few words: the lead's first ones tell)
    leads = ((k, lower_key(s.text[doc[k].idx:min(v.idx, doc[k].idx + 60)])) for k in starts if k < v.i)
    # (after a comma the relative alone sums up the clause before: "…, ce qu'a
    # confirmé le ministère", "…, ce que dément Kigali")
    lead_start = next((k for k, lead in leads if any(_summed_up(lead, o, r) for o in openers for r in relatives)
                       or k > first and any(lead.startswith(r) for r in relatives)), None)
    if lead_start is None:
        return None
    comma = lead_start - 1 if lead_start > first else None
    if any("Fin" in t.morph.get("VerbForm") and t.pos_ == "VERB" for t in doc[lead_start:v.i]):
        return None  # "c'est ce que le gouvernement veut dire": the report is another verb's
    # Where the subject may start: past the relative's words ("ce que", "une
    # accusation que", "a claim"), or past an opener and its relative
    after = _past_relative(doc, lead_start, v.i, lower_key(s.text[doc[lead_start].idx:v.idx]), relatives) \
        if comma is not None else lead_start + 2
    subj = next((c for c in v.children if c.dep_ in subjects.SUBJECT_DEPS and c.i >= after
                 and not (c.pos_ == "PRON" and not s.SL.is_pronoun(c))), None) \
        or subjects.inverted_subject(v, s.cue.end) \
        or next((t for t in doc[after:v.i] if t.pos_ in ("NOUN", "PROPN")), None)  # (a verb mis-tagged: no parse)
    if subj is None:
        return None
    # A subject between the relative and the verb is read there only ("ce
    # que l'armée dément": the parse may hang the verb on it)
    speaker_span = (after, v.i) if after <= subj.i < v.i else None
    if comma is not None:
        if comma <= first:
            return None
        return Found(*spans.chars(doc, first, comma - 1), speaker=subj.i, inverted=True, speaker_span=speaker_span)
    before = spans.sentence_before(doc, first, s.quotes)
    if before is None:
        return None
    span, q = before
    return Found(span[0], span[1], quote=q, speaker=subj.i, inverted=True)


def _past_relative(doc: Doc, start: int, end: int, lead: str, relatives) -> int:
    """The first token after the summing relative that opens the lead at
    `start` (the longest of the lexicon's that it starts with)."""
    r = max((r for r in relatives if lead.startswith(r)), key=len, default="")
    stop = doc[start].idx + len(r)
    k = start
    while k < end and doc[k].idx < stop:
        k += 1
    return k


def _summed_up(lead: str, opener: str, relative: str) -> bool:
    """ "c'est ce qu'a", "voilà ce que", "that is what the minister": the
    opener, then the relative."""
    if not lead.startswith(opener):
        return False
    return lead[len(opener):].strip().startswith(relative)


def comme(s: Site) -> Found | None:
    """ "Comme l'a rappelé X : « ... »", "comme le souligne X, « ... »",
    "Comme l'a expliqué X, les routes resteront fermées", "..., comme l'a dit
    X.": the speaker follows the cue; the content is the quotation or clause
    after the incise, or the clause before it."""
    doc, v = s.doc, s.v
    j = v.i - 1
    while j >= max(0, v.i - 4) and (doc[j].pos_ in ("AUX", "PRON", "ADV") or doc[j].dep_ in _AUX_DEPS) \
            and not s.L.has("comparative", doc[j].lower_):
        j -= 1
    if j < 0 or not s.L.has("comparative", doc[j].lower_):
        return None
    if not subjects.own_finite(v):
        return None  # "quoted as calling it ...": a gerund after "as" reports no one's words
    subj = subjects.inverted_subject(v, s.cue.end)
    if subj is None:
        return None
    q = _quote_after(s, _phrase_end(doc, subj, cached.end(v)) + 1)
    if q is not None:
        return Found(q.start, q.end, quote=q, speaker=subj.i, inverted=True)
    if spans.clause_initial(doc, j):
        # The content starts after the comma closing the incise.
        k = _phrase_end(doc, subj, cached.end(v)) + 1
        while k < cached.end(v) and doc[k].text in (",", ":"):
            k += 1
        last = spans.sentence_last(doc, v.i)
        if k > last:
            return None
        return Found(*spans.chars(doc, k, last), speaker=subj.i, inverted=True)
    first = spans.clause_start(doc, j)
    if first >= j - 1:
        return None
    return Found(*spans.chars(doc, first, j - 1), speaker=subj.i, inverted=True)


def que_clause(s: Site) -> Found | None:
    """ "X a déclaré que ...", "X a affirmé en quittant la réunion que ...",
    "X juge, pour sa part, que ...", "said (that) ...", "que « ... »" (the
    quotation is the content), "ajoute que : « ... »"."""
    doc, v, L = s.doc, s.v, s.L
    heads = [v] + [doc[j] for j in range(v.i + 1, min(v.i + 3, len(doc)))
                   if doc[j].head.i == v.i and doc[j].pos_ == "VERB" and doc[j].dep_ != "advcl"
                   and not any(t.is_punct for t in doc[v.i + 1:j])]  # "a fait savoir que", not "said, adding that"
    # (nor "said when asked what he would say": a clause of its own)
    clause = next((c for h in heads if (c := _parsed_que_clause(h, L)) is not None
                   and not s.quotes.inside(doc[c.left_edge.i].idx)), None)  # (a "that" quoted is the quote's)
    span = spans.subtree(doc, clause, L) if clause is not None \
        else _fragmented_bare_clause(v, L) or _clause_with_stray_subject(v, L)
    if span is None or not _is_clause(doc, span):
        # No parsed clause, or one the parse cut short ("que des centaines de
        # personnes accusées de soutenir X sont torturées": "que" hung on
        # "soutenir"): the clause read after the "que".
        que = _que_after(s)
        after = _clause_after(doc, que) if que is not None else None
        if after is not None and not _is_clause(doc, after):
            after = _clause_after(doc, que, to_sentence_end=True)
        if after is None and span is None:
            return None
        span = after or span
    span = _through_its_quotation(s, _before_the_main_verb(s, _before_next_report(s, span)))
    q = spans.leading_quote(span, s.quotes) or _colon_quote(s, span)
    if q is not None and not s.quotes.is_claimed(q):
        return Found(q.start, q.end, quote=q)
    if not _is_clause(doc, span):
        return None  # "ne prévoit plus qu'une croissance de 0,3 %": a restriction, not a report
    return Found(*span)


def _through_its_quotation(s: Site, span: tuple[int, int]) -> tuple[int, int]:
    """ "que la réforme « n'est pas l'apocalypse annoncée, […] il s'agit
    d'une confiance réaffirmée »": a quotation the clause opens runs to its
    closing mark, wherever the parse hung its last words."""
    q = s.quotes.at(span[1] - 1)
    if q is None or not span[0] <= q.open < span[1] - 1 or q.paragraphs > 1 or q.close <= span[1]:
        return span
    return span[0], q.close


def _before_next_report(s: Site, span: tuple[int, int]) -> tuple[int, int]:
    """ "précise que ..., ajoutant que ...": the content stops before a comma
    that opens another report of the same speaker."""
    words = s.doc.char_span(*span, alignment_mode="expand")
    if words is None:
        return span
    doc = s.doc
    for t in words[1:]:
        if not any(lm in s.L.verbs for lm in lemmas(t, s.L)) and not _opens_cue_phrase(t, s.L):
            continue
        k = t.i - 1  # back over "tout en", "également", the auxiliary of "et a mis en garde"
        while k > words.start and (s.L.has("gerund_markers", doc[k].lower_) or doc[k].pos_ in ("ADV", "AUX")):
            k -= 1
        participle = "Part" in t.morph.get("VerbForm") and "Pres" in t.morph.get("Tense")
        # "suggère que ... et assure que ...": a second finite report with the
        # same, unrepeated subject
        # (finite itself, or by a tense auxiliary: "et a mis en garde"; not a
        # modal's, which goes on with the content: "it would attack ... and would respond")
        finite = "Fin" in t.morph.get("VerbForm") or any(c.dep_ == "aux:tense" for c in t.children) \
            or subjects.shares_auxiliary(t, s.v)
        second = doc[k].pos_ == "CCONJ" and finite and not any(c.dep_ in subjects.SUBJECT_DEPS for c in t.children)
        # "..., a-t-on appris de source diplomatique": an incise with its own
        # inverted clitic reports the whole clause before it
        j = k
        while j > words.start and doc[j].pos_ == "PRON" and doc[j].text.startswith("-"):
            j -= 1
        while j > words.start and doc[j].pos_ == "AUX":
            j -= 1
        incise = j < k and doc[j].text == "," and subjects.clitic_subject(t) is not None
        if k > words.start and (doc[k].text == "," and participle or second) or incise:
            return spans.trim(s.text, span[0], doc[j if incise else k].idx)
    return span


def _before_the_main_verb(s: Site, span: tuple[int, int]) -> tuple[int, int]:
    """ "Le ministère, qui précise que les écoles resteront fermées, a appelé
    au calme": a report in a relative clause set off by commas ends where the
    sentence's own verb resumes after a comma (a finite verb, or its
    auxiliary, with no subject of its own)."""
    v = s.v
    if not any(c.dep_ in subjects.SUBJECT_DEPS and c.morph.get("PronType") == ["Rel"] for c in v.children) \
            or v.i < 2 or s.doc[v.i - 2].text != ",":
        return span
    words = s.doc.char_span(*span, alignment_mode="expand")
    if words is None:
        return span
    for t in words[1:-1]:
        nxt = s.doc[t.i + 1]
        if t.text == "," and nxt.pos_ in ("AUX", "VERB") and "Fin" in nxt.morph.get("VerbForm") \
                and not s.quotes.inside(t.idx) \
                and not any(c.dep_ in subjects.SUBJECT_DEPS for c in (nxt.head if nxt.pos_ == "AUX" else nxt).children):
            return spans.trim(s.text, span[0], t.idx)
    return span


def _opens_cue_phrase(t: Token, L: CueLexicon) -> bool:
    """The verb of a cue of several words, the rest following it ("called on
    the government", "a mis en garde")."""
    doc = t.doc
    for words in L.phrases:
        if t.lemma_.lower() in words[0].split("|") and t.i + len(words) <= len(doc) and all(
                doc[t.i + k].lower_ in w.split("|") for k, w in enumerate(words[1:], 1)):
            return True
    return False


def _is_clause(doc: Doc, span: tuple[int, int]) -> bool:
    """A verb with its subject, or a finite verb: a clause, not a bare noun
    phrase. A noun with a subject is one too: a copula's ("que la situation
    est une catastrophe") or a verb the tagger took for a noun ("que les
    cheminots ne lâcheraient rien")."""
    words = doc.char_span(*span, alignment_mode="expand")
    return words is not None and any(
        t.pos_ in ("VERB", "AUX", "ADJ", "NOUN") and any(c.dep_ in ("nsubj", "nsubj:pass", "expl:subj") for c in t.children)
        or t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm")
        for t in words)


def _fragmented_bare_clause(v: Token, L: CueLexicon) -> tuple[int, int] | None:
    """ "said the term ultra-processed was \"unhelpful\"": a bare clause the
    parse cut into several complements of the cue, its subject in the first
    and its verb in another; read from the first to the last."""
    if not L.bare_complement:
        return None
    parts = [c for c in v.children if c.i > v.i and c.dep_ == "ccomp"]
    if len(parts) < 2 or parts[0].left_edge.i - v.i > 2 \
            or not any(c.pos_ in ("VERB", "AUX") for c in parts) \
            or not any(g.dep_.startswith("nsubj") for c in parts for g in c.children):
        return None
    return spans.chars(v.doc, parts[0].left_edge.i, max(c.right_edge.i for c in parts))


def _clause_with_stray_subject(v: Token, L: CueLexicon) -> tuple[int, int] | None:
    """ "told detectives another man was responsible": a bare clause whose
    subject the parse hung on the one spoken to, as a second object; the
    clause runs from that noun phrase, right before its verb, past the
    addressee."""
    if not L.bare_complement:
        return None
    doc = v.doc
    for c in v.children:
        if c.i <= v.i or c.dep_ != "ccomp" or c.pos_ not in ("VERB", "AUX") \
                or any(g.dep_.startswith(("nsubj", "expl")) for g in c.children) or c.left_edge.i < c.i - 1:
            continue
        noun = doc[c.left_edge.i - 1]
        while noun.dep_ in ("compound", "amod", "nummod") and noun.head.i > noun.i:
            noun = noun.head
        addressee = [t for t in doc[v.i + 1:noun.left_edge.i] if t.dep_ in ("iobj", "dative", "obj", "dobj")
                     and t.pos_ in ("NOUN", "PROPN", "PRON")]
        if noun.pos_ in ("NOUN", "PROPN") and noun.dep_ in ("obj", "dobj", "iobj") and addressee \
                and noun.left_edge.i > v.i + 1:
            return spans.chars(doc, noun.left_edge.i, c.right_edge.i)
    return None


def _parsed_que_clause(v: Token, L: CueLexicon) -> Token | None:
    for c in v.children:
        if c.i <= v.i:
            continue
        first = c.doc[c.left_edge.i]
        if c.dep_ in ("ccomp", "obj", "xcomp", "advcl", "acl", "obl:arg", "dep") \
                and L.has("complementizers", first.lower_) and first.i - v.i <= _GAP_MAX:
            return c
        if c.dep_ == "ccomp" and any(g.dep_ == "mark" and L.has("complementizers", g.lower_) for g in c.children):
            return c
        if L.bare_complement and c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") \
                and any(g.dep_ in ("nsubj", "nsubj:pass", "expl") for g in c.children):
            return c  # "said it will buy": a finite clause with its own subject
    return _clause_read_as_relative(v, L)


def _clause_read_as_relative(v: Token, L: CueLexicon) -> Token | None:
    """ "told detectives he picked up the wallet": a bare clause the parse
    read as a relative of the one spoken to; but its verb has an object of
    its own, so no word is missing from it that the noun could stand for."""
    if not L.bare_complement:
        return None
    for o in v.children:
        if o.i <= v.i or o.dep_ not in ("obj", "dobj", "iobj", "dative") or o.pos_ not in ("NOUN", "PROPN"):
            continue
        for c in o.children:
            subj = next((g for g in c.children if g.dep_.startswith("nsubj")), None)
            if c.dep_ in ("acl:relcl", "relcl") and subj is not None and subj.left_edge.i == o.i + 1 \
                    and not subj.morph.get("PronType") == ["Rel"] \
                    and any(g.dep_ in ("obj", "dobj", "ccomp", "xcomp", "attr", "acomp") for g in c.children):
                return c
    return None


def _conjunction_with(que: Token) -> bool:
    """ "avant que", "pour que", "sans que": a word before the complementizer
    that the parse marks as part of the same subordinator."""
    prev = que.doc[que.i - 1] if que.i > 0 else None
    return prev is not None and prev.is_alpha and prev.dep_ in ("mark", "fixed") and prev.head.i in (que.i, que.head.i)


def _que_after(s: Site) -> Token | None:
    """The complementizer after the cue, read linearly when the parse hangs
    the clause elsewhere: only a short run of adverbs, prepositional phrases,
    an incise between commas or a gerund ("en quittant la réunion") between."""
    doc, v, L = s.doc, s.v, s.L
    end = min(cached.end(v), v.i + _GAP_MAX)
    for j in range(max(subjects.cue_end(v), s.cue.end), end):
        t = doc[j]
        if L.has("complementizers", t.lower_):
            if (t.dep_ == "fixed" or t.head.dep_ == "fixed") and t.head.i != v.i and t.head.pos_ not in ("VERB", "AUX") \
                    or _conjunction_with(t):
                return None  # "tandis que", "alors que", "avant que": a conjunction, not the cue's clause
            # (a subordinator the parse made the cue's object is still one, the clause
            # hung on the cue after it: "stressed that with ..., 36 countries were waiting")
            object_then_clause = t.pos_ == "SCONJ" and t.dep_ == "obj" and t.head.i == v.i \
                and any(c.dep_ == "ccomp" and c.i > t.i for c in v.children)
            return t if t.pos_ in ("SCONJ", "PRON") and t.dep_ not in ("obj", "nsubj") or t.dep_ == "mark" \
                or object_then_clause or _relative_of_a_gap_complement(t, v) else None
        if t.text in MARKS or t.text in (";", ":", ".", "!", "?") or "\n" in t.text:
            return None
        if t.pos_ in ("VERB", "AUX") and not _gerund_or_infinitive(t) and not _participle_of_gap_noun(t, s.cue.end):
            return None  # "demandait une enquête, estimant que": the other verb's clause
        if (t.pos_ in ("VERB", "AUX") or t.i > 0 and L.has("gerund_markers", doc[t.i - 1].lower_)) \
                and any(lm in L.verbs for lm in lemmas(t, L)):
            return None  # "a rappelé la règle, tout en avertissant que": the gerund's own report
        if t.pos_ not in _GAP_POS and t.pos_ not in ("VERB", "AUX"):
            return None
    return None


def _relative_of_a_gap_complement(que: Token, v: Token) -> bool:
    """ "a fait savoir par un message qu'il ne viendrait pas": the parser
    read "qu'" as a relative pronoun of the noun in the prepositional phrase
    before it; after a cue, that "que" opens its clause (but "a annoncé le
    projet qu'il porte": the object's relative)."""
    clause = que.head
    noun = clause.head if clause.dep_ == "acl:relcl" else None
    return noun is not None and v.i < noun.i < que.i and any(c.dep_ == "case" for c in noun.children)


def _participle_of_gap_noun(t: Token, gap_start: int) -> bool:
    """ "explique dans une lettre ouverte que", "dans un entretien publié
    dimanche que": a past participle describing a noun of the gap is part of
    the gap's phrase, not a verb with a clause of its own (the parse may hang
    the "que" clause on it)."""
    return "Part" in t.morph.get("VerbForm") and "Past" in t.morph.get("Tense") \
        and t.dep_ in ("acl", "amod") and gap_start <= t.head.i < t.i and t.head.pos_ in ("NOUN", "PROPN") \
        and t.head.dep_ != "obj"  # "a demandé une enquête publiée hier que nul n'a lue": a relative


def _gerund_or_infinitive(t: Token) -> bool:
    """ "en quittant la réunion", "while leaving", "pour rassurer": a verb of
    the gap, not one with a clause of its own."""
    forms = t.morph.get("VerbForm")
    prev = t.doc[t.i - 1] if t.i else None
    if "Inf" in forms:
        return True
    return ("Ger" in forms or "Part" in forms and "Pres" in t.morph.get("Tense")) \
        and prev is not None and prev.pos_ in ("ADP", "SCONJ")


def _clause_after(doc: Doc, que: Token, to_sentence_end: bool = False) -> tuple[int, int] | None:
    """The words after "que" up to the end of what the parse hangs on it, or
    of the sentence when that is no clause."""
    first = que.i + 1
    if first >= len(doc):
        return None
    last = spans.sentence_last(doc, que.i)
    head = que.head
    if not to_sentence_end and head.i > que.i and head.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
        last = min(last, max(head.right_edge.i, first))
    if last < first:
        return None
    return spans.chars(doc, first, last)


def _colon_quote(s: Site, span: tuple[int, int]) -> Quote | None:
    """ "ajoute que : « ... »": a colon, then the quotation (not "que « la
    dette sera maîtrisée » et que ...", a clause that goes on after it)."""
    if not s.text[max(0, span[0] - 3):span[0] + 1].replace(" ", "").replace("«", "").endswith(":"):
        return None
    for q in s.quotes.after(span[0] - 2):
        return q if q.open <= span[0] + 1 else None
    return None


def quote_after(s: Site) -> Found | None:
    """ "X a déclaré : « ... »", "X a indiqué à la radio : « ... »", "said,
    \"...\"": a quotation right after the cue, or after a short complement
    and a colon."""
    q = _quote_after(s, subjects.cue_end(s.v))
    if q is None:
        return None
    if _quote_before(s) is not None:
        return None  # « A », a-t-il dit, « B »: a split quotation, the incise's; B goes on its words
    end = _clause_goes_on(s, q)
    if end is not None:
        return Found(q.open, end, quote=q)  # "se dit « très fière » des athlètes": mixed
    return Found(q.start, q.end, quote=q)


def _clause_goes_on(s: Site, q: Quote) -> int | None:
    """Where the clause ends when it goes on after the quotation with words of
    its own and no new clause ("« très fière » des athlètes")."""
    doc = s.doc
    k = q.close
    while k < len(s.text) and s.text[k] == " ":
        k += 1
    after = doc.char_span(k, k + 1, alignment_mode="expand") if k < len(s.text) else None
    if after is None or not len(after) or after[0].idx < q.close:
        return None
    first = after[0]
    last = spans.sentence_last(doc, first.i)
    # (to the comma that closes it: "…, tout en reconnaissant que ..." is another report)
    last = next((t.i - 1 for t in doc[first.i:last + 1] if t.text in (",", ";")), last)
    if first.i > last or first.is_punct or first.is_space or first.pos_ in ("CCONJ", "SCONJ") \
            or cached.end(first) != cached.end(s.v):
        return None
    # "a jugé « prématuré » de discuter d'une baisse": an infinitive right after
    # "de" is the quoted word's complement, no new clause
    complement = first.i + 1 if s.L.has("content_lead", first.lower_) and first.i + 1 <= last \
        and "Inf" in doc[first.i + 1].morph.get("VerbForm") else None
    if any(t.pos_ in ("VERB", "AUX") and not {"Part", "Inf", "Ger"} & set(t.morph.get("VerbForm")) and t.i != complement
           or t.text in MARKS for t in doc[first.i:last + 1]):
        return None  # (a participle describes: "« disproportionnée » la sanction infligée au club";
        # an infinitive is no clause of its own: "« le sacrifice » consenti pour contrer la réforme")
    return spans.chars(doc, first.i, last)[1]


def colon_clause(s: Site) -> Found | None:
    """ "Le préfet a précisé : la route restera fermée jusqu'à lundi." A
    colon right after the cue (or its short complement), then an unquoted
    clause to the end of the sentence."""
    doc, v = s.doc, s.v
    last = spans.sentence_last(doc, v.i)
    for j in range(subjects.cue_end(v), min(last, v.i + 8)):
        t = doc[j]
        if t.text == ":":
            if j + 1 > last or doc[j + 1].text in MARKS or _has_verb(doc, doc[v.i].idx + len(v.text), t.idx):
                return None
            span = spans.chars(doc, j + 1, last)
            return Found(*span) if _is_clause(doc, span) else None
        if t.is_punct or t.pos_ in ("VERB", "AUX"):
            return None
    return None


def _is_title(s: Site, q: Quote) -> bool:
    """ "wrote \"The Silent River\"": a name of a work in quotation marks, every
    word capitalised and no verb, is no speech."""
    words = s.doc.char_span(q.start, q.end, alignment_mode="expand")
    if words is None:
        return False
    words = [t for t in words if not t.is_punct]
    return 2 <= len(words) <= 8 and all(t.text[:1].isupper() or t.is_stop and t.i > words[0].i for t in words) \
        and not any(t.pos_ in ("VERB", "AUX") for t in words) and any(t.text[:1].isupper() for t in words[1:])


def _quote_after(s: Site, after_tok: int) -> Quote | None:
    doc = s.doc
    sent_end = cached.end(s.v)
    after = doc[after_tok].idx if after_tok < len(doc) else len(s.text)
    limit = doc[sent_end - 1].idx + len(doc[sent_end - 1].text) if sent_end > 0 else len(s.text)
    for q in s.quotes.after(after):
        if s.quotes.is_claimed(q):
            continue
        if q.open > limit + 2 or _is_title(s, q):
            return None
        between = s.text[after:q.open]
        if "\n" in between:
            return None
        stripped = between.strip()
        if not stripped or stripped in (":", ",") or _only_adverbials(doc, after, q.open):
            return q  # (also "a jugé mardi « inacceptable » ...")
        if stripped.endswith(":") and len(stripped) < 80 and not any(ch in stripped for ch in ".!?;") \
                and not _has_verb(doc, after, q.open):
            return q  # "a indiqué à la radio : « ... »"; not "a réfuté l'idée, affirmant : « ... »"
        return None
    return None


def _only_adverbials(doc: Doc, start: int, end: int) -> bool:
    """Only adverbs, bare time nouns ("mardi", "hier", "également") and a
    phrase of the speaker's own side ("de son côté", "pour sa part", "for
    its part": a preposition, a possessive, a noun)."""
    words = doc.char_span(start, end, alignment_mode="contract")
    if words is None or not len(words):
        return False
    own_side = {t.i for t in words if t.pos_ == "NOUN" and t.i - 2 >= words.start
                and doc[t.i - 1].morph.get("Poss") == ["Yes"] and doc[t.i - 2].pos_ == "ADP"}
    own_side |= {i - k for i in own_side for k in (1, 2)}
    return all(t.i in own_side or t.pos_ == "ADV" or t.text == ","
               or t.pos_ == "NOUN" and not any(c.dep_ == "det" and c.i < t.i for c in t.children) for t in words)


def _has_verb(doc: Doc, start: int, end: int) -> bool:
    words = doc.char_span(start, end, alignment_mode="contract")
    return words is not None and any(t.pos_ in ("VERB", "AUX") for t in words)


def incise(s: Site) -> Found | None:
    """ "« ... », a-t-il ajouté", "« ... », a précisé le ministre", "« ... »,
    leur a lancé X", "\"...,\" the senator said": a quotation closing right
    before the cue; the subject is the clitic, the noun phrase after the
    verb, or one between the quotation and the verb."""
    doc, v = s.doc, s.v
    q = _quote_before(s)
    if q is None:
        return None
    if _is_title(s, q) and not any(ch in s.text[q.start:doc[v.i].idx] for ch in ",?!"):
        return None  # 'The film "Dark Waters" tells the story ...': a title, the verb's subject
    start, end = q.start, q.end
    lead = _unquoted_lead(s, q)
    if lead is not None:
        start, end = lead, q.close  # "L'usine produira ..., jusqu'« à 500 millions », explique X"
    clitic = subjects.clitic_subject(v)
    subj = subjects.subject(v, s.L, s.quotes.inside)
    # A subject between the quotation and the verb ("\"...,\" the minister said"),
    # not an object clitic the parser took for one ("leur a lancé").
    between = subj is not None and subj < v.i and doc[subj].idx >= q.close \
        and (doc[subj].pos_ != "PRON" or s.SL.is_pronoun(doc[subj])
             and not (s.L.has("object_clitics", doc[subj].lower_) and doc[subj + 1].pos_ in ("AUX", "VERB")))
    if _own_object(s) and (between or clitic is not None):
        return None  # (with no subject before it, the noun after the verb is the inverted subject the parser took for an object: "», a ajouté le numéro 1 du parti")
    if clitic is not None:
        speaker = clitic
    elif between:
        speaker = subj
    else:
        inv = subjects.inverted_subject(v, s.cue.end)
        speaker = inv.i if inv is not None else (subj if subj is not None and subj > v.i else None)
    if speaker is None:
        return None
    return Found(start, end, quote=q, speaker=speaker, inverted=True)


def _own_object(s: Site) -> bool:
    """ "..., et l'association du barreau a déclaré une grève": a verb with an
    object of its own after it closes no quotation nor clause (but "told
    reporters": the one spoken to)."""
    return any(c.dep_ == "obj" and c.i > s.v.i and c.pos_ == "NOUN" and c.text.islower() and not s.SL.kinds(c)
               and any(d.dep_ == "det" for d in c.children) for c in s.v.children)


def _quote_before(s: Site) -> Quote | None:
    doc, v = s.doc, s.v
    start = v.i
    for c in v.children:
        if c.i < v.i and c.i >= v.i - 4 and s.quotes.at(c.idx) is None and c.dep_ in (
                "aux:tense", "aux:pass", "aux", "advmod", "expl:comp", "expl:subj", "iobj", "obj"):
            start = min(start, c.i)
    # Words allowed between the quote and the cue: punctuation, the auxiliary,
    # adverbs ("ensuite", "alors"), clitics ("leur a lancé").
    before = doc[start].idx
    for q in s.quotes.before(before):
        if s.quotes.is_claimed(q):
            return None
        between = s.text[q.close:before]
        if "\n" in between and between.strip():
            return None
        tokens = list(doc.char_span(q.close, before, alignment_mode="expand") or []) if between.strip() else []
        if any(t.text in (".", "!", "?") for t in tokens):
            return None  # (« ... ». Il a ajouté que ...: a new sentence, no incise; but "Dr. Park")
        if s.text[q.start:q.end].rstrip().endswith(".") and not between.lstrip().startswith(","):
            return None  # ('... "stands with Ukraine." Hungarian minister X warned': its period ended it)
        words = [t for t in tokens if not t.is_punct and not t.is_space]
        # (the verb governing the cue too: "« ... », peut-on lire dans le communiqué")
        governor = v.head.i if v.dep_ == "xcomp" and v.head.i < v.i else None
        # (and the "de" or "à" before the cue: "« ... », s'est contenté de répondre X")
        lead = v.i - 1 if governor is not None and doc[v.i - 1].dep_ == "mark" and doc[v.i - 1].head.i == v.i \
            else None
        if all(t.pos_ in ("ADV", "AUX", "PRON") or t.i in (governor, lead) for t in words) \
                and len(words) <= 3 + (governor is not None) + (lead is not None):
            return q  # (not "\"...\", and told the police": a second verb, no incise)
        if _subject_between(s, q):
            return q
        return None
    return None


def _subject_between(s: Site, q: Quote) -> bool:
    """ "« ... », Khaled Al-Maeena, editor at the Saudi Gazette, said": the
    verb's whole subject (appositions included) stands between the quote and
    the verb, and nothing else does."""
    v = s.v
    subj = next((c for c in v.children if c.dep_ in subjects.SUBJECT_DEPS and c.i < v.i), None)
    if subj is None:
        return False
    left, right = subj.left_edge, subj.right_edge
    if left.idx < q.close or s.text[q.close:left.idx].strip(" ,") or "\n" in s.text[q.close:left.idx]:
        return False
    return all(t.is_punct or t.pos_ in ("AUX", "ADV") for t in s.doc[right.i + 1:v.i])


def _unquoted_lead(s: Site, q: Quote) -> int | None:
    """The quote closes a sentence that began outside it: the whole sentence
    is the content. Returns where that sentence starts."""
    doc = s.doc
    first = doc.char_span(q.open, q.open + 1, alignment_mode="expand")
    if first is None:
        return None
    s_start = spans.clause_start(doc, first[0].i) if first[0].i > cached.start(first[0]) else first[0].i
    ends = [t.i for t in doc[s_start:first[0].i] if t.text in (".", "!", "?", "…")]
    if ends:
        s_start = ends[-1] + 1  # the parse ran two sentences together ("la parole. ”Nous ...")
    elif s_start > 0 and (opening := s.quotes.at(doc[s_start - 1].idx)) is not None \
            and opening.open == doc[s_start - 1].idx and opening.close <= q.open:
        s_start -= 1  # (a sentence that opens with a quotation of its own: "« A » d'un accord et « B », a dit X")
    lead = [t for t in doc[s_start:first[0].i] if not t.is_punct and not t.is_space]
    if len(lead) < 3 or not _quotes_in_lead_are_words(s, doc[s_start].idx, q.open):
        return None
    if s.text[doc[s_start].idx:q.open].rstrip().endswith(":"):
        return None  # "nous entendîmes : « ... »": the lead introduces the quote
    return doc[s_start].idx


def _quotes_in_lead_are_words(s: Site, start: int, end: int) -> bool:
    """Quoted words inside the lead ("va proposer une « nouvelle enveloppe »
    pour ...") belong to it; a quotation with a cue of its own ("« ... »,
    dit X, « ... »") or a stray mark ends the lead."""
    marks = [i for i in range(start, end) if s.text[i] in MARKS]
    for i in marks:
        q = s.quotes.at(i)
        if q is None or q.open < start or q.close > end or s.quotes.is_claimed(q):
            return False
        after = s.doc.char_span(q.close, end, alignment_mode="expand")
        if after is not None and s.text[q.close:end].lstrip().startswith(","):
            nxt = next((t for t in after if not t.is_punct and not t.is_space), None)
            if nxt is not None and nxt.pos_ in ("VERB", "AUX"):
                return False
    return True


def comma_incise(s: Site) -> Found | None:
    """ "Les négociations reprendront lundi, a annoncé la ministre." An
    unquoted report closed by an incise: the verb after a comma, its subject
    after it, and nothing else in the sentence."""
    doc, v = s.doc, s.v
    if "Fin" not in v.morph.get("VerbForm") and not any(c.dep_.startswith("aux") for c in v.children) \
            and not (v.i > 0 and doc[v.i - 1].pos_ == "AUX") and v.pos_ in ("VERB", "AUX"):
        # ("a fait savoir": the parse may hang "a" elsewhere; ", note le
        # rapport": a verb the tagger read as a noun has no verb form)
        return None  # ", asking the government to ...": a participle reports nothing of its own
    first = cached.start(v)
    start = v.i
    while start > first and doc[start - 1].pos_ in ("AUX", "ADV", "PRON") and doc[start - 1].text != ",":
        start -= 1
    if start <= first or doc[start - 1].text != ",":
        return None
    if any(s.L.has("relative", t.lower_) for t in doc[start:v.i]):
        return None  # ", qui dénonce les entraves": a relative clause, its object no inverted subject
    after = any(c.dep_ in subjects.SUBJECT_DEPS and c.i > v.i for c in v.children)
    # (a clitic inside the incise, "a-t-il ajouté", is no subject before the comma)
    before = next((c for c in v.children if c.dep_ in subjects.SUBJECT_DEPS and c.i < start), None)
    if before is not None and before.left_edge.i > first and doc[before.left_edge.i - 1].text == "," \
            and before.right_edge.i == start - 2:
        before = None  # ("…, la plus longue durée jamais enregistrée, a annoncé X": an apposition)
    if not after and before is not None and not any(
            t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") and not _in_relative(t, s.L)
            for t in doc[first:start - 1] if t.i != before.i):
        # "Le porte-parole, Dmitri Peskov, n'a pas confirmé", "Le Medef, pour
        # qui ..., a salué": a subject, not a report (but "Les routes resteront
        # fermées, précise la préfète" parsed with "routes" as the subject of
        # "précise": a clause of its own is there; "Ce sont des forces ...,
        # a déclaré X" with "forces" as the subject: its copula is before)
        return None
    clitic = subjects.clitic_subject(v)
    # (a subject between the comma and the verb: "It is too dangerous, she
    # told reporters": the noun after the verb is the one told)
    own = next((c for c in v.children if c.dep_ in subjects.SUBJECT_DEPS and start <= c.i < v.i), None)
    subj = doc[clitic] if clitic is not None else own if own is not None else subjects.inverted_subject(v, s.cue.end)
    if subj is None:
        return None
    rel = next((t.i for t in doc[subj.i + 1:cached.end(v)] if s.L.has("relative", t.lower_)), cached.end(v))
    adjunct = _nonfinite_adjuncts(v)  # "a-t-il ajouté en indiquant continuer ...": no clause of its own
    if any(t.pos_ in ("VERB", "AUX") and "Part" not in t.morph.get("VerbForm") or t.text in ("«", "“", ":")
           for t in doc[subj.i:rel] if t.i != subj.i and t.i not in adjunct):
        return None  # (a participle describes the subject: "une source autorisée"; a relative clause, "qui ...")
    lead = [t for t in doc[first:start - 1] if not t.is_punct and not t.is_space]
    # (a clause, not a phrase with a participle: "Contrairement aux idées reçues, souligne-t-il, ...";
    # a short one is a clause too: "Le chômage recule, souligne l'Insee")
    # (nor a subject with its relative clause: "Le maire, qui s'est exprimé sur BFMTV, a annoncé")
    if len(lead) < 3 or not any(t.pos_ in ("VERB", "AUX") and "Part" not in t.morph.get("VerbForm")
                                and not _in_relative(t.head if t.pos_ == "AUX" else t, s.L) for t in lead):
        return None
    return Found(*spans.trim(s.text, doc[first].idx, doc[start - 1].idx), speaker=subj.i, inverted=True)


def _in_relative(t: Token, L: CueLexicon) -> bool:
    """The verb of a relative clause ("pour qui la réforme va ..."), or of a
    clause inside one ("Le maire, qui estime que le projet coûte trop cher,
    a demandé"): it describes a noun, it is no clause of its own."""
    if any(w.dep_ != "mark" and ("Rel" in w.morph.get("PronType") or L.has("relative", w.lower_))
           for w in t.doc[t.left_edge.i:t.i]):
        return True
    a = t
    while a.dep_ in ("ccomp", "advcl") and a.head.i != a.i:
        a = a.head  # (up from the clause it reports to its verb)
    return a is not t and (a.dep_ == "acl:relcl" or any(
        c.dep_ in subjects.SUBJECT_DEPS and "Rel" in c.morph.get("PronType") for c in a.children))


def _nonfinite_adjuncts(v: Token) -> set[int]:
    """Tokens of the gerunds and infinitives hanging after the cue verb."""
    return {t.i for c in v.children if c.i > v.i and c.dep_ in ("advcl", "xcomp", "obl", "obl:mod")
            and c.pos_ == "VERB" and "Fin" not in c.morph.get("VerbForm") for t in c.subtree}


def bare_incise(s: Site) -> Found | None:
    """ "Les travaux dureront deux ans indique le maire." The incise of
    `comma_incise` without its comma: a finite verb that agrees with the
    noun phrase after it, that noun phrase closing the sentence, a whole
    clause before it."""
    doc, v = s.doc, s.v
    first, last = cached.start(v), spans.sentence_last(doc, v.i)
    if any(c.dep_ in subjects.SUBJECT_DEPS and c.i < v.i for c in v.children):
        return None  # "…, Sundar Pichai told Bloomberg": the verb's subject stands before it
    if v.i <= first or doc[v.i - 1].is_punct or "Fin" not in v.morph.get("VerbForm") \
            or v.morph.get("Person") not in (["3"], []) or doc[v.i - 1].pos_ in ("PRON", "SCONJ", "DET", "ADP", "AUX"):
        return None
    k = v.i + 1
    while k <= last and doc[k].pos_ in ("DET", "ADJ", "NOUN", "PROPN") and not doc[k].is_punct:
        k += 1
    nouns = [t for t in doc[v.i + 1:k] if t.pos_ in ("NOUN", "PROPN")]
    if not nouns or k <= last or k < len(doc) and doc[k].text not in (".", "!", "?") and not doc[k].is_space:
        return None
    subj = nouns[0]
    if v.morph.get("Number") and subj.morph.get("Number") and v.morph.get("Number") != subj.morph.get("Number"):
        return None
    lead = [t for t in doc[first:v.i] if not t.is_punct and not t.is_space]
    if len(lead) < 4 or not any("Fin" in t.morph.get("VerbForm") for t in lead) \
            or any(t.text in MARKS for t in doc[first:v.i]):
        return None
    return Found(*spans.trim(s.text, doc[first].idx, doc[v.i - 1].idx + len(doc[v.i - 1].text)),
                 speaker=subj.i, inverted=True)


def incise_in_quote(s: Site) -> Found | None:
    """ "« Nous avons relevé des empreintes, explique le procureur. Nous avons
    aussi saisi des armes. »": the narrator's incise inside a quotation (no
    marks close and reopen around it); the speaker is its subject, the
    content the words before it, and those after it (to the quotation's
    end) a second statement: the incise is no one's words."""
    doc, v = s.doc, s.v
    q = s.quotes.at(v.idx)
    if q is None or s.quotes.is_claimed(q):
        return None
    start = v.i
    while start > 0 and doc[start - 1].pos_ in ("AUX", "ADV", "PRON") and doc[start - 1].text != ",":
        start -= 1
    if start == 0 or doc[start - 1].text != "," or doc[start - 1].idx <= q.start:
        return None
    if any(s.L.has("relative", t.lower_) or "Rel" in t.morph.get("PronType") for t in doc[start:v.i]):
        return None  # "…, which posted internal documents in 1994": the quoted words' own relative clause
    clitic = subjects.clitic_subject(v)
    subj = doc[clitic] if clitic is not None else subjects.inverted_subject(v, s.cue.end)
    if subj is None:
        return None
    k = max(v.i, subj.i) + 1
    # (a word of the speaker's name the tagger read as a verb: "ajoute Pierre Pinter")
    name = {c.i for c in subj.subtree if c.dep_.startswith("flat")}
    while k < len(doc) and doc[k].idx < q.end and doc[k].text not in (".", ",", ";", "!", "?"):
        if k not in name and (doc[k].pos_ in ("VERB", "AUX", "SCONJ") or doc[k].pos_ == "PRON" and k != subj.i):
            return None  # the verb goes on with a clause: the speaker's own words, not an incise
        k += 1  # (a complement may follow: "a-t-il lancé dans les colonnes du Parisien")
    before = spans.trim(s.text, q.start, doc[start - 1].idx)
    after = spans.trim(s.text, doc[k].idx + len(doc[k].text), q.end) if k < len(doc) and doc[k].idx < q.end else None
    rest = after if after is not None and after[1] - after[0] > 1 else None
    return Found(*before, quote=q, speaker=subj.i, inverted=True, rest=rest)


def comma_said(s: Site) -> Found | None:
    """ "The drills will be of an unprecedented scale, the defense minister
    said." An unquoted report closed by its subject and verb: the subject
    right after a comma, then the verb, then nothing but a time or place."""
    doc, v = s.doc, s.v
    first, last = cached.start(v), spans.sentence_last(doc, v.i)
    subj = next((c for c in v.children if c.dep_ in subjects.SUBJECT_DEPS and c.i < v.i), None)
    if subj is None or _own_object(s) or subj.left_edge.i <= first + 1 or doc[subj.left_edge.i - 1].text != "," \
            or s.L.has("relative", subj.lower_):
        return None  # (", qui évoque ...": a relative clause of the sentence, not its speaker)
    comma = subj.left_edge.i - 1
    if any(not (t.is_punct or t.pos_ in ("AUX", "ADV", "PART")) or t.text == ","
           for t in doc[subj.right_edge.i + 1:v.i]):
        return None  # (", la plus longue durée jamais enregistrée, a annoncé X": an apposition, no subject)
    end = last + 1
    for t in doc[subjects.cue_end(v):last + 1]:
        if t.text == "," and t.i + 1 <= last and "Part" in doc[t.i + 1].morph.get("VerbForm"):
            end = t.i  # "..., the minister said, adding that ...": the participle's own report
            break
    tail = [t for t in doc[subjects.cue_end(v):end] if not t.is_punct]
    if len(tail) > 5 or any(t.pos_ in ("VERB", "AUX") or t.text in MARKS for t in tail):
        return None  # more than a time or place after it
    lead = [t for t in doc[first:comma] if not t.is_punct and not t.is_space]
    # (a clause: "Dans un communiqué publié dimanche, X accuse ..." has only a participle)
    if len(lead) < 4 or not any(t.pos_ in ("VERB", "AUX") and "Part" not in t.morph.get("VerbForm") for t in lead) \
            or any(t.text in MARKS for t in lead):
        return None
    return Found(*spans.trim(s.text, doc[first].idx, doc[comma].idx), speaker=subj.i)


def mid_incise(s: Site) -> Found | None:
    """ "Contrairement aux discours, appuie-t-il, le français est la 3e
    langue des affaires": an incise between commas inside the sentence it
    reports. The content is the clause before it when that is a clause of
    its own ("Le trafic reprendra lundi, a indiqué la SNCF, qui ..."), else
    the clause after it."""
    doc, v = s.doc, s.v
    if any(c.pos_ == "PRON" and (s.L.has("complementizers", c.lower_) or s.L.has("relative", c.lower_))
           for c in v.children if c.i < v.i):
        return None  # "C'est ce que nous a confié le maire": a relative clause, no incise
    first, last = cached.start(v), spans.sentence_last(doc, v.i)
    start = v.i
    while start > first and doc[start - 1].pos_ in ("AUX", "ADV", "PRON") and doc[start - 1].text != ",":
        start -= 1
    if start <= first or doc[start - 1].text != ",":
        return None
    if "Fin" not in v.morph.get("VerbForm") and not any(t.pos_ == "AUX" for t in doc[start:v.i]):
        return None  # "X, writing in his column for The Athletic, argued": a participle, no incise
    clitic = subjects.clitic_subject(v)
    subj = doc[clitic] if clitic is not None else subjects.inverted_subject(v, s.cue.end)
    if subj is None or clitic is None and _own_object(s):
        return None  # ("X, regrette des manifestations « … », synonymes de …": its object, no incise's subject)
    after = (subjects.cue_end(v) if clitic is not None else _phrase_end(doc, subj, cached.end(v)) + 1)
    if after >= last or doc[after].text != ",":
        return None
    before = [t for t in doc[first:start - 1] if not t.is_punct]
    if before and (s.L.has("relative", before[-1].lower_) or any(
            t.dep_ == "mark" and s.L.has("complementizers", t.lower_) for t in before)):
        return None  # "a déclaré que la France ... qui, estime-t-il, ...": inside a clause already reported
    clause_before = any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") for t in before)
    if clause_before:
        return Found(*spans.chars(doc, first, start - 2), speaker=subj.i, inverted=True)
    return Found(*spans.chars(doc, after + 1, last), speaker=subj.i, inverted=True)


def parenthetical(s: Site) -> Found | None:
    """ "The deal, officials said, could be signed next week": a subject and
    its verb set off by commas inside the clause they report; the content
    is the sentence."""
    doc, v = s.doc, s.v
    subj = next((c for c in v.children if c.dep_ in subjects.SUBJECT_DEPS and c.i < v.i), None)
    after = subjects.cue_end(v)
    if subj is None or v.dep_ != "parataxis" or v.head.i == v.i or s.quotes.inside(v.idx) \
            or subj.left_edge.i == 0 or doc[subj.left_edge.i - 1].text != "," \
            or after >= len(doc) or doc[after].text != ",":
        return None
    first, last = cached.start(v), spans.sentence_last(doc, v.i)
    if subj.left_edge.i - 1 <= first or after >= last:
        return None  # (a clause on each side)
    lead = doc[first]
    if (lead.pos_ == "VERB" and not subjects.own_finite(lead) or lead.pos_ in ("ADP", "SCONJ")) \
            and not any(t.pos_ in ("VERB", "AUX") and subjects.own_finite(t) for t in doc[first:subj.left_edge.i - 1]):
        first = after + 1  # "Addressing a conference, Nisar said, both countries are ...": an adjunct, no clause
    return Found(*spans.chars(doc, first, last), speaker=subj.i)


def infinitive(s: Site) -> Found | None:
    """ "affirme avoir été agressée", "a promis de rouvrir ...", "plans to
    raise ..."."""
    x = _infinitive_complement(s.v)
    if x is None or s.cue.start <= x.i < s.cue.end:
        return None  # ("a fait savoir que": the infinitive is the cue's own word)
    return Found(*spans.subtree(s.doc, x, s.L))


def predicate(s: Site) -> Found | None:
    """ "s'est dit favorable à un référendum", "s'est dite prête à négocier":
    a reflexive cue's adjective and what hangs on it is the stated position."""
    v = s.v
    if not any(c.dep_.startswith("expl") and s.L.has("reflexive", c.lower_) for c in v.children):
        return None
    # (an adjective the tagger read as a participle or a noun: "se dit préoccupé par", "satisfaite du")
    adj = next((c for c in v.children if c.i > v.i and (c.pos_ == "ADJ" and c.dep_ in ("xcomp", "advmod", "amod", "obj", "acl")
                                                         or c.dep_ == "xcomp" and (c.pos_ == "NOUN" or c.pos_ == "VERB"
                                                                                   and "Part" in c.morph.get("VerbForm")))),
               None)
    if adj is None:
        return None
    start, end = spans.subtree(s.doc, adj, s.L)
    q = next(iter(s.quotes.after(end)), None)
    if q is not None and not s.quotes.is_claimed(q) and not s.text[end:q.open].strip():
        s.quotes.claim(q)
        end = q.close  # "s'est dit déterminé à « combattre ... »": the quotation goes on the predicate
    return Found(start, end)


def call_complement(s: Site) -> Found | None:
    """ "appelle à la retenue", "appelle les autorités à libérer les
    manifestants", "urged both sides to respect the ceasefire", "asks to
    the government to act": the call's complement (a phrase opened by one of
    `call_cases`, or an infinitive), and the addressee before it."""
    doc, v, L = s.doc, s.v, s.L
    obj = next((c for c in v.children if c.i > v.i and c.dep_ in ("obj", "iobj")), None)
    # The complement hangs from the verb, or from its object when the parser
    # reads "les autorités à libérer" as one noun phrase.
    holders = [v] + ([obj] if obj is not None else [])
    # ... or from a word the tagger read as a participle of the object's
    # compound name ("les parties prenantes à reprendre").
    holders += [c for c in obj.children if c.dep_ in ("acl", "amod") and c.i == obj.i + 1] if obj is not None else []
    # ... or from the last of coordinated addressees ("les salariés du privé,
    # et ceux du public, à cesser le travail").
    holders += [c for h in list(holders) for c in h.children if c.dep_ == "conj" and c.i > h.i
                and c.pos_ in ("NOUN", "PROPN", "PRON")]
    # A phrase cue's addressee may be followed by an infinitive the parse made
    # an adverbial ("called on management to protect the workforce").
    inf_deps = ("xcomp", "advcl") if s.cue.end - s.cue.start > 1 else ("xcomp",)
    comp = next((c for h in holders for c in h.children if c.i > h.i and (any(
        g.dep_ in ("case", "mark") and L.has("call_cases", g.lower_) for g in c.children)
        or c.dep_ in inf_deps and "Inf" in c.morph.get("VerbForm"))), None)
    if comp is None:
        return None
    before = [c for c in v.children if v.i < c.i < comp.i and c.dep_ in ("obj", "iobj", "obl", "obl:arg")]
    left = max(min([c.left_edge.i for c in before] + [comp.left_edge.i]), s.cue.end)  # (not "on" of "called on")
    right = max([comp.right_edge.i] + [c.right_edge.i for c in v.children if c.dep_ == "xcomp" and c.i > comp.i])
    return Found(*spans.chars(doc, left, right))


def topic(s: Site) -> Found | None:
    """ "se sont félicités du résultat des élections", "s'inquiète des
    risques", "warned against any escalation": what a cue of feeling or
    warning is about, a phrase opened by one of `topic_cases`. In a language
    with reflexive clitics the cue of feeling carries one ("ça inquiète les
    parents" is no one's words)."""
    v, L = s.v, s.L
    if L.words.get("reflexive") and not any(L.has("reflexive", c.lower_) for c in v.children if c.i < v.i):
        return None
    comp = next((c for c in v.children if c.i > v.i and c.dep_.startswith("obl") and any(
        g.dep_ == "case" and L.has("topic_cases", g.lower_) for g in c.children)), None)
    return Found(*spans.chars(s.doc, comp.left_edge.i, comp.right_edge.i)) if comp is not None else None


def object_phrase(s: Site) -> Found | None:
    """ "n'a pas nié le déploiement", "réclame des mesures", "ont réclamé la
    Corée du Nord retirer ses forces" (the object and the complements after it)."""
    doc, v = s.doc, s.v
    x = _object(v)
    if x is not None and s.cue.start <= x.i < s.cue.end:
        x = None  # "fait état de X": "état" is the cue's own word
    if x is None:
        # "called on both sides to ...", "fait état de trois blessés": the
        # object of the cue's own particle.
        own = {doc[i].lower_ for i in range(s.cue.start, s.cue.end) if i != v.i}
        # (on the verb, or on the cue's own noun: "fait état de 12 000 manifestants à Paris")
        # (not a participle describing a noun: "les informations de Kiev faisant état de ...")
        nouns = [doc[i] for i in range(s.cue.start, s.cue.end) if i != v.i and doc[i].pos_ == "NOUN"] \
            if v.dep_ != "acl" else []
        x = next((c for h in [v] + nouns for c in h.children if c.i >= s.cue.end and c.pos_ in ("NOUN", "PROPN")
                  and (c.dep_ in ("obl", "obl:arg") or h is not v and c.dep_ == "nmod" and c.i >= s.cue.end)
                  and any(g.dep_ == "case" and g.lower_ in own for g in c.children)), None)
    if x is None or s.cue.entry.get("acts_on_objects") and (
            s.L.has("act_objects", x.lower_) or s.L.has("act_objects", x.lemma_.lower())):
        return None  # ("dismissed the case", "a contesté sa condamnation": an act)
    span = spans.subtree(doc, x, s.L)
    if x.dep_.startswith("nsubj") and x.head.i > x.i:
        # (the object the parse took for a later verb's subject: that verb's clause is the object's)
        span = spans.chars(doc, x.left_edge.i, spans.sentence_last(doc, x.i))
    case = [g for g in x.children if g.dep_ == "case" and g.i == x.left_edge.i]
    if case:
        span = spans.trim(s.text, doc[case[0].i + 1].idx, span[1])
    last = max((c.right_edge.i for c in v.children if c.i > x.i and (c.dep_ in _COMPLEMENTS or _infinitive_adjunct(c))
                and "," not in doc[x.right_edge.i:c.i].text), default=None)
    if last is not None:
        span = spans.trim(s.text, span[0], doc[last].idx + len(doc[last].text))
    # "described Montalvo as an individual, \"facing ...\"", "a qualifié le
    # verdict de « scandale »": the quotation that qualifies the object, and
    # the ones joined to it ("as an “honest mayor” and “tireless worker”").
    q = next(iter(s.quotes.after(span[1])), None)
    while q is not None and not s.quotes.is_claimed(q) and q.open <= s.doc[cached.end(v) - 1].idx \
            and len(s.text[span[1]:q.open].split()) <= 6 and not any(ch in s.text[span[1]:q.open] for ch in ".;!?") \
            and not _has_verb(doc, span[1], q.open):
        s.quotes.claim(q)
        span = (span[0], q.close)
        q = next(iter(s.quotes.after(span[1])), None)
    return Found(*span)


def _infinitive_adjunct(c: Token) -> bool:
    """ "is warning officials to prepare": an infinitive the parse hung on the
    verb as an adjunct, not as its complement (no preposition or conjunction
    before it: "pour économiser" says a purpose)."""
    return c.dep_ == "advcl" and "Inf" in c.morph.get("VerbForm") and not any(g.dep_ == "mark" for g in c.children)


def passive_quote(s: Site) -> Found | None:
    """ "Ses propos ont été qualifiés de « honteux » par Lucie Marchand": a
    passive cue whose agent is the speaker and whose quotation, before the
    agent, is what they said (where the parse labels the agent so; the
    English model hangs "by X" on the quoted words instead)."""
    doc, v = s.doc, s.v
    if not any(c.dep_ == "aux:pass" for c in v.children):
        return None
    agent = next((c for c in v.children if c.dep_ == "obl:agent" and c.i > v.i), None)
    if agent is None:
        return None
    q = next((q for q in s.quotes.after(v.idx) if q.close <= doc[agent.left_edge.i].idx), None)
    if q is None or s.quotes.is_claimed(q) or _has_verb(doc, v.idx + len(v.text), q.open):
        return None
    s.quotes.claim(q)
    return Found(q.start, q.end, quote=q, speaker=agent.i)


def quoted_object(s: Site) -> Found | None:
    """ "a reconnu des « erreurs »", "admitted \"mistakes\"": any verb that
    can introduce a quotation reports words when its object is, or holds,
    one, even a verb whose bare object is an act ("a reconnu sa défaite")."""
    found = object_phrase(s)
    if found is None:
        return None
    # (in the noun phrase itself, not in a clause hung on it: "a salué la
    # création du gouvernement, y voyant un signe de « détermination »")
    inside = [q for q in s.quotes.after(found.start) if q.close <= found.end + 1 and not _is_title(s, q)]
    return found if any(not _has_verb(s.doc, found.start, q.open) for q in inside) else None


def _object(v: Token) -> Token | None:
    """The cue's nominal object. A bare noun before another object is the
    time adverb the parser made one ("a condamné dimanche l'annonce"); a noun
    tagged as a verb keeps its determiner ("l'annonce")."""
    objs = [c for c in v.children if c.i > v.i and c.dep_ == "obj" and (
        c.pos_ in ("NOUN", "PROPN", "NUM") or c.pos_ == "VERB" and any(g.dep_ == "det" for g in c.children))]
    if len(objs) > 1 and objs[0].pos_ == "NOUN" and not any(True for _ in objs[0].children):
        return objs[1]
    return objs[0] if objs else _object_after(v)


def _object_after(v: Token) -> Token | None:
    """The parse gave the cue no object, yet a determiner and a noun follow it,
    past a bare time noun ("a démenti jeudi les informations du journal
    selon lesquelles ...", the noun taken for a later verb's subject)."""
    doc = v.doc
    k = subjects.cue_end(v)
    if k < len(doc) and doc[k].pos_ == "NOUN" and doc[k].dep_ == "obl:mod" and not any(True for _ in doc[k].children):
        k += 1
    if k + 1 < len(doc) and doc[k].pos_ == "DET" and doc[k + 1].pos_ == "NOUN" and doc[k + 1].dep_.startswith("nsubj") \
            and doc[k + 1].head.i > k + 1:
        return doc[k + 1]
    # "Les syndicats, eux, dénoncent une nouvelle offensive": a noun phrase
    # with no preposition right after the cue, which the parse made an adverbial
    if k < len(doc) and doc[k].pos_ == "DET":
        n = k + 1
        while n < len(doc) and n - k <= 3 and doc[n].pos_ in ("ADJ", "NUM"):
            n += 1
        if n < len(doc) and doc[n].pos_ == "NOUN" and doc[n].dep_ == "obl:mod" and doc[n].head.i == v.i \
                and not any(c.dep_ == "case" for c in doc[n].children):
            return doc[n]
    return None


def rest_of_clause(s: Site) -> Found | None:
    """ "estime à 75 000 le nombre d'emplois menacés": everything after the
    cue in its clause."""
    doc, v = s.doc, s.v
    right = v.right_edge.i
    left = max(subjects.cue_end(v), s.cue.end)  # past a cue of several words ("a mis en garde")
    subj = subjects.subject(v, s.L, s.quotes.inside)
    if subj is not None and subj >= left:
        left = max(left, doc[subj].right_edge.i + 1)
    while left <= right and doc[left].is_punct:
        left += 1
    if left > right:
        return None
    return Found(*spans.chars(doc, left, right))


def _infinitive_complement(v: Token) -> Token | None:
    """The infinitive after the cue ("avoir été agressée": its auxiliary is
    the infinitive; "être très inquiet": its copula is), or a gerund in its
    place ("denied firing at them")."""
    for c in v.children:
        if c.i > v.i and c.dep_ == "xcomp" and ("Inf" in c.morph.get("VerbForm") or any(
                "Inf" in g.morph.get("VerbForm") for g in c.children
                if (g.dep_.startswith("aux") or g.dep_ == "cop") and g.i < c.i)
                or "Ger" in c.morph.get("VerbForm") or "Prog" in c.morph.get("Aspect")):
            return c
    return _infinitive_past_adverbial(v)


def _infinitive_past_adverbial(v: Token) -> Token | None:
    """ "MSF affirme de son côté avoir recensé ...": past a short adverbial
    after the cue, an infinitive the parse hung on the adverbial's noun."""
    doc = v.doc
    j = v.i + 1
    while j < len(doc) and j - v.i <= 5 and (doc[j].pos_ in ("ADV", "ADP", "DET", "NOUN") or doc[j].text == ","):
        j += 1
    if j == v.i + 1 or j >= len(doc) or doc[j].pos_ not in ("VERB", "AUX") or "Inf" not in doc[j].morph.get("VerbForm"):
        return None
    x = doc[j]
    if (x.pos_ == "AUX" or x.dep_.startswith("aux")) and x.head.i > x.i and x.head.pos_ == "VERB":
        x = x.head  # ("avoir recensé": the participle heads its auxiliary, whatever the auxiliary's tag)
    return x if v.i < x.head.i < j else None


# The verb frames in the order they are tried, each with the lexicon frame
# that allows it.
VERB_FRAMES: tuple[tuple[str, str, Frame], ...] = (
    ("what-was-said", "que", what_was_said),
    ("comme", "quote", comme),
    ("que", "que", que_clause),
    ("quote-after", "quote", quote_after),
    ("colon-clause", "quote", colon_clause),
    ("incise", "quote", incise),
    ("comma-incise", "quote", comma_incise),
    ("bare-incise", "quote", bare_incise),
    ("comma-said", "quote", comma_said),
    ("mid-incise", "quote", mid_incise),
    ("parenthetical", "quote", parenthetical),
    ("inf", "inf", infinitive),
    ("predicate", "predicate", predicate),
    ("a", "a", call_complement),
    ("topic", "topic", topic),
    ("passive-quote", "obj", passive_quote),
    ("obj", "obj", object_phrase),
    ("quoted-obj", "quote", quoted_object),
    ("any", "any", rest_of_clause),
)


def _passive_apposition(s: Site) -> bool:
    """ "Jean-Luc Marx, invité d'Europe 1, s'attend à ...", "Asked about the
    decision, the Treasurer said ...": a past participle with no auxiliary,
    set off by a comma or opening the sentence, is a passive said of someone,
    not a report of theirs (but an incise: "\"...\", added KCNA")."""
    v = s.v
    if v.pos_ != "VERB" or "Part" not in v.morph.get("VerbForm") or "Past" not in v.morph.get("Tense") \
            or any(c.dep_.startswith("aux") or c.dep_ in subjects.SUBJECT_DEPS or c.dep_ == "obj" for c in v.children):
        return False  # (a passive has no object: "L'étude, publiée ..., décrit une planète" is a present)
    doc = v.doc
    after_quote = v.i >= 2 and (q := s.quotes.at(doc[v.i - 2].idx)) is not None and q.close == doc[v.i - 2].idx + 1
    return v.is_sent_start or v.i > 0 and doc[v.i - 1].text == "," and not after_quote


def _noun_in_a_phrase(v: Token, L: CueLexicon) -> bool:
    """ "La Seine-et-Marne est en alerte": a cue's form the tagger read as a
    noun, with a preposition of its own, is that noun (but a gerund read as a
    noun: "tout en avertissant que")."""
    case = [c for c in v.children if c.dep_ == "case" and c.i < v.i]
    if v.pos_ not in ("NOUN", "PROPN") or not case:
        return False
    return not (any(L.has("gerund_markers", c.lower_) for c in case)
                and v.lower_.endswith(tuple(L.words.get("gerund_endings", ()))))


def _unsaid(s: Site) -> bool:
    """ "Le ministre n'a pas dit que la réforme serait retirée", "the union
    did not call for a strike": a negated cue reports nothing said, unless
    the lexicon gives its negation a stance of its own ("n'a pas nié":
    not_deny; "n'a pas caché que": assert)."""
    v, L = s.v, s.L
    if _hypothetical(v, L):
        return True
    # (the negation of the cue's own clause: not "« Vraiment pas ! » avait-il lancé")
    return s.cue.key not in L.negated and any(
        L.has("negation", c.lower_) and v.i - 4 < c.i < v.i + 2 and not s.quotes.inside(c.idx) for c in v.children)


def _hypothetical(v: Token, L: CueLexicon) -> bool:
    """ "si l'enquête démontre que la Russie est derrière": a cue in a
    condition (not "même si le ministre affirme que ...", a concession)."""
    doc = v.doc
    return any(c.dep_ == "mark" and c.i < v.i and L.has("hypothetical", c.lower_)
               and not (c.i > 0 and L.has("concessive", doc[c.i - 1].lower_)) for c in v.children)


def verb_draft(s: Site) -> Draft | list[Draft] | None:
    doc, v, L, entry = s.doc, s.v, s.L, s.cue.entry
    if s.quotes.inside(v.idx):
        return _incise_in_quote_draft(s)
    allowed = set(entry.get("frames", []))
    if stance.refused_or_negated(v, L):
        allowed |= set(entry.get("refused_frames", []))  # "a refusé de commenter ces informations"
    if "quote" not in allowed and incise_position(doc, v.i, L, s.quotes):
        allowed.add("quote")  # "« ... », a-t-il soutenu": the incise's place makes any cue report the quotation
    narrative = _narrative_infinitive(v, L)
    if narrative is None and _detached_participle(v):
        narrative = -1
    if _agentless_passive(v) or _bare_infinitive(v, L) and narrative is None or _an_act(s) or _unsaid(s) \
            or _passive_apposition(s) or _noun_in_a_phrase(v, L):
        return None
    if entry.get("reflexive_only") and not any(L.has("reflexive", c.lower_) for c in v.children if c.i < v.i):
        return None  # "attendre le bus" waits; "s'attendre à" expects
    for name, needs, frame in VERB_FRAMES:
        if needs not in allowed:
            continue
        found = frame(s)
        if found is not None and found.end - found.start >= 2:
            break
    else:
        return None
    speaker = found.speaker if found.speaker is not None else subjects.subject(v, L, s.quotes.inside)
    if speaker is None or _mute(doc[speaker], s):
        speaker = _speaking_subject(speaker, s)
    if entry.get("source_words"):
        speaker = _source(v, entry)  # "X a appris que ...": what X learnt, no one named said
        if speaker is None:
            return None
    if narrative is not None:
        speaker = narrative if narrative >= 0 else None
    elif speaker is None:
        return None
    elif L.has("indefinite_subjects", doc[speaker].lower_.lstrip("-t")):
        speaker = _speaking_place(doc, speaker, L)
        if speaker is None:
            return None  # "on dit que ...": a rumour, no one's words
    if "Part" in v.morph.get("VerbForm") and "Pres" in v.morph.get("Tense") and v.dep_ == "acl" \
            and doc[speaker].pos_ == "PRON":
        return None  # "un message demandant aux clients ...": the message, not a speaker
    speaker_span = found.speaker_span
    if speaker_span is None and speaker is not None and speaker < v.i <= doc[speaker].right_edge.i \
            and v.pos_ in ("NOUN", "ADJ"):
        # "La fédération hospitalière juge que": the tagger read the verb as
        # the subject's adjective; the subject's phrase stops before it
        speaker_span = (doc[speaker].left_edge.i, v.i)
    if found.quote is not None:
        s.quotes.claim(found.quote)
    first, last = _cue_words(doc, v, s.cue, L)
    return Draft(frame=name, anchor=v.i, start=found.start, end=found.end,
                 stance=stance.of_cue(v, s.cue, L), cue_text=doc[first:last].text,
                 cue_span=(doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)),
                 speaker_tok=speaker, speaker_span=speaker_span, quote=found.quote,
                 direct=found.quote is not None and (found.start, found.end) == (found.quote.start, found.quote.end),
                 follows=narrative == -1)


def _speaking_subject(subj: int | None, s: Site) -> int | None:
    """For a subject that cannot speak, or none, the one the parse hid: "Côté
    irlandais, l'entraîneur X a salué" (a fronted phrase coordinated with
    the subject), "X estime que la décision va ... mais regrette que" (a
    second report tied into the first one's clause: the first reporter), a
    gerund's (its sentence's subject)."""
    fronted = subjects.fronted_conjunct(s.doc[subj], s.v) if subj is not None else None
    if fronted is not None:
        return fronted.i
    outer = subjects.outer_report(s.v, s.L) if subj is not None else None
    if outer is not None:
        return subjects.subject(outer, s.L, s.quotes.inside)
    v = s.v
    if v.i > 0 and s.L.has("gerund_markers", s.doc[v.i - 1].lower_) and v.sent.root.i != v.i:
        # "X s'est dit « très fier », tout en reconnaissant que ...": a
        # gerund's subject is its sentence's, wherever the parse hung it
        return subjects.subject(v.sent.root, s.L, s.quotes.inside)
    return subj


def _an_act(s: Site) -> bool:
    """ "Le tribunal a condamné X à deux ans de prison": someone, then a
    complement the lexicon lists (`act_cases`), make the cue an act, not
    words (but "a condamné l'attaque à Kaboul" is words)."""
    cases = s.cue.entry.get("act_cases")
    obj = _object(s.v) if cases else None
    if obj is None or not (s.SL.kinds(obj) & {"person"} or (e := s.ents.at(obj.i)) and s.ents.by_id[e].type == "PER"):
        return False
    # (the parse may hang the complement on the object: "X à deux ans")
    return any(c.dep_.startswith(("obl", "nmod")) and c.i > s.v.i and any(
        g.dep_ == "case" and g.lower_ in cases for g in c.children) for h in (s.v, obj) for c in h.children)


def _mute(tok: Token, s: Site) -> bool:
    """A common noun that names no one who can speak ("la décision")."""
    return tok.pos_ == "NOUN" and s.ents.at(tok.i) is None and not s.SL.can_speak(tok)


def _speaking_place(doc: Doc, subj: int, L: CueLexicon) -> int | None:
    """The body where an indefinite subject speaks: "affirme-t-on au
    ministère", "indique-t-on à l'Élysée" (read linearly: the parser
    rarely gets the inverted clitic right)."""
    for k in range(subj + 1, min(len(doc), subj + 3)):
        if L.has("speaking_places", doc[k].lower_):
            noun = next((t for t in doc[k + 1:k + 4] if t.pos_ in ("NOUN", "PROPN")), None)
            if noun is not None and all(t.pos_ == "DET" for t in doc[k + 1:noun.i]):
                return noun.i
    # ... or set before it: "Dans l'entourage du ministre, on assure que ..."
    verb = doc[subj].head
    fronted = next((c for c in verb.children if c.i < subj and c.dep_.startswith("obl") and c.pos_ in ("NOUN", "PROPN")
                    and any(g.dep_ == "case" and L.has("speaking_places", g.lower_) for g in c.children)), None)
    return fronted.i if fronted is not None else None


def _source(v: Token, entry: dict) -> int | None:
    """The one the news came from, after one of the cue's `source_words`:
    "auprès d'une source policière" (the word heads the noun) or "de source
    judiciaire" (the word is the noun's case)."""
    words = entry["source_words"]
    for c in v.children:
        if c.i < v.i:
            continue
        if c.lower_ in words and c.pos_ != "ADP":
            noun = next((g for g in c.children if g.pos_ in ("NOUN", "PROPN", "PRON")), None)
            if noun is not None:
                return noun.i
        if c.pos_ in ("NOUN", "PROPN") and (c.dep_.startswith("obl") or c.dep_ == "nmod") \
                and any(g.dep_ == "case" and g.lower_ in words for g in c.children):
            return c.i
    # The parser may hang the complement elsewhere ("lit-on dans le rapport"
    # with "lit" read as a noun): a source phrase right after the cue.
    doc = v.doc
    k = subjects.cue_end(v)
    if k < len(doc) and doc[k].lower_ in words:
        noun = next((t for t in doc[k + 1:k + 4] if t.pos_ in ("NOUN", "PROPN")), None)
        if noun is not None and all(t.pos_ == "DET" for t in doc[k + 1:noun.i]):
            return noun.i
    return None


def _incise_in_quote_draft(s: Site) -> list[Draft] | None:
    if "quote" not in s.cue.entry.get("frames", []) or "Fin" not in s.v.morph.get("VerbForm") \
            and not any(c.dep_.startswith("aux") for c in s.v.children):
        return None
    found = incise_in_quote(s)
    if found is None:
        return None
    s.quotes.claim(found.quote)
    doc, v = s.doc, s.v
    first, last = _cue_words(doc, v, s.cue, s.L)
    parts = [(found.start, found.end)] + ([found.rest] if found.rest else [])
    return [Draft(frame="incise-in-quote", anchor=v.i, start=a, end=b,
                  stance=stance.of_cue(v, s.cue, s.L), cue_text=doc[first:last].text,
                  cue_span=(doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)),
                  speaker_tok=found.speaker, quote=found.quote, direct=True) for a, b in parts]


def _narrative_infinitive(v: Token, L: CueLexicon) -> int | None:
    """ "Et le coach de souligner que ...", "Et d'ajouter : « ... »": the
    narrative infinitive reports like a finite verb. Returns the head of the
    noun phrase between the opener and "de", -1 when there is none (the
    speaker is the one before), None when this is no such infinitive."""
    doc = v.doc
    if "Inf" not in v.morph.get("VerbForm") or v.i < 2 or not L.has("content_lead", doc[v.i - 1].lower_):
        return None
    first = cached.start(v)
    while first < v.i and (doc[first].is_punct or doc[first].is_space):
        first += 1
    if not L.has("narrative_openers", doc[first].lower_):
        return None
    between = doc[first + 1:v.i - 1]
    if not len(between):
        return -1
    if any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in between):
        return None
    head = next((t for t in between if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
    return head.i if head is not None else None


def _detached_participle(v: Token) -> bool:
    """ "… a écrit le ministre. Ajoutant un mot pour « … ».", "Adding that
    …": a sentence that is only a present participle's clause goes on with
    the one who spoke just before."""
    doc = v.doc
    first = cached.start(v)
    while first < v.i and (doc[first].is_punct or doc[first].is_space):
        first += 1
    forms = v.morph.get("VerbForm")
    return first == v.i and v.dep_ == "ROOT" and v.pos_ == "VERB" \
        and ("Ger" in forms or "Part" in forms and "Pres" in v.morph.get("Tense"))


def _agentless_passive(v: Token) -> bool:
    """ "Il est prévu que ...", "l'enquête demandée à son administration": an
    agentless passive, or a past participle describing a noun, reports
    nobody's words. (A participle with a direct object is none: "L'étude,
    publiée dans Nature, décrit une planète": the parser misread a present.)"""
    passive = any(c.dep_ == "aux:pass" for c in v.children) or v.dep_ == "acl" \
        and "Part" in v.morph.get("VerbForm") and "Past" in v.morph.get("Tense") \
        and not any(c.dep_.startswith("aux") or c.dep_ == "obj" for c in v.children) and split_auxiliary(v) is None
    return passive and not any(c.dep_ == "obl:agent" for c in v.children)


def split_auxiliary(v: Token) -> Token | None:
    """ "a de son côté dénoncé", "a, pour sa part, estimé": a finite
    auxiliary, an adverbial, then the participle. The parse often takes the
    adverbial's noun for an object and hangs the participle on it; the
    auxiliary makes it a compound tense all the same."""
    doc = v.doc
    for k in range(v.i - 2, max(v.i - 7, -1), -1):
        aux = doc[k]
        if aux.pos_ == "AUX" and "Fin" in aux.morph.get("VerbForm"):
            gap = doc[k + 1:v.i]
            if (gap[0].pos_ in ("ADP", "ADV") or gap[0].text == ",") and all(
                    t.pos_ in ("ADP", "DET", "NOUN", "PRON", "ADV", "ADJ") or t.text == "," for t in gap):
                return aux
            return None
        if aux.pos_ in ("VERB", "AUX") or aux.is_punct and aux.text != ",":
            return None
    return None


def _bare_infinitive(v: Token, L: CueLexicon) -> bool:
    """ "Elles ont manifesté pour dénoncer ...": an infinitive of purpose
    reports nothing; one governed by a verb ("a refusé de confirmer") does.
    A finite auxiliary makes it no infinitive ("did not deny")."""
    if "Inf" not in v.morph.get("VerbForm") or _finite_aux(v):
        return False
    if v.dep_ == "ROOT" and any(c.dep_ in ("nsubj", "nsubj:pass") and c.i < v.i and c.pos_ in ("NOUN", "PROPN")
                                for c in v.children):
        return False  # "Le groupe invoque « ... »": a finite verb the tagger read as an infinitive
    return v.dep_ not in ("xcomp", "conj") or any(c.dep_ == "mark" and L.has("purpose", c.lower_) for c in v.children)


def _finite_aux(v: Token) -> bool:
    return any(c.pos_ == "AUX" and c.dep_.startswith("aux") and "Fin" in c.morph.get("VerbForm") for c in v.children)


def _cue_words(doc: Doc, v: Token, cue: Cue, L: CueLexicon) -> tuple[int, int]:
    """Token range of a verb cue with its auxiliaries, negation, reflexive
    clitic and governor ("n'a pas nié", "a refusé de confirmer", "s'est dit")."""
    start, end = min(v.i, cue.start), max(subjects.cue_end(v), cue.end)
    if v.dep_ == "xcomp" and v.head.i < v.i and v.i - v.head.i <= 3:
        start = v.head.i  # "a refusé de commenter": the governor is part of the cue
        v = v.head
    for c in v.children:
        if c.i >= v.i - 4 and c.i < v.i and (
                c.dep_ in _AUX_DEPS
                or c.dep_ == "advmod" and L.has("negation_particles", c.lower_)
                or c.dep_ == "expl:comp" and L.has("reflexive", c.lower_)):
            start = min(start, c.i)
    return start, end


# --- noun frames ------------------------------------------------------------------

def noun_draft(s: Site) -> Draft | None:
    """ "Trump's claim that the election was stolen", "l'affirmation du
    ministre selon laquelle la dette baisse", "la promesse du président de
    baisser les impôts": a reporting noun, the clause it introduces, and
    whose words they are (its possessor, or its complement before the
    clause). No one named, no statement."""
    doc, n = s.doc, s.v
    allowed = set(s.cue.entry.get("frames", []))
    speaker = next((c for c in n.children if c.dep_ == "nmod:poss" and c.pos_ in ("PROPN", "NOUN")), None) \
        or next((c for c in n.children if c.i > n.i and c.dep_.startswith("nmod") and c.pos_ in ("PROPN", "NOUN")
                 and any(g.dep_ == "case" and s.SL.is_author_case(g.lower_) for g in c.children)), None) \
        or _giver(n, s.L)
    if speaker is None:
        return None
    # (the parse may hang the clause on the speaker: "la promesse du président de baisser ...")
    found = next(((c, lead) for h in (n, speaker) for c in h.children if c.i > max(n.i, speaker.i)
                  and c.dep_.startswith(("acl", "ccomp", "xcomp", "nmod")) and c.pos_ in ("VERB", "AUX", "ADJ", "NOUN")
                  and (lead := _noun_content_lead(s, c, allowed)) is not None), None)
    if found is None:
        return None
    comp, lead = found
    last = _before_the_sentence_verb(doc, lead, comp.right_edge.i)
    if lead > last:
        return None
    start, end = spans.chars(doc, lead, last)
    own = (speaker.left_edge.i, speaker.i + 1) if speaker.dep_ == "nmod:poss" else None  # (without the "'s")
    return Draft(frame="noun", anchor=n.i, start=start, end=end, stance=s.cue.entry["stance"], cue_text=n.text,
                 cue_span=(n.idx, n.idx + len(n.text)), speaker_tok=speaker.i, speaker_span=own)


def _giver(n: Token, L: CueLexicon) -> Token | None:
    """ "The agency reiterated a warning not to drive through floodwater":
    the subject of the verb that gives the noun as its object."""
    v = n.head
    if n.dep_ not in ("obj", "dobj") or v.pos_ != "VERB" or not L.has("noun_givers", v.lemma_.lower()):
        return None
    return next((c for c in v.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN")), None)


def _before_the_sentence_verb(doc: Doc, first: int, last: int) -> int:
    """ "that taxes would rise angered voters", "selon laquelle la dette
    baisse est fausse": a second finite verb right after the clause's own,
    with nothing that links them, is the sentence's, which the parse took
    into the clause; the clause ends before it."""
    seen = False
    for t in doc[first:last + 1]:
        if t.pos_ in ("CCONJ", "SCONJ") or t.text in (",", ";") or "Rel" in t.morph.get("PronType"):
            seen = False
        elif t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm"):
            if seen:
                return t.i - 1
            seen = True
    return last


def _noun_content_lead(s: Site, comp: Token, allowed: set[str]) -> int | None:
    """Where a reporting noun's content starts: after its complementizer
    ("that", "que") or a relative of report ("selon laquelle"), or after the
    "de"/"to" of its infinitive."""
    doc, L = s.doc, s.L
    k = comp.left_edge.i
    if "que" in allowed and L.has("complementizers", doc[k].lower_):
        return k + 1
    if "que" in allowed and k + 1 < len(doc) and L.has("noun_relatives", f"{doc[k].lower_} {doc[k + 1].lower_}"):
        return k + 2
    if "inf" in allowed and "Inf" in comp.morph.get("VerbForm") and L.has("content_lead", doc[k].lower_):
        return k + 1
    if "inf" in allowed and "Inf" in comp.morph.get("VerbForm") and L.has("negation", doc[k].lower_) \
            and k + 1 < len(doc) and L.has("content_lead", doc[k + 1].lower_):
        return k  # "a warning not to drive": the negation is what is warned
    return None


# --- marker frames ----------------------------------------------------------------

def marker_draft(s: Site) -> Draft | None:
    doc, m, cue = s.doc, s.v, s.cue
    noun = _marker_object(doc, m, cue)
    if noun is None:
        return None
    first_word = cue.start
    cue_text = doc[first_word:m.i + 1].text
    cue_span = (doc[first_word].idx, m.idx + len(m.text))
    base = dict(anchor=m.i, stance=cue.entry["stance"], cue_text=cue_text, cue_span=cue_span)
    if s.L.has("relative", noun.lower_):
        found = _relative_marker(s, noun)
        if found is None:
            return None
        return Draft(frame="marker-relative", start=found.start, end=found.end, speaker_tok=found.speaker, **base)
    source = _marker_source(noun, s)
    if source is None:
        return None
    phrase_end = _past_name(s, noun.i, _phrase_end(doc, noun, cached.end(m)))
    nxt = phrase_end + 1
    while nxt < len(doc) and doc[nxt].text == ",":
        nxt += 1
    opens_clause = nxt < len(doc) and (doc[nxt].pos_ in ("VERB", "AUX") and doc[nxt].morph.get("VerbForm") != ["Inf"]
                                       or s.L.has("relative", doc[nxt].lower_))
    if opens_clause and phrase_end > noun.i + 1:
        # "Selon l'AFP qui ..., François Hollande, ..., a soutenu que": the last
        # name read as an apposition is the subject of the reported clause.
        phrase_end = _phrase_end(doc, noun, cached.end(m), appositions=False)
    speaker_span = (m.i + 1, phrase_end + 1)
    initial = spans.clause_initial(doc, first_word)
    if cue.entry.get("initial") and not (initial and phrase_end + 1 < len(doc)
                                         and doc[phrase_end + 1].text in (",", ":")):
        return None
    q = _quote_after(s, phrase_end + 1)
    if q is not None and s.text[doc[phrase_end].idx + len(doc[phrase_end].text):q.open].strip() in ("", ",", ":"):
        s.quotes.claim(q)
        return Draft(frame="marker-quote", start=q.start, end=q.end, speaker_tok=source.i, speaker_span=speaker_span,
                     quote=q, direct=True, **base)
    if initial:
        nxt = phrase_end + 1
        # "D'après un sondage publié dimanche, ...": the poll's own clause (the
        # parse may make the participle the noun's head: "selon un rapport
        # consulté par l'AFP, ...")
        heads_noun = noun.head.i == nxt
        if nxt < len(doc) and "Part" in doc[nxt].morph.get("VerbForm") \
                and (heads_noun or phrase_start_le(doc[nxt].head.i, m.i, phrase_end)):
            nxt = max(t.i for t in doc[nxt].subtree if t.i > phrase_end) + 1 if heads_noun \
                else doc[nxt].right_edge.i + 1
        span = _after_marker(s, nxt)
        frame = "marker-initial"
    else:
        start = spans.clause_start(doc, first_word)
        span = spans.chars(doc, start, first_word - 1) if start <= first_word - 1 else None
        last = spans.sentence_last(doc, m.i)
        named_after = all(s.ents.at(i) is not None or doc[i].is_punct for i in range(phrase_end + 2, last + 1)) \
            or phrase_end + 2 <= last and doc[phrase_end + 2].pos_ != "CCONJ" \
            and not any(t.pos_ in ("VERB", "AUX") for t in doc[phrase_end + 2:last + 1])
        # ("…, selon Arnaud Rousseau, le président de la FNSEA.": no verb after,
        # the rest describes the source; but "…, et trois blessés" goes on)
        if span is not None and phrase_end + 2 <= last and doc[phrase_end + 1].text == "," \
                and not _new_clause(doc, phrase_end + 2, last) and not named_after:
            # (but "…, selon le procureur de Nantes, Renaud Gaudeul.": the rest names the source)
            # "Rappelons qu'au Congrès, selon X, les républicains auront ...", "Deux
            # soldats ont été tués selon l'armée, et trois blessés": the marker
            # reports the whole clause around it.
            span = spans.chars(doc, start, last)
            if not _has_verb(doc, doc[start].idx, doc[first_word].idx) \
                    and not any(t.dep_ in subjects.SUBJECT_DEPS for t in doc[start:first_word]):
                # "Mais pour le moment, à en croire X, ..." (but "Les prix,
                # selon l'Insee, ont augmenté": the lead is the subject)
                span = _after_marker(s, phrase_end + 1)
        elif span is not None and phrase_end + 1 < last and not doc[phrase_end + 1].is_punct \
                and doc[phrase_end + 1].pos_ in ("ADP", "DET", "NOUN", "ADJ", "NUM") \
                and not _new_clause(doc, phrase_end + 1, last):
            span = spans.chars(doc, start, last)  # "Il s'agit selon lui d'une « erreur grave »": the clause goes on
        frame = "marker-final"
    if span is None or span[1] - span[0] < 3:
        return None
    return Draft(frame=frame, start=span[0], end=span[1], speaker_tok=source.i, speaker_span=speaker_span, **base)


def _past_name(s: Site, head: int, end: int) -> int:
    """The phrase runs to the end of the name its noun starts, which the
    parse may have cut ("Pour l'UFC-Que Choisir, ...")."""
    e = s.ents.at(head)
    while e is not None and end + 1 < len(s.doc) and s.ents.at(end + 1) == e:
        end += 1
    return end


def _new_clause(doc: Doc, i: int, last: int) -> bool:
    """ "..., et beaucoup ont peur que ...": a conjunction, then a clause with
    a subject of its own before its finite verb."""
    if doc[i].pos_ != "CCONJ":
        return False
    # (not "..., et a fait trois morts": the same subject goes on)
    return any("Fin" in t.morph.get("VerbForm") for t in doc[i + 2:last + 1])


def phrase_start_le(i: int, start: int, end: int) -> bool:
    return start <= i <= end


def _marker_object(doc: Doc, m: Token, cue: Cue) -> Token | None:
    """The noun a marker introduces: "selon -> l'AFP", "according to -> X"
    (the fixed expression hangs off its first word), "à en croire -> X" (the
    marker's own verb governs it). None before an infinitive: "Pour faire
    venir la star, les organisateurs ..." says why, not who."""
    k = cue.end
    while k < len(doc) and doc[k].pos_ == "PRON" and k - cue.end < 2:
        k += 1  # ("pour le convaincre", "pour y arriver")
    if k < len(doc) and doc[k].pos_ in ("VERB", "AUX") and "Inf" in doc[k].morph.get("VerbForm") \
            and doc[k].text.islower():  # (not a name the tagger took for a verb: "According to Rathbun")
        return None
    if m.pos_ == "VERB":
        obj = next((c for c in m.children if c.dep_ == "obj" and c.i > m.i), None)
        if obj is not None:
            return obj
    noun = m.head if m.dep_ in ("case", "fixed", "mark") or cue.end - cue.start > 1 else None
    while noun is not None and noun.i <= m.i and noun.head.i != noun.i:
        noun = noun.head
    if noun is None or noun.i <= m.i:
        # The parser may attach the marker's noun elsewhere; the next word is it.
        nxt = m.i + 1
        while nxt < len(doc) and doc[nxt].pos_ == "DET":
            nxt += 1
        if nxt < len(doc) and doc[nxt].pos_ in ("NOUN", "PROPN", "PRON") and nxt - m.i <= 3:
            return doc[nxt]
        return None
    return noun


def _relative_marker(s: Site, rel: Token) -> Found | None:
    """ "le Medef, pour qui toute hausse serait ruineuse", "Pierre Leroy,
    selon qui les résultats ...": the antecedent speaks; the content is the
    rest of the relative clause."""
    doc = s.doc
    clause = rel.head
    comma = next((t.i for t in doc[rel.i:cached.end(rel)] if t.text == ","), len(doc))
    while clause.dep_ not in ("acl:relcl", "acl") and clause.head.i != clause.i and s.cue.start < clause.head.i < comma:
        clause = clause.head  # (not past the comma that closes the relative: "pour qui ..., a salué")
    # The antecedent stands right before the comma (the parser often hangs
    # the relative clause on an earlier noun).
    j = s.cue.start - 1
    while j >= 0 and (doc[j].is_punct or doc[j].is_space):
        j -= 1
    while j > 0 and doc[j].pos_ == "ADJ":
        j -= 1
    antecedent = doc[j] if j >= 0 and doc[j].pos_ in ("NOUN", "PROPN") else None
    if antecedent is None and clause.dep_ in ("acl:relcl", "acl") and clause.head.i < s.cue.start:
        antecedent = clause.head
    if antecedent is None:
        return None
    first = rel.i + 1
    last = spans.sentence_last(doc, rel.i)
    end_of_sentence = last
    if clause.i > rel.i:
        last = min(last, max(clause.right_edge.i, first))
    if first > last:
        return None
    if not _is_clause(doc, spans.chars(doc, first, last)):
        # "pour qui toute hausse des salaires serait ruineuse, refuse": the
        # parse ended the relative before its verb; it runs to the comma
        last = next((k - 1 for k in range(last + 1, end_of_sentence + 1) if doc[k].text == ","), end_of_sentence)
    return Found(*spans.chars(doc, first, last), speaker=antecedent.i)


def _after_marker(s: Site, nxt: int) -> tuple[int, int] | None:
    """ "Selon X, <content>.": to the end of the sentence, or to a colon that
    opens a quotation of its own."""
    doc = s.doc
    s_end = cached.end(doc[min(nxt, len(doc) - 1)])
    while nxt < s_end and doc[nxt].is_punct:
        nxt += 1
    last = s_end - 1
    for t in doc[nxt:s_end]:
        if t.text == ":" and any(q.open > t.idx and q.open - t.idx <= 2 for q in s.quotes.after(t.idx)[:1]):
            last = t.i - 1
            break
        if t.text == "," and t.i > nxt and _someone_else_reports(s, t.i + 1, s_end):
            last = t.i - 1
            break
    if nxt > last:
        return None
    return spans.chars(doc, nxt, last)


def _someone_else_reports(s: Site, i: int, end: int) -> bool:
    """ "Selon X, la femme portait une ceinture, mais la porte-parole ne peut
    pas le confirmer": a conjunction opening a clause with a subject of its
    own whose verb, or the infinitive it governs, is a reporting verb; that
    clause is the narrator's, not the source's."""
    doc = s.doc
    if i >= end or doc[i].pos_ != "CCONJ":
        return False
    verb = doc[i].head
    if verb.i < i:  # (a parse that hangs the conjunction on the first clause's verb)
        verb = next((c for c in verb.children if c.dep_ == "conj" and i < c.i < end), verb)
    if not i < verb.i < end or not any(c.dep_ in subjects.SUBJECT_DEPS and i < c.i < verb.i for c in verb.children):
        return False
    said = [verb] + [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
    # (a noun object makes it no report: "et la majorité des trains assurent leur trajet")
    return any(lemma in s.L.verbs and not any(c.dep_ == "obj" and c.pos_ in ("NOUN", "PROPN") for c in t.children)
               for t in said for lemma in cues.lemmas(t, s.L))


def _phrase_end(doc: Doc, noun: Token, sent_end: int, appositions: bool = True) -> int:
    """Last token of "selon X": up to the comma that ends X, taking in
    appositions set off by commas ("Selon l'ambassadeur ..., Sergiy K., ...",
    "Pour Bernard Thibault, son secrétaire général : « ... »")."""
    i = noun.i
    right = noun.right_edge.i
    while i + 1 < sent_end and doc[i + 1].text not in (",", ":", ";", ".", "«", "“") and not doc[i + 1].is_space \
            and (doc[i + 1].pos_ not in ("VERB", "AUX") or _describes(doc[i + 1], noun.i, i)):
        if (i + 1 > right or doc[i].pos_ == "PROPN") and (doc[i + 1].pos_ == "DET" or doc[i + 1].dep_ in subjects.SUBJECT_DEPS):
            break  # "According to Rathbun the property was ...": a new noun phrase, the content's subject
        i += 1
    rel = next((c for c in noun.children if c.dep_ == "acl:relcl" and c.i > i), None)
    if rel is not None and rel.right_edge.i < sent_end:
        k = rel.i  # "Selon l'AFP qui a rapporté la déclaration, ...": to the comma that ends it
        while k < rel.right_edge.i and doc[k + 1].text not in (",", ":", ";"):
            k += 1
        i = max(i, k)
    while appositions and i + 2 < sent_end and doc[i + 1].text == ",":
        j = i + 2
        # (a past participle may open it: "D'après leurs calculs, publiés dans la revue Nature, ...")
        described = _describes(doc[j], noun.i, i) or doc[j].pos_ == "VERB" and "Part" in doc[j].morph.get("VerbForm") \
            and "Past" in doc[j].morph.get("Tense")
        if described:
            j += 1
        while j < sent_end and doc[j].text not in (",", ":", ";", ".") and doc[j].pos_ not in ("VERB", "AUX") \
                and j - i <= 10:
            j += 1
        segment = doc[i + 2:j]
        nominal = all(t.pos_ in ("PROPN", "NOUN", "ADJ", "DET", "ADP", "PUNCT", "NUM", "CCONJ") for t in segment)
        named = any(t.pos_ == "PROPN" or t.ent_type_ for t in segment)
        listed = segment and segment[0].pos_ == "ADJ"  # "les syndicats chrétien, socialiste et libéral, ..."
        apposed = any(t.dep_ == "appos" and t.head.i == noun.i for t in segment)  # ", spécialiste du climat,"
        bare = segment and segment[0].pos_ == "NOUN"  # ", partie civile,": a noun with no article describes
        if j < sent_end and (nominal or described) and (doc[j].text == "," and (named or listed or apposed or bare
                                                                                or described)
                                         or doc[j].text == ":" and len(segment) <= 6):
            i = j - 1
        else:
            break
    return i


def _describes(t: Token, start: int, end: int) -> bool:
    """A past participle describing a noun of the phrase ("les résultats déjà
    confirmés"), not the verb of the clause that follows."""
    return t.dep_ == "acl" and start <= t.head.i <= end and "Part" in t.morph.get("VerbForm") \
        and "Past" in t.morph.get("Tense")


def _marker_source(noun: Token, s: Site) -> Token | None:
    """ "selon l'AFP", "selon lui", "selon une étude": the source a marker's
    noun names (the noun, or the complement that speaks for it), or none:
    "selon les cas", "selon les saisons" mean "depending on"."""
    if noun.pos_ == "PRON":
        return noun if s.L.has("marker_pronouns", noun.lower_) else None
    named = any((e := s.ents.at(t.i)) and s.ents.by_id[e].type in ("PER", "ORG") and t.i - noun.i <= 12
                for t in noun.subtree)
    own = s.ents.at(noun.i)
    # ("selon Tokyo", "according to Moscow": a capital or a country for its government)
    place = own is not None and s.ents.by_id[own].type == "LOC"
    speaks = s.SL.can_speak(noun)
    complement = _speaking_complement(noun, s)
    if not (named or place or speaks or complement is not None):
        return None
    return noun if speaks or own else (complement or noun)


def _speaking_complement(noun: Token, s: Site) -> Token | None:
    """ "selon les premiers éléments de l'enquête", "selon les conclusions du
    rapport": a head that says nothing, and a complement that speaks."""
    return next((c for c in noun.children if c.dep_ == "nmod" and c.i > noun.i and s.SL.can_speak(c)), None)
