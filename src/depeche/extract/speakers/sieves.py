"""Speaker resolution as ordered sieves, from the surest to the loosest.

Each sieve is a function of the resolver and the speaker phrase; it returns
the speaker it is sure of, or None to pass the phrase to the next one. The
name of the sieve that resolved a speaker is kept on the statement
(`speaker_sieve`), so that `bench/sieves.py` can measure each one's
precision on the articles that may be read.

  relative        "X, qui a déclaré": the antecedent of the relative pronoun
  pronoun         il, elle, -t-il, they, "selon lui": the salient speaker
  latter          "ce dernier", "celle-ci", "the latter": the entity named last
  name            the phrase's head is a name
  name-in-phrase  a name inside the phrase: "le quotidien belge Le Soir",
                  "le président du Sénat Gérard Larcher", "la porte-parole de
                  Febelfin", "un communiqué de la préfecture du Nord"
  known-name      a surname the NER missed here but tagged before
  description     a description of an entity the article introduced:
                  "le journal", "l'agence", "le ministre de l'Industrie"
  member-of       people of a body speak for it: "les analystes de la banque
                  Natixis", "Pentagon officials"
  salient-person  a bare role noun right after a named person spoke: "l'universitaire"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from spacy.tokens import Token

from ...text import fold
from .. import cached
from . import phrase as phrase_mod
from .phrase import Phrase
from .speaker import Speaker

if TYPE_CHECKING:
    from .resolver import Resolver

_SENTENCES_BACK = 4  # how far back a pronoun or a bare role looks for its antecedent


def relative(r: "Resolver", ph: Phrase) -> Speaker | None:
    tok = ph.tok
    if tok.lower_ not in r.L.relative:
        return None
    if tok.head.dep_ == "acl:relcl" and tok.head.head.i != tok.head.i:
        return _as(r.resolve(_whole_phrase(r, tok.head.head, tok.i), record=False), "relative")
    antecedent = _noun_before_comma(r.doc, tok.i)
    if antecedent is not None:
        # "le maire a rencontré le préfet, qui estime que ...": the parse made
        # the relative a clause of the verb; the noun before the comma is who
        return _as(r.resolve(_whole_phrase(r, antecedent, tok.i), record=False), "relative")
    return None


def _whole_phrase(r: "Resolver", noun: Token, rel: int) -> Token:
    """After a comma a relative clause is about the whole phrase before it,
    not the last noun of its complement: "le préfet de Paris, qui ..." is the
    prefect's; "la FCPE, fédération des parents d'élèves, qui a demandé ..."
    the FCPE's."""
    doc = r.doc
    if rel < 1 or doc[rel - 1].text != ",":
        return noun

    def complement(t: Token) -> bool:  # "de la Gironde", "of the union"; not "in Freedom Magazine"
        return t.dep_ == "nmod" and t.head.i < t.i and t.head.pos_ == "NOUN" \
            and any(c.dep_ == "case" and r.L.is_author_case(c.lower_) for c in t.children)
    # (a name is its phrase's referent, "the publication Freedom Magazine, which
    # ...", unless it is a complement: "le préfet de la Gironde, qui ...")
    if noun.pos_ != "NOUN" and not complement(noun):
        return noun
    while complement(noun):
        noun = noun.head
    if noun.dep_ == "appos" and noun.head.i < noun.i and noun.head.pos_ == "PROPN":
        noun = noun.head
    return noun


def _noun_before_comma(doc, i: int) -> Token | None:
    if i < 2 or doc[i - 1].text != ",":
        return None
    t = doc[i - 2]
    while t.dep_ in ("flat:name", "flat", "fixed", "compound") and t.head.i < t.i:
        t = t.head
    return t if t.pos_ in ("NOUN", "PROPN") else None


def pronoun(r: "Resolver", ph: Phrase) -> Speaker | None:
    if not r.L.is_pronoun(ph.tok):
        return None
    g, n, *kind = r.L.pronouns[ph.tok.lower_.replace("’", "'")]
    wanted = ph.kind or (kind[0] if kind else "")
    cand = _named_after_the_clause(r, ph.tok, g or None) or r.salient(ph.tok, g or None, n or None, wanted)
    if cand is not None and cand.entity is None:
        # "« … », a expliqué la procureure Claire Martin. Une patrouille a été
        # envoyée. « … », a-t-elle poursuivi": a speaking pronoun goes on with
        # the named speaker just before, not a description that said nothing
        last = r.last_speaker(ph.tok, 2)
        if last is not None and last.entity is not None and last.head != cand.head \
                and r.agrees(last, g or None, n or None, wanted):
            cand = last
    if cand is None:
        return Speaker(None, ph.tok.text, ph.tok.i, g or None, n or None, pronoun=True, kind=kind[0] if kind else "",
                       sieve="pronoun")
    return Speaker(cand.entity, cand.text, ph.tok.i, cand.gender or g or None, cand.number or n or None,
                   others=cand.others, bare=cand.bare, animate=cand.animate, person=cand.person, sieve="pronoun")


def _named_after_the_clause(r: "Resolver", tok: Token, gender: str | None) -> Speaker | None:
    """ "S'il ne peut pas encore chiffrer la perte, Jean-Pierre Charrot est
    préoccupé", "Although she lost, Ana Ruiz said ...": the pronoun subject
    of a subordinate clause that opens the sentence stands for the name
    that opens the main clause after the comma (the name comes after it)."""
    doc = r.doc
    first = cached.start(tok)
    if not (doc[first].pos_ == "SCONJ" or doc[first].dep_ == "mark") or tok.i - first > 2:
        return None
    last = cached.end(tok)
    comma = next((t.i for t in doc[tok.i + 1:last] if t.text == ","), None)
    if comma is None or any(m.entity and tok.i < m.start < comma for m in r.ents.mentions):
        return None
    m = next((m for m in r.ents.mentions if comma < m.start <= comma + 4 and not m.role and m.entity), None)
    if m is None or any(t.pos_ not in ("DET", "NOUN", "PROPN", "ADJ") or r.ents.at(t.i) not in (None, m.entity)
                        for t in doc[comma + 1:m.start]) \
            or r.ents.by_id[m.entity].type not in ("PER", "ORG") or _clash(gender, r.index.gender.get(m.entity)):
        return None
    return r.entity_speaker(m.entity, tok, "pronoun")


