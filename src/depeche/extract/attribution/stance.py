"""Stance: what the speaker does with the content (assert, estimate, call,
warn, fear, deny, not_deny, refuse_confirm, other).

The cue gives a first reading ("estime" estimates, "n'a pas nié" does not
deny, "a refusé de confirmer" refuses to confirm); the content's own words
may say more, and win over a neutral cue: an imperative or "il faut" is a
call, "je crains" a fear, "il semblerait" an estimate, "nous n'avons jamais"
a denial. The words are the lexicon's ([content] in cues.toml).
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .. import cached
from .cues import Cue, CueLexicon, lemmas

# Stances the content may refine: a specific cue ("craint", "dément") keeps its own.
_NEUTRAL = {"assert"}
# Stances a question overrides: one asked is no claim and no call.
_ASKING = _NEUTRAL | {"call"}
_AUX_DEPS = ("aux", "aux:tense", "aux:pass", "cop")


def refused_or_negated(v: Token, L: CueLexicon) -> bool:
    if any(L.has("negation", c.lower_) for c in v.children):
        return True
    return _governed_stance(v, L) is not None


def _governed_stance(v: Token, L: CueLexicon) -> str | None:
    """The stance a governing verb gives its cue: "a refusé de confirmer";
    negated, "n'a pas souhaité commenter", "did not want to comment"."""
    gov = v.head
    if v.dep_ != "xcomp" or gov.i == v.i:
        return None
    negated = any(L.has("negation", c.lower_) for c in gov.children)
    for lemma in lemmas(gov, L):
        if lemma in L.governed:
            return L.governed[lemma]
        if negated and lemma in L.governed_negated:
            return L.governed_negated[lemma]
    return None


def of_cue(v: Token, cue: Cue, L: CueLexicon) -> str:
    base = cue.entry["stance"]
    if cue.kind != "verb":
        return base
    if any(L.has("negation", c.lower_) for c in v.children) and cue.key in L.negated:
        return L.negated[cue.key]
    if "reflexive_stance" in cue.entry and any(c.dep_.startswith("expl") and L.has("reflexive", c.lower_)
                                               for c in v.children):
        return cue.entry["reflexive_stance"]  # "se dit « rassuré »": a feeling, no claim
    return _governed_stance(v, L) or base


def of_content(doc: Doc, start: int, end: int, cue_stance: str, L: CueLexicon) -> str:
    """The stance the content's words give, where the cue's is neutral (or
    asks: a question asked is no call, "« Pourquoi attendre ? », a demandé X")."""
    if cue_stance not in _ASKING or not L.content:
        return cue_stance
    if _question(cached.text(doc)[start:end]):
        return "other"  # a question asserts nothing and calls for nothing
    if cue_stance not in _NEUTRAL:
        return cue_stance
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return cue_stance
    for name, test in _TESTS:
        stance = test(span, L.content.get(name, {}), L)
        if stance:
            return stance
    return cue_stance


def _question(text: str) -> bool:
    """The content is a question: it ends with a question mark (inside its
    quotation marks or not)."""
    return text.rstrip(" »”\"'’").endswith("?")


def _main_verb(span: Span) -> Token:
    """The content's main predicate: the root of its first sentence."""
    head = cached.heads(span.doc)
    first = next((i for i in range(span.start, span.end) if head[i] == i or not span.start <= head[i] < span.end), None)
    return span.doc[first] if first is not None else span.root


def _words(span: Span) -> list[str]:
    return [t.lower_.replace("’", "'") for t in span]


def _has_phrase(words: list[str], phrases: list[str], limit: int | None = None) -> bool:
    """One of the phrases, as whole words, among the first `limit` words.
    (Read also with an apostrophe or a hyphen joining the words around it:
    the tokenizer splits "s'il", "let's" and "Peut-être" where the lexicon
    writes them whole; "il faut" stays found in "ce qu'il faut".)"""
    hay = " " + " ".join(words[:limit] if limit else words) + " "
    joined = _elided(hay)
    return any(" " + p + " " in hay or " " + _elided(p) + " " in joined
               for p in (p.lower().replace("’", "'") for p in phrases))


def _elided(text: str) -> str:
    return _JOINER.sub(lambda m: m.group(1), text)


