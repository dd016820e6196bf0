"""The speaker token of a cue: its subject, wherever the sentence puts it.

The parse gives most subjects ("X a déclaré"); the rest are read from the
words around the cue, because the parser's labels are unreliable there: an
inverted subject after an incise verb ("a précisé le ministre"), a clitic
("a-t-il ajouté"), the subject of the clause the cue hangs from ("a refusé de
confirmer", "en ajoutant"), the first noun phrase of a clause the parser left
without one.
"""
from __future__ import annotations

from spacy.tokens import Token

from .. import cached
from .cues import CueLexicon, lemmas, own_finite

SUBJECT_DEPS = ("nsubj", "nsubj:pass")
# Clause ends a subject read linearly never crosses.
_CLAUSE_BREAKS = (";", ".", "!", "?", "»", "”", ":")


def subject(v: Token, L: CueLexicon, inside_quote) -> int | None:
    """The cue's subject, or that of the clause it hangs from, or the agent
    of a passive. A subject inside a quotation is the quoted person's, not
    the speaker."""
    t = v
    participle = "Part" in v.morph.get("VerbForm") and "Pres" in v.morph.get("Tense")
    for _ in range(5):
        if participle and t.i != v.i and t.head.i != t.i and (t.dep_ == "ccomp" or any(
                c.dep_ == "mark" and L.has("complementizers", c.lower_) for c in t.children)):
            t = t.head  # "précise que les écoles rouvriront, ajoutant que": not the reported clause's subject
            continue
        impersonal = L.has("impersonal_verbs", t.lemma_)
        subj = [c for c in _with_auxiliaries(t) if c.dep_ in SUBJECT_DEPS and not inside_quote(c.idx)
                and not any(g.dep_ == "case" for g in c.children)
                and not (impersonal and c.pos_ == "PRON") and not _linking_clitic(c, L)]
        if subj:
            return _unpunctuated_apposition(subj)
        # The parser often labels a personal "il" as impersonal (expl:subj); not
        # that of a verb that has no other subject ("il appartient au
        # gouvernement d'estimer ...", "il faut").
        clitic = [c for c in t.children if c.dep_ == "expl:subj" and L.has("personal_pronouns", c.lower_.lstrip("-t"))
                  and not impersonal]
        if clitic:
            return clitic[-1].i
        # "a été annoncé par le ministre"; not "a indiqué par téléphone",
        # which the parser also labels an agent.
        agent = [c for c in t.children if c.dep_ == "obl:agent"]
        if agent and _passive(t):
            return agent[0].i
        if v.dep_ == "conj" and v.head.i == t.i and t.dep_ == "ccomp" \
                and any(c.dep_ in SUBJECT_DEPS and inside_quote(c.idx) for c in t.children):
            # "suggère que « certains ... » et assure que ...": the parse tied
            # the second report to the quotation; it is the first report's twin
            t = t.head
            continue
        if participle and t.i != v.i and t.dep_ == "conj" and t.head.i < t.i \
                and any(c.dep_ in SUBJECT_DEPS for c in t.head.children):
            # "X confirmed ... but rejected the figure, saying ...": the coordinated
            # verbs' shared subject, not the noun after the second one
            t = t.head
            continue
        if participle and t.i != v.i and t.i < v.i:
            inv = inverted_subject(t)
            if inv is not None and inv.i < v.i:
                return inv.i  # "« … » s'est emporté le procureur, ajoutant que …": the incise's subject
        if t.head.i == t.i or t.dep_ in ("ccomp", "parataxis") and t.i != v.i:
            break
        outer = outer_report(v, L) if t.i == v.i else None
        if outer is not None and (not own_finite(v) or _tense(v) != _tense(v.head)):
            # "X said emissions had doubled, and called on ...", "X a affirmé que
            # ... et a mis en garde": a finite report the parse tied inside the
            # first report's clause, in another tense than the verb it is tied
            # to, is the first reporter's (but "X told that Y walked in, and
            # told the police ...": one tense, Y's two acts); a participle
            # sharing the first report's auxiliary is its twin
            t = outer
            continue
        t = t.head
    return subject_before(v, inside_quote)


def outer_report(v: Token, L: CueLexicon) -> Token | None:
    """The report whose clause the parse tied a finite cue into as a
    conjunct: "estime que [la décision va ...] mais regrette que", or a
    participle sharing that report's auxiliary: "a indiqué que [...] et
    ajouté que"."""
    if v.dep_ != "conj":
        return None
    if v.head.dep_ == "ccomp" and v.head.head.i < v.head.i and _reports(v.head.head, L) and own_finite(v):
        return v.head.head
    # a participle may hang on any word of the clause ("prendrait deux ans et précisé que")
    clause = next((a for a in v.ancestors if a.dep_ == "ccomp"), None)
    if clause is not None and clause.head.i < clause.i and _reports(clause.head, L) \
            and shares_auxiliary(v, clause.head):
        return clause.head
    return None


