"""The resolver of one article: speaker phrases read in document order,
through the sieves, with a memory of who was spoken of.

Its memory holds every subject and speaker resolved so far (a pronoun's
possible antecedents) and the mention index (what the article said each
entity is). A pronoun goes to the salient one: the sentences before it are
read from the nearest back, and in each the earliest agreeing subject or
speaker wins (the subject of the main clause, not the last name read):
"Philippe Martinez a rencontré Élisabeth Borne. Il a dénoncé ..." is
Martinez's.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.attrs import DEP, POS
from spacy.symbols import ADJ, NOUN, PRON, PROPN
from spacy.tokens import Doc, Token

from .. import cached
from ..entities import EntityIndex, Mention, subject_by_position
from . import phrase as phrase_mod
from .mentions import MentionIndex
from .sieves import DESCRIPTION_SIEVES, PHRASE_SIEVES, SIEVES, SUBJECT_SIEVES, Sieve
from .speaker import Speaker
from .words import lex_for

_SUBJECTS = ("nsubj", "nsubj:pass", "expl:subj")
_SENTENCES_BACK = 4
# Tokens of the apposition a name may have before its verb ("maître X, avocat de l'Etat ivoirien, est").
_APPOSITION_MAX = 14
# Sieves whose answer teaches the index what a description refers to.
_LEARNED_FROM = {"name-in-phrase", "description", "member-of", "document-author", "salient-person", "relative"}


class Resolver:
    def __init__(self, doc: Doc, ents: EntityIndex, lex: dict, inside_quote):
        self.doc = doc
        self.ents = ents
        self.L = lex_for(lex)
        self._lex = lex
        self.inside_quote = inside_quote
        self.index = MentionIndex(doc, ents, self.L)
        self._narration: dict[int, bool] = {}  # sentence start -> it has words of the narration
        self.memory: list[tuple[int, Speaker, int, bool]] = []  # (token, speaker, its verb, a statement's speaker)
        strings = doc.vocab.strings
        # (an adjective as a subject stands for someone: "Ce dernier est critiqué")
        subjects, nominal = {strings[d] for d in _SUBJECTS}, {NOUN, PROPN, PRON, ADJ}
        unattached = {strings["dep"], strings["appos"]}
        rows = doc.to_array([DEP, POS]).tolist() if len(doc) else []
        self._subjects = [j for i, (dep, pos) in enumerate(rows)
                          if (dep in subjects and pos in nominal or dep in unattached and pos == PROPN
                              and _subject_left_unattached(doc[i]))
                          and not inside_quote(doc[i].idx)
                          for j in _ungoverned(doc[i])]
        self._next_subject = 0

    # -- entry points ------------------------------------------------------

    def phrase(self, tok: Token, span: tuple[int, int] | None = None) -> Speaker:
        """What the phrase headed by `tok` names by itself, without context
        (an event's object: "a attaqué la Corée du Sud")."""
        if self.L.is_pronoun(tok):
            g, n, *kind = self.L.pronouns[tok.lower_.replace("’", "'")]
            return Speaker(None, tok.text, tok.i, g or None, n or None, pronoun=True, kind=kind[0] if kind else "")
        return self._run(tok, span, PHRASE_SIEVES + DESCRIPTION_SIEVES)

    def resolve(self, tok: Token, span: tuple[int, int] | None = None, record: bool = True,
                sieves: tuple[Sieve, ...] = SIEVES, kind: str = "") -> Speaker:
        """The speaker `tok` heads, pronouns and descriptions resolved. Call
        in document order; `record` makes it a statement's speaker; `kind`
        "person" when the words said are one person's ("je crois")."""
        self._absorb_subjects_before(tok.i)
        sp = self._run(tok, span, sieves, kind)
        if record:
            self._remember(tok.i, sp, tok.head.i, spoke=True)
        return sp

    def heard(self, sp: Speaker) -> None:
        """A speaker a rule named without asking the sieves ("comme X,
        responsable syndicale : « ... »"): remembered as one who spoke."""
        self._absorb_subjects_before(sp.head)
        self._remember(sp.head, sp, self.doc[sp.head].head.i, spoke=True)

    def unexpressed(self, tok: Token) -> Speaker | None:
        """The subject a verb leaves unsaid ("Et d'ajouter : « ... »"): whom
        the sentences before are about, as for a pronoun."""
        self._absorb_subjects_before(tok.i)
        cand = self.salient(tok, None, None, "")
        if cand is None:
            return None
        return Speaker(cand.entity, cand.text, tok.i, cand.gender, cand.number, others=cand.others, bare=cand.bare,
                       animate=cand.animate, person=cand.person, sieve="pronoun")

    # -- what sieves ask ---------------------------------------------------

    def entity_speaker(self, eid: str, tok: Token, sieve: str) -> Speaker:
        ent = self.ents.by_id[eid]
        g = self.index.gender.get(eid)
        n = self.index.number.get(eid)
        for_a_body = False
        if tok.pos_ == "NOUN":
            # The description's own number: "Scientology officials" are "they";
            # its gender only if it names a person ("la ministre"; "Cette
            # année-là, Jake F." says nothing of Jake).
            kinds = self.L.kinds(tok)
            if ent.type != "PER" and kinds & {"person", "spokesperson"}:
                # "un porte-parole de la SNCF ... a-t-il précisé": the one
                # speaking for the body is "il", whatever the body's gender
                g = phrase_mod.noun_gender(tok, self.L) or g
                for_a_body = True
            elif ent.type != "PER" or kinds & {"person", "spokesperson"}:
                g = g or phrase_mod.noun_gender(tok, self.L)
            n = (tok.morph.get("Number") or [n])[0]
        others = [e2 for c in tok.children if c.dep_ == "conj" and (e2 := self.ents.at(c.i)) and e2 != eid]
        if others:
            n = "Plur"
        return Speaker(eid, ent.name, tok.i, g, n, others=others, sieve=sieve, person=for_a_body)

    def salient(self, tok: Token, gender: str | None, number: str | None, kind: str) -> Speaker | None:
        """The antecedent of a pronoun: sentences read from the nearest back;
        in each, the earliest agreeing subject or speaker, one whose gender
        is known to agree before one whose gender is unknown ("elle" passes
        over a "Jake Finkbonner" for a "Kateri Tekakwitha, née ...")."""
        sent_start = cached.start(tok)
        limit = self._sentence_back(tok, _SENTENCES_BACK)
        by_sentence: dict[int, list[tuple[int, Speaker, int, bool]]] = {}
        for entry in self.memory:
            j = entry[0]
            if limit <= j < tok.i:
                by_sentence.setdefault(cached.start(self.doc[j]), []).append(entry)
        later: list[Speaker] = []
        guessed: Speaker | None = None  # the nearest speaker whose gender only a table of names gave
        own_verb = _own_verb(tok)
        for start in sorted(by_sentence, reverse=True):
            entries = sorted(by_sentence[start], key=lambda e: e[0])
            if start != sent_start and any(spoke for *_, spoke in entries):
                # A sentence that reports someone's words is about its speaker:
                # "Une vidéo montre que M. Goto a été tué, a déclaré M. Suga. Il a
                # ajouté ..." is Suga's (the subjects in what he said come after).
                entries = [e for e in entries if e[3]] + [e for e in entries if not e[3]]
            agreeing = [(cand, verb, spoke) for j, cand, verb, spoke in entries
                        if not (start == sent_start and verb == own_verb)  # a subject of the pronoun's own verb
                        and self._agrees(cand, gender, number, kind, spoke)]
            if start == sent_start:
                # "Alors que l'arbitre avait accordé un penalty, il avait lâché":
                # a subordinate clause's subject comes after the sentences before.
                # Not a speaker: "X a répliqué que ... « ... », a-t-il insisté",
                # whatever the parser hung "répliqué" from, is X's.
                later = [cand for cand, verb, spoke in agreeing if _subordinate(self.doc[verb]) and not spoke]
                agreeing = [(cand, verb, spoke) for cand, verb, spoke in agreeing
                            if spoke or not _subordinate(self.doc[verb])]
                if tok.text.startswith("-"):
                    # "Le groupe prévoit de livrer 800 avions, a-t-il précisé": an
                    # inverted clitic after what it reports is not that clause's subject
                    # (the clause starts after a full stop the segmentation missed)
                    clause = max((t.i for t in self.doc[sent_start:tok.i] if t.text in (".", "!", "?", ":")),
                                 default=sent_start)
                    agreeing = [(cand, verb, spoke) for cand, verb, spoke in agreeing
                                if spoke or cand.head < clause]
                    later = []
            cands = [cand for cand, _, _ in agreeing]
            known = [cand for cand in cands if gender and cand.gender == gender]
            if not known and cands and gender:
                # (one of unknown gender, then a person named since whose gender
                # agrees: "X announced … labelled by Lisa Doyle. « … », she said")
                named = self._mentioned(tok, gender, number, cands[0].head + 1)
                if named is not None:
                    return named
            if known or cands:
                if start != sent_start and gender:
                    # ("... le procureur avait requis ... Difficile de savoir si
                    # maître X, avocat de l'Etat, est satisfait. « … », a-t-il
                    # déclaré": a person named since, in a sentence the parse
                    # gave no subject, is who the words go on about)
                    named = self._named_in_a_sentence_since(tok, gender, number, start, by_sentence)
                    if named is not None:
                        return named
                return (known or cands)[0]
            if guessed is None:
                guessed = next((cand for _, cand, _, spoke in reversed(entries)
                                if spoke and cand.entity in self.index.guessed
                                and self._agrees(replace(cand, gender=None), gender, number, kind, spoke)), None)
        if later:
            return later[0]
        # ("« … », Nikol Pashinyan said. « … », he added": the article's own
        # pronoun over a table that took the given name for a woman's)
        mentioned = self._mentioned(tok, gender, number, limit) if gender else None
        if guessed is not None and (mentioned is None or guessed.head > mentioned.head):
            return guessed  # (but not over a person named since: "… by Lisa Doyle. « … », she said")
        return mentioned

    def _named_in_a_sentence_since(self, tok: Token, gender: str, number: str | None, start: int,
                                   by_sentence: dict) -> Speaker | None:
        """The person last named, of no other gender, in the sentences after
        `start` that hold no subject or speaker at all."""
        own = cached.start(tok)
        first = cached.end(self.doc[start])
        if number == "Plur" or first >= own:
            return None
        best = None
        for m in self.ents.mentions:
            if m.entity and not m.role and first <= m.start < own and self.ents.by_id[m.entity].type == "PER" \
                    and self.index.gender.get(m.entity) in (gender, None) \
                    and cached.start(self.doc[m.start]) not in by_sentence \
                    and not self.inside_quote(self.doc[m.start].idx) and self._subject_of_a_bare_verb(m) \
                    and (best is None or m.start > best.start):
                best = m
        return self.entity_speaker(best.entity, self.doc[best.start], "pronoun") if best else None

    def _subject_of_a_bare_verb(self, m: Mention) -> bool:
        """The name, past the apposition set off by commas after it, stands
        right before a verb the parse gave no subject ("si maître X, avocat
        de l'Etat, est satisfait"): that verb's subject."""
        doc = self.doc
        end = m.end
        if end < len(doc) and doc[end].text == ",":
            k = next((j for j in range(end + 1, min(len(doc), end + _APPOSITION_MAX))
                      if doc[j].text in (",", ".", ";") or doc[j].pos_ in ("VERB", "AUX")), None)
            if k is None or doc[k].text != ",":
                return False
            end = k + 1
        if subject_by_position(doc, end):
            return True
        # (a copula's predicate heads its clause: "est satisfait")
        cop = doc[end] if end < len(doc) else None
        return cop is not None and cop.dep_ == "cop" and cop.head.i > cop.i \
            and not any(c.dep_.startswith(("nsubj", "expl")) for c in cop.head.children)

    def _mentioned(self, tok: Token, gender: str, number: str | None, limit: int) -> Speaker | None:
        """No subject or speaker agrees: the nearest person named in any role
        whose gender is known to agree ("a accueilli Sophie Leroy. Elle a ...")."""
        if number == "Plur":
            return None
        best = None
        for m in self.ents.mentions:
            if m.entity and not m.role and limit <= m.start < tok.i and self.ents.by_id[m.entity].type == "PER" \
                    and self.index.gender.get(m.entity) == gender and (best is None or m.start > best.start):
                best = m
        return self.entity_speaker(best.entity, self.doc[best.start], "pronoun") if best else None

    def known_entity(self, tok: Token) -> str | None:
        """The entity an untagged proper noun names: one of its forms
        ("Scientology" tagged elsewhere), or a person's first or last name
        read before ("Rathbun")."""
        return self.index.by_form(tok.text, tok.idx)

    def described_before(self, key: str, before: int) -> bool:
        """An unnamed speaker with this head noun was read before ("le maire")."""
        return any(spoke and cand.entity is None and j < before and self.L.token_key(self.doc[cand.head]) == key
                   for j, cand, _, spoke in self.memory)  # (a subject read on the way said nothing as such)

    def last_speaker(self, tok: Token, sentences: int) -> Speaker | None:
        limit = self._sentence_back(tok, sentences)
        for j, cand, _, spoke in reversed(self.memory):
            if spoke and limit <= j < tok.i:
                return cand
        return None

    # -- inside ------------------------------------------------------------

    def _run(self, tok: Token, span, sieves, kind: str = "", speaking: bool = True) -> Speaker:
        ph = phrase_mod.read(self.doc, self.ents, self.L, tok, span)
        ph.kind = kind
        for sieve in sieves:
            sp = sieve(self, ph)
            if sp is not None:
                break
        else:
            sp = self._unresolved(ph)
        learned = sp.sieve.split(">")[0]
        if sp.entity and tok.pos_ == "NOUN" and ph.kinds and learned in _LEARNED_FROM \
                and (speaking or learned != "salient-person"):
            # (a subject read on the way and only guessed to be the one just
            # named teaches nothing: "Le chauffeur de taxi ..." after the lawyers spoke)
            # "la fédération des banques, Febelfin": a later "la fédération" is Febelfin
            # (not "Côté belge, X": a noun of no speaker's kind says nothing of X).
            self.index.add(sp.entity, self.L.token_key(tok), ph.text, tok.idx)
        return sp

    def _unresolved(self, ph: phrase_mod.Phrase) -> Speaker:
        """A description kept as written, with its article: "le ministère
        américain de la Défense", "les autorités"."""
        tok = ph.tok
        person = "person" in ph.kinds
        animate = bool(ph.kinds) or tok.pos_ == "PROPN"  # a name can speak, whatever the NER made of it
        content = [t for t in self.doc[ph.start:ph.end] if t.pos_ not in ("DET", "ADP")]
        n = tok.morph.get("Number")
        return Speaker(None, ph.text, tok.i, phrase_mod.noun_gender(tok, self.L), n[0] if n else None,
                       bare=animate and len(content) <= 2 and not ph.names, animate=animate, person=person,
                       sieve="unresolved")

    def _remember(self, i: int, sp: Speaker, verb: int, spoke: bool) -> None:
        if sp.entity is None and not sp.animate or sp.pronoun and sp.entity is None:
            return
        entry = (i, sp, verb, spoke)
        if self.memory and self.memory[-1][0] > i:
            k = len(self.memory)
            while k and self.memory[k - 1][0] > i:
                k -= 1
            self.memory.insert(k, entry)  # a later caller (events) may read a phrase out of order
        else:
            self.memory.append(entry)

    def _absorb_subjects_before(self, i: int) -> None:
        """Subjects seen on the way are candidate antecedents too."""
        while self._next_subject < len(self._subjects) and self._subjects[self._next_subject] < i:
            j = self._subjects[self._next_subject]
            self._next_subject += 1
            t = self.doc[j]
            if self.L.is_pronoun(t):
                if t.lower_ in self.L.personal and t.dep_ != "expl:subj":
                    g, n, *kind = self.L.pronouns[t.lower_]
                    found = self.salient(t, g or None, n or None, kind[0] if kind else "")
                    # (only an antecedent whose gender is known to agree: "Elle est
                    # aussi la langue de ..." may be a thing, not the person of
                    # unknown gender read before)
                    if found is not None and (not g or found.gender == g):
                        self._remember(j, found, t.head.i, spoke=False)
                continue
            sp = self._run(t, None, SUBJECT_SIEVES, speaking=False)
            self._remember(j, sp, t.head.i, spoke=False)

    def agrees(self, cand: Speaker, gender: str | None, number: str | None, kind: str) -> bool:
        """A speaker could be what a pronoun of this gender, number and kind stands for."""
        return self._agrees(cand, gender, number, kind, True)

    def _agrees(self, cand: Speaker, gender: str | None, number: str | None, kind: str, spoke: bool) -> bool:
        if cand.entity is None and (not cand.animate or cand.person and self._possessed(cand)):
            return False  # an unresolved "son complice" is someone's, no antecedent; "le président" is
        if cand.entity and self.ents.by_id[cand.entity].type == "LOC" and number == "Sing" and not cand.others:
            return False  # a country can speak, but "il" is rarely one
        # (a group's gender is not its first member's: "Marine Le Pen et Jordan Bardella ... Pour eux")
        if not cand.others and _clash(gender, cand.gender) or _clash(number, cand.number):
            return False
        if kind and cand.entity is not None:
            # "he" is no company, but may be the one who spoke for it ("A
            # spokesman for the department rubbished the report. He said ...")
            return (self.ents.by_id[cand.entity].type == "PER" or cand.person) == (kind == "person")
        if kind == "person" and not cand.person:
            return False  # "he", "je crois": not "the government", unresolved
        return not (kind == "thing" and cand.person)

    def _possessed(self, cand: Speaker) -> bool:
        return any(c.morph.get("Poss") == ["Yes"] for c in self.doc[cand.head].children)

    def makes_documents(self, verb: Token) -> bool:
        """A verb whose subject makes the document it governs: a cue ("added in
        a statement") or one of the lexicon's publishing verbs ("a diffusé un
        reportage")."""
        cues = self._lex.get("cues", {}).get("verbs", {})
        return verb.lemma_ in cues or verb.lemma_ in self.L.makers

    def sentence_back(self, tok: Token, n: int) -> int:
        return self._sentence_back(tok, n)

    def sentence_ahead(self, tok: Token, n: int) -> int:
        """The token just past the n-th sentence after tok's."""
        end = cached.end(tok)
        while n > 0 and end < len(self.doc):
            end = cached.end(self.doc[end])
            n -= 1
        return end

    def _sentence_back(self, tok: Token, n: int) -> int:
        """The first token of the n-th sentence before tok's (a line break, a
        punctuation mark or a quoted sentence does not count)."""
        start = cached.start(tok)
        while n > 0 and start > 0:
            start = cached.start(self.doc[start - 1])
            if self._narrates(start):
                n -= 1  # (a quoted sentence is someone's words, not the narration's)
        return start

    def _narrates(self, start: int) -> bool:
        """The sentence starting at `start` has words outside quotations."""
        known = self._narration.get(start)
        if known is None:
            words = [t for t in self.doc[start:cached.end(self.doc[start])] if not t.is_space and not t.is_punct]
            known = self._narration[start] = bool(words) and not all(self.inside_quote(t.idx) for t in words)
        return known


def _ungoverned(t: Token) -> list[int]:
    """A subject the parse gave a preposition is none ("dans l'Ouest canadien,
    Harper a reconnu": the name in apposition to it is)."""
    if not any(c.dep_ == "case" for c in t.children):
        return [t.i]
    return [c.i for c in t.children if c.dep_ == "appos" and c.i > t.i and c.pos_ in ("PROPN", "NOUN")][:1]


def _subject_left_unattached(t: Token) -> bool:
    """A name the parse left hanging or read as an apposition right before a
    verb that has no subject ("Après avoir remercié sa famille, Jafar Panahi
    s'est adressé ...", read with the participle as the root)."""
    end = t.i + 1
    while end < len(t.doc) and t.doc[end].dep_.startswith("flat") and t.doc[end].head.i == t.i:
        end += 1
    return subject_by_position(t.doc, end)


def _own_verb(tok: Token) -> int:
    """The verb a subject pronoun belongs to. An inverted clitic's is the
    word it is written against ("ajoute-t-elle") or the participle after it
    ("a-t-elle martelé"), whatever the parser hung it from: in "X a rétorqué
    que ... « ... », a-t-elle martelé" parsed as one sentence, it may hang
    from "rétorqué", whose subject is its antecedent."""
    if not tok.text.startswith("-"):
        return tok.head.i
    doc = tok.doc
    i = tok.i - 1
    if i > 0 and doc[i].lower_ == "-t":
        i -= 1
    if doc[i].pos_ == "AUX" and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ in ("VERB", "ADJ"):
        return tok.i + 1  # (the tagger reads some participles as adjectives)
    return i


def _subordinate(verb: Token) -> bool:
    return verb.dep_ == "advcl" or any(c.dep_ == "mark" for c in verb.children)


def _clash(a: str | None, b: str | None) -> bool:
    return bool(a and b and a != b)