_JOINER = re.compile(r"(?<=\w) ?(['-]) ?(?=\w)")


def _first_person(tok: Token, L: CueLexicon) -> bool:
    return any(c.dep_ in ("nsubj", "nsubj:pass") and L.has("first_person", c.lower_) for c in tok.children)


def _imperative(span: Span, table: dict, L: CueLexicon) -> str | None:
    """ "Restez chez vous", "Stop the war": the content opens with its main
    verb, finite or bare, and no subject (the tagger often misses the
    imperative mood itself)."""
    if not table.get("imperative"):
        return None
    verb = _main_verb(span)
    # (a negated order opens with its auxiliary or particle: "Don't panic", "Ne bougez pas")
    lead = {c.i for c in verb.children if c.i < verb.i and (
        c.dep_.startswith("aux") or L.has("negation", c.lower_) or L.has("negation_particles", c.lower_))}
    first = next((t for t in span if not t.is_punct and t.i not in lead), None)
    if verb.pos_ != "VERB" or first is None or first.i != verb.i:
        return None
    if any(c.dep_ in ("nsubj", "nsubj:pass", "expl:subj") for c in verb.children):
        return None
    forms = verb.morph.get("VerbForm")
    if "3" in verb.morph.get("Person"):
        return None  # "établit par ...": a third person is no order
    if "Imp" in verb.morph.get("Mood") or "Fin" in forms or verb.tag_ == "VB":
        return "call"
    return None


def _phrases(stance: str):
    """A test: one of the table's phrases opens the content's main clause or
    stands before its main verb ("il faut", "we must", "je crains", "it seems")."""
    def test(span: Span, table: dict, L: CueLexicon) -> str | None:
        phrases = table.get("phrases", [])
        if not phrases:
            return None
        verb = _main_verb(span)
        limit = max(verb.i - span.start + 2, table.get("within", 4))
        words = _words(span)
        if not _has_phrase(words, phrases, limit) and not _after_a_colon(words, phrases, table.get("within", 4)):
            return None
        if stance == "call" and _only_negated(words[:limit], phrases, L):
            return None  # "I don't need to tell anyone": no one is called to anything
        return None if _discourse_frame(span, table) or stance == "call" and _reassures(span[:limit + 4], L) else stance
    return test


def _only_negated(words: list[str], phrases: list[str], L: CueLexicon) -> bool:
    """Every phrase found follows a negation ("don't need to", "n'ont pas besoin")."""
    found = False
    for p in (p.lower().split() for p in phrases):
        for k in range(len(words) - len(p) + 1):
            if words[k:k + len(p)] == p:
                found = True
                if not (k and L.has("negation", words[k - 1])):
                    return False
    return found


def _reassures(words: Span, L: CueLexicon) -> bool:
    """ "Non, il ne faut pas être inquiet": a negated phrase over a state (a
    copula) reassures, it calls for nothing (but "il faut être prudent" does)."""
    return any(L.has("negation", t.lower_) for t in words) and any(
        t.dep_ in ("cop", "aux:pass") and "Inf" in t.morph.get("VerbForm") for t in words)


def _after_a_colon(words: list[str], phrases: list[str], within: int) -> bool:
    """One of the phrases opens the clause a colon introduces: "Il a raison :
    il faut retirer ce texte" (the conclusion the speaker draws)."""
    return any(_has_phrase(words[k + 1:], phrases, within) for k, w in enumerate(words) if w == ":")


def _discourse_frame(span: Span, table: dict) -> bool:
    """ "Il faut bien avouer que ...", "we must admit that ...": the phrase
    governs a verb of saying with its clause, and the clause is asserted
    (but "il faut dire la vérité" is a call)."""
    lemmas = table.get("discourse_lemmas")
    if not lemmas:
        return False
    verb = next((t for t in span[:8] if t.pos_ == "VERB" and "Inf" in t.morph.get("VerbForm")), None)
    return verb is not None and verb.lemma_.lower() in lemmas and verb.i + 1 < span.end \
        and span.doc[verb.i + 1].pos_ == "SCONJ"


