"""A speaker phrase read on its own: its extent, its head noun and the names
inside it ("le quotidien belge Le Soir", "le président du Sénat Gérard
Larcher", "les analystes de la banque Natixis", "l'un des porte-parole ...,
Joe Incandela,")."""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from ..entities import EntityIndex, Mention
from ...text import lower_key
from .words import SpeakerLexicon, hyphen_compound

# Dependents that end a noun phrase's description: a relative clause, a
# participle clause, a parenthetical or a second clause is not part of who
# spoke.
_CUT = {"acl:relcl", "acl", "advcl", "ccomp", "parataxis", "cc", "conj", "punct", "dep", "xcomp"}
_NAMED = ("PER", "ORG", "LOC")


@dataclass
class Phrase:
    tok: Token  # the head
    start: int  # token range of the whole phrase
    end: int
    names: list[Mention]  # named entities wholly inside the phrase
    kinds: set[str]  # what the head noun names: person, body, spokesperson, document, members
    kind: str = ""  # what the words said ask of the speaker: "person" when spoken as "je" / "I"

    @property
    def persons(self) -> list[Mention]:
        return [m for m in self.names if m.label == "PER"]

    @property
    def bodies(self) -> list[Mention]:
        return [m for m in self.names if m.label != "PER"]

    @property
    def text(self) -> str:
        """The description as written, without a complement that only ties it
        to someone else ("le recteur de son université à Tokyo": le recteur)."""
        doc = self.tok.doc
        end = self.end
        for c in self.tok.children:
            if c.i > self.tok.i and c.dep_ == "nmod" and any(g.morph.get("Poss") == ["Yes"] for g in c.children):
                end = min(end, c.left_edge.i)
        return doc[self.start:max(end, self.tok.i + 1)].text.strip(" ,")


def noun_gender(tok: Token, SL: SpeakerLexicon) -> str | None:
    """A noun's gender as its determiner tells it: "la ministre", "la juge"
    are women whatever the tagger reads on the epicene noun. An elided
    article says nothing ("l'élue", "l'analyste"): then only a feminine
    ending does. With no determiner at all, the noun's own tag."""
    det = next((c for c in tok.children if c.dep_ == "det" and c.i < tok.i), None)
    if det is not None and det.text.endswith(("'", "’")):
        return "Fem" if SL.feminine(tok.text) else None
    g = (det.morph.get("Gender") if det is not None else []) or tok.morph.get("Gender")
    return g[0] if g else None


def read(doc: Doc, ents: EntityIndex, SL: SpeakerLexicon, tok: Token, span: tuple[int, int] | None = None) -> Phrase:
    keep = np_tokens(tok, SL) if span is None else set(range(*span))
    start, end = span or _np_range(tok, keep)
    while start < tok.i and doc[start].pos_ in ("ADP", "PUNCT", "CCONJ"):
        start += 1
    end = _whole_name(ents, end)
    kinds = SL.kinds(tok)
    if kinds & {"person", "spokesperson"} and tok.dep_.startswith("nsubj") and span is None:
        start = _name_apposed_before(doc, ents, start)
    if kinds & {"person", "spokesperson"} or tok.pos_ == "PRON":
        # (only people have a person's name in apposition: "selon des documents
        # judiciaires, Hall avait ..." names the subject of what they say)
        end = _whole_name(ents, _apposed_name(doc, ents, end, "PER"))
    elif "body" in kinds:
        end = _whole_name(ents, _apposed_name(doc, ents, end, "ORG"))  # "Le parti au pouvoir, Rêve géorgien,"
    end = _whole_compound(doc, end)
    if tok.pos_ in ("NOUN", "PRON", "PROPN") and not ents.in_tokens(start, end):
        end = _name_after_title(doc, ents, end)
    keep |= set(range(start, end))
    lo, hi = min(keep), max(keep) + 1
    # (typed by their entity: a mention the NER called a person may belong to a place, "Belge")
    names = [replace(m, label=ents.by_id[m.entity].type) for m in ents.in_tokens(lo, hi)
             if ents.by_id[m.entity].type in _NAMED and all(i in keep for i in range(m.start, m.end))]
    return Phrase(tok, start, end, names, SL.kinds(tok))


