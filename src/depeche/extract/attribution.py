"""Statements: every attributed piece of speech or stated belief.

A linguistic layer over the dependency parse (spec/ATTRIBUTION.md):
  1. cues: reporting verbs of the lexicon ("a déclaré", "estime", "n'a pas
     nié") and markers ("selon X", "d'après X", "pour X,");
  2. for each cue, its content: a que-clause, a quotation right before it
     (incise) or after it (colon), an infinitive or object where the verb
     takes one, the rest of the sentence around "selon X";
  3. its speaker: the cue's subject (before or after it), the object of
     "selon", the antecedent of a relative or a pronoun (speakers.py);
  4. quotations no cue claimed: a quote standing alone belongs to the
     speaker of the previous statement; a paragraph closed by "—Name" to Name;
  5. kind (direct, mixed, indirect) from the quotation marks in the content,
     stance from the cue, its negation and its governor.
Every word list is data: lexicons/<lang>/cues.toml and speakers.toml.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.attrs import LEMMA, LOWER, POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Token

from .. import lexicon
from . import cached
from ..record import Statement
from . import quotes as quotes_mod
from .entities import EntityIndex
from .speakers import Resolver, Speaker
from .speakers import lex_for as speaker_lex

_CLAUSE_END = {".", "!", "?", ";"}
_COMPLEMENTS = {"obj", "xcomp", "obl:arg", "ccomp", "iobj"}
_QUOTE_MARKS = set("«»“”„‹›\"")
_TRIM = " ,;:.—–-\n" + "".join(_QUOTE_MARKS)


@dataclass(frozen=True)
class _Lex:
    verbs: dict[str, dict]
    phrases: dict[tuple[str, ...], str]  # (lemma, next words...) -> verb key
    negated: dict[str, str]
    governed: dict[str, str]
    content_stance: dict[str, str]
    markers: dict[str, dict]
    negation: frozenset[str]
    purpose: frozenset[str]
    conditional_skip: frozenset[str]
    first_person: frozenset[str]
    negation_particles: frozenset[str]
    reflexive: frozenset[str]
    complementizers: frozenset[str]
    bare_complement: bool
    content_lead: frozenset[str]
    call_cases: frozenset[str]
    marker_pronouns: frozenset[str]
    personal: frozenset[str]
    marker_words: dict[str, list[tuple[tuple[str, ...], dict]]]  # last word -> (words, entry)
    forms: dict[str, str]
    suffix_rules: tuple[tuple[str, str], ...]
    cue_lemmas: frozenset[str]  # lemmas a cue may have, phrase words included
    cue_forms: frozenset[str]  # written forms that may be cues: inflections, markers
    source: dict


_WORD = re.compile(r"\S+?['’]|\S+")


def marker_words(phrase: str) -> tuple[str, ...]:
    """The tokens of a marker as the tokenizers split it: "d'après" is
    "d'" + "après", "according to" two words."""
    return tuple(_WORD.findall(phrase.lower()))


def _lex(lex: dict) -> _Lex:
    cues = lex.get("cues", {})
    phrases = {}
    for words, key in cues.get("phrases", {}).items():
        phrases[tuple(words.split())] = key
    infl = cues.get("inflection", {})
    words = cues.get("words", {})
    markers: dict[str, list] = {}
    for phrase, entry in cues.get("markers", {}).items():
        ws = marker_words(phrase)
        markers.setdefault(ws[-1], []).append((ws, entry))
    for v in markers.values():
        v.sort(key=lambda x: -len(x[0]))
    return _Lex(
        verbs=cues.get("verbs", {}),
        phrases=phrases,
        negated=cues.get("negated", {}),
        governed=cues.get("governed", {}),
        content_stance=cues.get("content_stance", {}),
        markers=cues.get("markers", {}),
        negation=frozenset(words.get("negation", [])),
        purpose=frozenset(words.get("purpose", [])),
        conditional_skip=frozenset(words.get("conditional_skip", [])),
        first_person=frozenset(words.get("first_person", [])),
        negation_particles=frozenset(words.get("negation_particles", [])),
        reflexive=frozenset(words.get("reflexive", [])),
        complementizers=frozenset(words.get("complementizers", [])),
        bare_complement=bool(words.get("bare_complement", False)),
        content_lead=frozenset(words.get("content_lead", [])),
        call_cases=frozenset(words.get("call_cases", [])),
        marker_pronouns=frozenset(words.get("marker_pronouns", [])),
        personal=frozenset(words.get("personal_pronouns", [])),
        marker_words=markers,
        forms={k.lower(): v for k, v in infl.get("forms", {}).items()},
        suffix_rules=tuple(tuple(r) for r in infl.get("suffixes", [])),
        cue_lemmas=frozenset(cues.get("verbs", {})) | frozenset(w for p in phrases for w in p),
        cue_forms=frozenset(k.lower() for k in infl.get("forms", {})) | frozenset(markers),
        source=lex,
    )


@dataclass
class _Draft:
    cue_tok: int  # token index of the cue word
    cue_text: str
    speaker_tok: int | None
    start: int  # content char span
    end: int
    stance: str
    speaker: Speaker | None = None
    speaker_span: tuple[int, int] | None = None  # token range of the speaker phrase, when known
    quote: object = None  # the quotation the cue claimed, if any
    cue_span: tuple[int, int] | None = None  # the cue's characters
    fixed_speaker: Speaker | None = None  # a speaker known without the parse
    from_quote: bool = False
    via: str = ""
    extra: dict = field(default_factory=dict)


def extract(doc: Doc, lex: dict, ents: EntityIndex, lang: str = "fr") -> list[Statement]:
    L = lexicon.derived(lex, "cues", _lex)
    SL = speaker_lex(lex)
    text = cached.text(doc)
    qs = quotes_mod.find(text)
    qstarts = [q.open for q in qs]

    def quote_at(char: int):
        k = bisect.bisect_right(qstarts, char) - 1
        if k >= 0 and qs[k].open <= char < qs[k].close:
            return qs[k]
        return None

    def quoted(char: int) -> bool:
        q = quote_at(char)
        return q is not None and q.start <= char < q.end

    drafts: list[_Draft] = []
    used_quotes: set[int] = set()
    for i in _cue_candidates(doc, L):
        tok = doc[i]
        if quoted(tok.idx):
            continue  # a cue inside a quotation is the quoted person's own words
        key = _verb_key(tok, L)
        if key is not None:
            d = _verb_draft(doc, tok, key, L, qs, used_quotes, quoted)
            if d is not None:
                drafts.append(d)
            continue
        marker = _marker(tok, L)
        if marker is not None:
            d = _marker_draft(doc, tok, marker[1], len(marker[0]), qs, used_quotes, ents, SL, L)
            if d is not None:
                drafts.append(d)

    drafts += _dash_attributions(doc, ents, qs, used_quotes)
    drafts.sort(key=lambda d: d.cue_tok)

    resolver = Resolver.for_doc(doc, ents, lex, quoted)
    for d in drafts:
        if d.fixed_speaker is not None:
            d.speaker = d.fixed_speaker
        elif d.speaker_tok is not None:
            d.speaker = resolver.resolve(doc[d.speaker_tok], d.speaker_span)
            if d.speaker.pronoun:
                d.speaker = None
    # A description that names nothing that can speak ("cet événement
    # appelle à ...") makes no statement.
    kept = []
    for d in drafts:
        if d.speaker is None or d.speaker.entity or d.speaker.animate:
            kept.append(d)
        elif d.quote is not None:
            used_quotes.discard(id(d.quote))  # free for the quote rules below
    drafts = kept

    drafts += _free_quotes(doc, qs, used_quotes, drafts)
    drafts = _dedupe(drafts)
    drafts.sort(key=lambda d: (d.start, d.end))
    return _statements(doc, drafts, L, qs)


# --- cues -------------------------------------------------------------------

def _cue_candidates(doc: Doc, L: _Lex):
    """Indices of the tokens that may be cues: verbs, words whose lemma or
    form is a cue's, markers. Filtered on arrays, so that the other tokens
    of the article never become Python objects."""
    strings = doc.vocab.strings
    lemmas, lowers = lexicon.derived(L.source, "cue-hashes", lambda _: (
        {strings[w] for w in L.cue_lemmas}, {strings[w] for w in L.cue_forms}))
    return cached.where(doc, [POS, LEMMA, LOWER], [{VERB, AUX}, lemmas, lowers])


def _verb_key(tok: Token, L: _Lex) -> str | None:
    if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ in ("NOUN", "ADJ") and tok.dep_ in ("ROOT", "parataxis", "conj")):
        return None
    for lemma in _lemmas(tok, L):
        if lemma in L.verbs:
            key = lemma
        else:
            key = None
        for words, k in L.phrases.items():
            if words[0] == lemma and _followed_by(tok, words[1:]):
                return k
            if len(words) > 1 and words[-1] == lemma and _preceded_by(tok, words[:-1]):
                return k
        if key:
            return key
    return None


def _lemmas(tok: Token, L: _Lex):
    seen = set()
    low = tok.lower_
    for cand in (tok.lemma_.lower(), L.forms.get(low), low):
        if cand and cand not in seen:
            seen.add(cand)
            yield cand
    for suffix, repl in L.suffix_rules:
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            cand = low[: len(low) - len(suffix)] + repl
            if cand not in seen:
                seen.add(cand)
                yield cand


def _followed_by(tok: Token, words: tuple[str, ...]) -> bool:
    doc = tok.doc
    j = tok.i + 1
    for w in words:
        if j >= len(doc) or doc[j].lower_ != w:
            return False
        j += 1
    return True


def _preceded_by(tok: Token, words: tuple[str, ...]) -> bool:
    doc = tok.doc
    j = tok.i - len(words)
    if j < 0:
        return False
    return all(doc[j + k].lower_ == w for k, w in enumerate(words))


def _marker(tok: Token, L: _Lex) -> tuple[tuple[str, ...], dict] | None:
    """The marker (its words and entry) that ends with `tok`, longest first."""
    for words, entry in L.marker_words.get(tok.lower_, ()):
        if len(words) == 1 or _preceded_by(tok, words[:-1]):
            return words, entry
    return None


# --- verb cues ----------------------------------------------------------------

def _verb_draft(doc: Doc, v: Token, key: str, L: _Lex, qs, used: set[int], quoted) -> _Draft | None:
    entry = L.verbs[key]
    frames = set(entry.get("frames", []))
    if _refused_or_negated(v, L):
        # "a refusé de commenter ces informations": the object is what was
        # not confirmed.
        frames |= set(entry.get("refused_frames", []))
    # "Il est prévu que": an agentless passive reports nobody's words.
    if any(c.dep_ == "aux:pass" for c in v.children) and not any(c.dep_ == "obl:agent" for c in v.children):
        return None
    stance = _stance(v, key, entry["stance"], L)
    # "Elles ont manifesté pour dénoncer ...": an infinitive of purpose
    # reports nothing; one governed by a verb ("a refusé de confirmer") does.
    # A finite auxiliary makes it no infinitive clause ("did not deny").
    if "Inf" in v.morph.get("VerbForm") and not _finite_aux(v) and (
            v.dep_ not in ("xcomp", "conj")
            or any(c.dep_ == "mark" and c.lower_ in L.purpose for c in v.children)):
        return None
    speaker_tok = _subject(v, quoted, L)
    span = None
    via = ""
    taken = None  # the quotation this cue claims
    cue_end = _cue_end(v)

    heads = [v] + [doc[j] for j in range(v.i + 1, min(v.i + 3, len(doc))) if doc[j].head.i == v.i
                   and doc[j].pos_ == "VERB"]
    que = next((c for h in heads if (c := _que_clause(h, L)) is not None), None) if "que" in frames else None
    q_after = _quote_after(doc, v, cue_end, qs, used) if "quote" in frames else None
    q_before = _quote_before(doc, v, qs, used) if "quote" in frames else None

    if que is not None:
        span = _tokens_span(doc, que, L)
        q = _leading_quote(span, qs)
        if q is not None:
            span = (q.start, q.end)
            taken = q
        via = "que"
    elif q_after is not None:
        span = (q_after.start, q_after.end)
        taken = q_after
        via = "quote"
    elif q_before is not None:
        span = (q_before.start, q_before.end)
        taken = q_before
        via = "incise"
        lead = _unquoted_lead(doc, q_before)
        if lead is not None:
            span = (lead, q_before.close)
            via = "incise-mixed"
        # The subject of an incise follows the verb: a clitic ("a-t-il
        # ajouté") or a noun phrase ("a précisé le ministre").
        clitics = [t.i for t in doc[max(0, v.i - 3):cue_end]
                   if t.pos_ == "PRON" and t.text.startswith("-") and t.i != v.i]
        inv = _inverted_subject(v)
        # A subject between the quote and the verb ("...," the minister
        # said) is the speaker; one before the quote is another clause's.
        between = speaker_tok is not None and speaker_tok < v.i and doc[speaker_tok].idx >= q_before.close
        if clitics:
            speaker_tok = clitics[-1]
        elif between:
            pass
        elif inv is not None:
            speaker_tok = inv.i
        elif speaker_tok is not None and speaker_tok < v.i:
            speaker_tok = None
    elif "quote" in frames and (lead := _comma_incise(doc, v, cue_end)) is not None:
        # "Les journalistes sont en sécurité, a indiqué leur direction."
        span = lead
        via = "comma-incise"
        inv = _inverted_subject(v)
        speaker_tok = inv.i if inv is not None else None
    elif "inf" in frames and (x := _child(v, ("xcomp",), inf=True)) is not None:
        span = _tokens_span(doc, x, L)
        via = "inf"
    elif "a" in frames and (x := _a_complement(v, L)) is not None:
        span = _tokens_span(doc, x, L, keep_case=True)
        via = "a"
    elif "obj" in frames and (x := _child(v, ("obj",), nominal=True)) is not None:
        span = _tokens_span(doc, x, L)
        # "ont réclamé la Corée du Nord retirer ses forces": the object and
        # the complements after it.
        last = max((c.right_edge.i for c in v.children if c.i > x.i and c.dep_ in _COMPLEMENTS
                    and "," not in doc[x.right_edge.i:c.i].text), default=None)
        if last is not None:
            span = _trim(cached.text(doc), span[0], doc[last].idx + len(doc[last].text))
        via = "obj"
    elif "any" in frames:
        span = _rest_of_clause(doc, v, speaker_tok)
        via = "any"
    if span is None or span[1] - span[0] < 2:
        return None
    if speaker_tok is None:
        return None
    if "Part" in v.morph.get("VerbForm") and "Pres" in v.morph.get("Tense") and v.dep_ == "acl" \
            and doc[speaker_tok].pos_ == "PRON":
        return None  # "un message demandant aux clients ...": the message, not a speaker
    c_start, c_end, cue_text = _cue_range(doc, v, cue_end, L)
    if taken is not None:
        used.add(id(taken))
    return _Draft(v.i, cue_text, speaker_tok, span[0], span[1], stance, via=via,
                  from_quote=via in ("quote", "incise"), quote=taken,
                  cue_span=(doc[c_start].idx, doc[c_end - 1].idx + len(doc[c_end - 1].text)))


def _refused_or_negated(v: Token, L: _Lex) -> bool:
    if any(c.lower_ in L.negation for c in v.children):
        return True
    return v.dep_ == "xcomp" and v.head.i != v.i and any(lm in L.governed for lm in _lemmas(v.head, L))


def _stance(v: Token, key: str, base: str, L: _Lex) -> str:
    negated = any(c.lower_ in L.negation for c in v.children)
    if negated and key in L.negated:
        return L.negated[key]
    gov = v.head
    if v.dep_ == "xcomp" and gov.i != v.i:
        for lemma in _lemmas(gov, L):
            if lemma in L.governed:
                return L.governed[lemma]
    return base


def _finite_aux(v: Token) -> bool:
    return any(c.pos_ == "AUX" and c.dep_.startswith("aux") and "Fin" in c.morph.get("VerbForm")
               for c in v.children)


def _subject(v: Token, quoted, L: _Lex) -> int | None:
    """The cue's speaker token: its subject, or that of the clause it hangs
    from ("en ajoutant", "a refusé de confirmer"), or the antecedent of "qui".
    A subject inside a quotation is the quoted person's, not the speaker."""
    t = v
    for _ in range(5):
        subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubj:pass") and not quoted(c.idx)
                and not any(g.dep_ == "case" for g in c.children)]
        # The parser often labels a personal "il" as impersonal (expl:subj).
        clitic = [c for c in t.children if c.dep_ == "expl:subj"
                  and c.lower_.lstrip("-t") in L.personal]
        if subj:
            return subj[0].i
        if clitic:
            return clitic[-1].i
        agent = [c for c in t.children if c.dep_ == "obl:agent"]
        if agent:
            return agent[0].i
        if t.head.i == t.i or t.dep_ in ("ccomp", "parataxis") and t.i != v.i:
            break
        t = t.head
    return _subject_before(v, quoted)