def latter(r: "Resolver", ph: Phrase) -> Speaker | None:
    """ "Le club a limogé Jean Dupont. Ce dernier a dit ...": the person or
    body named last before the phrase, not the one the sentences are about;
    "« … », a lancé le premier": the one named before that (the only one
    of its gender, when they differ)."""
    doc = r.doc
    start = min(ph.start, ph.tok.i)
    at = doc[start].idx
    words = _word_text(cached.text(doc)[at:at + 20])
    end_of_phrase = doc[ph.end - 1].idx + len(doc[ph.end - 1].text)

    def said(table: dict, whole: bool) -> tuple | None:
        # the words open the phrase and hold its head; "le premier" is all of
        # its phrase (`whole`: "le premier ministre" is someone else)
        return next((v for k, v in table.items() if words.startswith(k) and not words[len(k):len(k) + 1].isalnum()
                     and at + len(k) > ph.tok.idx and (not whole or at + len(k) >= end_of_phrase)), None)

    agree, nth = said(r.L.latter, whole=False), 0
    if agree is None:
        agree, nth = said(r.L.former, whole=True), 1
    if agree is None:
        return None
    gender, number = (agree + ("", ""))[:2]
    if number == "Plur":
        return None  # several entities: which ones the text does not say
    limit = r.sentence_back(ph.tok, 2)
    found: list = []
    for m in sorted(r.ents.mentions, key=lambda m: -m.start):
        if m.entity is None or m.role or m.start >= start or m.start < limit:
            continue
        etype = r.ents.by_id[m.entity].type
        if etype not in ("PER", "ORG"):
            continue
        if etype == "PER" and _clash(gender or None, r.index.gender.get(m.entity)):
            continue
        if all(m.entity != f.entity for f in found):
            found.append(m)
    if nth == 0:
        # "…, a ajouté le parquet. Ce dernier a précisé que …": a description
        # named after the last name is the one meant
        noun = _last_speaking_noun(r, start, limit, gender)
        if noun is not None and (not found or noun.i > found[0].start):
            sp = r.phrase(noun)
            sp.sieve = "latter"
            return sp
    if not found:
        return None
    if gender and any(r.ents.by_id[f.entity].type == "PER" for f in found):
        # (a gendered ordinal stands for a person: the bodies named between do not count)
        found = [f for f in found if r.ents.by_id[f.entity].type == "PER"]
    m = found[min(nth, len(found) - 1)] if gender else (found[nth] if len(found) > nth else None)
    return r.entity_speaker(m.entity, doc[m.start], "latter") if m is not None else None


def same_source(r: "Resolver", ph: Phrase) -> Speaker | None:
    """ "…, selon la même source", "précise encore la même source": whoever
    the report before was given to, named or described."""
    words = _word_text(ph.text)
    if not any(words.endswith(w) or f"{w} " in words for w in r.L.same_source):
        return None
    cand = r.last_speaker(ph.tok, 3)
    return _as(_copy(cand, ph.tok), "same-source") if cand is not None else None


def _word_text(text: str) -> str:
    return fold(text).replace("’", "'")


def name(r: "Resolver", ph: Phrase) -> Speaker | None:
    tok = ph.tok
    if ph.kinds & {"spokesperson", "document"}:
        return None
    eid = r.index.named_at(tok.i)
    if eid is None:
        return None
    if r.ents.by_id[eid].type == "MISC" and r.L.nationality_noun(tok):
        return None  # "a lancé le Toulousain": a person by their town, no name
    if r.ents.by_id[eid].type != "PER" and any(phrase_mod.right_after(m, tok) for m in ph.persons):
        return None  # "l'Américain Pete Selleck": the head describes the person named after it
    if r.ents.by_id[eid].type in ("PER", "ORG", "LOC") or tok.pos_ == "PROPN" or tok.is_upper and tok.is_alpha:
        return r.entity_speaker(eid, tok, "name")  # (a name or an acronym typed MISC that speaks is mistyped)
    return None


def name_in_phrase(r: "Resolver", ph: Phrase) -> Speaker | None:
    tok, doc = ph.tok, r.doc
    persons, bodies = ph.persons, ph.bodies
    if ph.kinds & {"spokesperson", "document"}:
        # "la porte-parole de Febelfin", "le porte-parole du Kremlin, Dmitri
        # Peskov": the person named with them, else the body named as theirs.
        if persons:
            # (the one named in apposition before the one whose spokesperson they are:
            # "L'avocat d'Abdelkader Merah, Eric Dupond-Moretti, a dit")
            named = min(persons, key=lambda m: not phrase_mod.appositive(m, ph))
            holder = _holder_of_role_for(r, tok, named.entity) if not phrase_mod.appositive(named, ph) else None
            return r.entity_speaker(holder or named.entity, tok, "name-in-phrase")
        inner = phrase_mod.author(tok, r.L)
        last = _spokesperson_who_just_spoke(r, ph) if inner is not None else None
        if last is not None:
            return last  # (the spokesperson named before, who just spoke: the person, not the body)
        inner_eid = r.ents.at(inner.i) if inner is not None else None
        if inner_eid is not None:
            return r.entity_speaker(inner_eid, tok, "name-in-phrase")
        named = [m for m in bodies if phrase_mod.right_after(m, tok) and m.start - tok.i <= 2]
        if named:
            return r.entity_speaker(named[0].entity, tok, "name-in-phrase")  # "un sondage Ifop"
        return None
    # The person the head names ("le maire d'Amatrice, Sergio Pirozzi": not a
    # name inside its complement) comes first: the name a bare role opening the
    # sentence sets before the verb, whatever the parse hung it on ("Responsable
    # de la communication du conseiller d'État Frédéric Borloz, Julien Schekter
    # laisse entendre"), then the head's own apposition.
    fronted = not any(c.dep_ == "det" for c in tok.children) and tok.i == cached.start(tok)
    persons = sorted(persons, key=lambda m: (not (fronted and m.end == ph.end and doc[m.start - 1].text == ","),
                                             not (phrase_mod.appositive(m, ph) or phrase_mod.right_after(m, tok)),
                                             doc[m.start].head.i != tok.i))
    if persons and (tok.pos_ == "PROPN" or "person" in ph.kinds or phrase_mod.appositive(persons[0], ph)
                    or phrase_mod.right_after(persons[0], tok)):
        # A person named in apposition ("le ministre, Kim Yong Hyun"), after a
        # title ("le président du Sénat Gérard Larcher"), not one the head
        # merely belongs to ("les services de Manuel Valls").
        return r.entity_speaker(persons[0].entity, tok, "name-in-phrase")
    for m in bodies:
        if phrase_mod.appositive(m, ph) or "body" in ph.kinds and (
                phrase_mod.right_after(m, tok) or m.end == tok.i or phrase_mod.listed_after(m, tok, r.L)):
            # "la fédération des banques, Febelfin", "le quotidien belge Le Soir", "the M5S party"
            # (but a place before the noun is where the body is, not its name: "Toronto police")
            if m.label == "LOC" and m.end == tok.i and not phrase_mod.appositive(m, ph):
                continue
            return r.entity_speaker(m.entity, tok, "name-in-phrase")
    if "body" in ph.kinds and not ph.names and tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN" \
            and (known := r.known_entity(doc[tok.i - 1])) is not None:
        return r.entity_speaker(known, tok, "name-in-phrase")  # "the M5S party", "M5S" tagged elsewhere
    return None


