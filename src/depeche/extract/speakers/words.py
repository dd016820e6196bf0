"""The words speaker resolution reads, from lexicons/<lang>/speakers.toml and
cues.toml: pronouns, role and body nouns, classes of nouns that name the same
kind of speaker, and how a noun's feminine or plural form is folded."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ... import lexicon
from ...lexicon_schema import LexiconError
from ...text import fold, lower_key
from ..entities import person_of_town_word


@dataclass(frozen=True)
class SpeakerLexicon:
    pronouns: dict[str, tuple[str, ...]]
    personal: frozenset[str]
    relative: frozenset[str]
    function_words: frozenset[str]
    spokesperson: frozenset[str]
    documents: frozenset[str]
    persons: frozenset[str]
    institutions: frozenset[str]
    members: frozenset[str]
    classes: dict[str, str]  # folded noun -> its class ("quotidien" -> "media")
    endings: tuple[tuple[str, str], ...]  # feminine/plural ending -> base ending, longest first
    class_of_kind: dict[str, str]  # class -> "person" or "body"
    feminine_endings: tuple[str, ...]  # endings of feminine role nouns ("chercheuse", "directrice")
    person_suffixes: tuple[str, ...]  # endings of nouns that name people ("sismologue", "syndicaliste")
    author_cases: frozenset[str]  # prepositions before the body a spokesperson or document is of
    addressee_cases: frozenset[str]  # prepositions before the one spoken to ("à l'AFP")
    makers: frozenset[str]  # verbs whose subject made the document they govern ("a diffusé un reportage")
    written_in: frozenset[str] = frozenset()  # "X explique dans un communiqué": the document is X's
    own_possessives: frozenset[str] = frozenset()  # "selon nos informations": the newspaper's own
    press_pieces: frozenset[str] = frozenset()  # "l'article", "the editorial": the press's, not a body's report
    role_prefixes: tuple[str, ...] = ()  # "vice-": "la vice-présidente" is a présidente
    list_openers: tuple[tuple[str, ...], ...] = ()  # "such as", "comme": examples of the noun before follow
    demonyms: frozenset[str] = frozenset()  # "the Spaniard", "l'Espagnol": a person by their nationality
    town_suffixes: tuple[str, ...] = ()  # "le Toulousain": a person by their town
    latter: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "ce dernier" -> (gender, number)
    former: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "le premier" -> (gender, number)
    same_source: tuple[str, ...] = ()  # "la même source": the source of the report before
    generic_keys: dict[str, frozenset[str]] = field(default_factory=dict)  # class -> its generic nouns, if any
    covers: dict[str, frozenset[str]] = field(default_factory=dict)  # class -> the classes its nouns name too
    role_keys: frozenset[str] = frozenset()  # the noun keys of `persons`
    replies: frozenset[str] = frozenset()  # verbs of a reply: another speaker than the one before
    time_words: frozenset[str] = frozenset()  # weekdays, months, "hier": when, never who
    occasion_words: frozenset[str] = frozenset()  # "lors de", "during": the occasion, never who
    on_air: frozenset[str] = frozenset()  # "sur" in "le ministre sur France Inter"
    generic_bodies: frozenset[str] = frozenset()  # noun keys of "l'organisme", "the body": any kind of body
    things: frozenset[str] = frozenset()  # nouns of things (storms, vehicles, events): what a report is about
    title_roles: dict[str, str] = field(default_factory=dict)  # "Me" -> "avocat": what a title says the person is
    document_author_cases: frozenset[str] = frozenset()  # a document's, where they differ ("by", not "of")
    phrases: dict[str, tuple[tuple[tuple[str, ...], int], ...]] = field(default_factory=dict)  # word -> (class noun of several words, its place)
    _keys: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # noun_key's answers
    _kinds: dict[tuple, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)  # kinds' answers

    def is_pronoun(self, tok: Token) -> bool:
        return tok.pos_ == "PRON" and lower_key(tok.text) in self.pronouns

    def _of_people(self, tok: Token) -> bool:
        """A noun whose complement names people ("l'ordre des architectes"):
        a body of them, whatever the noun."""
        if tok.pos_ != "NOUN":
            return False
        for c in tok.children:
            if c.dep_ == "nmod" and c.i > tok.i and any(
                    g.dep_ == "case" and lower_key(g.text) in self.author_cases for g in c.children):
                # (the parse may make an adjective the noun: "des architectes nigérians")
                return any(t.morph.get("Number") == ["Plur"] and "person" in self._kinds_alone(t)
                           for t in c.subtree if t.i - c.i <= 2)
        return False

    def can_speak(self, tok: Token) -> bool:
        """A noun that names someone who can say something: a role, a body,
        a spokesperson, a document."""
        return bool(self.kinds(tok))

    def kinds(self, tok: Token) -> set[str]:
        found = self._kinds_alone(tok)
        if not found and self.nationality_noun(tok):
            return {"person"}
        out = set(found)
        compound = hyphen_compound(tok)
        if compound is not None:
            # a compound the tokenizer cut at its hyphen: "état-major", "porte-parole";
            # else people, when its last word names people ("les marins-pompiers")
            out |= {name for name, table in self._tables() if compound in table}
            if not out and "person" in self._kinds_alone(tok.doc[tok.i + 2]):
                out.add("person")
        if not out and self._of_people(tok):
            out.add("body")  # "l'ordre des architectes", "the association of residents"
        key = self.token_key(tok)
        if " " in key:
            # a noun of several words read around this one: "the think tank",
            # "Ukraine's air force" ("tank" and "force" alone say nothing)
            cls = self.classes.get(key)
            if cls in self.class_of_kind:
                out.add(self.class_of_kind[cls])
        return out

    def _tables(self) -> tuple[tuple[str, frozenset[str]], ...]:
        """Each kind of speaker noun and the lexicon's words of that kind."""
        return (("person", self.persons), ("body", self.institutions), ("spokesperson", self.spokesperson),
                ("document", self.documents), ("members", self.members))

    def _kinds_alone(self, tok: Token) -> frozenset[str]:
        memo = (tok.text, tok.lemma_, tok.pos_)
        found = self._kinds.get(memo)
        if found is None:
            found = self._kinds[memo] = frozenset(self._read_kinds(tok))
        return found

    def nationality_noun(self, tok: Token) -> bool:
        """ "the Spaniard said", "a déclaré l'Espagnol", "a lancé le
        Toulousain": a person by their nationality or town (a lowercase
        singular article before it, no noun after it)."""
        doc = tok.doc
        if not (tok.text[:1].isupper() and tok.i > 0 and doc[tok.i - 1].pos_ == "DET"
                and (tok.i + 1 >= len(doc) or doc[tok.i + 1].pos_ not in ("NOUN", "PROPN"))):
            return False
        return tok.lower_ in self.demonyms or self.person_of_town(tok)

    def person_of_town(self, tok: Token) -> bool:
        art = tok.doc[tok.i - 1] if tok.i > 0 else None
        return art is not None and art.text.islower() and art.morph.get("Number") != ["Plur"] \
            and person_of_town_word(tok, self.town_suffixes)

    def _read_kinds(self, tok: Token) -> set[str]:
        words = {tok.lower_, tok.lemma_.lower()}
        words |= {w[len(p):] for w in words for p in self.role_prefixes if w.startswith(p) and len(w) > len(p) + 2}
        out = set()
        if tok.pos_ == "NOUN" and any(w.endswith(self.person_suffixes) and len(w) > 6 for w in words if self.person_suffixes):
            out.add("person")  # "les sismologues", "les syndicalistes"
        for name, table in self._tables():
            if words & table:
                out.add(name)
        key = self.noun_key(tok.lemma_)
        cls = self.classes.get(key) or self.classes.get(self.noun_key(tok.text))
        if cls and cls in self.class_of_kind:
            out.add(self.class_of_kind[cls])
        return out

    def token_key(self, tok: Token) -> str:
        """The key of the noun `tok` heads, read as a class noun of several
        words when one fits around it ("le chef du gouvernement", "le
        premier ministre": one kind), else its lemma's."""
        doc = tok.doc
        for words, k in self.phrases.get(_word(tok.text), ()):
            start = tok.i - k
            if start >= 0 and start + len(words) <= len(doc) \
                    and tuple(_word(t.text) for t in doc[start:start + len(words)]) == words:
                return " ".join(words)
        # A participle naming a role ("est accusée") by its form, not its verb's lemma.
        return self.noun_key(tok.lemma_ if tok.pos_ != "VERB" else tok.lower_)

    def noun_key(self, word: str) -> str:
        """A noun folded for comparison, its feminine or plural ending undone:
        "chercheuse" -> "chercheur", "quotidiens" -> "quotidien"."""
        key = self._keys.get(word)
        if key is None:
            key = self._keys[word] = _noun_key(self.endings, word)
        return key


    def is_role(self, key: str) -> bool:
        """A noun key names an office or a role the lexicon lists ("maire",
        "ministre"), not a mere description ("syndicaliste", "quinquagénaire")."""
        return key in self.role_keys

    def is_addressee_case(self, word: str) -> bool:
        return lower_key(word) in self.addressee_cases

    def is_author_case(self, word: str, document: bool = False) -> bool:
        """ "le porte-parole de X", "a report by X"; a document's own list
        where the lexicon has one ("an audit of the agency" audits it)."""
        cases = self.document_author_cases if document and self.document_author_cases else self.author_cases
        return lower_key(word) in cases

    def feminine(self, word: str) -> bool:
        w = fold(word)
        return any(w.endswith(e) and len(w) > len(e) + 2 for e in self.feminine_endings)

    def same_kind(self, a: str, b: str) -> bool:
        """Two noun keys name the same kind of speaker: equal, or of one class."""
        if a == b:
            return True
        ca, cb = self.classes.get(a), self.classes.get(b)
        if ca is not None and cb is not None and (cb in self.covers.get(ca, ()) or ca in self.covers.get(cb, ())):
            return True  # "l'artiste" after "le chanteur"
        if ca is not None and ca == cb:
            generic = self.generic_keys.get(ca)
            return not generic or a in generic or b in generic
        # "le président François Hollande", then "le président de la
        # République": a class noun of several words is also its noun.
        return " " in a and " " not in b and b in a.split() or " " in b and " " not in a and a in b.split()


