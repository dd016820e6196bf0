"""Who a speaker phrase refers to: a named entity, a pronoun's antecedent, or
a description ("le ministère américain de la Défense") kept as a source.

Speaker resolution, not quote finding, is where attribution fails: "il",
"-t-il", "qui", "le ministre", "la porte-parole de la fédération". The rules
here use only the parse, the entities and the sentences before: a pronoun
goes to the nearest preceding person or body that agrees in gender and
number and was itself a subject or a speaker; a bare role noun goes to the
entity introduced with that role; a spokesperson speaks for the body named
after them.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.attrs import DEP, POS
from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Doc, Token

from .. import lexicon
from . import cached
from ..text import fold
from .entities import EntityIndex

# Dependents that end a noun phrase's description: a relative clause, a
# participle clause, a parenthetical or a second clause is not part of who
# spoke.
_CUT = {"acl:relcl", "acl", "advcl", "ccomp", "parataxis", "cc", "conj", "punct", "dep", "xcomp"}
_SUBJECTS = {"nsubj", "nsubj:pass", "expl:subj"}


@dataclass
class Speaker:
    entity: str | None
    text: str
    head: int
    gender: str | None = None
    number: str | None = None
    pronoun: bool = False
    kind: str = ""  # a pronoun's antecedent: "person", "thing" or either
    bare: bool = False  # a bare role or body noun: "le ministre", "la fédération"
    animate: bool = True
    person: bool = False  # a description of a person ("le président de la République")
    others: list[str] = field(default_factory=list)  # coordinated speakers' entities


@dataclass(frozen=True)
class _Lex:
    pronouns: dict[str, tuple[str, ...]]
    personal: frozenset[str]
    relative: frozenset[str]
    function_words: frozenset[str]
    first_person: frozenset[str]
    spokesperson: frozenset[str]
    documents: frozenset[str]
    persons: frozenset[str]
    institutions: frozenset[str]
    members: frozenset[str]


def _lex(lex: dict) -> _Lex:
    cues = lex.get("cues", {})
    spk = lex.get("speakers", {})
    return _Lex(
        pronouns={k: tuple(v) for k, v in cues.get("pronouns", {}).items()},
        personal=frozenset(cues.get("words", {}).get("personal_pronouns", [])),
        relative=frozenset(cues.get("words", {}).get("relative", [])),
        function_words=frozenset(spk.get("function_words", [])),
        first_person=frozenset(cues.get("words", {}).get("first_person", [])),
        spokesperson=frozenset(spk.get("spokesperson", [])),
        documents=frozenset(spk.get("documents", [])),
        persons=frozenset(spk.get("persons", [])),
        institutions=frozenset(spk.get("institutions", [])),
        members=frozenset(spk.get("members", [])),
    )


def lex_for(lex: dict) -> _Lex:
    return lexicon.derived(lex, "speakers", _lex)


class Resolver:
    """Reads speaker phrases in document order, remembering who was spoken of.

    One per document: `for_doc` keeps it on the document, so that the events
    layer resolves its actors with what attribution already learned."""

    @classmethod
    def for_doc(cls, doc: Doc, ents: EntityIndex, lex: dict, inside_quote) -> "Resolver":
        r = doc.user_data.get("depeche_resolver")
        if r is None or r.ents is not ents:
            r = doc.user_data["depeche_resolver"] = cls(doc, ents, lex, inside_quote)
        return r

    def __init__(self, doc: Doc, ents: EntityIndex, lex: dict, inside_quote):
        self.doc = doc
        self.ents = ents
        self.L = lex_for(lex)
        self.inside_quote = inside_quote
        self.slots: list[tuple[int, Speaker]] = []  # resolved, by token index
        # folded head noun of a description -> (entity id, where it was first
        # tied to that entity): "la fédération" after "la fédération des
        # banques, Febelfin"; "le ministère" after "le ministère de l'Intérieur".
        self.alias: dict[str, tuple[str, int]] = {}
        for e in ents.entities:
            if e.type == "ORG" and e.name[:1].islower() and e.mentions:
                self.alias.setdefault(fold(e.name.split()[0]), (e.id, e.mentions[0][0]))
        strings = doc.vocab.strings
        subjects, nominal = {strings[d] for d in _SUBJECTS}, {NOUN, PROPN, PRON}
        rows = doc.to_array([DEP, POS]).tolist() if len(doc) else []
        self._subjects = [i for i, (dep, pos) in enumerate(rows)
                          if dep in subjects and pos in nominal and not inside_quote(doc[i].idx)]
        self._next_subject = 0

    # -- the phrase itself ----------------------------------------------------

    def phrase(self, tok: Token, span: tuple[int, int] | None = None) -> Speaker:
        """What the phrase headed by `tok` names; `span` (token range) when
        the caller knows the phrase's extent better than the parse."""
        doc, ents, L = self.doc, self.ents, self.L
        low = tok.lower_
        if low in L.pronouns and tok.pos_ == "PRON":
            g, n, *kind = L.pronouns[low]
            return Speaker(None, tok.text, tok.i, g or None, n or None, pronoun=True, kind=kind[0] if kind else "")
        keep = _np_tokens(tok) if span is None else set(range(*span))
        start, end = span or _np_range(tok, keep)
        while start < tok.i and doc[start].pos_ in ("ADP", "PUNCT", "CCONJ"):
            start += 1
        end = _apposed_name(doc, ents, end)
        if tok.pos_ in ("NOUN", "PRON") and not ents.in_tokens(start, end):
            end = _name_before_verb(doc, ents, tok, end)
        keep |= set(range(start, end))
        eid = ents.at(tok.i)
        # Names anywhere in the phrase, also past a participle clause:
        # "L'un des porte-parole ... ayant participé à la recherche, Joe Incandela,".
        names = [m for m in ents.in_tokens(min(keep), max(keep) + 1)
                 if ents.by_id[m.entity].type in ("PER", "ORG", "LOC") and all(i in keep for i in range(m.start, m.end))]
        persons = [m for m in names if ents.by_id[m.entity].type == "PER"]
        orgs = [m for m in names if ents.by_id[m.entity].type != "PER"]
        pick = None
        if low in L.spokesperson or low in L.documents:
            inner = _nmod_noun(tok)
            inner_eid = ents.at(inner.i) if inner is not None else None
            if persons:
                pick = persons[0]
            elif inner_eid is not None:
                return self._entity_speaker(inner_eid, tok)
            elif inner is not None and (hit := self._alias(inner)) is not None:
                return self._entity_speaker(hit, tok)
            elif orgs:
                pick = orgs[0]
        elif persons and (tok.pos_ == "PROPN" or eid is not None or words_in(tok, L.persons)
                          or _appositive(persons[0], doc) or persons[0].start == tok.i + 1):
            # A person named in apposition ("le ministre, Kim Yong Hyun"), not
            # one the head merely belongs to ("les services de Manuel Valls").
            pick = persons[0]
        elif eid is not None and ents.by_id[eid].type in ("PER", "ORG", "LOC"):
            return self._entity_speaker(eid, tok)
        elif orgs and _appositive(orgs[0], doc):
            pick = orgs[0]
        elif orgs and orgs[-1].end == tok.i and words_in(tok, L.members):
            # "Scientology officials said", "Pentagon officials": the body named
            # right before the people who speak for it.
            pick = orgs[-1]
        elif tok.pos_ == "PROPN" and eid is None and (known := self._known_name(tok)) is not None:
            # "Rathbun wrote": a surname the NER missed here but tagged before.
            return self._entity_speaker(known, tok)
        if pick is not None:
            if tok.pos_ == "NOUN" and low not in L.documents and low not in L.spokesperson:
                self.alias.setdefault(fold(tok.lemma_), (pick.entity, doc[pick.start].idx))
            return self._entity_speaker(pick.entity, tok)
        # A description: kept as written, with its article.
        text = doc[start:end].text.strip(" ,")
        words = {low, tok.lemma_}
        person = bool(words & L.persons)
        animate = person or bool(words & (L.institutions | L.spokesperson | L.documents))
        content = [t for t in doc[start:end] if t.pos_ not in ("DET", "ADP")]
        bare = animate and len(content) <= 2 and not names
        g = tok.morph.get("Gender")
        n = tok.morph.get("Number")
        return Speaker(None, text, tok.i, g[0] if g else None, n[0] if n else None,
                       bare=bare, animate=animate, person=person)

    def _known_name(self, tok: Token) -> str | None:
        w = fold(tok.text)
        hit = None
        for e in self.ents.entities:
            if e.type == "PER" and e.mentions and e.mentions[0][0] < tok.idx:
                words = [fold(x) for x in e.name.split()]
                if len(words) > 1 and w in (words[0], words[-1]):
                    hit = e.id
        return hit

    def _alias(self, tok: Token) -> str | None:
        hit = self.alias.get(fold(tok.lemma_)) or self.alias.get(fold(tok.text))
        if hit and hit[1] < tok.idx:
            return hit[0]
        return None

    def _entity_speaker(self, eid: str, tok: Token) -> Speaker:
        ent = self.ents.by_id[eid]
        g = self.ents.gender.get(eid)
        n = self.ents.number.get(eid)
        if tok.pos_ == "NOUN":
            g = g or (tok.morph.get("Gender") or [None])[0]
            n = n or (tok.morph.get("Number") or [None])[0]
        others = []
        for c in tok.children:
            if c.dep_ == "conj":
                e2 = self.ents.at(c.i)
                if e2 and e2 != eid:
                    others.append(e2)
        if others:
            n = "Plur"
        return Speaker(eid, ent.name, tok.i, g, n, others=others)

    # -- resolution in context --------------------------------------------

    def resolve(self, tok: Token, span: tuple[int, int] | None = None) -> Speaker:
        """The speaker `tok` heads, with pronouns and descriptions resolved.
        Call in document order."""
        self._absorb_subjects_before(tok.i)
        if tok.lower_ in self.L.relative and tok.head.dep_ == "acl:relcl" and tok.head.head.i != tok.head.i:
            # "Arnaud Montebourg, le ministre ..., qui a déclaré": the antecedent.
            tok = tok.head.head
            span = None
        sp = self.phrase(tok, span)
        if sp.pronoun:
            found = self._antecedent(tok, sp)
            if found is not None:
                sp = Speaker(found.entity, found.text, tok.i, found.gender or sp.gender,
                             found.number or sp.number, others=found.others, bare=found.bare,
                             animate=found.animate, person=found.person)
        elif sp.entity is None and (sp.bare or sp.person):
            sp = self._description(tok, sp)
        self._slot(tok.i, sp)
        return sp

    def _slot(self, i: int, sp: Speaker) -> None:
        # Kept in text order: a later caller (events) may resolve a phrase
        # that comes before ones already read.
        if self.slots and self.slots[-1][0] > i:
            bisect.insort(self.slots, (i, sp), key=lambda s: s[0])
        else:
            self.slots.append((i, sp))

    def _absorb_subjects_before(self, i: int) -> None:
        # Subjects seen on the way are candidate antecedents too.
        while self._next_subject < len(self._subjects) and self._subjects[self._next_subject] < i:
            j = self._subjects[self._next_subject]
            self._next_subject += 1
            t = self.doc[j]
            sp = self.phrase(t)
            if sp.pronoun:
                if t.lower_ in self.L.personal and t.dep_ != "expl:subj":
                    found = self._antecedent(t, sp)
                    if found is not None:
                        self._slot(j, found)
                continue
            if sp.entity is None and (sp.bare or sp.person):
                sp = self._description(t, sp)
            if sp.entity is not None or sp.animate:
                self._slot(j, sp)

    def _antecedent(self, tok: Token, sp: Speaker) -> Speaker | None:
        sent_start = cached.start(tok)
        limit = self._sentence_back(tok, 4)
        for j, cand in reversed(self.slots):
            if j >= tok.i or j < limit:
                continue
            if j >= sent_start and cand.head == tok.head.i:
                continue
            if not (cand.entity is not None or cand.animate) or cand.entity is None and cand.person:
                continue  # an unresolved "son complice" is no antecedent to pass on
            if cand.entity and self.ents.by_id[cand.entity].type == "LOC" and sp.number == "Sing" and not cand.others:
                # A country can speak, but "il" is rarely one: prefer a person
                # or body unless nothing else is near.
                continue
            if _clash(sp.gender, cand.gender) or _clash(sp.number, cand.number):
                continue
            if sp.kind and cand.entity is not None:
                is_person = self.ents.by_id[cand.entity].type == "PER"
                if is_person != (sp.kind == "person"):
                    continue  # "he" is no company, "it" no person
            elif sp.kind == "thing" and cand.person:
                continue
            return cand
        return None

    def _sentence_back(self, tok: Token, n: int) -> int:
        start = cached.start(tok)
        for _ in range(n):
            if start == 0:
                return 0
            start = cached.start(self.doc[start - 1])
        return start

    def _description(self, tok: Token, sp: Speaker) -> Speaker:
        """ "la fédération", "le président de la République", "l'universitaire":
        the entity this description was tied to, or introduced with."""
        hit = self._alias(tok) if sp.bare else None
        if hit is not None:
            return self._entity_speaker(hit, tok)
        desc = set(fold(sp.text).split()) - self.L.function_words
        best = None
        for e in self.ents.entities:
            if e.type != "PER" or not e.mentions or e.mentions[0][0] >= tok.idx:
                continue
            for role in e.roles:
                words = set(fold(role).split()) - self.L.function_words
                if fold(role.split()[0]) in (fold(tok.lemma_), fold(tok.text)) and (words <= desc or desc <= words):
                    best = e.id
        if best is None and sp.bare and sp.person:
            # "l'universitaire" right after a named person spoke: that person.
            for j, cand in reversed(self.slots):
                if j < tok.i and cand.entity and self.ents.by_id[cand.entity].type == "PER":
                    # "officials" is not the one person named before.
                    if not _clash(sp.gender, cand.gender) and sp.number != "Plur" \
                            and j >= self._sentence_back(tok, 4):
                        best = cand.entity
                    break
        if best is not None:
            return self._entity_speaker(best, tok)
        return sp