def _holder_of_role_for(r: "Resolver", tok: Token, person: str) -> str | None:
    """ "Raoul Gohi Bi, l'avocat du commandant Jean-Noël Abéhi, ... L'avocat
    d'Abéhi conclut": the one person the article gave this role for the
    person named, who speaks for them."""
    if r.ents.by_id[person].type != "PER":
        return None
    key = fold(tok.text)
    names = set(fold(r.ents.by_id[person].name).split())
    found = {e.id for e in r.ents.entities if e.type == "PER" and e.id != person and any(
        key in (words := fold(role).split()) and names & set(words)
        for role in e.roles)}
    return found.pop() if len(found) == 1 else None


def _spokesperson_who_just_spoke(r: "Resolver", ph: Phrase) -> Speaker | None:
    """ "Son porte-parole, Dmitri Peskov, a déclaré ... M. Peskov a reconnu
    ... le représentant du Kremlin a souligné": the spokesperson the article
    named, who spoke in the sentence before, not the body they speak for."""
    tok = ph.tok
    if "spokesperson" not in ph.kinds or not _definite(tok) or _plural(tok):
        return None
    eid = _last_speaker_in_this_role(r, tok)
    return r.entity_speaker(eid, tok, "salient-person") if eid is not None else None


def _last_speaker_in_this_role(r: "Resolver", tok: Token) -> str | None:
    """The person who spoke in the sentence before, if the article gave them
    the role `tok` names."""
    cand = r.last_speaker(tok, 1)
    if cand is None or cand.entity is None or r.ents.by_id[cand.entity].type != "PER":
        return None
    key = r.L.token_key(tok)
    return cand.entity if any(ev.entity == cand.entity and r.L.same_kind(ev.key, key)
                              for ev in r.index.evidence) else None


def known_name(r: "Resolver", ph: Phrase) -> Speaker | None:
    """ "Rathbun wrote": a name the NER missed here but tagged elsewhere."""
    tok = ph.tok
    # (whatever the tagger made of it, "Marchand estime" read as a pronoun, "Leblanc" as an adjective)
    if not (tok.pos_ == "PROPN" or tok.pos_ in ("NOUN", "PRON", "ADJ", "VERB") and tok.text[:1].isupper()
            and not r.L.is_pronoun(tok)) or r.ents.at(tok.i) is not None:
        return None
    hit = r.known_entity(tok)
    return r.entity_speaker(hit, tok, "known-name") if hit else None


def document_author(r: "Resolver", ph: Phrase) -> Speaker | None:
    """ "la porte-parole de la fédération", "un communiqué de la police
    lyonnaise": the author described, resolved as a speaker of its own (the
    federation the article named before), else a body named in it, else
    the author kept as written."""
    if not ph.kinds & {"spokesperson", "document"}:
        return None
    inner = phrase_mod.author(ph.tok, r.L)
    named_owner = next((r.ents.at(c.i) for c in ph.tok.children
                        if c.dep_ == "nmod:poss" and r.ents.at(c.i) is not None), None)
    if named_owner is not None and "document" in ph.kinds:
        return r.entity_speaker(named_owner, ph.tok, "document-author")  # "Motorola's report"
    owners = [c for c in ph.tok.children if c.morph.get("Poss") == ["Yes"]]
    if inner is not None and owners and inner.head.i != ph.tok.i and inner.head.dep_.startswith("acl"):
        inner = None  # "leurs calculs, publiés dans la revue Nature": theirs, where they appeared aside
    if inner is None and "document" in ph.kinds and owners:
        # "selon son premier bilan", "dans leur communiqué": its owner, the
        # one the sentences before spoke of; "selon nos informations" are
        # the newspaper's own, no one the article spoke of
        if any(c.lower_ in r.L.own_possessives for c in owners):
            return None
        owner = r.salient(ph.tok, None, None, "")
        return _as(_copy(owner, ph.tok), "document-author") if owner is not None else None
    if inner is None and "document" in ph.kinds:
        maker = _maker_before(r, ph.tok) or _authored_before(r, ph.tok) or _body_the_article_is_about(r, ph.tok)
        return _as(_copy(maker, ph.tok), "document-author") if maker is not None else None
    if inner is None:
        return None
    if not ph.start <= inner.i < ph.end and (eid := r.ents.at(inner.i)) is not None:
        return r.entity_speaker(eid, ph.tok, "document-author")  # "L'Unicef explique dans un rapport"
    # (a name may run past the parse's subtree: "par l'ONG Reporters | sans frontières")
    named = [m for m in ph.bodies if inner.left_edge.i <= m.start <= inner.right_edge.i
             and (m.start <= inner.i < m.end or r.L.kinds(inner) or _set_after(r.doc[m.start]))]
    if named:
        # "un communiqué de la police de Lyon", "le site de suivi des vols
        # FlightAware"; not "le bilan de l'attaque du Hamas", a name the
        # author's noun is about
        return r.entity_speaker(named[0].entity, ph.tok, "document-author")
    other = next((m for m in r.ents.in_tokens(inner.left_edge.i, max(ph.end, inner.right_edge.i + 1))
                  if r.ents.by_id[m.entity].type == "MISC" and _set_after(r.doc[m.start])), None)
    if other is not None and not r.L.kinds(inner):
        return r.entity_speaker(other.entity, ph.tok, "document-author")
    if inner.pos_ != "NOUN" or inner.lower_ in r.L.things or inner.lemma_.lower() in r.L.things:
        return None  # ("le bilan de ce cyclone": what the report is about, not who wrote it)
    sp = r.resolve(inner, record=False, sieves=DESCRIPTION_SIEVES)
    if sp.entity is None and "spokesperson" not in ph.kinds:
        # "selon les chiffres de la direction" after "la SNCF": a document's
        # author by a body's bare noun, when the article has named one
        # organisation so far (not a spokesperson's: "le porte-parole du
        # gouvernement" after "au micro de France 2")
        sp = _bare_body_named_before(r, inner) or sp
    if sp.entity is None and "document" not in ph.kinds:
        return None  # "les représentants des travailleurs" stay who they are
    sp.animate = True  # whoever wrote the report can speak: "la protection civile"
    return _as(sp, "document-author")