def _hedges(stance: str):
    """A test: one of the table's words anywhere in the content ("une forte
    probabilité", "probably")."""
    def test(span: Span, table: dict, L: CueLexicon) -> str | None:
        words = table.get("anywhere", [])
        return stance if words and _has_phrase(_words(span), words) else None
    return test


def _ultimatum(span: Span, table: dict, L: CueLexicon) -> str | None:
    """ "it would attack ... if the broadcasts do not stop", "si rien ne
    change, nous ferons grève": a consequence under a negated condition, or
    one of the table's phrases ("unless", "faute de quoi")."""
    if _phrases("warn")(span, table, L):
        return "warn"
    conditions = set(table.get("conditions", []))
    for t in span:
        if t.dep_ == "mark" and t.lower_ in conditions:
            verb = t.head
            if any(L.has("negation", c.lower_) or c.lower_ in ("rien", "nothing") for c in verb.children):
                return "warn"
    return None


def _exclamation(span: Span, table: dict, L: CueLexicon) -> str | None:
    """ "Eh oui, mon petit Jean-Mimi !", "M. Foote, vous êtes un salaud !": an
    exclamation opened by an interjection or a name called out is no claim."""
    words = [t for t in span if not t.is_space and not (t.is_punct and t.text != ",")]
    if not words or not cached.text(span.doc)[span.start_char:span.end_char].rstrip(" »”\"").endswith("!"):
        return None
    first = words[0]
    if first.lower_ in set(table.get("interjections", [])):
        return "other"
    comma = next((k for k, t in enumerate(words[:4]) if t.text == ","), None)
    if comma and all(t.pos_ in ("PROPN", "NOUN", "DET") or t.text.endswith(".") for t in words[:comma]) \
            and (any(t.pos_ == "PROPN" for t in words[:comma]) or comma <= 2):
        return "other"  # a vocative: "M. Foote, ...", "Monsieur, ..."
    return None


def _modal(stance: str):
    """A test: the main verb's own auxiliary is one of the table's modals
    ("his country should defy the sanctions": call; "this film may not be
    a hit": estimate), not one deep in a subordinate clause; or the main
    verb is one of its modal lemmas in the conditional ("les pluies
    pourraient durer")."""
    def test(span: Span, table: dict, L: CueLexicon) -> str | None:
        modals = set(table.get("modals", []))
        verb = _main_verb(span)
        auxes = [c for c in verb.children if c.dep_ in ("aux", "aux:tense")]
        if modals and any(c.lower_ in modals for c in auxes):
            # "we should have acted sooner": a modal over a perfect regrets, it calls for nothing
            perfect = "Past" in verb.morph.get("Tense") and "Part" in verb.morph.get("VerbForm") and len(auxes) > 1
            return None if perfect or _discourse_frame(span, table) else stance
        conditional = set(table.get("conditional_lemmas", []))
        if conditional and "Cnd" in verb.morph.get("Mood") and set(lemmas(verb, L)) & conditional:
            return stance
        return None
    return test


def _first_person_verb(stance: str, negatable: bool = False):
    """A test: the main verb, or the adjective a copula gives it, is one of
    the table's lemmas in the first person ("je crains que", "nous pensons
    que", "I fear", "je suis très inquiet", "we are worried"). `negatable`:
    negated, it gives no such stance ("je ne suis pas inquiet"; but "je ne
    pense pas que" still estimates)."""
    def test(span: Span, table: dict, L: CueLexicon) -> str | None:
        verb = _main_verb(span)
        wanted = set(table.get("first_person_lemmas", []))
        if not wanted or not _first_person(verb, L):
            return None
        if negatable and any(L.has("negation", c.lower_) for t in _predicate(verb) for c in t.children):
            return None
        said = {lemma for t in _predicate(verb) for lemma in lemmas(t, L)}
        return stance if wanted & said else None
    return test


def _predicate(verb: Token) -> list[Token]:
    """The main verb and an adjective it holds as its complement (English
    parses hang "worried" on "am"; French ones make the adjective the head)."""
    return [verb] + [c for c in verb.children if c.dep_ in ("acomp", "attr", "xcomp") and c.pos_ == "ADJ"]


