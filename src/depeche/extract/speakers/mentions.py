"""What the article said each entity is, gathered once per article.

A description refers to an entity the article introduced with a noun of the
same kind: "le quotidien Le Parisien ... Le journal affirme", "l'agence de
notation Moody's ... L'agence estime", "Médecins sans frontières, une ONG
... L'ONG affirme", "Roland Lescure, ministre de l'Industrie ... le ministre
de l'Industrie a assuré", "la Confédération française démocratique du
travail ... la confédération syndicale". Each such noun is evidence: the
entity, the noun's key, the words around it, where it was read. Evidence
also grows as speakers are resolved ("la fédération des banques, Febelfin"
makes a later "la fédération" Febelfin).
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ...text import fold
from ..entities import EntityIndex, Mention, given_name_gender, object_of_a_clause_before
from .words import SpeakerLexicon

_WINDOW = 7  # how far before or after a name its descriptor may stand, in tokens
_JOINING_POS = ("ADJ", "DET", "ADP", "PROPN", "NOUN", "NUM")


@dataclass(frozen=True)
class Evidence:
    entity: str
    key: str  # the descriptor noun, folded ("quotidien", "chercheur")
    words: frozenset[str]  # the description's content words, folded
    at: int  # character offset where it was read
    own: bool = False  # the noun is the name's own first word ("Confédération ...")
    title: bool = False  # read from a title before the name ("Pr", "Me"): a trade, held beside any office


def _agreement(doc: Doc, m: Mention) -> str | None:
    """The gender a person's predicate shows when the name is its subject:
    "Kateri Tekakwitha a été reconnue", "elle est née", "X est satisfaite"
    (a participle with "être", or an adjective with a copula)."""
    root = next((t for t in doc[m.start:m.end] if not m.start <= t.head.i < m.end), None)
    if root is None or root.dep_ not in ("nsubj", "nsubj:pass"):
        return None
    pred = root.head
    if not any(c.dep_ in ("cop", "aux:pass") or c.dep_ == "aux:tense" and c.lemma_ == "être" for c in pred.children):
        return None
    g = pred.morph.get("Gender")
    return g[0] if g and pred.pos_ in ("VERB", "ADJ") else None


def _predicative(head: Token) -> Token | None:
    """The predicate of a copula or a passive headed at `head`: the noun or
    participle itself (UD: "maire" with a "cop" child, "accusée" with
    "aux:pass"), or the attribute under an English copula verb ("is" ->
    "mayor", labelled attr)."""
    if any(c.dep_ in ("cop", "aux:pass") for c in head.children):
        return head
    return next((c for c in head.children if c.dep_ == "attr" and c.i > head.i), None)


# The kinds of descriptor noun that can say what an entity of each type is.
_FITTING = {"PER": frozenset({"person", "spokesperson"}), "ORG": frozenset({"body", "members", "document"})}


class MentionIndex:
    def __init__(self, doc: Doc, ents: EntityIndex, SL: SpeakerLexicon):
        self.doc, self.ents, self.SL = doc, ents, SL
        self.evidence: list[Evidence] = []
        self.gender: dict[str, str] = dict(ents.gender)
        self.number: dict[str, str] = dict(ents.number)
        self.first_at: dict[str, int] = {}
        self.guessed: set[str] = set()  # persons whose gender only the table of given names gives
        self._named: dict[int, str] = {}  # token -> entity, over names only (not "le maire d'" as a role)
        for m in ents.mentions:
            if m.entity is None or m.role:
                continue
            for i in range(m.start, m.end):
                self._named.setdefault(i, m.entity)
            at = doc[m.start].idx
            self.first_at[m.entity] = min(self.first_at.get(m.entity, at), at)
            for noun, last in self._descriptors(m):
                self._note(m.entity, noun, last, at, own=noun.i == m.start)
            role = self._title_role(m)
            if role:
                self.add(m.entity, SL.noun_key(role), role, at, title=True)
            if m.entity not in self.gender and ents.by_id[m.entity].type == "PER":
                g = _agreement(doc, m) or self._apposed_gender(m)
                if g:
                    self.gender[m.entity] = g
        for e in ents.entities:
            if e.type == "ORG" and e.name[:1].islower() and e.mentions:
                # A lowercase body ("le ministère de l'Intérieur") is its own descriptor.
                head = e.name.split()[0]
                self.add(e.id, SL.noun_key(head), fold(e.name), e.mentions[0][0])
        self.evidence.sort(key=lambda ev: ev.at)
        for e in ents.entities:
            if e.type == "PER" and e.id not in self.gender:
                g = given_name_gender(e.name)
                if g:
                    self.gender[e.id] = g
                    self.guessed.add(e.id)

    def add(self, entity: str, key: str, text: str, at: int, own: bool = False, title: bool = False) -> None:
        words = frozenset(fold(text).split()) - self.SL.function_words
        self.evidence.append(Evidence(entity, key, words, at, own, title))

    def offices(self, entity: str) -> list[Evidence]:
        """What the article said the entity is, titles aside: "le Pr Moussa
        Baldé" may still be the minister an earlier sentence spoke of."""
        return [ev for ev in self.evidence if ev.entity == entity and not ev.title]

    def candidates(self, key: str, before: int) -> list[Evidence]:
        """Evidence for a noun of this kind read before `before`, latest first
        (or one whose words hold the noun: "chef économiste chez Oddo BHF" is
        said of an économiste)."""
        return [ev for ev in reversed(self.evidence)
                if ev.at < before and (self.SL.same_kind(ev.key, key) or key in ev.words)]

    def named_at(self, i: int) -> str | None:
        """The entity whose name holds token i (a role phrase is no name)."""
        return self._named.get(i)

    def by_form(self, word: str, at: int) -> str | None:
        """The entity a single word names: one of its forms anywhere in the
        article, else a person's first or last name read before `at`."""
        w = fold(word)
        if not w:
            return None
        for e in self.ents.entities:
            if e.type in ("PER", "ORG", "LOC") and any(fold(f) == w for f in e.forms or [e.name]):
                return e.id
        hit = None
        for e in self.ents.entities:
            if e.type == "PER" and e.mentions and e.mentions[0][0] < at:
                words = [fold(x) for x in e.name.split()]
                if len(words) > 1 and w in (words[0], words[-1]):
                    hit = e.id
        return hit

    def name_words(self, entity: str) -> frozenset[str]:
        return frozenset(fold(self.ents.by_id[entity].name).split()) - self.SL.function_words

    # -- reading the article -------------------------------------------------

    def _title_role(self, m: Mention) -> str | None:
        """ "Me Pape Sène": the role the title before a person's name gives."""
        if self.ents.by_id[m.entity].type != "PER":
            return None
        for i in (m.start - 1, m.start):
            if 0 <= i < len(self.doc) and self.doc[i].text in self.SL.title_roles:
                return self.SL.title_roles[self.doc[i].text]
        return None

    def _apposed_gender(self, m: Mention) -> str | None:
        """ "un jeune amérindien, Jake Finkbonner", "Marie Curie, une chimiste,":
        the gender of a noun phrase in apposition, read from its determiner
        (an apposition after the name must close with a comma or the end)."""
        doc = self.doc
        before = doc[m.start - 2] if m.start >= 2 and doc[m.start - 1].text == "," else None
        while before is not None and before.dep_ == "nmod" and before.head.i < before.i \
                and before.head.pos_ in ("NOUN", "PROPN"):
            before = before.head  # "l'avocat de la famille, Jean X": the avocat's gender, not the family's
        if before is not None and object_of_a_clause_before(doc, before.i, m.start, m.end):
            before = None
        after = self._any_noun_after(m.end)
        root = next((t for t in doc[m.start:m.end] if not m.start <= t.head.i < m.end), None)
        if before is None and root is not None and root.dep_ == "appos" and root.head.i < m.start \
                and root.head.pos_ == "NOUN" and "person" in self.SL.kinds(root.head):
            # "du ministre de l'Éducation Serigne Mbaye Thiam": the role the name is apposed to
            art = next((c for c in root.head.children if c.dep_ in ("det", "case") and c.morph.get("Gender")), None)
            g = self._said_gender(art, m)
            if g:
                return g
        for noun in (before, after):
            if noun is None or noun.pos_ not in ("NOUN", "ADJ"):
                continue
            head = noun if noun.pos_ == "NOUN" else noun.head
            if any(c.dep_ == "case" for c in head.children):
                continue  # "Après cette déclaration, Paul X": an adverbial before the name, no apposition
            g = self._said_gender(next((c for c in head.children if c.dep_ == "det"), None), m) \
                if head.pos_ == "NOUN" else None
            if g:
                return g
        return None

    def _said_gender(self, det: Token | None, m: Mention) -> str | None:
        """The gender a role's determiner gives the person named with it; not
        a masculine before a woman's given name ("le maire de Rennes, Nathalie
        X": a role's masculine is its default form)."""
        g = det.morph.get("Gender") if det is not None else []
        if not g or g == ["Masc"] and given_name_gender(self.ents.by_id[m.entity].name) == "Fem":
            return None
        return g[0]

    def _any_noun_after(self, k: int) -> Token | None:
        doc = self.doc
        if k >= len(doc) or doc[k].text != ",":
            return None
        k += 1
        while k < len(doc) and doc[k].pos_ == "DET":
            k += 1
        if k >= len(doc) or doc[k].pos_ != "NOUN":
            return None
        last = k
        while last + 1 < len(doc) and not doc[last + 1].is_punct and doc[last + 1].pos_ not in ("VERB", "AUX"):
            last += 1
        return doc[k] if last + 1 >= len(doc) or doc[last + 1].text in (",", ".", ")") else None

    def _note(self, entity: str, noun: Token, last: int, at: int, own: bool) -> None:
        doc = self.doc
        first = min(noun.i, last)
        text = doc[first:max(noun.i, last) + 1].text
        self.add(entity, self.SL.token_key(noun), text, at, own)
        if self.ents.by_id[entity].type == "PER":
            # "La ministre", "chercheuse": the article's gender, read from the
            # determiner or a feminine ending, over the tagger's guess.
            det = doc[noun.i - 1] if noun.i > 0 and doc[noun.i - 1].pos_ == "DET" else None
            # (an elided article shows no gender: "l'analyste", whatever the tagger guessed)
            g = det.morph.get("Gender") if det is not None and not det.text.endswith(("'", "’")) else []
            if g == ["Masc"] and given_name_gender(self.ents.by_id[entity].name) == "Fem":
                pass  # "le maire de Nantes, Johanna Rolland": a role's masculine is its default form
            elif g:
                self.gender[entity] = g[0]
            elif self.SL.feminine(noun.text):
                self.gender[entity] = "Fem"

    def _descriptors(self, m: Mention):
        """The nouns that say what the entity is: its own first word
        ("Confédération ..."), a noun right before it ("le quotidien belge Le
        Soir"), an apposition after it ("MSF, une ONG ...", "Julie Garnier,
        chercheuse au CNRS") or before it with a comma ("le porte-parole du
        Kremlin, Dmitri Peskov")."""
        doc, SL = self.doc, self.SL
        own = doc[m.start]
        fitting = _FITTING.get(self.ents.by_id[m.entity].type)
        # (a first word of another kind says nothing: "Médecins sans frontières" is no doctor)
        if own.pos_ in ("NOUN", "PROPN") and SL.kinds(own) and m.end - m.start > 1 \
                and (fitting is None or SL.kinds(own) & fitting):
            yield own, m.end - 1
        before = self._noun_before(m.start - 1 if m.start and doc[m.start - 1].text != "," else m.start - 2, fitting)
        k = m.start - 1
        while k > 0 and doc[k].pos_ == "DET":
            k -= 1
        via_de = before is not None and k > before.i and doc[k].pos_ == "ADP"
        if before is not None and doc[m.start - 1].text == "," \
                and object_of_a_clause_before(doc, before.i, m.start, m.end):
            before = None  # ("Après avoir remercié sa famille, X …": no apposition)
        if before is not None and not (via_de and self.ents.by_id[m.entity].type != "ORG"):
            # (after "de", a body noun names an organisation: not "la chaîne de
            # l'audiovisuel extérieur de la France", a country)
            yield before, m.start - 1
        after = self._noun_after(m.end)
        if after is not None:
            yield after
        pred = self._predicate(m)
        if pred is not None:
            yield pred

    def _predicate(self, m: Mention):
        """A role said of the name by a copula or a passive: "Jean Martin est
        le nouveau ministre de la Santé", "X, qui est maire de Lille", "une
        femme, Essia B., est accusée d'avoir ..." (then "la prévenue")."""
        doc = self.doc
        root = min(doc[m.start:m.end], key=lambda t: len(list(t.ancestors)))
        subj = root.head if root.dep_ == "appos" and root.head.i < root.i else root
        pred = _predicative(subj.head) if subj.dep_.startswith("nsubj") and subj.head.i > subj.i else None
        if pred is None:
            pred = next((_predicative(c) for c in root.children if c.dep_ == "acl:relcl" and any(
                g.dep_.startswith("nsubj") and g.pos_ == "PRON" for g in c.children)), None)
        if pred is None or "person" not in self.SL.kinds(pred):
            return None
        if pred.pos_ != "NOUN":
            return pred, pred.i  # a participle: the role alone, not what the verb goes on with
        last = pred.i
        while last + 1 < len(doc) and last - pred.i < _WINDOW and not doc[last + 1].is_punct \
                and doc[last + 1].pos_ not in ("VERB", "AUX", "CCONJ"):
            last += 1
        return pred, last

    def _noun_before(self, j: int, fitting: frozenset[str] | None = None) -> Token | None:
        """The head of the description right before a name: the leftmost
        role or body noun of the run ("le ministre de la Justice Alberto
        Ruiz-Gallardón": ministre, not Justice; "le groupe cosmétique
        français, numéro un mondial, L'Oréal": groupe)."""
        doc = self.doc
        named_by = None
        if j >= 0 and (doc[j].pos_ == "ADP" or doc[j].pos_ == "DET" and j > 0 and doc[j - 1].pos_ == "ADP"):
            # "chercheuse au CNRS": a complement, not an apposition; but "le club
            # de l'Olympique lyonnais", "la ville de Lyon" name the body.
            prep = doc[j] if doc[j].pos_ == "ADP" else doc[j - 1]
            if not self.SL.is_author_case(prep.lower_):
                return None
            named_by = prep.i
        stop = max(-1, j - 2 * _WINDOW)
        found = None
        while j > stop:
            t = doc[j]
            if t.is_space or t.pos_ in ("VERB", "AUX") or t.is_punct and t.text not in ("-", "'", "’", ","):
                break
            # (an acronym noun may be tagged X: "l'ONG Human Rights Watch")
            kinds = self.SL.kinds(t) if t.pos_ in ("NOUN", "PROPN", "X") else set()
            if kinds and (fitting is None or kinds & fitting):
                # "le quotidien belge Le Soir", "Senator Ruth Adams"; a noun of
                # the wrong kind is passed over: "la correspondante de la
                # chaîne France 24" describes the channel as a channel.
                found = t
                if named_by is not None:
                    # after "de", only a body's name: "le président de la CGT" is no CGT,
                    # nor are "les syndicats de la SNCF" (many bodies are no one)
                    return t if "body" in self.SL.kinds(t) and t.i >= named_by - 4 \
                        and "Plur" not in t.morph.get("Number") else None
            elif not t.is_punct and t.pos_ not in _JOINING_POS:
                break
            if t.pos_ == "DET" and j > 0 and doc[j - 1].pos_ in ("NOUN", "PROPN"):
                break  # "à la télévision d'Etat | le porte-parole": an article after a noun opens the phrase
            j -= 1
        return found

    def _noun_after(self, k: int):
        doc = self.doc
        if k < len(doc) and doc[k].text == ",":
            k += 1
        while k < len(doc) and (doc[k].pos_ == "DET" or doc[k].pos_ == "ADJ" and doc[k].text.islower()):
            k += 1  # (and the adjectives before the noun: "SUD-Rail, troisième syndicat de l'entreprise")
        if k >= len(doc) or doc[k].pos_ != "NOUN" or not self.SL.kinds(doc[k]):
            return None
        last = k
        while last + 1 < len(doc) and not doc[last + 1].is_punct and doc[last + 1].pos_ not in ("VERB", "AUX") \
                and not doc[last + 1].is_space and last - k < _WINDOW:
            last += 1
        apposed = doc[k].dep_ == "appos" and doc[k].head.i < k
        if last + 1 < len(doc) and not doc[last + 1].is_punct and not apposed:
            # "Chez Bouygues Telecom, la direction a confirmé": the next
            # clause's subject (but "Carole Etienne, procureure de Caen
            # dirige", the closing comma forgotten, is the name's apposition)
            return None
        return doc[k], last