def _set_after(name: Token) -> bool:
    """A name set right after a noun, without a preposition ("les vols
    FlightAware", "la banque Natixis")."""
    return not any(c.dep_ == "case" for c in name.children) and name.dep_ in ("amod", "appos", "flat:name", "nmod", "nsubj", "obj")


def _maker_before(r: "Resolver", tok: Token) -> Speaker | None:
    """ "France 2 a diffusé un reportage. Le reportage montre que ...", "The
    minister added in an official statement that ... the statement read": a
    document named before as the object or the means of someone's act is
    theirs."""
    key = r.L.token_key(tok)
    limit = r.sentence_back(tok, 6)
    for prev in reversed(r.doc[limit:tok.i]):
        if prev.pos_ != "NOUN" or r.L.token_key(prev) != key:
            continue
        verb = prev.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and verb.i - prev.i < 8:
            verb = verb.head
        if not r.makes_documents(verb):
            continue  # "attributed an unfounded statement to him": not its maker's act
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "obl:agent")), None)
        if subj is None or subj.i == prev.i:
            continue
        sp = r.resolve(subj, record=False, sieves=PHRASE_SIEVES + (pronoun, description))
        if sp.entity is not None or sp.animate:
            return sp
    return None


def _body_the_article_is_about(r: "Resolver", tok: Token) -> Speaker | None:
    """ "The Special Investigations Unit cleared the officer. The report
    found ...": a bare definite document no one was said to make is the
    one the body the sentences before are about made, as "its report"
    would be (a person's report is named as theirs; "the article" is the
    press's)."""
    if not _definite(tok) or _plural(tok) or tok.lower_ in r.L.press_pieces:
        return None
    owner = r.salient(tok, None, None, "")
    if owner is None or owner.entity is None or r.ents.by_id[owner.entity].type != "ORG":
        return None
    return owner


def _authored_before(r: "Resolver", tok: Token) -> Speaker | None:
    """ "Un rapport du Conseil d'orientation des retraites ... Le document
    estime que ...": a bare document noun is the document named last, and
    speaks for the author named with it."""
    if not (_definite(tok) or _demonstrative(tok)):
        return None  # ("un autre rapport" is another one; "le" and "ce" point back)
    limit = r.sentence_back(tok, 3)
    for prev in reversed(r.doc[limit:cached.start(tok)]):
        if prev.pos_ != "NOUN" or "document" not in r.L.kinds(prev) or phrase_mod.author(prev, r.L) is None:
            continue
        sp = r.resolve(prev, record=False, sieves=(document_author,))
        return sp if sp.entity is not None else None
    return None


def description(r: "Resolver", ph: Phrase) -> Speaker | None:
    """A description referring to an entity introduced with a noun of the
    same kind; its other words must fit what the article said of it."""
    tok = ph.tok
    # (a place in it only qualifies it: "the Kentucky senator", "le sénateur du Finistère"; so
    # does the body in a person's role, "le président de la Confédération", when the words fit)
    if tok.pos_ not in ("NOUN", "PROPN") or any(m.label != "LOC" and not _in_persons_role(m, ph) for m in ph.names) \
            or r.index.named_at(tok.i) \
            or not ph.kinds & {"person", "body", "members", "spokesperson"}:
        return None  # (a capitalised title is still a description: "The Minister told journalists")
    key = r.L.token_key(tok)
    # Its adjectives ("le technicien espagnol", "le nouveau ministre") add no
    # claim that another description could contradict; its complements do.
    adjectives = {fold(t.text) for t in r.doc[ph.start:ph.end] if t.pos_ == "ADJ" and t.i > tok.i}
    words = frozenset(fold(ph.text).split()) - r.L.function_words - {fold(tok.text), fold(tok.lemma_)} - adjectives
    words = frozenset(w for w in words if r.L.noun_key(w) != key) - _key_words(key)
    person = bool(ph.kinds & {"person", "spokesperson"})
    gender = phrase_mod.noun_gender(tok, r.L)
    best = None
    for ev in r.index.candidates(key, tok.idx):
        etype = r.ents.by_id[ev.entity].type
        if person != (etype == "PER"):
            continue
        if person and _clash(gender, r.index.gender.get(ev.entity)):
            continue
        known = ev.words | r.index.name_words(ev.entity)
        if words and not words <= known and not ev.own:
            if words & known or _specific(ev, key, r):
                continue  # "le ministre de la Santé" is not the one of the Industrie
        if best is None or _fits(words, ev, r) > _fits(words, best, r):
            best = ev
    if best is None:
        return _named_after_the_lead(r, ph, key, words, person, gender)
    before = _person_the_sentence_before_is_about(r, tok, gender)
    if before is not None and before.entity != best.entity \
            and not any(ev.entity == before.entity for ev in r.index.evidence) \
            and best.at < r.doc[r.sentence_back(tok, 1)].idx:
        # "Andy Farrell n'a pas caché sa déception. L'entraîneur anglais a
        # reconnu ...": the description tells more of the one just named, not
        # of the coach introduced paragraphs before
        return r.entity_speaker(before.entity, tok, "salient-person")
    return r.entity_speaker(best.entity, tok, "description")


