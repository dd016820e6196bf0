"""Cues: the words that report speech, found with a spaCy `Matcher` compiled
from the language's lexicon (lexicons/<lang>/cues.toml).

A cue is a reporting verb ("a déclaré", "estime", "said"), a multi-word verb
("mettre en garde", "call on") or a marker ("selon X", "d'après X",
"according to X", "de l'avis de X"). The matcher finds verbs by lemma and by
written form, phrases and markers by their words; the model's lemmatizer
misses some forms ("estime" left as "estime"), so verbs it did not lemmatise
are tried once more through the lexicon's suffix rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER, POS
from spacy.matcher import Matcher, PhraseMatcher
from spacy.symbols import ADJ, NOUN, NUM, VERB
from spacy.tokens import Doc, Token

from ... import lexicon
from ...text import lower_key
from .. import cached, inflection
from ..quotes import QuoteIndex

_WORD = re.compile(r"\S+?['’]|\S+")
# Parts of speech a reporting verb may wrongly get from the tagger when it
# heads its clause ("Estime" tagged NOUN at a sentence start).
_VERBAL = ("VERB", "AUX")
_MISTAGGED = ("NOUN", "ADJ", "PROPN")
_MISTAGGED_DEPS = ("ROOT", "parataxis", "conj")


@dataclass(frozen=True)
class CueLexicon:
    verbs: dict[str, dict]
    phrases: dict[tuple[str, ...], str]  # words (first is the verb) -> verb key
    negated: dict[str, str]
    governed: dict[str, str]
    governed_negated: dict[str, str]
    markers: dict[tuple[str, ...], dict]  # marker words -> entry
    nouns: dict[str, dict]  # reporting noun lemma -> entry ("claim", "promesse")
    forms: dict[str, str]  # written form -> lemma, where the model's lemma is off
    suffix_rules: tuple[tuple[str, str], ...]
    words: dict[str, frozenset[str]]  # the [words] lists, as sets
    bare_complement: bool
    content: dict  # the [content] table: stance read from the content's words
    clitics: frozenset[str]  # subject pronouns joined to a verb by a hyphen ("-t-il", "-elle")
    source: dict

    def has(self, list_name: str, word: str) -> bool:
        """`word` (a token's lowercase text) is in the [words] list: "qu’" is "qu'"."""
        return lower_key(word) in self.words.get(list_name, ())


def marker_words(phrase: str) -> tuple[str, ...]:
    """The tokens of a marker as the tokenizers split it: "d'après" is
    "d'" + "après", "according to" two words."""
    return tuple(_WORD.findall(lower_key(phrase)))


def lexicon_for(lex: dict) -> CueLexicon:
    return lexicon.derived(lex, "cues", _compile)


def _compile(lex: dict) -> CueLexicon:
    cues = lex.get("cues", {})
    forms, suffix_rules = inflection.rules(cues)
    words = {k: frozenset(lower_key(w) for w in v) for k, v in cues.get("words", {}).items() if isinstance(v, list)}
    return CueLexicon(
        verbs=cues.get("verbs", {}),
        phrases={tuple(lower_key(w).split()): key for w, key in cues.get("phrases", {}).items()},
        negated=cues.get("negated", {}),
        governed=cues.get("governed", {}),
        governed_negated=cues.get("governed_negated", {}),
        markers={marker_words(p): entry for p, entry in cues.get("markers", {}).items()},
        nouns={lower_key(k): v for k, v in cues.get("nouns", {}).items()},
        forms=forms,
        suffix_rules=suffix_rules,
        words=words,
        bare_complement=bool(cues.get("words", {}).get("bare_complement", False)),
        content=cues.get("content", {}),
        clitics=frozenset(lower_key(p) for p in cues.get("pronouns", {}) if p.startswith("-")),
        source=lex,
    )


@dataclass
class Cue:
    kind: str  # "verb", "marker" or "noun"
    key: str  # the verb's lexicon key, or the marker as written in the lexicon
    head: int  # the verb, or the marker's last word
    start: int  # first token of the cue's own words
    end: int  # past its last
    entry: dict


# Any verb in the position of an incise reports speech, whatever its meaning
# ("« ... », ironise-t-il", "appuie-t-elle", "\"...,\" the senator
# interjected"): it gets this entry when the lexicon has none.
INCISE = {"stance": "assert", "frames": ["quote"]}


def find(doc: Doc, L: CueLexicon, quotes: QuoteIndex) -> list[Cue]:
    """Every cue of the document, in text order (one per head token)."""
    strings = doc.vocab.strings
    found: dict[int, Cue] = {}
    matches = [(strings.add("single"), i, i + 1) for i in _single_verbs(doc, L)] + _matches(doc, L)
    for match_id, start, end in matches:
        kind, _, key = strings[match_id].partition("|")
        if kind == "single":
            lemma = doc[start].lemma_
            kind, key = "verb", lemma if lemma in L.verbs else L.forms.get(lower_key(doc[start].text), "")
            if key not in L.verbs:
                continue
        if kind == "gap":
            key, _, n = key.partition("|")
            if not _closed_gap(doc, start + int(n) - 1, end - 1):
                continue
            kind = "verb"
        if kind == "marker":
            entry = L.markers[tuple(key.split(" "))]
            cue = Cue("marker", key, end - 1, start, end, entry)
        else:
            head = _phrase_head(doc, start, end) if end - start > 1 else start
            if end - start == 1 and not (_verbal(doc[head]) or _participle_read_as_adjective(doc, head, L)
                                         or _right_after_quote(doc, head, quotes) or _after_summary_relative(doc, head, L)):
                continue
            cue = Cue("verb", key, head, start, end, L.verbs[key])
        old = found.get(cue.head)
        if old is None or cue.end - cue.start > old.end - old.start:
            found[cue.head] = cue
    if L.nouns:
        for i in cached.where(doc, [POS], [{NOUN}]):
            key = lower_key(doc[i].lemma_)
            if i not in found and key in L.nouns:
                found[i] = Cue("noun", key, i, i, i + 1, L.nouns[key])
    for i in _unlemmatised_verbs(doc, L, found, quotes):
        key = _key_by_suffix(doc[i], L)
        if key is not None:
            found[i] = Cue("verb", key, i, i, i + 1, L.verbs[key])
        elif incise_position(doc, i, L, quotes):
            found[i] = Cue("verb", "incise", i, i, i + 1, INCISE)
    return sorted(found.values(), key=lambda c: c.head)


def _closed_gap(doc: Doc, start: int, end: int) -> bool:
    """The words between a cue's verb and its last word are whole phrases of
    their own ("fait état samedi de"), not the start of one the last word
    goes on ("fait état en fin de matinée": "de" is the adverbial's)."""
    return all(start <= t.left_edge.i and t.right_edge.i < end for t in doc[start:end])


def own_finite(v: Token) -> bool:
    """Finite, or with a finite auxiliary of its own."""
    return "Fin" in v.morph.get("VerbForm") or any(
        c.dep_.startswith("aux") and "Fin" in c.morph.get("VerbForm") for c in v.children)


def incise_position(doc: Doc, i: int, L: CueLexicon, quotes: QuoteIndex) -> bool:
    """A verb with a subject clitic joined to it, in a sentence that asks
    nothing ("appuie-t-il", "s'amuse-t-elle"); or a verb right after a
    quotation and a comma whose clause is only its subject ("« ... »,
    s'emporte le ministre.", "\"...,\" the senator interjected.")."""
    v = doc[i]
    end = cached.end(v)
    if doc[end - 1].text == "?" or quotes.inside(v.idx) or v.pos_ in ("VERB", "AUX") and not own_finite(v):
        return False  # a question, a quoted word, or "including X" (a verb, not finite)
    if i + 1 < len(doc) and lower_key(doc[i + 1].text) in L.clitics:
        return True
    j = i - 1
    while j >= 0 and (doc[j].pos_ in ("DET", "NOUN", "PROPN", "ADJ", "PRON", "AUX", "ADV") or doc[j].text == "-"
                      or doc[j].dep_.startswith("aux")) and not doc[j].is_punct:
        j -= 1
    if j < 1 or not (doc[j].text == "," and quotes.at(doc[j - 1].idx) is not None
                     or doc[j - 1].text == "," and (q := quotes.at(doc[j].idx)) is not None
                     and q.close == doc[j].idx + len(doc[j].text)
                     or _closes_a_clause(doc, j, quotes)):
        return False  # «...», verb / "...," verb / "« ... » s'emporte X" (a quoted clause, no title)
    # (to the comma that closes the subject: "s'emporte Sophie Roux, qui tient une librairie")
    close = next((t.i for t in doc[i + 1:end] if t.text == ","), end)
    rest = [t for t in doc[i + 1:close] if not t.is_punct and not t.is_space]
    first = next((t for t in rest if t.pos_ != "ADV"), None)
    if first is not None and first.pos_ == "NOUN" and first.text.islower():
        return False  # "…\", avaient fait appel à la police": the verb's object, no inverted subject
    # (a possessive is part of the subject: "questioned the union's financial secretary")
    return all(t.pos_ in ("DET", "NOUN", "PROPN", "ADJ", "ADV", "ADP", "PRON", "NUM") or t.tag_ == "POS"
               or t.pos_ == "PART" and t.dep_ == "case" for t in rest)


def _closes_a_clause(doc: Doc, j: int, quotes: QuoteIndex) -> bool:
    """Token j closes a quotation that opens its sentence and holds a finite
    verb: words someone said, not a title ("Le film « Nous sommes tous
    coupables » a obtenu", "« Le Monde » a publié")."""
    q = quotes.at(doc[j].idx)
    if q is None or q.close != doc[j].idx + len(doc[j].text):
        return False
    opening = doc.char_span(q.open, q.open + 1, alignment_mode="expand")
    if opening is None or not (opening[0].is_sent_start or opening[0].i > 0
                               and (doc[opening[0].i - 1].text in (".", "!", "?", ":") or doc[opening[0].i - 1].is_space)):
        return False
    inside = doc.char_span(q.start, q.end, alignment_mode="contract")
    return inside is not None and any(t.pos_ in ("VERB", "AUX") and own_finite(t) for t in inside)


@dataclass(frozen=True)
class _Matchers:
    phrases: Matcher  # multi-word verbs, tried only where one may start
    markers: PhraseMatcher  # "selon", "d'après", by their written words
    first_lemmas: frozenset[int]  # hashes of the lemmas and forms a phrase starts with
    first_lowers: frozenset[int]
    longest: int


def _matches(doc: Doc, L: CueLexicon) -> list[tuple[int, int, int]]:
    """The phrases' and markers' matches. A matcher pattern costs its
    tries at every token; phrases are rare, so their matcher reads only
    the few words after a token one of them can start with."""
    m = lexicon.derived(L.source, f"cue-matchers-{id(doc.vocab)}", lambda _: _build_matchers(doc, L))
    found = set(m.markers(doc))
    for i in cached.where(doc, [LEMMA, LOWER], [m.first_lemmas, m.first_lowers]):
        found |= {(mid, i + a, i + b) for mid, a, b in m.phrases(doc[i:i + m.longest])}
    return sorted(found, key=lambda x: (x[1], x[2]))


# Words an adverbial between a cue's verb and its last word may hold.
_GAP_MAX = 4
_GAP = {"POS": {"NOT_IN": ["VERB", "AUX", "PUNCT", "SCONJ", "CCONJ", "PRON"]}, "OP": f"{{1,{_GAP_MAX}}}"}


def _build_matchers(doc: Doc, L: CueLexicon) -> _Matchers:
    """Phrases and markers: single-word verbs are found by a scan of the
    lemma and form arrays (`_single_verbs`), ten times cheaper than a
    matcher pattern tried at every token."""
    m = Matcher(doc.vocab)
    by_lemma: dict[str, list[str]] = {}
    for form, lemma in L.forms.items():
        by_lemma.setdefault(lemma, []).append(form)
    firsts: dict[str, set[str]] = {"LEMMA": set(), "LOWER": set()}
    longest = 1
    for words, key in L.phrases.items():
        # Each word by its lemma ("mettre en garde": "a mis en garde"), or as
        # written when the lemmatizer changes it ("en appeler": "en appelle"),
        # or by a form of the lexicon ("fait savoir": "fait" tagged a noun).
        alts = [w.split("|") for w in words]
        written = [{"LOWER": {"IN": [f for a in alt for f in _apostrophe_forms(a)]}} for alt in alts]
        pats = [[{"LEMMA": alt[0]} for alt in alts],
                [{"LEMMA": alts[0][0]}] + written[1:],
                written[:-1] + [{"LEMMA": alts[-1][0]}]]
        for k, alt in enumerate(alts):
            if by_lemma.get(alt[0]):
                pats.append(written[:k] + [{"LOWER": {"IN": by_lemma[alt[0]]}}] + written[k + 1:])
        regular = _regular_forms(alts[0][0], L.suffix_rules)
        if regular:
            # (the first verb's regular forms, whatever the model made of their
            # lemma: "laisse entendre", "laisse" left as its own lemma)
            pats.append([{"LOWER": {"IN": regular}}] + written[1:])
        exact = [q for p in pats for q in _exact(p)]
        if L.has("phrase_gap_before", alts[-1][0]):
            # "a fait état samedi de trois blessés": a time or a place may
            # stand before the word that ends the cue (without that word: the
            # match ends at the first one)
            gap = dict(_GAP, LOWER={"NOT_IN": [f for a in alts[-1] for f in _apostrophe_forms(a)]})
            m.add(f"gap|{key}|{len(words)}", [q[:-1] + [gap, q[-1]] for q in exact])
        for q in exact:
            (attr, value), = q[0].items()
            firsts[attr].add(value)
        longest = max(longest, len(words) + _GAP_MAX)
        m.add(f"verb|{key}", exact)
    markers = PhraseMatcher(doc.vocab, attr="LOWER")
    for words in L.markers:
        variants = [[w] for w in _apostrophe_forms(words[0])]
        for w in words[1:]:
            variants = [v + [f] for v in variants for f in _apostrophe_forms(w)]
        markers.add("marker|" + " ".join(words), [Doc(doc.vocab, words=v, spaces=[False] * len(v)) for v in variants])
    strings = doc.vocab.strings
    return _Matchers(m, markers, frozenset(strings.add(v) for v in firsts["LEMMA"]),
                     frozenset(strings.add(v) for v in firsts["LOWER"]), longest)


def _regular_forms(lemma: str, suffix_rules: tuple[tuple[str, str], ...]) -> list[str]:
    """The forms the lexicon's suffix rules read back to `lemma` ("laisser":
    "laisse", "laissait", "laissant" ...)."""
    return sorted({lemma[:len(lemma) - len(repl)] + suffix for suffix, repl in suffix_rules
                   if lemma.endswith(repl) and len(lemma) > len(repl) + 2})


def _exact(pattern: list[dict]) -> list[list[dict]]:
    """A pattern with "IN" sets as one pattern per choice of values, whose
    first word tells where the pattern may start."""
    out: list[list[dict]] = [[]]
    for spec in pattern:
        (attr, value), = spec.items()
        values = value["IN"] if isinstance(value, dict) else [value]
        out = [p + [{attr: v}] for p in out for v in dict.fromkeys(values)]
    return out


def _single_verbs(doc: Doc, L: CueLexicon) -> list[int]:
    """Tokens whose lemma or written form is a one-word verb of the lexicon."""
    strings = doc.vocab.strings
    lemmas, forms = lexicon.derived(L.source, f"cue-hashes-{id(strings)}", lambda _: (
        {strings.add(k) for k in L.verbs if "_" not in k},
        {strings.add(f) for f, lemma in L.forms.items() if lemma in L.verbs}))
    return cached.where(doc, [LEMMA, LOWER], [lemmas, forms])


def _apostrophe_forms(word: str) -> list[str]:
    return [word, word.replace("'", "’")] if "'" in word else [word]


def _phrase_head(doc: Doc, start: int, end: int) -> int:
    """The verb of a multi-word cue: its first word ("mettre" of "mettre en
    garde", "fait" of "fait savoir"), past a clitic ("appelle" of "en
    appelle")."""
    i = start
    while i < end - 1 and doc[i].pos_ in ("ADP", "PRON", "ADV", "PART"):
        i += 1
    return i


def _participle_read_as_adjective(doc: Doc, i: int, L: CueLexicon) -> bool:
    """ "a toutefois nuancé Aulas": a participle the tagger took for an
    adjective, known by its verb's lemma and the auxiliary before it (not
    "the reported attack")."""
    tok = doc[i]
    return tok.pos_ == "ADJ" and tok.lemma_ in L.verbs and any(t.pos_ == "AUX" for t in doc[max(0, i - 3):i])


def _right_after_quote(doc: Doc, i: int, quotes: QuoteIndex, L: CueLexicon | None = None) -> bool:
    """ "« ... », juge le coach", "\"...,\" juge le coach", "« ... »,
    s'enthousiasme le capitaine": a word right after a quotation and a comma
    (and a reflexive clitic), before its subject, is the verb of an incise
    whatever its tag."""
    def closes(j: int) -> bool:
        q = quotes.at(doc[j].idx) if j >= 0 else None
        return q is not None and q.close == doc[j].idx + len(doc[j].text)
    j = i - 1
    clitic = False
    while j >= 0 and i - j <= 4 and (doc[j].pos_ == "AUX" or doc[j].dep_.startswith("aux")
                                     or L is not None and lower_key(doc[j].text) in L.clitics
                                     or doc[j].pos_ == "PRON" and doc[j].text.startswith("-")):  # ("-t" too)
        clitic = clitic or doc[j].text.startswith("-")
        j -= 1  # "« ... », a cinglé Paul Roux", "…, s'est-il interrogé": its auxiliary (and subject) before it
    if L is not None and j >= 0 and L.has("reflexive", lower_key(doc[j].text)):
        j -= 1
    after = j >= 1 and (doc[j].text == "," and closes(j - 1) or closes(j) and doc[j - 1].text == ",")
    if after and clitic:
        return True  # its subject already said
    # (its subject next, or first an adverbial: "a cinglé dans la foulée Paul Roux")
    return after and i + 1 < len(doc) and (doc[i + 1].pos_ in ("DET", "PROPN", "ADP", "ADV")
                                           or doc[i + 1].pos_ == "PRON" and doc[i + 1].text.startswith("-"))


def _after_summary_relative(doc: Doc, i: int, L: CueLexicon) -> bool:
    """ "…, ce que Kigali dément": a cue's form in the verb's place of a
    summing-up relative (after "ce que" and its subject), whatever its tag
    ("dément" read as an adjective or an adverb)."""
    relatives = L.words.get("summary_relatives", ())
    j = i - 1
    while j > 0 and i - j <= 3 and doc[j].pos_ in ("DET", "NOUN", "PROPN"):
        j -= 1
    if j >= 1 and any(lower_key(f"{doc[j - 1].text} {doc[j].text}").replace("' ", "'").startswith(r.strip())
                      for r in relatives):
        return True
    # a longer one: "…, une accusation que le gouvernement dément"
    return any(lower_key(doc[j - n + 1:j + 1].text).replace("' ", "'") in relatives for n in range(3, 5) if j - n + 1 >= 0)


def _verbal(tok: Token) -> bool:
    return tok.pos_ in _VERBAL or tok.pos_ in _MISTAGGED and tok.dep_ in _MISTAGGED_DEPS


def _unlemmatised_verbs(doc: Doc, L: CueLexicon, found: dict[int, Cue], quotes: QuoteIndex) -> list[int]:
    """Verbs no pattern matched: the lexicon's suffix rules and the incise
    position get a second look at them (a word right after a quotation's
    comma is a verb whatever its tag: "« ... », soupire leur porte-parole")."""
    # (a number's tag too: "« ... », tonne Sophie Binet", "tonne" read as the weight)
    return [i for i in cached.where(doc, [POS], [{VERB, NOUN, ADJ, NUM}]) if i not in found
            and (doc[i].pos_ != "NUM" or doc[i].is_alpha)
            and (_verbal(doc[i]) or i > 0 and L.has("gerund_markers", doc[i - 1].lower_)
                 or _opens_a_clause(doc, i, L) or _between_name_and_clause(doc, i, L)
                 or _right_after_quote(doc, i, quotes, L) or _closing_incise(doc, i))]


def _closing_incise(doc: Doc, i: int) -> bool:
    """ "Les prix baissent, note l'institut.": a word the tagger read as a
    noun, after a comma, with only a determined noun phrase after it to the
    sentence's end, is an incise verb (its lemma is then read by suffix)."""
    if i == 0 or doc[i - 1].text != "," or i + 1 >= len(doc) or doc[i + 1].pos_ != "DET":
        return False
    end = cached.end(doc[i])
    rest = [t for t in doc[i + 1:end] if not t.is_space]
    if not rest or rest[-1].text not in (".", "!"):
        return False
    return all(t.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "ADP") for t in rest[:-1])