def lex_for(lex: dict) -> SpeakerLexicon:
    return lexicon.derived(lex, "speakers", _compile)


def _compile(lex: dict) -> SpeakerLexicon:
    cues = lex.get("cues", {})
    spk = lex.get("speakers", {})
    endings = sorted(((fold(a), fold(b)) for a, b in spk.get("noun_endings", [])), key=lambda e: -len(e[0]))
    sl = SpeakerLexicon(
        pronouns={lower_key(k): tuple(v) for k, v in cues.get("pronouns", {}).items()},
        personal=frozenset(cues.get("words", {}).get("personal_pronouns", [])),
        relative=frozenset(cues.get("words", {}).get("relative", [])),
        function_words=frozenset(spk.get("function_words", [])),
        spokesperson=frozenset(spk.get("spokesperson", [])),
        documents=frozenset(spk.get("documents", [])),
        persons=frozenset(spk.get("persons", [])) | frozenset(spk.get("affiliations", [])),
        institutions=frozenset(spk.get("institutions", [])),
        members=frozenset(spk.get("members", [])),
        classes={},
        endings=tuple(endings),
        class_of_kind={},
        feminine_endings=tuple(fold(e) for e in spk.get("feminine_endings", [])),
        person_suffixes=tuple(lower_key(w) for w in spk.get("person_suffixes", [])),
        author_cases=frozenset(lower_key(w) for w in spk.get("author_cases", [])),
        document_author_cases=frozenset(lower_key(w) for w in spk.get("document_author_cases", [])),
        addressee_cases=frozenset(lower_key(w) for w in spk.get("addressee_cases", [])),
        makers=frozenset(spk.get("makers", [])),
        written_in=frozenset(lower_key(w) for w in spk.get("written_in", [])),
        own_possessives=frozenset(lower_key(w) for w in spk.get("own_possessives", [])),
        press_pieces=frozenset(lower_key(w) for w in spk.get("press_pieces", [])),
        role_prefixes=tuple(lower_key(w) for w in spk.get("role_prefixes", [])),
        list_openers=tuple(tuple(lower_key(p).split()) for p in lex.get("entities", {}).get("list_openers", [])),
        demonyms=frozenset(k.lower() for k in lex.get("countries", {}).get("demonyms", {})),
        town_suffixes=tuple(lex.get("entities", {}).get("person_of_town_suffixes", [])),
        things=frozenset(w.lower() for w in lex.get("entities", {}).get("evidence", {}).get("MISC", [])),
        latter={_word(k): tuple(v) for k, v in spk.get("latter", {}).items()},
        former={_word(k): tuple(v) for k, v in spk.get("former", {}).items()},
        same_source=tuple(_word(w) for w in spk.get("same_source", [])),
        replies=frozenset(cues.get("words", {}).get("replies", [])),
        time_words=_time_words(lex.get("dates", {})),
        occasion_words=frozenset(lower_key(w) for w in spk.get("occasion_words", [])),
        title_roles=dict(spk.get("title_roles", {})),
        on_air=frozenset(spk.get("on_air", [])),
    )
    object.__setattr__(sl, "generic_bodies", frozenset(sl.noun_key(w) for w in spk.get("generic_bodies", [])))
    classes: dict[str, str] = {}
    kinds: dict[str, str] = {}
    generic: dict[str, frozenset[str]] = {}
    for name, table in spk.get("classes", {}).items():
        kinds[name] = table.get("kind", "body")
        for w in table.get("nouns", []):
            words = _words(w)
            classes[" ".join(words) if len(words) > 1 else sl.noun_key(w)] = name
        if table.get("generic"):
            generic[name] = frozenset(" ".join(_words(w)) if len(_words(w)) > 1 else sl.noun_key(w)
                                      for w in table["generic"])
    object.__setattr__(sl, "classes", classes)
    object.__setattr__(sl, "generic_keys", generic)
    covers = {name: frozenset(t["covers"]) for name, t in spk.get("classes", {}).items() if t.get("covers")}
    unknown = sorted(c for cs in covers.values() for c in cs if c not in kinds)
    if unknown:
        raise LexiconError(f"speakers.toml: [classes] 'covers' names no class: {', '.join(unknown)}")
    object.__setattr__(sl, "covers", covers)
    phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    several = {ws for t in spk.get("classes", {}).values() for ws in map(_words, t.get("nouns", [])) if len(ws) > 1}
    for words in sorted(several, key=len, reverse=True):  # the longest first
        for k, w in enumerate(words):
            phrases.setdefault(w, []).append((words, k))
    object.__setattr__(sl, "phrases", {w: tuple(v) for w, v in phrases.items()})
    object.__setattr__(sl, "class_of_kind", kinds)
    object.__setattr__(sl, "role_keys", frozenset(sl.noun_key(w) for w in spk.get("persons", [])))
    return sl