def _named_after_the_lead(r: "Resolver", ph: Phrase, key: str, words: frozenset[str], person: bool,
                          gender: str | None) -> Speaker | None:
    """ "…, selon le porte-parole du gouvernement." in the lead, then "a
    déclaré Issa Tchiroma, porte-parole du gouvernement camerounais": a
    definite description in the first paragraph is the one entity the
    article later introduces with the same noun and all of its words (a
    bare "Le premier ministre n'a pas mâché ses mots", the one later
    introduced as "premier ministre de l'Ontario")."""
    tok = ph.tok
    if not _definite(tok) or _plural(tok) or "\n" in cached.text(r.doc)[:tok.idx].strip():
        return None
    if not words and any(r.L.same_kind(ev.key, key) for ev in r.index.evidence if ev.at < tok.idx):
        return None  # (a bare "le premier ministre" only while no one was said to be one)
    after = r.doc[cached.end(tok) - 1].idx  # (in a later sentence: not the name the phrase itself holds)
    later = {ev.entity for ev in r.index.evidence
             if ev.at > after and r.L.same_kind(ev.key, key) and words <= ev.words | r.index.name_words(ev.entity)
             and person == (r.ents.by_id[ev.entity].type == "PER")
             and not (person and _clash(gender, r.index.gender.get(ev.entity)))}
    return r.entity_speaker(later.pop(), tok, "description") if len(later) == 1 else None


def _in_persons_role(m, ph: Phrase) -> bool:
    """A body named in the complement of a person's role noun."""
    return m.label != "PER" and m.start > ph.tok.i and "person" in ph.kinds and "spokesperson" not in ph.kinds


def _specific(ev, key: str, r: "Resolver") -> bool:
    """The evidence says more than the bare noun and the name it stood
    beside ("ministre de l'Industrie"; not "la procureure Claire Dufour")."""
    return bool(ev.words - {key} - _key_words(ev.key) - _key_words(key) - r.index.name_words(ev.entity)
                - {w for w in ev.words if r.L.noun_key(w) == key})


def _key_words(key: str) -> set[str]:
    """A class noun of several words says nothing more than its class
    ("président de la République" is no more specific than "chef de l'État")."""
    return set(key.split()) if " " in key else set()


def _fits(words: frozenset[str], ev, r: "Resolver") -> int:
    return len(words & (ev.words | r.index.name_words(ev.entity)))


def member_of(r: "Resolver", ph: Phrase) -> Speaker | None:
    """People of a body speak for it: "les analystes de la banque Natixis",
    "un responsable du ministère", "Pentagon officials". Not residents of a
    place ("les habitants de Gaza")."""
    tok = ph.tok
    if not ph.names and ph.kinds & {"members", "spokesperson"} \
            and any(t.morph.get("Poss") == ["Yes"] for t in tok.children if t.i < tok.i):
        # "a annoncé sa direction", "son porte-parole a précisé": the people of
        # the body the sentences are about
        owner = r.salient(tok, None, None, "")
        if owner is not None and owner.entity is not None and r.ents.by_id[owner.entity].type == "ORG":
            return r.entity_speaker(owner.entity, tok, "member-of")
        return None
    if ph.persons or not ph.kinds & {"person", "members"} or _role_of_the_last_speaker(r, ph):
        return None
    before = [m.entity for m in ph.bodies if m.end == tok.i]
    if not before and tok.i > 0 and r.ents.at(tok.i - 1) is None and r.doc[tok.i - 1].pos_ == "PROPN":
        before = [e for e in [r.known_entity(r.doc[tok.i - 1])] if e]
    if before and "members" in ph.kinds:
        return r.entity_speaker(before[-1], tok, "member-of")  # "Scientology officials", "Pentagon officials"
    # (or from the noun apposed to it: "Les auteurs, des chercheurs de l'OMS,")
    heads = [tok] + [a for a in [phrase_mod.apposed_noun(tok)] if a is not None and r.L.kinds(a) & {"person", "members"}]
    bodies = [m for m in ph.bodies if r.ents.by_id[m.entity].type == "ORG" and any(_of_head(r, m, h) for h in heads)]
    if bodies and ("members" in ph.kinds or _plural(tok)) and ph.kind != "person":
        return r.entity_speaker(bodies[0].entity, tok, "member-of")
    return _of_described_body(r, ph) if "members" in ph.kinds and not ph.bodies else None


def _plural(tok: Token) -> bool:
    """Plural, by the noun or, for one of invariable number, by its article
    ("le Français de l'équipe": one rider)."""
    return tok.morph.get("Number") == ["Plur"] and not any(
        c.dep_ == "det" and c.morph.get("Number") == ["Sing"] for c in tok.children)


def _of_described_body(r: "Resolver", ph: Phrase) -> Speaker | None:
    """ "la direction de l'enseigne", "les dirigeants du groupe": the people
    of a body the article named before and now describes."""
    inner = phrase_mod.author(ph.tok, r.L)
    if inner is None or inner.pos_ != "NOUN" or not _definite(inner) or "body" not in r.L.kinds(inner):
        return None
    sp = r.resolve(inner, record=False, sieves=DESCRIPTION_SIEVES)
    if sp.entity is None or r.ents.by_id[sp.entity].type != "ORG":
        return None
    return _as(r.entity_speaker(sp.entity, ph.tok, sp.sieve), "member-of")


def _role_of_the_last_speaker(r: "Resolver", ph: Phrase) -> bool:
    """ "Opposition leader Keir Starmer said ... The Labour leader called
    for ...": one person's role, the role the article gave the person who
    spoke in the sentence before; that person, not the body, speaks."""
    tok = ph.tok
    if "spokesperson" in ph.kinds or tok.morph.get("Number") == ["Plur"]:
        return False
    return _last_speaker_in_this_role(r, tok) is not None


def _of_head(r: "Resolver", m, head: Token) -> bool:
    """The body hangs from the head noun by an author's preposition ("les
    analystes de la banque Natixis"), not by another ("les employés, avec
    le syndicat Sud")."""
    t = r.doc[m.start]
    while t.head.i != head.i and t.head.i != t.i:
        t = t.head
    if t.head.i != head.i or t.dep_.startswith("acl"):
        return False  # (nor through a participle: "les économistes interrogés par l'agence X")
    cases = [c for c in t.children if c.dep_ == "case"]
    return not cases or any(r.L.is_author_case(c.lower_) for c in cases)