def _name_apposed_before(doc: Doc, ents: EntityIndex, start: int) -> int:
    """ "Boko Kouao, le porte-parole du collectif, a précisé", "Awa Traoré la
    porte-parole du collectif a expliqué": a person's name right before the
    subject's description, which the parse left hanging elsewhere, is who
    the description is; not a name a preposition governs ("Selon Jean
    Dupont, le porte-parole ...") nor a verb's object ("Après avoir reçu
    Jean Dupont, le porte-parole ...")."""
    k = start - 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    e = ents.at(k) if k >= 0 else None
    if e is None or ents.by_id[e].type != "PER":
        return start
    s = k
    while s > 0 and ents.at(s - 1) == e:
        s -= 1
    name = doc[s:k + 1]
    if any(c.dep_ == "case" for t in name for c in t.children) \
            or any(t.dep_ in ("obj", "iobj") and t.head.i < s for t in name):
        return start
    return s if doc[s].is_sent_start or s > 0 and doc[s - 1].text == "," else start


def _whole_compound(doc: Doc, end: int) -> int:
    """ "l'état-major sud-coréen", "l'état-major des armées": a compound the
    tokenizer cut at its hyphen (and the parse hung elsewhere) runs on, with
    its adjectives and its complement."""
    if end == 0 or hyphen_compound(doc[end - 1]) is None:
        return end
    k = end + 2
    while k < len(doc) and doc[k].pos_ == "ADJ" and end - 1 <= doc[k].head.i < k:
        k += 1
    # (and its complement: "l'état-major des armées")
    nmod = next((c for c in doc[end + 1].children if c.dep_ == "nmod" and c.left_edge.i == k), None)
    return nmod.right_edge.i + 1 if nmod is not None else k


def np_tokens(tok: Token, SL: SpeakerLexicon) -> set[int]:
    """The tokens of the noun phrase `tok` heads, without the clauses hanging
    off it (a relative, a participle clause, a second conjunct) nor the one
    spoken to ("son avocate à l'AFP")."""
    keep = {tok.i}
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            # a participle right after its noun describes it ("une source autorisée de la présidence")
            describes = c.dep_ == "acl" and c.i == t.i + 1 and "Part" in c.morph.get("VerbForm") \
                and "Past" in c.morph.get("Tense")
            if c.dep_ in _CUT and not (c.dep_ == "punct" and c.text in ("(", ")")) and not describes:
                continue

            if _not_who(c, t is tok, SL):
                continue
            keep.add(c.i)
            stack.append(c)
    return keep


def _not_who(c: Token, on_head: bool, SL: SpeakerLexicon) -> bool:
    """A dependent that says to whom, when or where the speaker spoke, not
    who: the one spoken to on the head itself ("son avocate à l'AFP"; not
    "affiliés à AQMI"), a day or a month ("a annoncé la ligue mardi"), the
    occasion ("le président lors d'une allocution"), the document it was
    said in ("les organisateurs dans un communiqué")."""
    if c.lower_ in SL.time_words and c.pos_ in ("NOUN", "PROPN"):
        return True
    if not on_head:
        return False
    cases = [g for g in c.children if g.dep_ == "case"]
    if any(g.lower_ in SL.on_air for g in cases) and (c.pos_ == "PROPN" or SL.classes.get(SL.noun_key(c.lemma_)) == "media"):
        return True  # "le ministre sur France Inter", "sur la radio X": where it was said
    return any(SL.is_addressee_case(g.lower_) or g.lower_ in SL.occasion_words for g in cases) \
        or c.lower_ in SL.occasion_words \
        or "document" in SL.kinds(c) and any(lower_key(g.text) in SL.written_in for g in cases)