def _subject_before(v: Token, quoted) -> int | None:
    """When the parse gives the cue no subject ("le ministre des finances,
    Pierre Moscovici, a pour sa part ajouté"), the subject is the first noun
    phrase of the clause, read linearly: a name if there is one, else the
    first noun not governed by a preposition."""
    doc = v.doc
    start = v.i
    while start > cached.start(v) and doc[start - 1].text not in (";", ".", "!", "?", "»", "”", ":"):
        start -= 1
    first_noun = None
    for t in doc[start:v.i]:
        if quoted(t.idx) or t.pos_ in ("VERB",) and t.i != v.i:
            return None
        governed = t.i > 0 and doc[t.i - 1].pos_ == "ADP" or any(c.dep_ == "case" for c in t.children)
        if t.ent_type_ in ("PER", "ORG") and not governed:
            return t.i
        if first_noun is None and t.pos_ in ("NOUN", "PROPN") and not governed:
            first_noun = t.i
    return first_noun


def _inverted_subject(v: Token) -> Token | None:
    """ "..., estime le président de la République", "a expliqué à l'AFP
    Gilles-Éric Séralini": the noun phrase after an incise verb is its
    subject. Read linearly: the parser's labels there are unreliable (it
    takes the subject for an object, or hangs it on "l'AFP")."""
    doc = v.doc
    j = _cue_end(v)
    end = min(cached.end(v), j + 14)
    in_pp = False
    while j < end:
        t = doc[j]
        if t.is_punct and t.text not in ("-", "'", "’") or t.pos_ in ("VERB", "AUX") or t.is_space:
            return None
        if t.pos_ == "ADP" and t.lower_ not in ("-",):
            in_pp = True
        elif t.pos_ in ("NOUN", "PROPN", "PRON") or t.ent_type_:
            if not in_pp:
                return t
            # Past the preposition's object ("à l'AFP"), a name may follow.
            while j + 1 < end and doc[j + 1].ent_iob_ == "I":
                j += 1
            in_pp = False
        j += 1
    return None