def salient_person(r: "Resolver", ph: Phrase) -> Speaker | None:
    """ "« ... », a ajouté l'universitaire" right after a named person spoke in
    the sentence before: that person, unless what the article said of them
    names another kind ("le maire" is not a person introduced as "chercheur")."""
    tok = ph.tok
    nationality = r.L.nationality_noun(tok)  # "the Spaniard": says nothing of a role
    # (a body named in the phrase says whose role it is: "the Labour leader",
    # "la présidente du groupe Rassemblement national")
    bodies_only = all(m.label in ("ORG", "LOC") for m in ph.names)
    # (a person noun capitalised is still one: "the Kentucky Republican")
    noun = tok.pos_ == "NOUN" or tok.pos_ == "PROPN" and r.ents.at(tok.i) is None
    if not noun and not nationality or "person" not in ph.kinds or not bodies_only \
            or tok.morph.get("Number") == ["Plur"]:
        return None
    if any(t.morph.get("Poss") == ["Yes"] for t in tok.children):
        return None  # "son complice" is someone else
    if tok.head.lemma_ in r.L.replies:
        return None  # "« ... », the senator interjected": someone answering the one before
    content = [t for t in r.doc[ph.start:ph.end] if t.pos_ not in ("DET", "ADP", "PUNCT")]
    if len(content) > 2 and not _definite(tok) or _indefinite(tok):
        return None  # ("un responsable de la fédération" is someone new)
    key = r.L.token_key(tok)
    if r.described_before(key, tok.i):
        return None  # "le maire" already spoke as such: the same unnamed one
    gender = phrase_mod.noun_gender(tok, r.L)
    cand = r.last_speaker(tok, 1)
    if cand is not None and cand.entity is None:
        cand = None  # ("ont annoncé les organisateurs": no one named spoke just before)
    if cand is None and nationality:
        # "Thomas Frank was left frustrated. « … », the Dane insisted": a person
        # by nationality is the one the sentence before is about
        cand = r.salient(tok, gender, "Sing", "person") or _person_the_sentence_before_is_about(r, tok, gender)
    elif cand is None and (_definite(tok) or _demonstrative(tok)):
        # "Le capitaine Antoine Dupont a salué la mêlée. « … », a confié le
        # demi de mêlée toulousain": the one the sentence before named (not
        # "according to one critic": someone new); "ce lycéen", all the more
        cand = _person_the_sentence_before_is_about(r, tok, gender) or _last_person_who_spoke(r, tok)
    if cand is None or cand.entity is None or r.ents.by_id[cand.entity].type != "PER":
        return None
    if _clash(gender, r.index.gender.get(cand.entity)):
        return None
    said = r.index.offices(cand.entity)
    if said and not nationality and not any(r.L.same_kind(ev.key, key) for ev in said) \
            and (r.L.is_role(key) or not any(r.L.is_role(ev.key) for ev in said)) \
            and not _qualified_as_said(r, ph, key, said):
        # "le préfet" is not the one introduced as "maire"; but "la
        # syndicaliste" may be the one introduced as "secrétaire générale
        # de la CGT": a noun that is no office contradicts no office
        return None
    if ph.names and _of_another_body(r, said, {m.entity for m in ph.names}):
        return None  # "the Peugeot boss" is not the one introduced as "the boss of Renault"
    named = ph.names or any(t.pos_ == "PROPN" and t.i != tok.i for t in content)  # ("maire de Lille", untagged)
    if said and (len(content) > 2 or named) and not _fits_what_was_said(r, ph, key, said):
        return None  # "le maire de Lille" is not the one introduced as "maire de Roubaix"
    return r.entity_speaker(cand.entity, tok, "salient-person")


def _qualified_as_said(r: "Resolver", ph: Phrase, key: str, said: list) -> bool:
    """Another office, qualified only by words said of the person: "le député
    solidaire" after "le leader solidaire, X" (a leader of a party sits as a
    member), not "le préfet" after "le maire"."""
    words = frozenset(fold(t.text) for t in r.doc[ph.start:ph.end]
                      if t.i != ph.tok.i and t.is_alpha and t.pos_ in ("ADJ", "NOUN", "PROPN")) - _key_words(key)
    return bool(words) and _fits_what_was_said(r, ph, key, said)


def named_next(r: "Resolver", ph: Phrase) -> Speaker | None:
    """ "British Columbia's health minister has urged people to get vaccinated.
    Adrian Dix says ...", "Le gouverneur de la Banque de France a estimé ...
    « ... », a déclaré François Villeroy de Galhau": a definite description
    no one before fits is the person the next sentences introduce speaking,
    when nothing said of that person names another office."""
    tok = ph.tok
    owned_by_a_name = any(c.dep_ == "nmod:poss" and c.pos_ == "PROPN" for c in tok.children)  # "Ontario's premier"
    # (a capitalised title is tagged a proper noun: "says the Broadcasting Minister")
    if tok.pos_ not in ("NOUN", "PROPN") or "person" not in ph.kinds or not (_definite(tok) or owned_by_a_name) \
            or _plural(tok) or r.ents.at(tok.i) is not None \
            or any(m.label == "PER" for m in ph.names) or any(t.morph.get("Poss") == ["Yes"] for t in tok.children):
        return None
    key = r.L.token_key(tok)
    doc = r.doc
    start, limit = cached.end(tok), _description_window(r, tok, key)
    names = [m for m in r.ents.mentions if m.entity is not None and not m.role]
    # (only the first person introduced after it, named there for the first time)
    m = min((m for m in names if start <= m.start < limit and r.ents.by_id[m.entity].type == "PER"
             and not any(o.entity == m.entity and o.start < m.start for o in names)),
            key=lambda m: m.start, default=None)
    if m is None:
        return None
    head = doc[m.start:m.end].root
    speaking = head.dep_ in ("nsubj", "nsubj:pass") or m.start > 0 and doc[m.start - 1].pos_ in ("VERB", "AUX")
    said = r.index.offices(m.entity)
    if speaking and not _clash(phrase_mod.noun_gender(tok, r.L), r.index.gender.get(m.entity)) \
            and all(r.L.same_kind(ev.key, key) or not r.L.is_role(ev.key) for ev in said):
        return r.entity_speaker(m.entity, tok, "named-next")
    return None