def shares_auxiliary(t: Token, cue: Token) -> bool:
    """ "a affirmé que l'armée facilitait ... et accusé les rebelles de ...",
    "a indiqué que le budget serait voté et ajouté que ...": a bare past
    participle after a cue in a compound tense is that cue's twin sharing
    its auxiliary, when the verb it is tied to has no auxiliary it could
    share, or when it has a clause of its own (not "avaient été fermées et
    déclarées impraticables", a passive of the reported clause)."""
    if "Part" not in t.morph.get("VerbForm") or "Pres" in t.morph.get("Tense") \
            or any(c.dep_.startswith(("aux", "nsubj")) for c in t.children) \
            or not any(c.dep_ == "aux:tense" for c in cue.children):
        return False
    # (a verb with no auxiliary, or a noun, lends none; the tagger's verb form is unreliable here)
    tied = t.head if t.dep_ == "conj" else None
    return tied is not None and not any(c.dep_.startswith("aux") for c in tied.children) \
        or any(c.dep_ in ("ccomp", "xcomp", "advcl", "obl:arg") and c.pos_ == "VERB" for c in t.children)


def _reports(t: Token, L: CueLexicon) -> bool:
    """A cue verb, whatever lemma the model gave it ("estime" -> "estime")."""
    return any(lm in L.verbs for lm in lemmas(t, L))


def _with_auxiliaries(t: Token) -> list[Token]:
    """The verb's dependents and its auxiliaries' own: "Le ministre a, pour
    sa part, refusé": across the incise the parser may hang the subject on
    the auxiliary it read as a verb."""
    kids = list(t.children)
    return kids + [g for c in kids if c.dep_.startswith("aux") for g in c.children]


def _unpunctuated_apposition(subj: list[Token]) -> int:
    """ "le président du Sénat Gérard Larcher a annoncé": the parse gives the
    verb two subjects, the role and the name right after it; the name is
    the speaker the role describes."""
    first = subj[0]
    if first.pos_ == "VERB" and "Fin" not in first.morph.get("VerbForm"):
        # "X, writing in his column, argued that": the parse made the participle
        # clause the subject; its own subject is the one who argues
        own = [c for c in first.children if c.dep_ in SUBJECT_DEPS and c.i < first.i]
        if own:
            first = own[0]
    doc = first.doc
    for nxt in subj[1:]:
        if nxt.left_edge.i == first.right_edge.i + 1 and not first.right_edge.is_punct \
                and nxt.pos_ == "PROPN" and nxt.ent_type_ in ("PER", "ORG"):
            return nxt.i
        if first.pos_ == "NOUN" and nxt.pos_ == "PROPN" and nxt.ent_type_ == "PER" \
                and nxt.left_edge.i == first.right_edge.i + 2 and doc[first.right_edge.i + 1].text == "," \
                and nxt.right_edge.i + 1 < len(doc) and doc[nxt.right_edge.i + 1].text == ",":
            return nxt.i  # "L'avocat de Paul Roux, Jean Martin, a affirmé": the name set off by commas
        if nxt.i > first.right_edge.i and doc[nxt.left_edge.i - 1].text == "," \
                and any(c.dep_ == "acl" and "Part" in c.morph.get("VerbForm") for c in first.children):
            # "Les bourrasques pouvant arracher des câbles, Enedis rappelle": a
            # fronted participle clause, then the verb's own subject
            return nxt.i
    return first.i


def fronted_conjunct(subj: Token, v: Token) -> Token | None:
    """ "Côté irlandais, l'entraîneur Andy Farrell a salué ...": the parse
    coordinated a fronted phrase with the subject after its comma; a
    singular verb has no coordinated subject, so the last conjunct, the
    noun phrase next to the verb, is the one."""
    if not _singular(v):
        return None
    conj = [c for c in subj.children if c.dep_ == "conj" and subj.i < c.i < v.i and c.pos_ == "NOUN"
            and not any(g.dep_ == "cc" for g in c.children)]
    if conj and any(t.text == "," for t in subj.doc[subj.i + 1:conj[-1].i]):
        return conj[-1]
    return None


def _singular(v: Token) -> bool:
    """The verb or its finite auxiliary says singular."""
    finite = [v] + [c for c in v.children if c.dep_.startswith("aux")]
    return any("Fin" in t.morph.get("VerbForm") and t.morph.get("Number") == ["Sing"] for t in finite)