def _cue_end(v: Token) -> int:
    """Index past the cue's own words: "a-t-il ajouté", "mettre en garde"."""
    end = v.i + 1
    doc = v.doc
    while end < len(doc) and doc[end].text.startswith("-") and doc[end].pos_ == "PRON":
        end += 1
    return end


def _cue_range(doc: Doc, v: Token, end: int, L: _Lex) -> tuple[int, int, str]:
    """Token range and text of a verb cue with its auxiliaries, negation,
    reflexive clitic and governor ("n'a pas nié", "a refusé de confirmer")."""
    start = v.i
    if v.dep_ == "xcomp" and v.head.i < v.i and v.i - v.head.i <= 3:
        # "a refusé de commenter": the governor is part of the cue.
        start = v.head.i
        v = v.head
    for c in v.children:
        if c.i < v.i and c.dep_ in ("aux:tense", "aux:pass", "aux") and c.i >= v.i - 4:
            start = min(start, c.i)
        if c.dep_ == "advmod" and c.lower_ in L.negation_particles and c.i >= v.i - 4:
            start = min(start, c.i)
        if c.dep_ == "expl:comp" and c.lower_ in L.reflexive and c.i >= v.i - 4:
            start = min(start, c.i)  # "s'est félicité"
    return start, end, doc[start:end].text