def words_in(tok: Token, words: frozenset[str]) -> bool:
    return tok.lower_ in words or tok.lemma_ in words


def _clash(a: str | None, b: str | None) -> bool:
    return bool(a and b and a != b)


def _np_tokens(tok: Token) -> set[int]:
    """The tokens of the noun phrase `tok` heads, without the clauses hanging
    off it (a relative, a participle clause, a second conjunct)."""
    keep = {tok.i}
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in _CUT and not (c.dep_ == "punct" and c.text in ("(", ")")):
                continue
            keep.add(c.i)
            stack.append(c)
    return keep


def _np_range(tok: Token, keep: set[int]) -> tuple[int, int]:
    """The contiguous stretch of the phrase around its head."""
    start = end = tok.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    # An apposition set off by commas ("la fédération des banques, Febelfin,")
    # belongs to the phrase.
    doc = tok.doc
    if end + 2 < len(doc) and doc[end + 1].text == "," and doc[end + 2].dep_ == "appos" and doc[end + 2].head.i in keep:
        k = end + 2
        while k + 1 < len(doc) and doc[k + 1].head.i in range(end + 2, k + 1) and doc[k + 1].text != ",":
            k += 1
        end = k
    return start, end + 1


def _nmod_noun(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN"):
            return c
    return None


def _appositive(m, doc: Doc) -> bool:
    """An organisation named in apposition to the head noun ("la fédération
    des banques, Febelfin"), not merely inside its complement."""
    first = doc[m.start]
    return first.dep_ == "appos" or (m.start > 0 and doc[m.start - 1].text == ",")


def _name_before_verb(doc: Doc, ents: EntityIndex, tok: Token, end: int) -> int:
    """ "Le journaliste et commentateur sportif Thierry Roland s'est éteint":
    titles coordinated before a name; the name closes the subject."""
    k = end
    while k < len(doc) and k - end < 6:
        t = doc[k]
        if t.is_punct or t.pos_ in ("VERB", "AUX") or t.is_space:
            return end
        e = ents.at(k)
        if e and ents.by_id[e].type == "PER":
            while k < len(doc) and ents.at(k) == e:
                k += 1
            return k
        k += 1
    return end


def _apposed_name(doc: Doc, ents: EntityIndex, end: int) -> int:
    """ "L'un des porte-parole ..., Joe Incandela, a annoncé": a person's
    name set off by a comma right after the phrase belongs to it."""
    if end + 1 < len(doc) and doc[end].text == ",":
        e = ents.at(end + 1)
        if e and ents.by_id[e].type == "PER":
            k = end + 1
            while k < len(doc) and ents.at(k) == e:
                k += 1
            if k >= len(doc) or doc[k].text in (",", ":") or doc[k].pos_ in ("VERB", "AUX"):
                return k
    return end