def _tense(v: Token) -> tuple:
    """A verb's form and its auxiliaries: how a clause's verbs agree."""
    return (tuple(v.morph.get("VerbForm")), tuple(v.morph.get("Tense")), tuple(v.morph.get("Mood")),
            tuple(sorted((c.lemma_, *c.morph.get("Tense")) for c in v.children if c.dep_.startswith("aux"))))


def subject_before(v: Token, inside_quote) -> int | None:
    """When the parse gives the cue no subject ("le ministre des finances,
    Pierre Moscovici, a pour sa part ajouté"), the subject is the first noun
    phrase of the clause, read linearly: a name if there is one, else the
    first noun not governed by a preposition."""
    doc = v.doc
    start = v.i
    while start > cached.start(v) and doc[start - 1].text not in _CLAUSE_BREAKS:
        start -= 1
    first_noun = None
    governed = False
    for t in doc[start:v.i]:
        # An incise between the subject and the cue may hold an infinitive or a
        # participle ("B. Obama, même en pleine course pour tenter de ..., fait
        # savoir"); a finite verb starts another clause.
        if inside_quote(t.idx) or t.pos_ == "VERB" and "Fin" in t.morph.get("VerbForm"):
            return None
        # (a name's inner word is governed as its first is: "A l'Assemblée nationale, le ministre")
        governed = governed if t.ent_iob_ == "I" else _governed(t)
        if t.ent_type_ in ("PER", "ORG") and not governed:
            return t.i
        if first_noun is None and t.pos_ in ("NOUN", "PROPN") and not governed:
            first_noun = t.i
    return first_noun


def _passive(v: Token) -> bool:
    return any(c.dep_ == "aux:pass" for c in v.children) or v.dep_ == "acl" and "Part" in v.morph.get("VerbForm")


def _governed(t: Token) -> bool:
    """Governed by a preposition: "à l'AFP". Not a name's own particle at the
    start of a sentence ("De Pavant a indiqué")."""
    doc = t.doc
    prev = doc[t.i - 1] if t.i > 0 else None
    if prev is not None and prev.pos_ == "ADP":
        return not (t.ent_type_ == "PER" and prev.text[:1].isupper())
    return any(c.dep_ == "case" and not (c.text[:1].isupper() and t.ent_type_ == "PER") for c in t.children)


def inverted_subject(v: Token, after: int = 0) -> Token | None:
    """ "..., estime le président de la République", "a expliqué à l'AFP
    Gilles-Éric Séralini", "said the Rev. John Harper": the noun phrase after
    an incise verb is its subject. Read linearly: the parser's labels there
    are unreliable (it takes the subject for an object, or hangs it on
    "l'AFP"). `after`: past the cue's own words ("a laissé entendre X");
    a date between commas is no subject ("a constaté, mardi, l'AIP")."""
    doc = v.doc
    j = max(cue_end(v), after)
    end = min(cached.end(v), j + 14)
    parsed = next((c for c in v.children if c.dep_ in SUBJECT_DEPS and j <= c.i < end), None)
    if parsed is not None and parsed.pos_ in ("NOUN", "PROPN") and all(
            t.pos_ in ("DET", "PROPN", "NOUN", "ADJ") or t.text == "." or t.pos_ == "PART" and t.dep_ == "case"
            for t in doc[j:parsed.i]):  # (a possessive too: "said the union's vice president")
        return parsed  # the parse found it ("said the Rev. John Harper": Harper; not "son avocate à l'AFP")
    in_pp = False
    object_noun = None  # the last preposition's object
    start = j
    while j < end:
        t = doc[j]
        if t.text == ",":
            close = next((k for k in range(j + 1, min(j + 4, end)) if doc[k].text == ","), None)
            if close is not None and all(w.pos_ in ("NOUN", "ADV", "NUM", "ADP", "DET") and not w.ent_type_
                                         for w in doc[j + 1:close]):
                j = close + 1  # ", mardi, l'AIP": an adverb of time between commas
                continue
            if j > start and not in_pp and j + 1 < end and (doc[j + 1].pos_ == "DET" or doc[j + 1].text[:1].isupper()):
                j += 1  # "a affirmé lundi à l'AFP, M. Lambert Mende": the subject after what the verb was told
                continue
        if t.pos_ == "VERB" and "Part" in t.morph.get("VerbForm") and "Past" in t.morph.get("Tense") \
                and j > 0 and doc[j - 1].pos_ == "NOUN":
            j += 1  # "dans un communiqué lu à la télévision le porte-parole": the participle describes the noun
            continue
        if t.is_punct and t.text not in ("-", "'", "’") or t.pos_ in ("VERB", "AUX") and not t.ent_type_ or t.is_space:
            return None  # (but a name tagged as a verb: "à la radio Yannick Le Goff")
        if t.pos_ == "ADP" and t.lower_ != "-" and not (j - start <= 1 and _article_read_as_preposition(t)):
            in_pp = True  # (but "ont annoncé (mardi) des experts": an article, right after the verb or its date)
        elif t.pos_ in ("NOUN", "PROPN", "PRON") or t.ent_type_ and t.pos_ != "ADJ" \
                or t.pos_ == "ADJ" and "Ord" in t.morph.get("NumType") and j > 0 and doc[j - 1].pos_ == "DET" \
                and (j + 1 >= end or doc[j + 1].pos_ not in ("NOUN", "PROPN")):
            # (not "la Première ministre"; but "a lancé le premier": an ordinal standing for someone)
            bare = t.pos_ == "NOUN" and not any(c.dep_ == "det" for c in t.children) \
                and not (j - start in (1, 2) and _article_read_as_preposition(doc[j - 1]))
            if bare and not in_pp and j + 3 < end and doc[j + 1].like_num and doc[j + 2].pos_ in ("NOUN", "PROPN") \
                    and doc[j + 3].pos_ in ("DET", "ADP"):
                j += 3  # "annonce samedi 22 juillet un communiqué", "réagit samedi 21 décembre sur franceinfo X"
                continue
            if bare and not in_pp and j + 1 < end and (doc[j + 1].pos_ in ("DET", "PROPN")
                                                       or t.text.islower() and doc[j + 1].pos_ == "ADP"):
                j += 1  # "a indiqué jeudi une source", "a affirmé lundi à l'AFP": a bare noun of time, then the subject
                continue
            if not in_pp:
                named = _name_of_the_object_before(doc, j, end, object_noun)
                if named is not None:
                    j = named  # "à l'agence de presse APS le docteur X": the agency's name, then the subject
                    continue
                return t
            # Past the preposition's object ("à l'AFP"), a name may follow.
            while j + 1 < end and doc[j + 1].ent_iob_ == "I":
                j += 1
            in_pp = False
            object_noun = j
        j += 1
    return None