def _que_clause(v: Token, L: _Lex) -> Token | None:
    for c in v.children:
        if c.i <= v.i:
            continue
        first = c.doc[c.left_edge.i]
        if c.dep_ in ("ccomp", "obj", "xcomp", "advcl", "acl", "obl:arg", "dep") and first.lower_ in L.complementizers:
            return c
        if c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ in L.complementizers for g in c.children):
            return c
        if L.bare_complement and c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") \
                and any(g.dep_ in ("nsubj", "nsubj:pass", "expl") for g in c.children):
            # "said it will buy": a finite clause with its own subject.
            return c
    return None


def _child(v: Token, deps: tuple[str, ...], inf: bool = False, nominal: bool = False) -> Token | None:
    for c in v.children:
        if c.i <= v.i or c.dep_ not in deps:
            continue
        if inf and "Inf" not in c.morph.get("VerbForm") and not any(
                "Inf" in g.morph.get("VerbForm") for g in c.children if g.dep_.startswith("aux") and g.i < c.i):
            continue
        if nominal and c.pos_ not in ("NOUN", "PROPN", "NUM"):
            continue
        return c
    return None


def _a_complement(v: Token, L: _Lex) -> Token | None:
    """ "appelle à la responsabilité", "exhorte X à quitter"."""
    for c in v.children:
        if c.i <= v.i:
            continue
        if any(g.dep_ in ("case", "mark") and g.lower_ in L.call_cases for g in c.children):
            return c
    return None