def _opens_a_clause(doc: Doc, i: int, L: CueLexicon) -> bool:
    """ ", avertissant qu'il s'agissait ...": a word the tagger took for a noun
    but that a complementizer follows, after a comma, is a verb with its clause."""
    return 0 < i < len(doc) - 1 and doc[i - 1].text == "," and L.has("complementizers", doc[i + 1].lower_) \
        and doc[i + 1].dep_ == "mark"


def _between_name_and_clause(doc: Doc, i: int, L: CueLexicon) -> bool:
    """ "Le député Paul Morin juge, pour sa part, que ...": a word the tagger
    read as a noun of the name before it, with a que-clause after it (past
    an incise between commas), is the name's verb."""
    if i == 0 or i + 1 >= len(doc):
        return False
    if doc[i - 1].pos_ in ("NOUN", "ADJ") and L.has("complementizers", doc[i + 1].lower_) \
            and doc[i + 1].pos_ == "SCONJ" and doc[i + 1].dep_ == "mark":
        return True  # "La confédération syndicale juge que ...": a subject phrase's end, then the verb
    if doc[i - 1].pos_ not in ("PROPN", "NOUN"):
        return False  # (then past an incise: "Le député juge, pour sa part, que ...")
    j = i + 1
    if doc[j].text == ",":
        k = j + 1
        while k < len(doc) and k - j <= 6 and doc[k].text != "," and not doc[k].is_sent_start:
            k += 1
        if k >= len(doc) or doc[k].text != ",":
            return False
        j = k + 1
    else:
        # ... or an adverbial without commas: "La CLCV juge pour sa part que"
        while j < len(doc) and j - i <= 4 and doc[j].pos_ in ("ADP", "DET", "NOUN", "PRON", "ADV") \
                and not L.has("complementizers", doc[j].lower_):
            j += 1
    return j < len(doc) and L.has("complementizers", doc[j].lower_) and doc[j].pos_ == "SCONJ"


def _key_by_suffix(tok: Token, L: CueLexicon) -> str | None:
    if tok.lemma_ in L.verbs:
        return None
    low = lower_key(tok.text)
    for suffix, repl in L.suffix_rules:
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            cand = low[: len(low) - len(suffix)] + repl
            if cand in L.verbs:
                return cand
    return None


def lemmas(tok: Token, L: CueLexicon) -> list[str]:
    """The lemmas a token may have: the model's, the lexicon's form table,
    the suffix rules (for a governor: "refusé" -> "refuser")."""
    return inflection.lemmas(tok, L.forms, L.suffix_rules)