def _name_of_the_object_before(doc, j: int, end: int, object_noun: int | None) -> int | None:
    """Where the noun phrase after a name right behind a preposition's
    lowercase object starts, when one does: the name was the object's own
    ("à l'agence de presse APS le docteur X"; but "à la radio Yannick Le
    Goff": nothing follows the name, it is the subject)."""
    if object_noun is None or doc[j].pos_ != "PROPN" or not doc[object_noun].text.islower():
        return None
    # (the name's article is the name's: "au quotidien Le Soir")
    if not all(t.pos_ in ("ADP", "NOUN", "DET") and t.text.islower() or t.ent_iob_ == "B" and t.i == j - 1
               for t in doc[object_noun + 1:j]):
        return None
    k = j
    while k < end and (doc[k].pos_ == "PROPN" or doc[k].ent_iob_ == "I"):
        k += 1
    return k if k + 1 < end and doc[k].pos_ == "DET" and doc[k + 1].pos_ in ("NOUN", "PROPN") else None


def _article_read_as_preposition(t: Token) -> bool:
    """ "ont annoncé mardi des experts de l'Académie": the plural article
    the parser read as a preposition (its noun then has no determiner, a
    bare plural no preposition takes after a verb)."""
    noun = t.head
    return t.dep_ == "case" and noun.i == t.i + 1 and noun.pos_ == "NOUN" and noun.text.islower() \
        and noun.morph.get("Number") == ["Plur"] and not any(c.dep_ == "det" for c in noun.children)


def clitic_subject(v: Token) -> int | None:
    """ "a-t-il ajouté", "dit-elle": the subject clitic joined to the verb or
    its auxiliary."""
    doc = v.doc
    found = [t.i for t in doc[max(0, v.i - 3):cue_end(v)]
             if t.pos_ == "PRON" and t.text.startswith("-") and t.i != v.i]
    return found[-1] if found else None


def cue_end(v: Token) -> int:
    """Index past the cue's own words: "a-t-il ajouté", "dit-elle"."""
    end = v.i + 1
    doc = v.doc
    while end < len(doc) and doc[end].text.startswith("-") and doc[end].pos_ == "PRON":
        end += 1
    return end


def _linking_clitic(t: Token, L: CueLexicon) -> bool:
    """A hyphen-joined word that is no pronoun: the euphonic "-t" of
    "a-t-il dit", which the parser may label the subject."""
    return t.text.startswith("-") and not L.has("personal_pronouns", t.lower_.lstrip("-"))