def _tokens_span(doc: Doc, head: Token, L: _Lex, keep_case: bool = False) -> tuple[int, int]:
    left, right = head.left_edge.i, head.right_edge.i
    while left <= right and (doc[left].lower_ in L.content_lead and not keep_case
                             and left < head.i or doc[left].is_punct and doc[left].text not in _QUOTE_MARKS):
        left += 1
    start = doc[left].idx
    end = doc[right].idx + len(doc[right].text)
    return _trim(cached.text(doc), start, end)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,;:—–-\n":
        start += 1
    while end > start and text[end - 1] in " ,;:.—–-\n":
        end -= 1
    # Drop a quotation mark left unbalanced at either edge.
    seg = text[start:end]
    if seg[:1] in _QUOTE_MARKS and _count_marks(seg) % 2 == 1:
        start += 1
    seg = text[start:end]
    if seg[-1:] in _QUOTE_MARKS and _count_marks(seg) % 2 == 1:
        end -= 1
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end


def _count_marks(s: str) -> int:
    return sum(1 for ch in s if ch in _QUOTE_MARKS)


def _leading_quote(span: tuple[int, int], qs) -> quotes_mod.Quote | None:
    """ "a précisé que « personne ne sera laissé » en ajoutant : « ... »": a
    que-clause that is a quotation is that quotation."""
    for q in qs:
        if q.open >= span[0] - 1 and q.open <= span[0] + 1:
            return q
    return None


def _quote_after(doc: Doc, v: Token, cue_end: int, qs, used) -> quotes_mod.Quote | None:
    """A quotation right after the cue: "a annoncé : « ... »", "a déclaré à
    l'AFP : « ... »"."""
    sent_end = cached.end(v)
    after = doc[cue_end].idx if cue_end < len(doc) else len(cached.text(doc))
    limit = doc[sent_end - 1].idx + len(doc[sent_end - 1].text) if sent_end > 0 else len(cached.text(doc))
    for q in qs:
        if id(q) in used or q.open < after:
            continue
        if q.open > limit + 2:
            break
        between = cached.text(doc)[after:q.open]
        if "\n" in between:
            break
        stripped = between.strip()
        if not stripped or stripped in (":", ",") or stripped.endswith(":") and len(stripped) < 80 \
                and not any(ch in stripped for ch in ".!?;"):
            return q
        break
    return None


def _quote_before(doc: Doc, v: Token, qs, used) -> quotes_mod.Quote | None:
    """A quotation closing right before the cue: « ... », a-t-il ajouté."""
    start = v.i
    for c in v.children:
        if c.i < v.i and c.dep_ in ("aux:tense", "aux:pass", "aux", "advmod", "expl:comp", "expl:subj", "iobj", "obj") \
                and c.i >= v.i - 4:
            start = min(start, c.i)
    # Words allowed between the quote and the cue: punctuation, the auxiliary,
    # adverbs ("ensuite", "alors"), clitics.
    before = doc[start].idx
    for q in reversed(qs):
        if q.close > before:
            continue
        if id(q) in used:
            return None
        between = cached.text(doc)[q.close:before]
        if "\n" in between and between.strip():
            return None
        words = [t for t in doc.char_span(q.close, before, alignment_mode="expand") or []
                 if not t.is_punct and not t.is_space] if between.strip() else []
        if all(t.pos_ in ("ADV", "AUX", "PRON", "CCONJ") for t in words) and len(words) <= 3:
            return q
        if _subject_between(doc, v, q):
            return q
        return None
    return None


