"""Events: who did what to whom, where and when, typed in PLOVER.

A trigger of the lexicon (lexicons/<lang>/events.toml: "réclamer" DEMAND,
"déployer" MOBILIZE, "menacer" THREATEN, ...) takes its actors from its
subject and its targets from its object or a complement introduced by
"contre", "à"...; both are entity ids, through the same speaker resolution
as statements (pronouns, descriptions) and, for forces named only by their
nationality ("des soldats nord-coréens ont été déployés"), through the
country entity the nationality stands for. An event inside a statement's
content keeps that statement's id: it is claimed, not witnessed.
Infinitives are skipped: "a réclamé [à la Corée du Nord de] retirer ses
forces" reports a demand, not a retreat.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from .. import lexicon
from ..record import Date, Event, Place, Statement
from . import cached
from ..text import apostrophes, fold
from .entities import EntityIndex
from .context import DocContext


@dataclass(frozen=True)
class _Lex:
    verbs: dict[str, dict]
    nouns: dict[str, dict]
    military: frozenset[str]
    target_cases: frozenset[str]
    place_cases: frozenset[str]
    strong_target_cases: frozenset[str]
    conditional_marks: frozenset[str]
    owner_cases: frozenset[str]
    demonyms: dict[str, str]
    country_names: dict[str, str]
    lemmas: frozenset[str]


def _lex(lex: dict) -> _Lex:
    ev = lex.get("events", {})
    words = ev.get("words", {})
    countries = lex.get("countries", {})
    return _Lex(
        verbs=ev.get("verbs", {}),
        nouns=ev.get("nouns", {}),
        military=frozenset(words.get("military", [])),
        target_cases=frozenset(words.get("target_cases", [])),
        place_cases=frozenset(words.get("place_cases", [])),
        strong_target_cases=frozenset(words.get("strong_target_cases", [])),
        conditional_marks=frozenset(words.get("conditional_marks", [])),
        owner_cases=frozenset(apostrophes(w.lower()) for w in words.get("owner_cases", [])),
        demonyms={k.lower(): v for k, v in countries.get("demonyms", {}).items()},
        country_names={fold(k): v for k, v in countries.get("names", {}).items()},
        lemmas=frozenset(ev.get("verbs", {})) | frozenset(ev.get("nouns", {})),
    )


def extract(doc_ctx: DocContext, statements: list[Statement],
            places: list[Place] | None = None, dates: list[Date] | None = None) -> list[Event]:
    doc = doc_ctx.doc
    L = lexicon.derived(doc_ctx.lex, "events", _lex)
    if not L.lemmas:
        return []
    ctx = _Ctx(doc_ctx, statements, places or [], dates or [], L)
    out: list[Event] = []
    for i in _candidates(doc, L):
        tok = doc[i]
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_ in L.verbs:
            ev = ctx.verb_event(tok, L.verbs[tok.lemma_])
        elif tok.pos_ == "NOUN" and tok.lemma_ in L.nouns:
            ev = ctx.noun_event(tok, L.nouns[tok.lemma_])
        else:
            ev = None
        if ev is not None:
            out.append(ev)
    return out


def _candidates(doc: Doc, L: _Lex) -> list[int]:
    hashes = lexicon.derived(L.verbs, "event-hashes", lambda _: {doc.vocab.strings[w] for w in L.lemmas})
    return cached.where(doc, [LEMMA, LOWER], [hashes, hashes])


class _Ctx:
    def __init__(self, doc_ctx: DocContext, statements, places, dates, L):
        self.doc, self.ents, self.statements, self.dates, self.L = doc_ctx.doc, doc_ctx.ents, statements, dates, L
        # The resolver attribution used: it knows who spoke, for "il" and "le ministre".
        self.resolver = doc_ctx.resolver
        self.country_entity = _country_entities(self.ents, places, L)
        self.place_ids = {p.entity for p in places if p.entity}
        self.cue_verbs = doc_ctx.lex.get("cues", {}).get("verbs", {})

    # -- triggers ----------------------------------------------------------

    def verb_event(self, v: Token, entry: dict) -> Event | None:
        if "Inf" in v.morph.get("VerbForm"):
            return None  # demanded, planned or hypothetical, not done
        if entry.get("case") and not self._complement(v, entry["case"]):
            return None
        if entry.get("not_before_cue") and any(
                c.dep_ == "xcomp" and c.lemma_ in self.cue_verbs for c in v.children):
            return None  # "a refusé de confirmer": a stance, already a statement
        subj = _first(v, ("nsubj", "nsubj:pass"))
        if subj is None and v.dep_ == "conj":
            subj = _first(v.head, ("nsubj", "nsubj:pass"))  # "combattent ... et attaquent"
        obj = _first(v, ("obj",))
        if entry.get("subject") == "military" and not (subj is not None and self._military(subj)):
            return None
        if entry.get("object") == "military" and not (
                obj is not None and self._military(obj) or subj is not None and self._passive(v)
                and self._military(subj)):
            return None
        actors: list[str] = []
        targets: list[str] = []
        if self._passive(v):
            agent = _first(v, ("obl:agent",))
            if agent is not None:
                actors = self.parties(agent)
            elif entry.get("passive_actor") == "nationality" and subj is not None:
                actors = self.nationality(subj)
        elif subj is not None:
            actors = self.parties(subj, subject=True)
        if obj is not None and not self._passive(v):
            targets = self.parties(obj)
        elif subj is not None and self._passive(v) and entry.get("passive_actor") != "nationality":
            targets = self.parties(subj)  # "X a été attaqué": X is the target
        for c in v.children:
            if c.dep_ not in ("obl:arg", "obl:mod", "iobj") or (eid := self.ents.at(c.i)) is None:
                continue
            etype, case = self.ents.by_id[eid].type, _case(c)
            # "contre l'Ukraine" is a target whatever it is; "à Villeurbanne"
            # is a place, "à Pékin" (a government) only after a verb of demand.
            if eid in self.place_ids or eid in targets or etype not in ("PER", "ORG", "LOC"):
                continue
            if case in self.L.target_cases and (etype != "LOC" or case in self.L.strong_target_cases):
                targets.append(eid)
        if not actors and not targets:
            return None
        return self._event(entry["type"], v, actors, targets)

    def noun_event(self, n: Token, entry: dict) -> Event | None:
        if entry.get("predicate"):
            # "les troupes seraient « une cible militaire légitime »": the
            # speaker threatens the subject of the predicate.
            st = self._statement_around(n)
            subj = _first(n, ("nsubj",))
            if st is None or st.speaker is None or subj is None:
                return None
            return self._event(entry["type"], n, [st.speaker], self.parties(subj) or self.nationality(subj))
        # The actor is the noun's complement in "de"/"of": "l'offensive de la
        # Russie", "the offensive of the Russian army" (events.toml owner_cases).
        owner = next((c for c in n.children if c.dep_ == "nmod" and _case(c) in self.L.owner_cases), None)
        if owner is None:
            return None
        actors = self.parties(owner) or self.nationality(owner)
        if not actors:
            return None
        return self._event(entry["type"], n, actors, [])

    # -- parts -------------------------------------------------------------

    def parties(self, tok: Token, subject: bool = False) -> list[str]:
        """Entity ids a noun phrase stands for."""
        sp = self.resolver.resolve(tok) if subject else self.resolver.phrase(tok)
        ids = [sp.entity] if sp.entity else []
        ids += [o for o in sp.others if o not in ids]
        return ids or (self.nationality(tok) if not sp.pronoun else [])

    def nationality(self, tok: Token) -> list[str]:
        """ "des soldats nord-coréens" -> the entity of North Korea; only the
        head and the words that modify it directly, or an adjective of a
        noun of forces inside it ("un petit nombre de soldats nord-coréens")."""
        out = []
        near = [tok] + [c for c in tok.children if c.dep_ in ("amod", "nmod", "appos")]
        near += [g for t in tok.subtree if t.lower_ in self.L.military for g in t.children if g.dep_ == "amod"]
        for t in near:
            code = self.L.demonyms.get(t.lower_)
            if code and t.pos_ in ("ADJ", "NOUN") and (eid := self.country_entity.get(code)) and eid not in out:
                out.append(eid)
        return out

    def _event(self, etype: str, trigger: Token, actors: list[str], targets: list[str]) -> Event:
        doc = self.doc
        start, end = _clause_span(trigger)
        st = self._statement_around(trigger)
        return Event(
            type=etype,
            actors=actors,
            targets=[t for t in targets if t not in actors],
            span=(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)),
            trigger=trigger.text,
            place=self._place(trigger),
            date=self._date(trigger),
            statement=st.id if st else None,
            hypothetical=_hypothetical(trigger, self.L),
        )

    def _place(self, trigger: Token) -> str | None:
        # Only the trigger's own complements: "réclamé ... retirer ... pour
        # combattre en Ukraine" does not place the demand in Ukraine.
        for c in trigger.children:
            if _case(c) not in self.L.place_cases:
                continue
            # The innermost place of the complement: "dans la région russe de Koursk".
            for t in reversed(list(c.subtree)):
                eid = self.ents.at(t.i)
                if eid and eid in self.place_ids:
                    return eid
        return None

    def _date(self, trigger: Token) -> str | None:
        start, end = cached.bounds(trigger)
        doc = self.doc
        a, b = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        near = [d for d in self.dates if a <= d.span[0] < b and d.value]
        if not near:
            return None
        return min(near, key=lambda d: abs(d.span[0] - trigger.idx)).value

    def _statement_around(self, tok: Token) -> Statement | None:
        best = None
        for s in self.statements:
            if s.span[0] <= tok.idx < s.span[1] or s.cue_span and s.cue_span[0] <= tok.idx < s.cue_span[1]:
                if best is None or s.span[1] - s.span[0] < best.span[1] - best.span[0]:
                    best = s
        return best

    def _military(self, tok: Token) -> bool:
        words = {t.lower_ for t in tok.subtree if t.pos_ == "NOUN"} | {tok.lower_}
        return bool(words & self.L.military)

    @staticmethod
    def _passive(v: Token) -> bool:
        return any(c.dep_ == "aux:pass" for c in v.children) or "Pass" in v.morph.get("Voice") and any(
            c.dep_ == "nsubj:pass" for c in v.children)

    def _complement(self, v: Token, cases: list[str]) -> bool:
        return any(_case(c) in cases for c in v.children)


def _hypothetical(trigger: Token, L: _Lex) -> bool:
    """ "Si les troupes combattent ...", "les troupes seraient une cible": a
    condition or the conditional mood, not a fact."""
    t = trigger
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in L.conditional_marks for c in t.children):
            return True
        if "Cnd" in t.morph.get("Mood") or any("Cnd" in c.morph.get("Mood") for c in t.children
                                                if c.dep_ in ("aux", "aux:tense", "aux:pass", "cop")):
            return True
        if t.dep_ not in ("conj", "xcomp") or t.head.i == t.i:
            break
        t = t.head
    return False


def _first(tok: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _case(tok: Token) -> str | None:
    for c in tok.children:
        if c.dep_ in ("case", "mark") and c.i < tok.i:
            return apostrophes(c.lower_)
    return None


def _clause_span(trigger: Token) -> tuple[int, int]:
    return cached.bounds(trigger)


def _country_entities(ents: EntityIndex, places: list[Place], L: _Lex) -> dict[str, str]:
    """ISO code -> the entity that stands for that country in this article:
    the country itself if named, else a place in it."""
    out: dict[str, str] = {}
    for e in ents.entities:
        code = L.country_names.get(fold(e.name))
        if e.type == "LOC" and code:
            out.setdefault(code, e.id)
    for p in places:
        if p.entity and p.country and p.country not in out and ents.by_id.get(p.entity) \
                and ents.by_id[p.entity].type == "LOC":
            out[p.country] = p.entity
    return out