def _description_window(r: "Resolver", tok: Token, key: str) -> int:
    """Where the person a description stands for may still be introduced:
    three sentences past it, or past the same description said again in
    them ("Le Premier ministre a rappelé ... Le Premier ministre est revenu
    sur ... Xavier Bettel indique": one unnamed person until named)."""
    limit = r.sentence_ahead(tok, 3)
    i = cached.end(tok)
    while i < limit:
        t = r.doc[i]
        if t.pos_ == "NOUN" and _definite(t) and not _plural(t) and r.L.token_key(t) == key:
            limit = max(limit, r.sentence_ahead(t, 3))
        i += 1
    return limit


def _person_the_sentence_before_is_about(r: "Resolver", tok: Token, gender: str | None) -> Speaker | None:
    """The one person the sentence just before the description's names
    (whatever the parse made of the name), or its subject or speaker."""
    before, start = r.sentence_back(tok, 1), cached.start(tok)
    # (not a name inside someone's words: "« … déshabiller Pierre pour habiller Paul », ajoute le ministre")
    named = {m.entity for m in r.ents.mentions if before <= m.start < start and not m.role
             and m.entity and r.ents.by_id[m.entity].type == "PER" and not r.inside_quote(r.doc[m.start].idx)}
    if len(named) == 1:
        (eid,) = named
        return None if _clash(gender, r.index.gender.get(eid)) else r.entity_speaker(eid, tok, "salient-person")
    # its subject or speaker, a pronoun standing for a person included ("Il soigne sa voix.")
    about = [sp for j, sp, _, _ in sorted(r.memory, key=lambda e: e[0]) if before <= j < start and sp.entity
             and r.ents.by_id[sp.entity].type == "PER" and sp.number != "Plur"]
    if not about:
        # (the parse found no subject: a person named first thing in the sentence
        # is what it is about, "Iga Swiatek a remporté ... contre Cori Gauff")
        about = [r.entity_speaker(m.entity, r.doc[m.start], "salient-person") for m in r.ents.mentions
                 if m.start == before and not m.role and m.entity and r.ents.by_id[m.entity].type == "PER"]
    if not about or _clash(gender, r.index.gender.get(about[0].entity)):
        return None
    return r.entity_speaker(about[0].entity, tok, "salient-person")


def _last_person_who_spoke(r: "Resolver", tok: Token) -> Speaker | None:
    """ "« … », se réjouit X. Deux soirées étaient complètes. « … », poursuit
    l'organisateur": the last person who spoke, a few sentences back, when
    no other person was named since."""
    limit = r.sentence_back(tok, 3)
    last = next(((j, cand) for j, cand, _, spoke in reversed(r.memory) if spoke and limit <= j < tok.i), None)
    if last is None or last[1].entity is None or r.ents.by_id[last[1].entity].type != "PER":
        return None
    j, cand = last
    if any(m.entity not in (None, cand.entity) and r.ents.by_id[m.entity].type == "PER" and j < m.start < tok.i
           for m in r.ents.mentions):
        return None
    return cand


def _definite(tok: Token) -> bool:
    """A definite article: the noun points back to someone known ("la
    présidente du groupe", not "une responsable du groupe"), or the one a
    preposition holds ("du groupe": "de" + "le")."""
    return any(c.dep_ in ("det", "case") and c.morph.get("Definite") == ["Def"] and c.morph.get("PronType") == ["Art"]
               for c in tok.children)


def _demonstrative(tok: Token) -> bool:
    """ "ce lycéen", "this official": the noun points back to the one just named."""
    return any(c.dep_ == "det" and c.morph.get("PronType") == ["Dem"] for c in tok.children)


def _indefinite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.morph.get("Definite") == ["Ind"] for c in tok.children)


def _fits_what_was_said(r: "Resolver", ph: Phrase, key: str, said: list) -> bool:
    """The description's words are among what the article said of the person."""
    words = frozenset(fold(ph.text).split()) - r.L.function_words - {fold(ph.tok.text), key} - _key_words(key)
    # (an age contradicts nothing said: "la comédienne de 60 ans", "the 45-year-old coach")
    toks = r.doc[ph.start:ph.end]
    words -= {fold(t.text) for t in toks if t.like_num or t.i > ph.start and r.doc[t.i - 1].like_num}
    # (an organisation named in it was checked apart: _of_another_body)
    words -= {w for m in ph.names if m.label == "ORG" for w in fold(r.doc[m.start:m.end].text).split()}
    known = frozenset().union(*(ev.words for ev in said)) | r.index.name_words(said[0].entity)
    if _names_a_body(r, known):
        # (a body said again by its common noun: "le numéro 1 de la
        # confédération" after "le secrétaire général de la CGT")
        words -= {fold(t.text) for t in toks if t.i > ph.tok.i and t.pos_ == "NOUN" and _definite(t)
                  and "body" in r.L.kinds(t)}
    # (a place in it contradicts only a place said of the person: "le maire de
    # Lille" is not the one introduced as "maire de Roubaix", but "the
    # Kentucky Republican" may be the one introduced as "Senator")
    place_words = {w for e in r.ents.entities if e.type == "LOC" for w in fold(e.name).split()}
    if not known & place_words:
        words -= {w for m in ph.names if m.label == "LOC" for w in fold(r.doc[m.start:m.end].text).split()}
    return words <= known


def _names_a_body(r: "Resolver", words: frozenset[str]) -> bool:
    return any(set(fold(e.name).split()) <= words for e in r.ents.entities if e.type == "ORG")


def _of_another_body(r: "Resolver", said: list, bodies: set[str]) -> bool:
    """What the article said of a person names an organisation other than these."""
    others = [set(fold(e.name).split()) for e in r.ents.entities if e.type == "ORG" and e.id not in bodies]
    return any(words <= ev.words for ev in said for words in others if words)