def _subject_between(doc: Doc, v: Token, q) -> bool:
    """ "« ... », Khaled Al-Maeena, editor at the Saudi Gazette, said": the
    verb's whole subject (appositions included) stands between the quote and
    the verb, and nothing else does."""
    subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubj:pass") and c.i < v.i), None)
    if subj is None:
        return False
    left, right = subj.left_edge, subj.right_edge
    text = cached.text(doc)
    if left.idx < q.close or text[q.close:left.idx].strip(" ,") or "\n" in text[q.close:left.idx]:
        return False
    return all(t.is_punct or t.pos_ in ("AUX", "ADV") for t in doc[right.i + 1:v.i])


def _comma_incise(doc: Doc, v: Token, cue_end: int) -> tuple[int, int] | None:
    """An unquoted report closed by an incise: "X est en sécurité, a indiqué
    leur direction." The verb comes after a comma, its subject after it, and
    nothing else follows in the sentence."""
    start = v.i
    while start > cached.start(v) and doc[start - 1].pos_ in ("AUX", "ADV", "PRON") and doc[start - 1].text != ",":
        start -= 1
    if start <= cached.start(v) or doc[start - 1].text != ",":
        return None
    if any(c.dep_ in ("nsubj", "nsubj:pass") and c.i < v.i for c in v.children):
        return None  # "Le porte-parole, Dmitri Peskov, n'a pas confirmé": a subject, not a report
    subj = _inverted_subject(v)
    if subj is None:
        return None
    rest = [t for t in doc[subj.i:cached.end(v)] if t.pos_ in ("VERB", "AUX") or t.text in ("«", "“", ":")]
    if rest:
        return None
    lead = [t for t in doc[cached.start(v):start - 1] if not t.is_punct and not t.is_space]
    if len(lead) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in lead):
        return None
    return _trim(cached.text(doc), doc[cached.start(v)].idx, doc[start - 1].idx)


def _unquoted_lead(doc: Doc, q) -> int | None:
    """ "L'usine produira 200 millions ..., jusqu'« à 500 millions », explique
    X": the quote closes a sentence that began outside it; the whole sentence
    is the content. Returns where that sentence starts."""
    first = doc.char_span(q.open, q.open + 1, alignment_mode="expand")
    if first is None:
        return None
    s_start = cached.start(first[0])
    lead = [t for t in doc[s_start:first[0].i] if not t.is_punct and not t.is_space]
    if len(lead) < 3 or any(t.text in _QUOTE_MARKS for t in doc[s_start:first[0].i]):
        return None
    if cached.text(doc)[doc[s_start].idx:q.open].rstrip().endswith(":"):
        return None  # "nous entendîmes : « ... »": the lead introduces the quote
    return doc[s_start].idx


def _rest_of_clause(doc: Doc, v: Token, speaker_tok: int | None) -> tuple[int, int] | None:
    """Everything after the cue in its clause: "estime à 75 000 le nombre ..."."""
    right = v.right_edge.i
    left = _cue_end(v)
    if speaker_tok is not None and speaker_tok >= left:
        sp = doc[speaker_tok]
        left = max(left, sp.right_edge.i + 1)
    while left <= right and doc[left].is_punct:
        left += 1
    if left > right:
        return None
    return _trim(cached.text(doc), doc[left].idx, doc[right].idx + len(doc[right].text))


# --- markers: selon, d'après, pour --------------------------------------------

def _marker_draft(doc: Doc, m: Token, entry: dict, n_words: int, qs, used, ents: EntityIndex, SL,
                  L: _Lex) -> _Draft | None:
    noun = m.head if m.dep_ in ("case", "fixed", "mark") or n_words > 1 else None
    while noun is not None and noun.i <= m.i and noun.head.i != noun.i:
        noun = noun.head  # "D'" "après", "according" "to": the fixed expression hangs off its first word
    if noun is None or noun.i <= m.i:
        return None
    if not _speaker_like(noun, ents, SL, L):
        return None
    s_start, s_end = cached.bounds(m)
    phrase_end = _phrase_end(doc, noun, s_end)
    phrase_start = m.i - (n_words - 1)
    first_in_clause = _clause_initial(doc, phrase_start)
    if entry.get("initial") and not (first_in_clause and phrase_end + 1 < len(doc)
                                     and doc[phrase_end + 1].text in (",", ":")):
        return None
    cue_text = doc[phrase_start:m.i + 1].text
    cue_span = (doc[phrase_start].idx, m.idx + len(m.text))
    nxt = phrase_end + 1
    # "Selon X, « ... »" and "Pour X : « ... »": the quotation that follows.
    after = doc[nxt].idx if nxt < len(doc) else len(cached.text(doc))
    for q in qs:
        if q.open >= after and id(q) not in used:
            between = cached.text(doc)[after:q.open].strip()
            if between in ("", ",", ":"):
                used.add(id(q))
                return _Draft(m.i, cue_text, noun.i, q.start, q.end, entry["stance"], via="marker-quote",
                              from_quote=True, speaker_span=(m.i + 1, phrase_end + 1), quote=q,
                              cue_span=cue_span)
            break
    if first_in_clause:
        # "Selon X, <content>." The content runs to the end of the sentence,
        # or to a colon that opens a quotation of its own.
        start_tok = nxt
        while start_tok < s_end and doc[start_tok].is_punct:
            start_tok += 1
        end_tok = s_end - 1
        for t in doc[start_tok:s_end]:
            if t.text == ":" and any(q.open > t.idx and q.open - t.idx <= 2 for q in qs):
                end_tok = t.i - 1
                break
        if start_tok > end_tok:
            return None
        span = _trim(cached.text(doc), doc[start_tok].idx, doc[end_tok].idx + len(doc[end_tok].text))
    else:
        # "<content>, selon X": the clause before it.
        start_tok = _clause_start(doc, phrase_start)
        end_tok = phrase_start - 1
        if start_tok > end_tok:
            return None
        span = _trim(cached.text(doc), doc[start_tok].idx, doc[end_tok].idx + len(doc[end_tok].text))
    if span[1] - span[0] < 3:
        return None
    return _Draft(m.i, cue_text, noun.i, span[0], span[1], entry["stance"], via="marker",
                  speaker_span=(m.i + 1, phrase_end + 1), cue_span=cue_span)