def _denial(span: Span, table: dict, L: CueLexicon) -> str | None:
    """ "Nous n'avons jamais versé le moindre pot-de-vin", "That is simply not
    true", "C'est faux": the speaker denies an act of their own, or calls a
    claim untrue."""
    verb = _main_verb(span)
    # The predicate of a copula: "ce n'est pas vrai" (UD: "vrai" heads), "that is not true"
    # (the parse may hang the negation on the predicate: "That's simply not true").
    parts = [verb] + [c for c in verb.children if c.dep_ in ("xcomp", "acomp", "attr")]
    negated = any(L.has("negation", c.lower_) for c in verb.children) \
        or any(L.has("negation", g.lower_) for c in parts[1:] for g in c.children if g.i < c.i)
    heads = {t for c in parts for t in (c.lower_, c.lemma_.lower())}
    if negated and heads & set(table.get("negated_truth", [])):
        return "deny"  # "ce n'est pas vrai", "that is not true"
    predicates = heads if verb.pos_ != "VERB" else heads - {verb.lower_, verb.lemma_.lower()}
    if not negated and predicates & set(table.get("untrue", [])) and len([t for t in span if not t.is_punct]) <= 6:
        return "deny"  # "C'est faux.", "That's a lie" (not "the senator lied": an accusation)
    never = set(table.get("never", []))
    if never and any(c.lower_ in never for c in verb.children) and _past(verb) and not _passive(verb) \
            and not set(lemmas(verb, L)) & set(table.get("state_lemmas", [])) \
            and not any("Cmp" in c.morph.get("Degree") or c.lower_ in table.get("records", ())
                        for c in verb.children):  # ("never played better": a record)
        return "deny"  # "Poutine n'avait jamais refusé une rencontre", "we never approved it"
    if negated and table.get("first_person_past") and _past(verb) and not _passive(verb) \
            and not set(lemmas(verb, L)) & set(table.get("state_lemmas", [])) and (
            _first_person(verb, L) or any(c.dep_ in ("nsubj", "nsubj:pass") and L.has("personal_pronouns", c.lower_)
                                          for c in verb.children)):
        return "deny"  # "nous n'avons jamais versé", "(they stated) they have not received"
    return None


def _passive(verb: Token) -> bool:
    """ "ils n'ont pas été reçus", "we were not paid": what was not done to
    the speaker is a fact they report, not an act of theirs they deny."""
    return any(c.dep_ in ("aux:pass", "nsubj:pass", "auxpass", "nsubjpass") for c in verb.children)


def _past(verb: Token) -> bool:
    if "Past" in verb.morph.get("Tense") and "Part" not in verb.morph.get("VerbForm"):
        return True
    # (a past participle after an auxiliary; not a present one: "we are not going anywhere")
    participle = "Part" in verb.morph.get("VerbForm") and "Pres" not in verb.morph.get("Tense")
    # (a participle after a present "être" is a state: "je ne suis pas inquiet")
    return any(c.dep_ in _AUX_DEPS and ("Past" in c.morph.get("Tense")
                                         or participle and c.dep_ not in ("aux:pass", "cop")) for c in verb.children)


# Tried in this order; the first that answers wins. Each reads the table of
# [content.<stance>] in cues.toml named first.
_TESTS = (
    ("other", _exclamation),
    ("warn", _phrases("warn")),  # (before calls: "il faut s'attendre à des perturbations")
    ("call", _imperative),
    ("call", _phrases("call")),
    ("call", _modal("call")),
    ("call", _first_person_verb("call", negatable=True)),
    ("fear", _first_person_verb("fear", negatable=True)),
    ("fear", _phrases("fear")),
    ("estimate", _phrases("estimate")),
    ("estimate", _hedges("estimate")),
    ("estimate", _modal("estimate")),
    ("estimate", _first_person_verb("estimate")),
    ("deny", _denial),
    ("deny", _first_person_verb("deny")),
    ("warn", _ultimatum),
)


def conditional(doc: Doc, start: int, end: int, L: CueLexicon) -> bool:
    """The content's main verb is in the conditional mood ("seraient"): an
    unconfirmed claim. Modals ("pourrait") give no such hint."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    verbs = [root] + [c for c in root.children if c.dep_ in _AUX_DEPS]
    return any("Cnd" in t.morph.get("Mood") and not L.has("conditional_skip", t.lemma_) for t in verbs)