def salient_body(r: "Resolver", ph: Phrase) -> Speaker | None:
    """ "Amnesty International a publié un rapport. L'organisation affirme
    que ...": a bare body noun, when the sentences before are about one
    organisation, is that organisation, unless what the article said of it
    names another kind (a party is no "organisation syndicale")."""
    tok = ph.tok
    if not _a_bare_body_noun(r, ph):
        return None
    key = r.L.token_key(tok)
    if r.described_before(key, tok.i):
        return None
    cand = r.salient(tok, None, None, "")
    if cand is not None and cand.entity is not None and r.ents.by_id[cand.entity].type == "PER":
        cand = _body_of_person(r, cand.entity, tok)
    if cand is None or cand.entity is None:
        cand = _only_body_named_before(r, tok)
    if cand is None or cand.entity is None or r.ents.by_id[cand.entity].type != "ORG":
        return None
    said = [ev for ev in r.index.evidence if ev.entity == cand.entity]
    generic = key in r.L.generic_bodies and not any(t.pos_ == "ADJ" for t in r.doc[ph.start:ph.end])
    if said and not generic and not any(r.L.same_kind(ev.key, key) for ev in said):
        return None  # (a bare "l'organisme" is any body: the direction, the agency, the office)
    return r.entity_speaker(cand.entity, tok, "salient-body")


def _a_bare_body_noun(r: "Resolver", ph: Phrase) -> bool:
    """A singular body noun with no name, no owner and no more than one word
    besides its adjectives ("l'organisation", "la direction", "l'agence
    spatiale américaine": its adjectives describe, they name no other body)."""
    tok = ph.tok
    if tok.pos_ != "NOUN" or "body" not in ph.kinds or ph.names or tok.morph.get("Number") == ["Plur"] \
            or any(t.morph.get("Poss") == ["Yes"] for t in tok.children):
        return False
    return len([t for t in r.doc[ph.start:ph.end] if t.pos_ not in ("DET", "ADP", "PUNCT", "ADJ")]) <= 2


def _bare_body_named_before(r: "Resolver", tok: Token) -> Speaker | None:
    """A bare body noun ("la direction", "la compagnie") is the one
    organisation the article has named before it."""
    if not _a_bare_body_noun(r, phrase_mod.read(r.doc, r.ents, r.L, tok, None)):
        return None
    return _as(sp, "salient-body") if (sp := _only_body_named_before(r, tok)) is not None else None


def _only_body_named_before(r: "Resolver", tok: Token) -> Speaker | None:
    """ "La grève à la SNCF commence lundi. L'entreprise ferroviaire annonce
    que ...": no subject before to go back to, but the article has named one
    organisation so far, and only one."""
    bodies = {m.entity for m in r.ents.mentions if m.end <= tok.i and not m.role and m.entity is not None
              and r.ents.by_id[m.entity].type == "ORG"}
    return r.entity_speaker(bodies.pop(), tok, "") if len(bodies) == 1 else None


def _body_of_person(r: "Resolver", person: str, tok: Token) -> Speaker | None:
    """ "said Enver Solomon, chief executive of the Refugee Council. The
    charity called on ...": the organisation named in the role apposed to
    the person the sentences before are about."""
    doc = r.doc
    last = max((m for m in r.ents.mentions if m.entity == person and m.end <= tok.i and not m.role),
               key=lambda m: m.start, default=None)
    if last is None:
        return None
    sentence = cached.start(doc[last.start])
    for m in r.ents.mentions:
        if m.end < last.start and last.start - m.end <= 3 and r.ents.by_id[m.entity].type == "ORG" \
                and all(t.text.islower() and t.pos_ in ("NOUN", "ADJ") for t in doc[m.end:last.start]):
            return r.entity_speaker(m.entity, tok, "")  # "Apple chief executive Tim Cook": the body before the role
        if m.start < last.end or r.ents.by_id[m.entity].type != "ORG" or cached.start(doc[m.start]) != sentence:
            continue
        t = doc[m.start:m.end].root
        for _ in range(3):  # the body, its role noun, the role's apposition to the name
            t = t.head
            if t.dep_ == "appos" and last.start <= t.head.i < last.end:
                return r.entity_speaker(m.entity, tok, "")
    return None


def _copy(sp: Speaker, tok: Token) -> Speaker:
    return Speaker(sp.entity, sp.text, tok.i, sp.gender, sp.number, others=sp.others, bare=sp.bare,
                   animate=sp.animate, person=sp.person)


def _as(sp: Speaker, sieve: str) -> Speaker:
    sp.sieve = sieve if not sp.sieve or sp.sieve == "unresolved" else f"{sieve}>{sp.sieve}"
    return sp


def _last_speaking_noun(r: "Resolver", before: int, limit: int, gender: str) -> Token | None:
    """The head of the last noun phrase before `before` (back to `limit`)
    that names someone who can speak, of one in number and of the phrase's
    gender, outside quotations and names."""
    doc = r.doc
    for t in reversed(doc[limit:before]):
        while t.dep_ == "nmod" and t.head.pos_ == "NOUN" and limit <= t.head.i < t.i and r.L.can_speak(t.head):
            t = t.head  # "la présidente de l'association": the phrase, not its complement
        if t.pos_ == "NOUN" and not r.inside_quote(t.idx) and r.ents.at(t.i) is None \
                and "Plur" not in t.morph.get("Number") and not _clash(gender or None, (t.morph.get("Gender") or [None])[0]) \
                and r.L.can_speak(t):
            return t
    return None


def _clash(a: str | None, b: str | None) -> bool:
    return bool(a and b and a != b)


Sieve = Callable[["Resolver", Phrase], "Speaker | None"]

# Context-free sieves: what the phrase itself names.
PHRASE_SIEVES: tuple[Sieve, ...] = (name, name_in_phrase, known_name)
# Descriptions and the bodies people belong to.
DESCRIPTION_SIEVES: tuple[Sieve, ...] = (description, document_author, member_of)
# The full order for a speaker read in context.
SIEVES: tuple[Sieve, ...] = (relative, pronoun, latter, same_source) + PHRASE_SIEVES + DESCRIPTION_SIEVES \
    + (salient_person, salient_body, named_next)
# For a subject read on the way, a candidate antecedent: a bare body noun may
# be the organisation the article is about ("L'agence a relevé ... Elle a dit"),
# a description the person who just spoke ("Le chercheur reste prudent : selon lui, ...").
SUBJECT_SIEVES: tuple[Sieve, ...] = (latter,) + PHRASE_SIEVES + DESCRIPTION_SIEVES + (salient_person, salient_body)

NAMES = {f: f.__name__.replace("_", "-") for f in SIEVES}