def _phrase_end(doc: Doc, noun: Token, sent_end: int) -> int:
    """Last token of "selon X": up to the comma that ends X, taking in
    appositions set off by commas ("Selon l'ambassadeur ..., Sergiy K., ...",
    "Pour Bernard Thibault, son secrétaire général : « ... »")."""
    i = noun.i
    right = noun.right_edge.i
    while i + 1 < sent_end and doc[i + 1].text not in (",", ":", ";", ".", "«", "“") and not doc[i + 1].is_space \
            and doc[i + 1].pos_ not in ("VERB", "AUX"):
        if (i + 1 > right or doc[i].pos_ == "PROPN") and (doc[i + 1].pos_ == "DET" or doc[i + 1].dep_ in ("nsubj", "nsubj:pass")):
            break  # "According to Rathbun the property was ...": a new noun phrase, the content's subject
        i += 1
    while i + 2 < sent_end and doc[i + 1].text == ",":
        j = i + 2
        while j < sent_end and doc[j].text not in (",", ":", ";", ".") and doc[j].pos_ not in ("VERB", "AUX") \
                and j - i <= 10:
            j += 1
        segment = doc[i + 2:j]
        nominal = all(t.pos_ in ("PROPN", "NOUN", "ADJ", "DET", "ADP", "PUNCT", "NUM") for t in segment)
        named = any(t.pos_ == "PROPN" or t.ent_type_ for t in segment)
        if j < sent_end and nominal and (doc[j].text == "," and named or doc[j].text == ":" and len(segment) <= 6):
            i = j - 1
        else:
            break
    return i


def _speaker_like(noun: Token, ents: EntityIndex, SL, L: _Lex) -> bool:
    """ "selon l'AFP", "selon lui", "selon une étude": a source. Not "selon
    les cas", "selon les académies" in the sense of "depending on"."""
    if noun.pos_ == "PRON":
        return noun.lower_ in L.marker_pronouns
    for t in noun.subtree:
        e = ents.at(t.i)
        if e and ents.by_id[e].type in ("PER", "ORG") and t.i - noun.i <= 12:
            return True
    words = {noun.lower_, noun.lemma_}
    return bool(words & (SL.persons | SL.institutions | SL.documents | SL.spokesperson))


def _clause_initial(doc: Doc, i: int) -> bool:
    j = i - 1
    while j >= 0 and (doc[j].is_space):
        j -= 1
    if j < 0 or doc[i].is_sent_start:
        return True
    t = doc[j]
    return t.text in (".", "!", "?", ";", ":", "«", "“", "\"", "-", "—", "–") or t.is_sent_start and t.pos_ in ("CCONJ", "ADV")


def _clause_start(doc: Doc, i: int) -> int:
    s_start = cached.start(doc[i])
    j = i - 1
    while j > s_start and doc[j].text not in (";", ":"):
        j -= 1
    j = j + 1 if doc[j].text in (";", ":") else j
    while j < i and (doc[j].is_punct or doc[j].is_space):
        j += 1
    return j


# --- quotations without a cue ---------------------------------------------------

_DASH_ATTR = re.compile(r"[—–]\s*(?P<name>[A-ZÀ-Ý][^,\n—–]{1,60}?)(?:,\s*[^,\n]{1,80})?\s*$")