def _np_range(tok: Token, keep: set[int]) -> tuple[int, int]:
    """The contiguous stretch of the phrase around its head, with an
    apposition set off by commas ("la fédération des banques, Febelfin,")."""
    start = end = tok.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    doc = tok.doc
    if end + 2 < len(doc) and doc[end + 1].text == "," and doc[end + 2].dep_ == "appos" and doc[end + 2].head.i in keep \
            and doc[end + 2].pos_ != "PRON":  # ("les scientifiques, ce qui représente ...": no apposition)
        k = end + 2
        while k + 1 < len(doc) and doc[k + 1].head.i in range(end + 2, k + 1) and doc[k + 1].text != ",":
            k += 1
        end = k
    elif (noun := apposed_noun(tok)) is not None and noun.dep_ != "appos":
        end = noun.right_edge.i - (doc[noun.right_edge.i].text == ",")
    return start, end + 1


def apposed_noun(tok: Token) -> Token | None:
    """The noun of an apposition to `tok` ("Les auteurs, des chercheurs de
    l'OMS, estiment"), also when the parse made it a second subject of the
    verb: a noun phrase set off by commas right after the subject."""
    doc = tok.doc
    appos = next((c for c in tok.children if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i > tok.i), None)
    if appos is not None:
        return appos
    if not tok.dep_.startswith("nsubj") or tok.right_edge.i + 2 >= len(doc) or doc[tok.right_edge.i + 1].text != ",":
        return None
    sib = next((c for c in tok.head.children if c.i > tok.i and c.dep_ == tok.dep_ and c.pos_ == "NOUN"
                and c.left_edge.i == tok.right_edge.i + 2), None)
    if sib is None:
        return None
    last = sib.right_edge.i  # (the parse may hang the closing comma on it)
    return sib if doc[last].text == "," or last + 1 < len(doc) and doc[last + 1].text == "," else None


def _whole_name(ents: EntityIndex, end: int) -> int:
    """A phrase does not cut a name in two: the parse may hang a particle of
    it elsewhere ("Ursula von der Leyen", "der" a loose dependent)."""
    e = ents.at(end - 1) if end > 0 else None
    while e is not None and ents.at(end) == e:
        end += 1
    return end


def _apposed_name(doc: Doc, ents: EntityIndex, end: int, label: str) -> int:
    """ "L'un des porte-parole ..., Joe Incandela, a annoncé", "a déclaré
    l'avocat de la famille, Marc Lefèvre.", "l'ambassadeur d'Ukraine auprès
    de l'ONU, Sergiy Kyslytsya": a person's name set off by a comma after the
    phrase (and a complement the parse hung elsewhere) belongs to it; a
    body's name to a body's noun."""
    k = end
    # (past a participle's clause too: "The union representing Boeing's machinists, the IAM,")
    # (and a portfolio of two: "le préfet délégué pour la défense et la sécurité en Gironde, Martin Guespereau")
    while k < len(doc) and k - end < 10 and doc[k].text != "," and not doc[k].is_space \
            and (doc[k].pos_ in ("ADV", "ADP", "DET", "PROPN", "NOUN", "ADJ", "PART")
                 or doc[k].pos_ == "CCONJ" and k > end and doc[k - 1].pos_ in ("NOUN", "PROPN")
                 or doc[k].pos_ == "VERB" and "Part" in doc[k].morph.get("VerbForm")) and not doc[k].is_punct:
        k += 1
    if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
        k += 3  # "la présidente de la Fédération des travailleurs (FTQ), Magali Picard"
    if k + 1 < len(doc) and doc[k].text == ",":
        first = k + 2 if k + 2 < len(doc) and doc[k + 1].pos_ == "DET" and ents.at(k + 1) is None else k + 1
        e = ents.at(first)  # (an article may open the name's phrase: ", the International Association of ...")
        if e and ents.by_id[e].type == label:
            j = first
            while j < len(doc) and ents.at(j) == e:
                j += 1
            if j >= len(doc) or doc[j].text in (",", ":", ".") or doc[j].pos_ in ("VERB", "AUX") or doc[j].is_space:
                return j
    return end


def _name_after_title(doc: Doc, ents: EntityIndex, end: int) -> int:
    """ "Le journaliste et commentateur sportif Thierry Roland", "the Rev.
    John Harper": titles before a name; the name closes the phrase."""
    k = end
    while k < len(doc) and k - end < 6:
        t = doc[k]
        if t.is_punct and t.text != "." or t.pos_ in ("VERB", "AUX") or t.is_space or t.is_sent_start:
            return end  # (a dot ends an abbreviation, "Rev.", not a sentence)
        e = ents.at(k)
        if e and ents.by_id[e].type == "PER":
            while k < len(doc) and ents.at(k) == e:
                k += 1
            return k
        k += 1
    return end


