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

import functools
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .entities import EntityIndex, fold

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
    bare: bool = False  # a bare role or body noun: "le ministre", "la fédération"
    animate: bool = True
    others: list[str] = field(default_factory=list)  # coordinated speakers' entities


@dataclass(frozen=True)
class _Lex:
    pronouns: dict[str, tuple[str, str]]
    first_person: frozenset[str]
    spokesperson: frozenset[str]
    documents: frozenset[str]
    persons: frozenset[str]
    institutions: frozenset[str]


@functools.cache
def _lex(lex_id: int, ref) -> _Lex:  # noqa: ARG001 - lex_id keys the cache
    lex = ref()
    cues = lex.get("cues", {})
    spk = lex.get("speakers", {})
    return _Lex(
        pronouns={k: tuple(v) for k, v in cues.get("pronouns", {}).items()},
        first_person=frozenset(cues.get("words", {}).get("first_person", [])),
        spokesperson=frozenset(spk.get("spokesperson", [])),
        documents=frozenset(spk.get("documents", [])),
        persons=frozenset(spk.get("persons", [])),
        institutions=frozenset(spk.get("institutions", [])),
    )


def lex_for(lex: dict) -> _Lex:
    return _lex(id(lex), lambda: lex)


class Resolver:
    """Reads speaker phrases in document order, remembering who was spoken of."""

    def __init__(self, doc: Doc, ents: EntityIndex, lex: dict, inside_quote):
        self.doc = doc
        self.ents = ents
        self.L = lex_for(lex)
        self.inside_quote = inside_quote
        self.slots: list[tuple[int, Speaker]] = []  # resolved, by token index
        self.alias: dict[str, str] = {}  # folded description head -> entity id
        for e in ents.entities:
            if e.type == "ORG" and e.name[:1].islower():
                self.alias.setdefault(fold(e.name.split()[0]), e.id)
        self._subjects = sorted(
            t.i for t in doc
            if t.dep_ in _SUBJECTS and t.pos_ in ("NOUN", "PROPN", "PRON") and not inside_quote(t.idx)
        )
        self._next_subject = 0

    # -- the phrase itself ----------------------------------------------------

    def phrase(self, tok: Token) -> Speaker:
        doc, ents, L = self.doc, self.ents, self.L
        low = tok.lower_
        if low in L.pronouns and tok.pos_ == "PRON":
            g, n = L.pronouns[low]
            return Speaker(None, tok.text, tok.i, g or None, n or None, pronoun=True)
        eid = ents.at(tok.i)
        start, end = _np_range(tok)
        names = [m for m in ents.in_tokens(start, end) if ents.by_id[m.entity].type in ("PER", "ORG", "LOC")]
        persons = [m for m in names if ents.by_id[m.entity].type == "PER"]
        orgs = [m for m in names if ents.by_id[m.entity].type != "PER"]
        head_low = low
        pick = None
        if head_low in L.spokesperson or head_low in L.documents:
            pick = (persons or orgs or [None])[0]
            if pick is None:
                inner = _nmod_noun(tok)
                if inner is not None and fold(inner.lemma_) in self.alias:
                    eid2 = self.alias[fold(inner.lemma_)]
                    return self._entity_speaker(eid2, tok, start, end)
        elif persons:
            pick = persons[0]
        elif eid is not None and ents.by_id[eid].type in ("PER", "ORG", "LOC"):
            return self._entity_speaker(eid, tok, start, end)
        elif orgs and _appositive(tok, orgs[0], doc):
            pick = orgs[0]
        if pick is not None:
            if tok.pos_ == "NOUN" and head_low not in L.documents:
                self.alias.setdefault(fold(tok.lemma_), pick.entity)
            return self._entity_speaker(pick.entity, tok, start, end)
        # A description: keep it, as written, without its article.
        while start < tok.i and doc[start].pos_ == "DET":
            start += 1
        text = doc[start:end].text.strip(" ,")
        bare = end - start <= 2 and (tok.lemma_ in L.persons or low in L.persons
                                     or low in L.institutions or tok.lemma_ in L.institutions)
        animate = (low in L.persons or tok.lemma_ in L.persons or low in L.institutions
                   or tok.lemma_ in L.institutions or low in L.spokesperson)
        g = tok.morph.get("Gender")
        n = tok.morph.get("Number")
        return Speaker(None, text, tok.i, g[0] if g else None, n[0] if n else None,
                       bare=bare, animate=animate)

    def _entity_speaker(self, eid: str, tok: Token, start: int, end: int) -> Speaker:
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

    def resolve(self, tok: Token) -> Speaker:
        """The speaker `tok` heads, with pronouns and bare nouns resolved.
        Call in document order."""
        self._absorb_subjects_before(tok.i)
        sp = self.phrase(tok)
        if sp.pronoun:
            found = self._antecedent(tok, sp)
            if found is not None:
                sp = Speaker(found.entity, found.text, tok.i, found.gender or sp.gender,
                             found.number or sp.number, others=found.others, bare=found.bare)
            elif tok.lower_ == "qui" and tok.head.head.i != tok.head.i:
                sp = self.phrase(tok.head.head)
        elif sp.bare and sp.entity is None:
            sp = self._bare(tok, sp)
        self.slots.append((tok.i, sp))
        return sp

    def _absorb_subjects_before(self, i: int) -> None:
        # Subjects seen on the way are candidate antecedents too.
        while self._next_subject < len(self._subjects) and self._subjects[self._next_subject] < i:
            j = self._subjects[self._next_subject]
            self._next_subject += 1
            t = self.doc[j]
            sp = self.phrase(t)
            if sp.pronoun:
                if t.lower_ in ("il", "elle", "ils", "elles") and t.dep_ != "expl:subj":
                    found = self._antecedent(t, sp)
                    if found is not None:
                        self.slots.append((j, found))
                continue
            if sp.bare and sp.entity is None:
                sp = self._bare(t, sp)
            if sp.entity is not None or sp.animate:
                self.slots.append((j, sp))

    def _antecedent(self, tok: Token, sp: Speaker) -> Speaker | None:
        sent_start = tok.sent.start
        limit = self._sentence_back(tok, 4)
        for j, cand in reversed(self.slots):
            if j >= tok.i or j < limit:
                continue
            if j >= sent_start and cand.head == tok.head.i:
                continue
            if not (cand.entity is not None or cand.animate):
                continue
            if cand.entity and self.ents.by_id[cand.entity].type == "LOC" and sp.number == "Sing" and not cand.others:
                # A country can speak, but "il" is rarely one: prefer a person
                # or body unless nothing else is near.
                continue
            if _clash(sp.gender, cand.gender) or _clash(sp.number, cand.number):
                continue
            return cand
        return None

    def _sentence_back(self, tok: Token, n: int) -> int:
        sent = tok.sent
        for _ in range(n):
            if sent.start == 0:
                return 0
            sent = self.doc[sent.start - 1].sent
        return sent.start

    def _bare(self, tok: Token, sp: Speaker) -> Speaker:
        key = fold(tok.lemma_)
        if key in self.alias:
            return self._entity_speaker(self.alias[key], tok, tok.i, tok.i + 1)
        # "le président de la République" -> the person introduced as "président".
        best = None
        for e in self.ents.entities:
            if e.type != "PER":
                continue
            for role in e.roles:
                if fold(role.split()[0]) in (key, fold(tok.text)):
                    best = e.id
        if best is None and (tok.lower_ in self.L.persons or tok.lemma_ in self.L.persons):
            # "l'universitaire" after a named person spoke: that person.
            for j, cand in reversed(self.slots):
                if j < tok.i and cand.entity and self.ents.by_id[cand.entity].type == "PER":
                    if not _clash(sp.gender, cand.gender) and j >= self._sentence_back(tok, 4):
                        best = cand.entity
                    break
        if best is not None:
            return self._entity_speaker(best, tok, tok.i, tok.i + 1)
        return sp


def _clash(a: str | None, b: str | None) -> bool:
    return bool(a and b and a != b)


def _np_range(tok: Token) -> tuple[int, int]:
    """The contiguous noun phrase `tok` heads, without clauses hanging off it."""
    keep = {tok.i}
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in _CUT and not (c.dep_ == "punct" and c.text in ("(", ")")):
                if c.dep_ == "punct" or c.dep_ in ("cc", "conj"):
                    continue
                continue
            keep.add(c.i)
            stack.append(c)
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


def _appositive(tok: Token, m, doc: Doc) -> bool:
    """An organisation named in apposition to the head noun ("la fédération
    des banques, Febelfin"), not merely inside its complement."""
    first = doc[m.start]
    return first.dep_ == "appos" or (m.start > 0 and doc[m.start - 1].text == ",")