def _dash_attributions(doc: Doc, ents: EntityIndex, qs, used) -> list[_Draft]:
    """A paragraph closed by "—Sonia Dridi, journaliste" is her words."""
    out = []
    text = cached.text(doc)
    base = 0
    for para in text.split("\n"):
        m = _DASH_ATTR.search(para)
        if m and m.start() > 20:
            a = base + m.start("name")
            span = doc.char_span(a, base + m.end("name"), alignment_mode="expand")
            eid = ents.at(span[0].i) if span is not None else None
            if eid and ents.by_id[eid].type == "PER" and all(ents.at(t.i) == eid for t in span):
                start, end = _trim(text, base, base + m.start())
                for q in qs:
                    if q.open >= base and q.close <= base + m.start():
                        used.add(id(q))
                tok = span[0]
                out.append(_Draft(tok.i, "—", None, start, end, "assert", via="dash",
                                  fixed_speaker=Speaker(eid, ents.by_id[eid].name, tok.i), from_quote=True))
        base += len(para) + 1
    return out


def _free_quotes(doc: Doc, qs, used, drafts: list[_Draft]) -> list[_Draft]:
    """A quotation no cue claimed, standing as a sentence of its own, is most
    often by the speaker of the statement before it."""
    out = []
    spoken = sorted((d for d in drafts if d.speaker is not None), key=lambda d: d.end)
    for q in qs:
        if id(q) in used or not _clausal(doc, q):
            continue
        prev = None
        for d in spoken:
            if d.end <= q.open or d.cue_tok < len(doc) and doc[d.cue_tok].idx < q.open:
                prev = d
        if prev is None:
            continue
        # Only as far back as the previous paragraph.
        gap = cached.text(doc)[max(prev.end, doc[prev.cue_tok].idx):q.open]
        if gap.count("\n") > 1:
            continue
        if not _stands_alone(doc, q):
            continue
        tok = doc.char_span(q.start, q.end, alignment_mode="expand")
        out.append(_Draft(tok[0].i if tok is not None else prev.cue_tok, prev.cue_text, None, q.start, q.end,
                          "assert", speaker=prev.speaker, fixed_speaker=prev.speaker, via="free",
                          from_quote=True))
        used.add(id(q))
    return out


def _clausal(doc: Doc, q) -> bool:
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if not t.is_punct and not t.is_space]
    return len(words) >= 4 and any(t.pos_ in ("VERB", "AUX") for t in words)


def _stands_alone(doc: Doc, q) -> bool:
    """The quote is a sentence of its own, or follows a colon."""
    before = cached.text(doc)[:q.open].rstrip(" ")
    return not before or before[-1] in ".!?:\n»”" or before.endswith(("...", "…"))


# --- finishing -------------------------------------------------------------

def _dedupe(drafts: list[_Draft]) -> list[_Draft]:
    """Two cues over one content (a verb and "selon" in one sentence): keep
    the one that names a speaker, then the verb."""
    out: list[_Draft] = []
    for d in sorted(drafts, key=lambda d: (d.start, -(d.end - d.start))):
        clash = None
        for o in out:
            if o.start == d.start and o.end == d.end:
                clash = o
                break
        if clash is None:
            out.append(d)
        elif clash.speaker is None and d.speaker is not None:
            out[out.index(clash)] = d
    return out


def _statements(doc: Doc, drafts: list[_Draft], L: _Lex, qs) -> list[Statement]:
    out: list[Statement] = []
    text = cached.text(doc)
    for n, d in enumerate(drafts, 1):
        content = text[d.start:d.end]
        kind = _kind(d, content, qs)
        stance = d.stance
        if stance == "assert":
            stance = _content_stance(doc, d, L) or stance
        sp = d.speaker
        out.append(Statement(
            id=f"S{n}",
            speaker=sp.entity if sp else None,
            speaker_text=sp.text if sp else None,
            cue=d.cue_text,
            cue_span=d.cue_span,
            kind=kind,
            stance=stance,
            content=content,
            span=(d.start, d.end),
            co_speakers=list(sp.others) if sp else [],
            conditional=_conditional(doc, d, L),
        ))
    # Nested reports: "Selon l'AFP, le CNS a appelé à ...".
    for s in out:
        best = None
        for o in out:
            if o is not s and o.span[0] <= s.span[0] and s.span[1] <= o.span[1] and o.span != s.span:
                if best is None or o.span[1] - o.span[0] < best.span[1] - best.span[0]:
                    best = o
        s.within = best.id if best else None
    return out


def _kind(d: _Draft, content: str, qs) -> str:
    if d.from_quote:
        return "direct"
    for q in qs:
        if q.open >= d.start - 1 and q.close <= d.end + 1:
            if q.start <= d.start + 1 and q.end >= d.end - 1:
                return "direct"
            return "mixed"
    return "indirect"


def _content_stance(doc: Doc, d: _Draft, L: _Lex) -> str | None:
    """ "« Je les ai appelés à retirer ... », a déclaré X" is a call."""
    span = doc.char_span(d.start, d.end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    for lemma in _lemmas(root, L):
        if lemma in L.content_stance:
            subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubj:pass")]
            if subj and subj[0].lower_ in L.first_person:
                return L.content_stance[lemma]
    return None


def _conditional(doc: Doc, d: _Draft, L: _Lex) -> bool:
    span = doc.char_span(d.start, d.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    verbs = [root] + [c for c in root.children if c.dep_ in ("aux:tense", "aux:pass", "cop", "aux")]
    return any("Cnd" in t.morph.get("Mood") and t.lemma_ not in L.conditional_skip for t in verbs)