def author(tok: Token, SL: SpeakerLexicon) -> Token | None:
    """The body a spokesperson or a document is of: "la porte-parole de la
    fédération", "a report by the UN"; not "son avocate à l'AFP", the
    outlet she spoke to."""
    for c in tok.children:
        if c.dep_ in ("nmod", "obl") and c.pos_ in ("NOUN", "PROPN") and c.i > tok.i \
                and any(g.dep_ == "case" and SL.is_author_case(g.lower_, "document" in SL.kinds(tok))
                        for g in c.children):
            return c
    if tok.dep_.startswith(("obl", "nmod")) and any(g.dep_ == "case" and lower_key(g.text) in SL.written_in
                                                    for g in tok.children):
        # "La Cour des comptes pointe, dans un rapport publié mercredi, ...":
        # the clause's subject wrote it (the parse may hang the document on it)
        if tok.head.dep_ == "nsubj" and tok.head.pos_ in ("NOUN", "PROPN"):
            return tok.head
        writer = next((c for c in tok.head.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")), None)
        if writer is not None:
            return writer
    for c in tok.children:
        # "le classement établi par Reporters sans frontières": the agent of its
        # participle; "un sondage publié dans le quotidien El Pais": where it appeared
        if c.dep_ == "acl" and c.i > tok.i:
            # (not a count: "le texte, adopté par 14 voix")
            agent = next((g for g in c.children if g.dep_ == "obl:agent" and g.pos_ in ("NOUN", "PROPN")
                          and not any(x.dep_ == "nummod" for x in g.children)), None)
            if agent is None and c.lemma_ in SL.makers:
                # (with its preposition: "publié lundi" says when, not where)
                # ("released on Monday" says when)
                agent = next((g for g in c.children if g.dep_ in ("obl", "obl:mod", "obl:arg")
                              and g.pos_ in ("NOUN", "PROPN") and g.ent_type_ not in ("DATE", "TIME")
                              and any(x.dep_ == "case" for x in g.children)), None)
            if agent is not None:
                return agent
    return None


def appositive(m: Mention, ph: "Phrase") -> bool:
    """A name in apposition to the head noun ("la fédération des banques,
    Febelfin"), not merely inside its complement, nor after a comma that
    opens the phrase (", Germany's economy minister said")."""
    doc = ph.tok.doc
    first = doc[m.start]
    comma = m.start - 2 if m.start >= 2 and doc[m.start - 1].pos_ == "DET" else m.start - 1  # (", the IAM")
    return m.start > ph.start and (first.dep_ == "appos" or doc[comma].text == ",")


def right_after(m: Mention, tok: Token) -> bool:
    """The name follows the head noun, with only adjectives or more title
    words between: "le quotidien belge Le Soir", "la banque Natixis", "aid
    worker Julia Reyes", "le demi d'ouverture Matthieu Jalibert" (a title's
    own complement); not "les services de Manuel Valls"."""
    doc = tok.doc
    return m.start > tok.i and all(t.pos_ in ("ADJ", "DET", "NOUN", "CCONJ", "ADP") or t.text in ("-", ".")
                                   for t in doc[tok.i + 1:m.start]) \
        and (m.start == tok.i + 1 or doc[m.start - 1].pos_ not in ("ADP", "DET"))


def listed_after(m: Mention, tok: Token, SL: SpeakerLexicon) -> bool:
    """The name opens a list of examples of the head noun: "other sites such
    as Gawker.com", "des ONG comme Amnesty International"."""
    between = list(tok.doc[tok.i + 1:m.start])
    while between and between[-1].pos_ == "DET":
        between.pop()  # "such as the Guardian"
    words = tuple(lower_key(t.text) for t in between)
    return m.start > tok.i and any(
        words[len(words) - len(o):] == o and all(t.pos_ in ("ADJ", "DET") for t in between[:len(words) - len(o)])
        for o in SL.list_openers if len(o) <= len(words))