def hyphen_compound(tok: Token) -> str | None:
    """The word `tok` begins when the tokenizer cut it at a hyphen written
    without spaces ("état", "-", "major")."""
    doc = tok.doc
    if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and not tok.whitespace_ \
            and not doc[tok.i + 1].whitespace_ and doc[tok.i + 2].is_alpha:
        return f"{tok.lower_}-{doc[tok.i + 2].lower_}"
    return None


def _noun_key(endings: tuple[tuple[str, str], ...], word: str) -> str:
    w = fold(word)
    for ending, base in endings:
        if w.endswith(ending) and len(w) > len(ending) + 2:
            return w[: len(w) - len(ending)] + base
    return w


def _word(text: str) -> str:
    return fold(text).replace("’", "'")


def _words(phrase: str) -> tuple[str, ...]:
    """A phrase's words as the tokenizer splits them ("chef de l'État" ->
    chef, de, l', etat)."""
    return tuple(_word(w) for w in phrase.replace("’", "'").replace("'", "' ").split())


def _time_words(dates: dict) -> frozenset[str]:
    """The one-word names of days and months of the dates lexicon."""
    words = [*dates.get("weekdays", {}), *dates.get("months", {}), *dates.get("relative_days", {})]
    return frozenset(w.lower() for w in words if " " not in w)
