"""NER mentions -> one entity per referent, with roles, country and gender.

The small French model finds names but not referents: it splits "Sergiy" from
"Sergiy Kyslytsya", knows nothing of "ONU" being "Nations Unies", tags a
sentence-initial adverb as a name and loses "ministère de l'Intérieur" to
"Intérieur". This layer repairs mentions where the evidence is in the text,
groups them into entities, and reads roles and countries from appositions
and titles ("le secrétaire américain à la Défense Lloyd Austin").
"""
from __future__ import annotations

import functools
import gzip
import os
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from spacy.attrs import POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from .. import lexicon, nlp
from ..text import APOSTROPHES, CLOSING_QUOTES, OPENING_QUOTES, fold, lower_key, pictographic, without_article
from . import cached, inflection
from ..record import Entity

SCORED = ("PER", "ORG", "LOC")
_PUNCT_EDGE = set(",;:.!?()[]«»“”\"'’—–-")


@dataclass
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    label: str
    entity: str | None = None
    role: bool = False  # a description ("le secrétaire américain"), not a name
    alias_of: "Mention | None" = None  # a longer form of another mention ("place Tahrir")
    evidence: str | None = None  # the type a noun next to it gives ("le quotidien X": ORG)


@dataclass
class EntityIndex:
    """The entities of one document and where each token's entity is."""

    entities: list[Entity]
    mentions: list[Mention]
    token_entity: dict[int, str]
    gender: dict[str, str] = field(default_factory=dict)
    number: dict[str, str] = field(default_factory=dict)
    by_id: dict[str, Entity] = field(default_factory=dict)

    def at(self, i: int) -> str | None:
        return self.token_entity.get(i)

    def in_tokens(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end and not m.role]


@dataclass(frozen=True)
class _Lex:
    strip_leading: frozenset[str]
    strip_trailing: frozenset[str]
    head_links: tuple[str, ...]
    place_prepositions: frozenset[str]
    company_suffixes: frozenset[str]
    titles: dict[str, str]
    org_heads: frozenset[str]
    loc_heads: frozenset[str]
    keep_inner: frozenset[str]
    part_of: frozenset[str]  # "direction": the people of the body named after the head
    portfolio_after: frozenset[str]
    body_leaders: frozenset[str]  # "secrétaire général de": a body follows, no portfolio
    not_names: frozenset[str]
    post_nominals: frozenset[str]  # letters after a name: "KC", "MP", "Jr."
    alias_markers: tuple[tuple[str, ...], ...]  # "also known as", "dit": a second name follows
    personal_possessives: frozenset[str]  # "his", "her": a person's, never a body's
    role_prepositions: frozenset[str]
    all_heads: frozenset[str]
    persons: frozenset[str]
    roles: frozenset[str]
    institutions: frozenset[str]
    media: "re.Pattern[str] | None"  # news outlets as written ("France 2", "Le Canard enchaîné")
    demonyms: dict[str, str]  # nationality -> ISO code; a people of no one country -> ""
    demonym_nouns_capitalised: bool  # "la Polonaise X" is a person (French), "the Chinese New Year" is not
    country_names: dict[str, str]  # folded name -> ISO
    of_country: re.Pattern  # "ambassadeur d'Ukraine": a country after "de", in folded text
    regions: frozenset[str]  # folded names of areas that are not countries ("Africa")
    constituents: frozenset[str]  # folded names of a country's parts, places of their own ("Scotland")
    split_at: frozenset[str]  # lowercase words no name runs across ("Rathbun the Scientology")
    org_tails: frozenset[str]  # a name's last word that makes it an organisation ("Saudi Gazette")
    loc_tails: frozenset[str]  # ... a place ("Fisht Stadium", "Century City Towers")
    particles: frozenset[str]  # lowercase name prefixes joined by a hyphen ("al-Ikhbariya")
    office_holders: frozenset[str]  # "the Los Angeles Sheriff's office": a holder's office
    org_evidence: tuple[tuple[str, ...], ...]  # words before a name that show an organisation
    evidence: dict[str, str]  # noun -> the type of a name next to it ("quotidien": ORG)
    people_suffixes: tuple[str, ...]  # "les Grenoblois": a town's people, no name
    case_links: frozenset[str]  # "Roe v. Wade": two parties joined by one of these name a court case
    misc_names: frozenset[str]  # folded feasts, deities, ceremonies, diseases, planets: no person, organisation or place
    town_person_suffixes: tuple[str, ...]  # "le Toulousain": one of them
    noun_head: str  # "first" or "last": where the head noun of "un navigateur web" / "a web browser" is
    weekdays: frozenset[str]  # folded day names: no name ("Lundi", "Floride jeudi")
    relative_days: frozenset[str]  # folded "ce midi", "hier": no end of a name either
    months: frozenset[str]  # folded month names
    name_particles: frozenset[str]  # words inside a person's name ("bin", "van", "Le")
    person_particles: frozenset[str]  # ... found only in persons' names ("van", "bin")
    indefinite: frozenset[str]  # articles that make an acronym a common noun ("un AVC")
    common_acronyms: frozenset[str]  # acronyms of common nouns and units ("TVA", "GDP")
    units: frozenset[str]  # the quantities lexicon's units ("francs") and scales ("milliards")
    scales: frozenset[str]
    quantity_of: frozenset[str]
    ordinal_suffixes: tuple[str, ...]  # "Xe", "XIXe": Roman ordinals, no names
    misc_tails: frozenset[str]
    loc_nouns_after: frozenset[str]
    sited_after: frozenset[str]  # facilities a known place's name before them locates ("the Poissy plant")
    governing_prepositions: frozenset[str]  # besides "of": "a spokeswoman for X"  # "the Finistère department": the lowercase noun after types the name  # a name's last word that makes it an event or a work ("World Cup")
    team_tails: frozenset[str]  # a club's last word, whatever the NER says ("Manchester United")
    named_after: frozenset[str]  # organisation heads a person's name names ("le lycée Jean Moulin")
    never_named_after: frozenset[str]  # place heads no person's name names ("la région Jean X")
    compass: frozenset[str]  # folded compass points ("nord", "west"): a direction, no name
    lower_loc_heads: frozenset[str]  # place heads only in lowercase ("stade Pierre Mauroy", not "Parc des Princes")
    employer_roles: frozenset[str]  # roles held in an organisation ("Wigan manager", "founder of X")
    workplace_cases: frozenset[str]  # "at", "chez": a trade, then one, then where they work
    workplace_roles: frozenset[str]  # trades that work at an organisation ("analysts at Jefferies")
    route_nouns: frozenset[str]  # lines, flights, routes: the names they join are no place ("l'axe Paris-Lyon")
    listed_places: frozenset[str]  # folded places the lexicons list (regions, states: "Bretagne")
    of_words: frozenset[str]  # folded "de", "du", "of": what joins a name to its place
    source_markers: tuple[tuple[str, ...], ...]  # "selon", "according to" (cues.toml): a source follows
    cue_verbs: frozenset[str]  # reporting verbs' lemmas (cues.toml): their subject speaks
    cue_inflection: tuple  # cues.toml's forms and suffix rules: "estime" may be "estimer"
    evidence_of: dict[str, str]  # noun -> the type of the name it governs ("naufrage du X": MISC)
    list_openers: tuple[tuple[str, ...], ...]  # "such as", "comme": a list of what the noun before names
    given_names: frozenset[str]  # folded first names (the shared first_names table)


def _lex(lex: dict) -> _Lex:
    ent = lex.get("entities", {})
    spk = lex.get("speakers", {})
    countries = lex.get("countries", {})
    heads = ent.get("heads", {})
    names = {fold(k): v for k, v in countries.get("names", {}).items()}
    return _Lex(
        strip_leading=frozenset(ent.get("strip_leading", [])),
        strip_trailing=frozenset(ent.get("strip_trailing", [])),
        head_links=tuple(ent.get("head_links", [])),
        place_prepositions=frozenset(ent.get("place_prepositions", [])),
        company_suffixes=frozenset(fold(w) for w in ent.get("company_suffixes", [])),
        titles=dict(ent.get("titles", {})),
        org_heads=frozenset(heads.get("org", [])),
        loc_heads=frozenset(heads.get("loc", [])),
        keep_inner=frozenset(heads.get("keep_inner_loc", [])),
        part_of=frozenset(heads.get("part_of", [])),
        portfolio_after=frozenset(heads.get("portfolio_after", [])),
        body_leaders=frozenset(heads.get("body_leaders", [])),
        not_names=frozenset(ent.get("not_names", [])),
        post_nominals=frozenset(ent.get("post_nominals", [])),
        personal_possessives=frozenset(ent.get("personal_possessives", [])),
        alias_markers=tuple(tuple(lower_key(w) for w in p.split()) for p in ent.get("alias_markers", [])),
        role_prepositions=frozenset(ent.get("role_prepositions", [])),
        all_heads=frozenset(heads.get("org", []) + heads.get("loc", [])),
        # (looked up by a token's lowercase form: "MP" is listed as written)
        persons=frozenset(w.lower() for w in spk.get("persons", []) + spk.get("affiliations", [])),
        # (a spokesperson's noun that also heads bodies' names, "conseil", stays a possible name)
        roles=frozenset(w.lower() for w in spk.get("persons", []) + spk.get("affiliations", [])
                        + [w for w in spk.get("spokesperson", []) if w not in heads.get("org", []) + heads.get("loc", [])]),
        institutions=frozenset(spk.get("institutions", [])),
        media=_media_pattern(ent.get("media", [])),
        # A people of no one country is typed like a nationality, with no code.
        people_suffixes=tuple(ent.get("people_suffixes", [])),
        case_links=frozenset(ent.get("case_links", [])),
        misc_names=frozenset(fold(w) for w in ent.get("misc_names", [])),
        town_person_suffixes=tuple(ent.get("person_of_town_suffixes", [])),
        demonym_nouns_capitalised=ent.get("demonym_nouns_capitalised", False),
        demonyms={**{k.lower(): "" for k in ent.get("peoples", [])},
                  **{k.lower(): v for k, v in countries.get("demonyms", {}).items()}},
        country_names=names,
        of_country=re.compile(r"\b(?:{})\s+(?:l\s+)?({})\b".format(
            "|".join(map(re.escape, ent.get("of_country", ["de", "d", "du", "des"]))),
            "|".join(map(re.escape, sorted(names, key=len, reverse=True))) or "(?!)")),
        regions=frozenset(fold(k) for k in countries.get("regions", {})),
        constituents=frozenset(fold(k) for k in countries.get("constituents", [])),
        split_at=frozenset(ent.get("split_at", [])),
        org_tails=frozenset(heads.get("org_tails", [])),
        loc_tails=frozenset(heads.get("loc_tails", [])),
        particles=frozenset(ent.get("particles", [])),
        office_holders=frozenset(ent.get("office_holders", [])),
        org_evidence=tuple(tuple(p.split()) for p in ent.get("org_evidence", [])),
        evidence={w.lower(): label for label, words in ent.get("evidence", {}).items() for w in words},
        noun_head=ent.get("noun_head", "first"),
        weekdays=frozenset(fold(w) for w in lex.get("dates", {}).get("weekdays", {})),
        relative_days=frozenset(fold(w) for w in lex.get("dates", {}).get("relative_days", {})),
        months=frozenset(fold(w) for w in lex.get("dates", {}).get("months", {})),
        name_particles=frozenset(ent.get("name_particles", [])),
        person_particles=frozenset(ent.get("person_particles", [])),
        indefinite=frozenset(ent.get("indefinite", [])),
        common_acronyms=frozenset(ent.get("common_acronyms", [])),
        units=frozenset(lex.get("quantities", {}).get("measures", {}).get("units", [])),
        scales=frozenset(lex.get("quantities", {}).get("scales", {})),
        quantity_of=frozenset(lex.get("quantities", {}).get("numbers", {}).get("of", [])),
        ordinal_suffixes=tuple(sorted(ent.get("ordinal_suffixes", []), key=len, reverse=True)),
        misc_tails=frozenset(heads.get("misc_tails", [])),
        loc_nouns_after=frozenset(heads.get("loc_after", [])),
        sited_after=frozenset(heads.get("sited_after", [])),
        governing_prepositions=frozenset(ent.get("governing_prepositions", [])),
        team_tails=frozenset(heads.get("team_tails", [])),
        named_after=frozenset(heads.get("named_after", [])),
        never_named_after=frozenset(heads.get("never_named_after", [])),
        lower_loc_heads=frozenset(heads.get("loc_lowercase", [])),
        compass=frozenset(fold(w) for w in ent.get("compass_points", [])),
        employer_roles=frozenset(ent.get("employer_roles", [])),
        workplace_cases=frozenset(ent.get("workplace_cases", [])),
        workplace_roles=frozenset(ent.get("workplace_roles", [])),
        route_nouns=frozenset(ent.get("route_nouns", [])),
        listed_places=_listed_places(lex),
        of_words=frozenset(fold(w) for w in ent.get("of_country", ["de", "d", "du", "des"])),
        source_markers=tuple(tuple(lower_key(k).split()) for k, v in lex.get("cues", {}).get("markers", {}).items()
                             if not (isinstance(v, dict) and v.get("initial"))),
        cue_verbs=frozenset(k for k in lex.get("cues", {}).get("verbs", {}) if "_" not in k),
        cue_inflection=inflection.rules(lex.get("cues", {})),
        list_openers=tuple(tuple(p.split()) for p in ent.get("list_openers", [])),
        evidence_of={w.lower(): label for label, words in ent.get("evidence_of", {}).items() for w in words},
        given_names=frozenset().union(*given_names(), (fold(n) for n in lexicon.shared("first_names").get("either", []))),
    )


@functools.cache
def given_names() -> tuple[frozenset[str], frozenset[str]]:
    """Given names, folded: (male, female). The hand-kept shared list
    (lexicons/first_names.toml) first, then the generated table
    data/given_names.tsv.gz (scripts/build_given_names.py) where the list
    says nothing."""
    table = lexicon.shared("first_names")
    male, female = {fold(n) for n in table["male"]}, {fold(n) for n in table["female"]}
    with gzip.open(_GIVEN_NAMES, "rt", encoding="utf-8") as rows:
        for row in rows:
            name, gender = row.rstrip("\n").split("\t")
            if name not in male and name not in female:
                (male if gender == "M" else female).add(name)
    return frozenset(male), frozenset(female)


_GIVEN_NAMES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "given_names.tsv.gz")


def given_name_gender(name: str) -> str | None:
    """ "Agnès Buzyn" -> Fem, from the shared list of given names: the
    fallback when the text says nothing of a person's gender."""
    first = fold(name.split()[0]) if name.split() else ""
    male, female = given_names()
    return "Masc" if first in male else "Fem" if first in female else None


def _listed_places(lex: dict) -> frozenset[str]:
    """Places the country and place lexicons name: countries, regions,
    states and provinces, exonyms (folded)."""
    places = lex.get("places", {})
    names = set(lex.get("countries", {}).get("names", {})) | set(lex.get("countries", {}).get("regions", {}))
    names |= set(places.get("areas", {}).get("names", []))
    for g in places.get("group", []):
        names |= set(g.get("names", {}))
    for exonyms in places.get("exonyms", {}).values():
        names |= set(exonyms)
    return frozenset(fold(n) for n in names)


def _media_pattern(names: list[str]) -> "re.Pattern[str] | None":
    if not names:
        return None
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(r"(?<![\w-])(?:{})(?![\w-])".format(alternatives))


def lex_for(lex: dict) -> _Lex:
    return lexicon.derived(lex, "entities", _lex)


def extract(doc: Doc, lex: dict, lang: str = "fr", outlet: str | None = None,
            dateline_place: str | None = None) -> EntityIndex:
    L = lex_for(lex)
    mentions = _with_known_media(doc, L, _repair(doc, L, outlet))
    _dateline_place(doc, mentions, dateline_place)
    mentions += _missing_institutions(doc, L, mentions)
    mentions += _missing_tailed(doc, L, mentions)
    mentions += _missing_after_evidence(doc, L, mentions)
    mentions += _missing_persons(doc, L, mentions)
    mentions += _missing_places(doc, L, mentions)
    mentions = _initials_before_names(doc, mentions)
    mentions = _join_split_names(doc, mentions, L)
    mentions = _without_nested_persons(mentions)
    mentions = _join_particles(doc, mentions, L)
    mentions = _join_founders(doc, mentions, L)
    mentions = _fit_acronyms(doc, _joined_by_their_acronym(doc, mentions), L)
    _place_after_place(doc, mentions, L)
    mentions += _spelled_out_before_acronyms(doc, mentions)
    mentions += _spelled_out_elsewhere(doc, mentions)
    mentions += _parenthesised_acronyms(doc, mentions, L)
    mentions = _without_common_nouns(doc, mentions, L)
    _share_list_types(doc, mentions, L)
    _places_by_the_noun_after(doc, mentions, L)
    _products(doc, mentions, L)
    mentions = _without_routes(doc, mentions, L)
    mentions = _without_state_abbreviations(doc, mentions, L)
    mentions = _surnames_written_again(doc, _names_written_again(doc, mentions), L)
    mentions.sort(key=lambda m: (m.start, -m.end))
    entities, gender, number = _group(doc, mentions, L)
    index = EntityIndex(entities=entities, mentions=mentions, token_entity={},
                        gender=gender, number=number, by_id={e.id: e for e in entities})
    _roles(doc, index, L)
    for m in index.mentions:
        if m.entity:
            for i in range(m.start, m.end):
                # The innermost name wins: "France" inside "ambassade de France".
                if i not in index.token_entity or not m.role:
                    index.token_entity.setdefault(i, m.entity) if m.role else index.token_entity.__setitem__(i, m.entity)
    text = cached.text(doc)
    for e in entities:
        spans = sorted({(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text), m.role)
                        for m in index.mentions if m.entity == e.id})
        e.mentions = [[a, b] for a, b, _ in spans]
        e.forms = list(dict.fromkeys(text[a:b] for a, b, role in spans if not role))
    return index


# --- mentions ---------------------------------------------------------------

def _repair(doc: Doc, L: _Lex, outlet: str | None) -> list[Mention]:
    out: list[Mention] = []
    outlet_key = fold(outlet) if outlet else None
    # Names the NER found alone as places: "Bretagne" here tells that
    # "Bretagne Jean Martin" elsewhere is a place glued before a person.
    places_alone = {fold(e.text) for e in doc.ents if e.label_ == "LOC" and len(e) == 1}
    for ent in _joined_at_elided_s(doc):
        for start, end in _pieces(doc, ent.start, ent.end, L):
            whole = end
            start, end = _without_days(doc, start, end, L)
            if end < whole and ent.label_ in ("LOC", "MISC") and doc[end].text[:1].isupper() and end > start \
                    and not doc[end].is_sent_start and not _known_place(fold(doc[start:end].text), L):
                continue  # "Easter Sunday", "Black Friday": a named day (but "Florida Thursday")
            end = _with_hyphened_tail(doc, _with_possessed_place(doc, _with_glued_end(doc, _with_elided_s(doc, end)), L))
            if end < len(doc) and doc[end].ent_iob_ == "O" and doc[end].lower_ in L.team_tails \
                    and doc[end].text[:1].isupper() and not doc[end].is_sent_start:
                end += 1  # "Newcastle United": the NER stopped before the club's last word
            # "la Défense", "l'AFP": the article is not the name, unless it is
            # capitalised inside a sentence ("Des Moines", "Le Caire").
            while start < end and (doc[start].is_punct or doc[start].lower_ in L.strip_leading
                                   and (doc[start].text.islower() or _capital_of_position(doc, start, end))):
                start += 1
            # "Sénat de" once "mardi" is gone: a name never ends with an article or "de".
            while end > start and pictographic(doc[end - 1].text):
                end -= 1  # "Jean Dupont 🇫🇷": an emoji is no part of a name
            while end > start and ((doc[end - 1].is_punct or doc[end - 1].is_space
                                    or not any(c.isalnum() for c in doc[end - 1].text)) and doc[end - 1].text != "."
                                   or doc[end - 1].lower_ in L.strip_trailing
                                   or doc[end - 1].text in L.strip_leading and end - start > 1):
                end -= 1
            start = _after_a_direction(doc, start, end, L)
            if start is None:
                continue  # "au Sud-Est de Lyon": a direction from the name that follows
            # "North and South Korea": a word that is no name on its own,
            # then a conjunction, is not part of the name that follows.
            while end - start > 2 and doc[start].text in L.not_names and doc[start + 1].pos_ == "CCONJ":
                start += 2
            # "Sweden 1 – 0 Korea Republic", "l'Olympique de Marseille 2-0":
            # a score is not part of a name.
            while end - start > 1 and doc[end - 1].like_num and end + 1 < len(doc) \
                    and doc[end].text in _DASHES and doc[end + 1].like_num:
                end -= 1
            while end - start > 1 and re.fullmatch(r"\d+[-–]\d+", doc[end - 1].text):
                end -= 1
            while end - start > 3 and doc[end - 1].like_num and doc[end - 2].text in _DASHES \
                    and doc[end - 3].like_num:
                end -= 3
            # "the Los Angeles Sheriff's office": the office of a holder.
            office = end + 1 < len(doc) and end > start and doc[end - 1].lower_ in L.office_holders \
                and doc[end].lower_ in ("'s", "’s") and doc[end + 1].lower_ in L.org_heads \
                and doc[end + 1].text.islower()
            if office:
                end += 2
            # "Science & Technology Facilities Council britannique": the
            # nationality is the organisation's country, not its name
            # (but "Mutualité française" is a name, and so is a name of
            # lowercase words: "Académie des sciences naturelles helvétique").
            while end - start > 3 and doc[end - 1].text.islower() and doc[end - 1].lower_ in L.demonyms \
                    and not doc[end - 2].text.islower():
                end -= 1
            if end - start > 2 and _disagreeing_tail(doc[end - 1]):
                end -= 1  # "La Cour des comptes pointe, dans un rapport": the verb after the name
            while end - start > 2 and doc[end - 2].pos_ == "ADP" \
                    and _GRADE.fullmatch(doc[end - 1].text.rstrip(".")):
                end -= 2  # "la note de l'Italie de AA": a grade glued to the name, with its preposition
            if end <= start:
                continue
            label = ent.label_
            if _listed_place(doc, start, end, ent, L):
                label = "LOC"  # "Catania, Palermo, Crotone" in one span, read as a body
            if start > ent.start and doc[start - 1].text in L.split_at and doc[start - 1].lower_ in L.place_prepositions:
                label = "LOC"  # "Burnley at Turf Moor" in one span: the second name is where
            if start > ent.start and doc[start - 1].lower_ in L.strip_trailing:
                label = "MISC"  # "Disney's Frozen" in one span: the owned is a product or a work
            if label != "PER" and _nationality_then_person(doc, start, end, L):
                start, label = start + 1, "PER"  # "the Belgian Elise Mertens" found as an organisation
            person = _person_after_place(doc, start, end, L) if label in ("LOC", "ORG") else None
            if person is not None:
                # "devant la gare de Lyon Fabien Villedieu": a place, then the
                # one who spoke there, in one span (without a role between:
                # "Clark County Council Chair Eileen Quiring")
                role = person - 1 if person - start > 1 and doc[person - 1].lower_ in L.roles else person
                out.append(Mention(start, role, label))
                start, label = person, "PER"
            cut = _employer_end(doc, start, end, L)
            if cut is not None:
                # "l'attaquant du PSG Kylian Mbappé", "la candidate du
                # Rassemblement national Marine Le Pen": the employer, then the person.
                out.append(Mention(start, cut, "ORG"))
                start, label = cut, "PER"
            if label != "PER" and end - start == 1 and _hyphened_surname_end(doc, end) > end \
                    and fold(doc[start].text) not in L.listed_places and fold(doc[start].text) not in L.country_names:
                # "la ministre, Amélie Oudéa-Castéra": the NER took the first
                # name alone (as a place) and left the compound surname out.
                label = "PER"
            if label == "PER":
                end = _extend_name(doc, end, L)
                start, glued = _unglue_person(doc, start, end, L, places_alone)
                if glued is not None:
                    out.append(glued)
            if end - start == 1 and _is_roman_ordinal(doc[start].text, L):
                continue  # "du Xe au Ier siècle"
            if end - start > 1 and _capital_of_position(doc, start, end) and doc[start].text[1:].islower() \
                    and doc[start].is_alpha \
                    and (doc[start].pos_ == "VERB" and "Fin" not in doc[start].morph.get("VerbForm")
                         or doc[start].pos_ in ("ADV", "SCONJ", "CCONJ") or doc[start].is_stop) \
                    and fold(doc[start].text) not in L.given_names:
                start += 1  # "Sentencing Jefferies, …", "Meanwhile Ardern defended": the sentence's opening word, then the name
            if end - start > 1 and doc[end - 1].lower_ in L.roles and doc[end - 1].text[:1].isupper() \
                    and end < len(doc) and doc[end].text[:1].isupper() \
                    and (fold(doc[end].text) in L.given_names or doc[end].ent_iob_ == "B" and doc[end].ent_type_ == "PER"):
                end -= 1  # "Clark County Council Chair Eileen Quiring": the role of the person named next
                if label == "PER" and not _has_given_name(doc, start, end, L):
                    # "Guelph Mayor Cam Guthrie": the mayor's town, no person
                    label = "LOC" if _known_place(fold(doc[start:end].text), L) else "ORG"
            if label == "PER" and end - start > 1 and doc[end - 1].lower_ in L.roles and doc[end - 1].is_title \
                    and not _has_given_name(doc, start, end, L) and doc[start].is_title:
                continue  # "Chief Medical Officer of Health": capitalised words of an office, no one's name
            if ent.label_ == "PER" and end - start > 1 and _plural_role(doc[end - 1], L):
                continue  # "Tory MPs": people by their party, no one's name
            if all(t.lower_ in L.roles or t.text in L.titles or t.text + "." in L.titles or t.is_punct
                   for t in doc[start:end]):
                continue  # "Spokesman Sgt. Mark Francis": roles and titles, the name after them
            first = doc[start]
            if end - start == 1 and (_is_common_word(first) or len(first.text.rstrip(".")) < 2
                                     or _word_of_the_language_opening(first, L)):
                continue
            if end - start == 1 and first.lower_ in L.demonyms and start > 0 and doc[start - 1].pos_ == "DET" \
                    and first.is_alpha and fold(first.text) not in L.country_names:
                continue  # "the Spaniard said", "l'Espagnol": someone by their nationality, no name
            if not (first.text[:1].isupper() or first.text[:1].isdigit()) and first.lower_ not in L.all_heads:
                # A lowercase run the NER took into a name ("président Obama",
                # "président de la République"): keep only from the first
                # capitalised proper noun, if there is one.
                caps = [i for i in range(start, end) if doc[i].text[:1].isupper()]
                if caps and (_after_a_direction(doc, caps[0], end, L) or caps[0]) > caps[0]:
                    caps[0] = _after_a_direction(doc, caps[0], end, L)  # "procureur de la République de Paris"
                if not caps or doc[caps[0]].pos_ not in ("PROPN", "X", "ADJ", "NOUN") \
                        or doc[caps[0]].text in L.not_names:
                    continue
                start = caps[0]
            named = _name_after_capitalised_role(doc, start, end, L)
            if named is not None:
                start, label = named, "PER"  # "Premier ministre Lucas Papadémos" in one span
                first = doc[start]
            # "al-Ikhbariya": the NER left the article out.
            if start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
                    and not doc[start - 2].whitespace_ and doc[start - 2].lower_ in L.particles:
                start -= 2
            longer = _extend_name(doc, end, L) if end - start >= 2 and _is_portfolio(doc, start, L) else end
            if longer - start >= 3 and _is_portfolio(doc, start, L) \
                    and all(t.text[:1].isupper() or t.text in L.name_particles or in_hyphened_word(t)
                            for t in doc[start + 1:longer]):
                # "le ministre de l'Économie Bruno Le Maire", "la ministre
                # des Sports Amélie Oudéa-Castéra": the portfolio, then the minister.
                start, end, label = start + 1, longer, "PER"
                first = doc[start]
            while end - start > 1 and doc[end - 1].text in L.post_nominals:
                # "Martin Luther King Jr.", "Keir Starmer MP": the name without
                # its letters, which only a person's name has
                end, label = end - 1, "PER"
            if end < len(doc) and doc[end].text in L.post_nominals and doc[end - 1].text[:1].isupper():
                label = "PER"
            span = doc[start:end]
            after_name = start > 0 and doc[start - 1].text[:1].isupper() \
                or start > 1 and doc[start - 1].text == "," and doc[start - 2].text[:1].isupper()
            if span.text in L.post_nominals and after_name:
                continue  # "Simon Grant KC", "Muntu Davis, MD, MPH": the rank of the name before, no name of its own
            if span.text in L.not_names or label != "PER" and _is_portfolio(doc, start, L) \
                    or len(span) == 1 and span.text.lower() in L.roles:
                continue  # (a role capitalised at a sentence's start: "Le Porte-parole a réitéré ...")
            if len(span) > 1 and first.is_sent_start and all(t.text.islower() for t in span[1:]) \
                    and not any(t.pos_ in ("PROPN", "X") for t in span):
                continue  # "Réactions politiques", a heading
            if len(span) > 1 and all(t.text.islower() or not t.is_alpha for t in span[1:]) \
                    and _headed_by_role(span, L) and not any(t.pos_ == "PROPN" for t in span[1:]) \
                    and first.lower_ not in L.all_heads and first.lower_ not in L.institutions \
                    and not any(t.pos_ == "ADP" for t in span):  # (but "Médecins sans frontières")
                continue  # "le Premier ministre", "la Secrétaire générale": a role written with a capital
            body = _body_after_capitalised_role(doc, start, end, L)
            if body is not None:
                # "le Directeur général de l'OMS, Tedros ...": the role is no
                # name; the body in its complement is, if it has one
                if body >= end or _is_portfolio(doc, body, L) and not _known_place(fold(doc[body:end].text), L):
                    continue  # (nor is a portfolio: "the Minister for Health"; but "Premier ministre du Qatar")
                start, first = body, doc[body]
                span = doc[start:end]
                if label == "PER":
                    label = "ORG"
            key = fold(span.text)
            title = label in ("MISC", "LOC") and _a_quoted_title(doc, start, end, L) and not _known_place(key, L) \
                or label == "PER" and _a_quoted_title(doc, start, end, L, single=True) \
                or _opens_a_lowercase_title(doc, start, end, L)
            if key in L.country_names:
                label = "LOC"
            elif end - start == 1 and (first.lower_ in L.demonyms or _town_people(doc, start, L)):
                label = "MISC"  # "les Espagnols", "les Grenoblois": a people, not an entity
            elif title or any(t.lower_ in L.case_links for t in span[1:-1]) or fold(span.text) in L.misc_names:
                label = "MISC"  # 'a screening of "The Long Road"': a work's title; "Roe v. Wade": a case
            elif label == "MISC":
                label = _misc_type(doc, start, end, L)
            if end - start == 1 and (doc[start].lower_ in L.institutions or doc[start].lower_ in L.org_heads) \
                    and doc[start].text[:1].isupper():
                # "le Conseil constitutionnel", "la Banque mondiale": the
                # NER stopped before the adjective that is part of the name.
                while end < len(doc) and end - start < 3 and doc[end].pos_ == "ADJ" and doc[end].text.islower() \
                        and doc[end].lower_ not in L.demonyms and doc[start].whitespace_:
                    end += 1
                end = _with_own_complement(doc, start, end, L)
                if end - start > 1:
                    label = "ORG"
                    span = doc[start:end]
            longer = _capitalised_article_name_end(doc, start, end, L)
            if longer > end:
                end, label = longer, "ORG"
                span = doc[start:end]
            if end - start == 1 and doc[start].lower_ in L.institutions and label in ("LOC", "MISC"):
                label = "ORG"  # "le Sénat", "le Parlement": the body, not its building
            if label == "LOC" and _is_acronym(span) and not _known_place(key, L):
                label = "ORG"  # "la N-VA", "la CSQ": letters no place is named by
            if first.lower_ in L.loc_heads:
                label = "LOC"
            elif first.lower_ in L.org_heads:
                label = "ORG"
            tail = _tail_label(doc, start, end, L)
            # "Gordon and Betty Moore Foundation": a long name ending with an
            # organisation's head is no person; nor is "Manchester United".
            if tail and not title and (label != "PER" or end - start >= 3 or _is_team_name(doc, start, end, L)):
                label = tail
            if label == "ORG" and not tail and (_looks_like_a_persons_name(span, L) or _apposed_to_a_role(span, L)) \
                    or label == "LOC" and not tail and _looks_like_a_persons_name(span, L) \
                    and not _known_place(fold(span.text), L):
                label = "PER"  # "saved by Thibaut Courtois", "goals from Marcus Rashford": a given name, a surname
            if label in ("ORG", "LOC") and not tail and 2 <= end - start <= 3 \
                    and all(_name_word(t, L) for t in span) \
                    and not _known_place(fold(span.text), L) and _owns_as_a_person(doc, start, end, L):
                label = "PER"  # "Novak Djokovic won his 24th title": a body's is "its"
            if label == "PER" and _has_common_word(span, L):
                label = "MISC"  # "Zizeeria maha": a species; a person's name has no lowercase word
            if label == "MISC" and (_after_source_marker(doc, start, L) or _has_a_role(doc, start, end, L)
                                    or _speaks(doc, start, end, L) or _spelled_by_acronym(doc, start, end, L)) \
                    and not _is_code(span) and doc[start].lower_ not in L.demonyms:
                # "selon Santé publique France": a source speaks; no work or species
                # does. Two or three bare capitalised words that speak are a person's
                # name the NER did not know ("..., Sutaj Estok claimed").
                label = "PER" if _bare_name(span, L) and _speaks(doc, start, end, L) else "ORG"
            if label in ("PER", "LOC") and _before_year(doc, end):
                label = "MISC"  # "l'Euro 2012", "Londres 2012": an event's edition
            if label != "PER" and any(t.text in L.person_particles for t in span[1:-1]) \
                    and doc[start].text[:1].isupper() and span[-1].text[:1].isupper():
                label = "PER"  # "Ludwig van Beethoven", "Ahmed bin Salem"
            if label == "PER" and end - start >= 2 and fold(span[-1].text) in L.country_names \
                    and fold(first.text) not in L.given_names:
                label = "ORG"  # "Greenpeace Italy": a body's branch ("Michael Jordan" has a given name)
            if label == "PER" and end - start == 1 and start > 0 and doc[start - 1].lower_ in L.strip_leading \
                    and doc[start - 1].text.islower() and first.morph.get("Number") == ["Plur"]:
                label = "ORG"  # "the Lionesses", "les Bleus": no one person is named with an article, in the plural
            if label == "PER" and end - start == 1 and first.is_alpha and len(first.text) >= 2 and (
                    first.is_upper or first.text[-1].isupper() and any(c.islower() for c in first.text)):
                label = "ORG"  # "le député LR", "SpaceX": no one is named by an acronym or so
            if label in ("PER", "LOC") and _is_code(span) or _is_rating(span) \
                    or label == "PER" and start > 0 and doc[start - 1].text.isdigit():
                label = "MISC"  # "Windows 95", "PH1", "Stade 2", "AA+", "737 Max": products and codes
            if office or outlet_key and key == outlet_key:
                label = "ORG"
            # "Municipality of Livorno": the head and its name are read
            # as "municipality of Livorno" (the place, and a longer form of it).
            if first.text[:1].isupper() and first.lower_ in L.all_heads and first.text not in L.not_names:
                inner = start + 1
                while inner < end - 1 and doc[inner].lower_ in L.head_links:
                    inner += 1
                if start + 1 < inner < end and doc[inner].text[:1].isupper():
                    start = inner
                    if label == "ORG" and first.lower_ in L.loc_heads:
                        label = "LOC"
            if first.text.islower() and first.lower_ in L.keep_inner and first.lower_ in L.org_heads:
                inner = start + 1
                while inner < end - 1 and doc[inner].lower_ in L.head_links:
                    inner += 1
                if start + 1 < inner == end - 1 and doc[inner].text[:1].isupper() and not doc[inner].is_upper:
                    # "la préfecture de Lélouma" in one span: the body, and
                    # the place it is named after.
                    out.append(Mention(inner, end, "LOC", evidence="LOC"))
            if ent.label_ == "ORG" and first.text.islower() and first.lower_ in L.org_heads and end - start >= 2 \
                    and doc[start + 1].text[:1].isupper() and first.i == start:
                start += 1  # "agence Amaq" in one span: _expand_heads adds the longer form
                label = "ORG"
            cut = _trailing_place(doc, start, end, L) if label != "LOC" else _place_in_place(doc, start, end, L)
            if cut is not None:
                out.append(Mention(cut + 1, end, "LOC"))
                end = cut
            name_end, head = _lowercase_tail(doc, start, end, L)
            # (a name the lexicon knows as no entity's stays so, whatever is next to it:
            # "la comédienne, Palme d'or en 2010")
            known_misc = fold(doc[start:name_end].text) in L.misc_names
            base = Mention(start, name_end, label,
                           evidence="MISC" if known_misc else head or _evidence(doc, start, name_end, L))
            out.append(base)
            if head:
                # "the Xinhua news agency": the name, and the longer form one more mention of it.
                out.append(Mention(start, end, head, alias_of=base))
    return _expand_heads(doc, out, L)


def _body_after_capitalised_role(doc: Doc, start: int, end: int, L: _Lex) -> int | None:
    """Where the name begins in a role phrase written with capitals ("Délégué
    général du FESPACO", "Directeur général de l'OMS"): after the role's
    preposition and article; `end` when no name follows ("Président de la
    République"). None when the span is no role phrase."""
    span = doc[start:end]
    head = _role_head(span, L)
    if len(span) < 3 or not span[0].text[:1].isupper() or head is None:
        return None
    adp = [t.i for t in span if t.pos_ == "ADP"]
    if not adp or not doc[adp[-1]].text.islower() or head.morph.get("Number") == ["Plur"] or head.lower_.endswith("s"):
        return None  # (a title-case name: "Friends Against Hunger Foundation", "Friends of the Earth")
    k = adp[-1] + 1
    while k < end and (doc[k].pos_ == "DET" or doc[k].text in ("'", "’")):
        k += 1
    if k < end and all(t.text in L.not_names for t in doc[k:end]):
        return end
    return k if k < end and doc[k].text[:1].isupper() else None


def _headed_by_role(span, L: _Lex) -> bool:
    return _role_head(span, L) is not None


def _role_head(span, L: _Lex) -> Token | None:
    """ "Premier ministre", "Secrétaire générale": the role heading the
    phrase, past its leading adjectives (none in "Force ouvrière", a union)."""
    head = next((t for t in span if t.pos_ != "ADJ" or t.lower_ in L.roles), None)
    return head if head is not None and head.lower_ in L.roles else None


def _dateline_place(doc: Doc, mentions: list[Mention], place: str | None) -> None:
    """The name a dateline opens with is where the story was filed ("PARIS |
    …", read by the NER as an acronym of a body)."""
    key = fold(place) if place else ""
    after: list[Mention] = []
    for m in mentions:
        if key and m.start <= 4:
            # (the NER may run past the dateline's dash: "LUXEMBOURG - Lors", "Moscou - La Russie")
            dash = next((i for i in range(m.start + 1, m.end) if doc[i].text in _DATELINE_MARKS), None)
            if dash is not None and fold(doc[m.start:dash].text) == key:
                rest = [t for t in doc[dash + 1:m.end] if t.pos_ != "DET"]
                if rest and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in rest):
                    after.append(Mention(rest[0].i, m.end, m.label))  # "Moscou - La Russie": a name of its own
                m.end = dash
        name = fold(doc[m.start:m.end].text)
        if key and m.start <= 4 and name and key.endswith(" " + name) and fold(doc[0:m.end].text) == key:
            m.start, name = 0, key  # "ST. PAUL, Sept 4 (Reuters)": the NER saw only "PAUL"
        if key and m.start <= 4 and name and (name == key or key.startswith(name + " ")):
            m.label = m.evidence = "LOC"  # (where the story was filed: its other mentions too)
    mentions += after


_DATELINE_MARKS = ("-", "—", "–", "|", "(", "--")


def _plural_role(tok: Token, L: _Lex) -> bool:
    """ "MPs", "officials": a role noun in the plural (the tagger's number and
    lemma of a capitalised one are unreliable)."""
    low = tok.lower_
    return low.endswith("s") and low[:-1] in L.roles or tok.morph.get("Number") == ["Plur"] and tok.lemma_.lower() in L.roles


def _without_state_abbreviations(doc: Doc, mentions: list[Mention], L: _Lex) -> list[Mention]:
    """ "VANCOUVER, Wash. (AP)", "in Waterloo, Ont., after": a state's or a
    province's abbreviation after a town and a comma is no name of its own."""
    places_end = {m.end for m in mentions if m.label == "LOC"}
    return [m for m in mentions if not (m.start >= 2 and _abbreviated_after_comma(doc, m) and (
        m.start - 1 in places_end or _known_place(fold(doc[m.start - 2].text), L)))]


def _abbreviated_after_comma(doc: Doc, m: Mention) -> bool:
    last = doc[m.end - 1]
    dotted = last.text.endswith(".") or m.end < len(doc) and doc[m.end].text == "." and not last.whitespace_
    return doc[m.start - 1].text == "," and m.end - m.start == 1 and dotted and last.is_title \
        and len(last.text.rstrip(".")) <= 5


def _capital_of_position(doc: Doc, start: int, end: int) -> bool:
    """The name's first word is capitalised by its place, not by being part
    of the name: it opens a sentence, or a quotation that goes on past the
    name ("« La Tunisie a fermé ...»", "\"L'Algérie exporte ..."; but the
    newspaper "The Sun" fills its quotation marks)."""
    if doc[start].is_sent_start or start > 0 and doc[start - 1].is_space and "\n" in doc[start - 1].text:
        return True  # (a paragraph's first word opens a sentence whatever the segmentation says)
    prev = doc[start - 1]
    # (a straight mark opens when it hugs the word after it, not the one before)
    opens = prev.text in OPENING_QUOTES and (prev.text != '"' or not prev.whitespace_ and start > 1
                                             and (doc[start - 2].whitespace_ or doc[start - 2].is_punct))
    return opens and not (end < len(doc) and doc[end].text in CLOSING_QUOTES)


def _capitalised_article_name_end(doc: Doc, start: int, end: int, L: _Lex) -> int:
    """ "candidat de La France insoumise", "La République en marche": a
    capitalised article inside a sentence opens a name (a party's, a
    movement's), so the lowercase words the NER left after it are part of it
    ("pour la France entière" has a lowercase article)."""
    first = doc[start]
    if end - start != 2 or first.lower_ not in L.strip_leading or not first.text[:1].isupper() \
            or _capital_of_position(doc, start, end) or end + 1 >= len(doc):
        return end
    nxt = doc[end]
    # An adjective or a participle, not the name's own verb ("Le Soir affirme").
    qualifies = nxt.pos_ == "ADJ" or nxt.pos_ == "VERB" and "Part" in nxt.morph.get("VerbForm")
    its_subject = any(t.head.i == nxt.i and t.dep_.startswith("nsubj") for t in doc[start:end])
    if nxt.text.islower() and nxt.is_alpha and qualifies and not its_subject and nxt.lower_ not in L.demonyms:
        return end + 1
    if nxt.lower_ in L.split_at and doc[end + 1].text.islower() and doc[end + 1].pos_ == "NOUN":
        return end + 2
    return end


def _with_own_complement(doc: Doc, start: int, end: int, L: _Lex) -> int:
    """ "le Conseil des ministres", "la Chambre des députés": an institution's
    capitalised word, then "de" and a lowercase noun that is its complement
    (not a day: "le Conseil de mardi"), the NER left out."""
    k = end
    if end - start != 1 or k + 1 >= len(doc) or fold(doc[k].text) not in L.of_words or not doc[k].text.islower():
        return end
    noun = doc[k + 1]
    if noun.pos_ != "NOUN" or not noun.is_alpha or not noun.text.islower() or noun.ent_iob_ != "O" \
            or fold(noun.text) in L.weekdays or fold(noun.text) in L.months:
        return end
    return k + 2


def _after_a_direction(doc: Doc, start: int, end: int, L: _Lex) -> int | None:
    """Where the name begins in "au Nord-Ouest de Los Angeles" or "le
    procureur de la République de Paris": a compass point, or a capitalised
    word that is no name, then "de", is no part of the name after it (but
    "République de Chine" names a country). None when a direction is all
    the span holds ("au Sud-Est de Lyon": Lyon is a name of its own)."""
    first = doc[start]
    direction = bool(L.compass) and all(w in L.compass for w in fold(first.text).split())
    if not direction and first.text not in L.not_names:
        return start
    k = start + 1
    if k < len(doc) and fold(doc[k].text) in L.of_words:
        if k >= end:
            return None if direction else start
        k += 1
        while k < end and doc[k].lower_ in L.strip_leading:
            k += 1
        if k < end and doc[k].text[:1].isupper() and (direction or fold(doc[k:end].text) not in L.country_names):
            return k
    return start


def _lowercase_tail(doc: Doc, start: int, end: int, L: _Lex) -> tuple[int, str | None]:
    """Where an English name ends in a span the NER ran on over lowercase
    words ("Xinhua news agency", "Sichuan province", "Xinhua later"): an
    English name's head comes last, so its lowercase words are no part of it
    (but "Ludwig van Beethoven" keeps its particle). A head noun among them
    gives the name's type. French names keep theirs ("Parti socialiste")."""
    if L.noun_head != "last":
        return end, None
    k = end
    while k - start > 1 and doc[k - 1].is_alpha and doc[k - 1].text.islower() and doc[k - 1].text not in L.name_particles:
        k -= 1
    if k == end or not doc[k - 1].text[:1].isupper():
        return end, None
    return k, _head_kind(doc[end - 1], L)


def _head_kind(head: Token, L: _Lex) -> str | None:
    """The type a lowercase head noun gives the name before it: "province",
    "town", "counties" a place; "agency" an organisation."""
    if head.pos_ != "NOUN":
        return None
    if head.lower_ in L.loc_heads or head.lemma_.lower() in L.loc_heads:
        return "LOC"
    # (the singular only: "Boeing jets", "Samsung phones" are the maker's)
    kind = L.evidence.get(head.lower_)
    return kind if kind in ("ORG", "MISC") else None  # (no person: "the Smith family" is none)


def _evidence_word(tok: Token, L: _Lex) -> str | None:
    """The type a common noun gives a name beside it, its plural read as its
    singular ("new Pixel phones", "laptops")."""
    return L.evidence.get(tok.lower_) or (L.evidence.get(tok.lemma_.lower()) if tok.pos_ == "NOUN" else None)


def _head_after(doc: Doc, start: int, end: int, L: _Lex) -> str | None:
    """ "coastal Guihulngan town", "Levy counties", "the Pelmar news agency":
    in English a head noun after the name, the last of the phrase (not
    "Bogo city officials", whose head is "officials"). An organisation's
    only after a name that is no place ("the Texas company" is from Texas)."""
    if L.noun_head != "last" or end >= len(doc) or not doc[end].text.islower():
        return None
    k = end + 1 if end + 1 < len(doc) and doc[end].pos_ == "NOUN" and doc[end + 1].pos_ == "NOUN" \
        and doc[end + 1].text.islower() else end
    if k + 1 < len(doc) and doc[k + 1].pos_ in ("NOUN", "PROPN", "ADJ") and doc[k + 1].text.islower():
        return None
    kind = _head_kind(doc[k], L)
    if kind in ("ORG", "MISC") and _known_place(fold(doc[start:end].text), L):
        return None  # "the Texas company", "the Cannes film festival": where it is from
    return kind


def _trailing_place(doc: Doc, start: int, end: int, L: _Lex) -> int | None:
    """ "la firme Idées au cube de Montréal", "musée de Pointe-à-Callière de
    Montréal": a name that has a complement of its own, then "de" and a
    known city, is the name and where it is. Returns the index of "de". Not
    a country ("Réseau Ferré de France"), nor the one complement of a name
    ("Institut Pasteur de Lille", "Orchestre symphonique de Montréal"), nor a
    head's ("tribunal de grande instance de Paris")."""
    for j in range(end - 2, start, -1):
        if fold(doc[j].text) not in L.of_words:
            continue
        place = doc[j + 1:end]
        key = fold(place.text)
        if not all(t.text[:1].isupper() or t.is_punct for t in place) or key in L.country_names \
                or not (key in L.listed_places or _known_place(key, L)):
            return None
        before = doc[start:j]
        if not any(t.pos_ == "ADP" for t in before[1:]):
            return None
        low = before[0].lower_
        headed = low in L.all_heads or low in L.evidence or low in L.institutions
        if headed and not any(t.text[:1].isupper() for t in before[1:]):
            return None
        return j
    return None


def _place_in_place(doc: Doc, start: int, end: int, L: _Lex) -> int | None:
    """ "la banlieue d'Iju de Lagos", "la place Tahrir du Caire": a name no
    list knows, "de" and a known place are two places, one inside the other.
    Returns the index of "de". Not a head's complement ("Golfe de Guinée"),
    nor a known place's own ("Saint-Jean de Luz"), nor a common noun's
    ("les Sables d'Olonne")."""
    if end - start < 3 or fold(doc[start + 1].text) not in L.of_words:
        return None
    first, place = doc[start], doc[start + 2:end]
    key = fold(place.text)
    if first.pos_ in ("NOUN", "ADJ") or not first.text[:1].isupper() or first.lower_ in L.all_heads \
            or first.lower_ in L.evidence \
            or _known_place(fold(first.text), L) or key in L.country_names \
            or not all(t.text[:1].isupper() or t.is_punct for t in place) or not _known_place(key, L):
        return None
    return start + 1


def _has_a_role(doc: Doc, start: int, end: int, L: _Lex) -> bool:
    """ "The Greens' leader", "le président des Verts": a name that has a
    leader, a president or a spokesman is a body (not a work, nor an event)."""
    if end + 1 < len(doc) and doc[end].lower_ in L.strip_trailing and doc[end + 1].lower_ in L.persons:
        return True
    i = start - 1
    while i >= 0 and doc[i].pos_ == "DET":
        i -= 1
    return i >= 1 and fold(doc[i].text) in L.of_words and doc[i - 1].lower_ in L.persons


def _spelled_by_acronym(doc: Doc, start: int, end: int, L: _Lex) -> bool:
    """ "Brigade de répression de la délinquance à la personne (BRDP)": a
    name of several words that an acronym in brackets spells is a body's."""
    if end + 2 >= len(doc) or doc[end].text != "(" or doc[end + 2].text != ")" or end - start < 3:
        return False
    return doc[end + 1].text.isupper() and _content_initials(doc[start:end]) == doc[end + 1].text


def _content_initials(span) -> str:
    """The initials an acronym spells: of the words, not of the articles,
    prepositions and conjunctions between them."""
    return "".join(t.text[0] for t in span if t.is_alpha and t.pos_ not in ("ADP", "DET", "CCONJ")).upper()


def _span_root(doc: Doc, start: int, end: int) -> Token:
    return min(doc[start:end], key=lambda t: len(list(t.ancestors)))


def _speaks(doc: Doc, start: int, end: int, L: _Lex, past_article: bool = False) -> bool:
    """ "Le Télégramme a révélé que ...", "comme l'a révélé Ouest-France", ",
    a indiqué Le Progrès": the subject of a reporting verb, before it or
    inverted after it (after an incise's comma or quotation mark, or an
    object pronoun: not "a annoncé Gemini", an object)."""
    root = _span_root(doc, start, end)
    verb = root.head
    if verb.pos_ != "VERB" or L.cue_verbs.isdisjoint(inflection.lemmas(verb, *L.cue_inflection)):
        return False
    if root.dep_.startswith("nsubj") and root.i < verb.i:
        return True
    if past_article:
        # (past its article and a time, for a name known as one: "a averti
        # mardi le Programme alimentaire mondial"; not "a lancé le Toulousain")
        if not verb.i < start <= verb.i + 3 or not all(
                t.pos_ == "DET" or t.pos_ in ("NOUN", "ADV") and t.dep_ in ("obl:mod", "advmod")
                for t in doc[verb.i + 1:start]):
            return False
    elif start != verb.i + 1:
        return False
    i = verb.i - 1
    while i >= 0 and doc[i].pos_ == "AUX":
        i -= 1
    return i >= 0 and (doc[i].pos_ == "PRON" or doc[i].text in (",", "»", '"', "”"))


def _says_that(doc: Doc, start: int, end: int, L: _Lex) -> bool:
    """The name is the subject of a reporting verb with a clause ("X estime
    que ..."), or its inverted subject after a clause it closes ("..., a
    averti le Programme alimentaire mondial"): someone's words, where "le
    plan prévoit 40 milliards" is not."""
    if not _speaks(doc, start, end, L, past_article=True):
        return False
    verb = _span_root(doc, start, end).head
    return any(c.dep_ == "ccomp" for c in verb.children) or verb.i < start and doc[verb.i - 1].text == "," \
        or verb.i >= 2 and doc[verb.i - 1].pos_ == "AUX" and doc[verb.i - 2].text == ","


def _a_quoted_title(doc: Doc, start: int, end: int, L: _Lex, single: bool = False) -> bool:
    """A name of two words or more that fills a pair of quotation marks,
    with no noun before it that types it ("le quotidien « Libération »"):
    the title of a work, a film or a book; of one word too where no one's
    name would be quoted ("« Anora » de Sean Baker", read as a person)."""
    if end - start < (1 if single else 2) or start == 0 or end >= len(doc):
        return False
    if not (doc[start - 1].text in OPENING_QUOTES and doc[end].text in CLOSING_QUOTES):
        return False
    return _noun_before(doc, start - 1, L) is None


def _opens_a_lowercase_title(doc: Doc, start: int, end: int, L: _Lex) -> bool:
    """ "pour « Copie conforme »": a name the NER cut at the first word of a
    short quoted title whose other words are lowercase (no sentence: no verb)."""
    if start == 0 or doc[start - 1].text not in OPENING_QUOTES or _noun_before(doc, start - 1, L) is not None:
        return False
    k = end
    while k < len(doc) and k - start <= 5 and doc[k].text not in CLOSING_QUOTES:
        if not doc[k].is_alpha or not doc[k].text.islower() or doc[k].pos_ in ("VERB", "AUX"):
            return False
        k += 1
    return k > end and k < len(doc) and doc[k].text in CLOSING_QUOTES


def _owns_as_a_person(doc: Doc, start: int, end: int, L: _Lex) -> bool:
    """The name is the subject of a verb whose complement holds a person's
    possessive ("won his title", "lost her seat")."""
    if not L.personal_possessives:
        return False
    root = _span_root(doc, start, end)
    if not root.dep_.startswith("nsubj"):
        return False
    return any(t.lower_ in L.personal_possessives and t.i >= end
               for c in root.head.children if c.i > root.i for t in c.subtree)


def _bare_name(span, L: _Lex) -> bool:
    return 2 <= len(span) <= 3 and all(_name_word(t, L) for t in span) \
        and span[0].i > 0 and span.doc[span[0].i - 1].pos_ != "DET"


def _after_source_marker(doc: Doc, start: int, L: _Lex) -> bool:
    i = start - 1
    while i >= 0 and doc[i].pos_ == "DET":
        i -= 1
    for marker in L.source_markers:
        n = len(marker)
        if i - n + 1 >= 0 and tuple(lower_key(t.text) for t in doc[i - n + 1:i + 1]) == marker:
            return True
    return False


def _without_days(doc: Doc, start: int, end: int, L: _Lex) -> tuple[int, int]:
    """ "Floride jeudi", "Lundi": a day's name is a date, never part of a name."""
    while start < end and fold(doc[start].text) in L.weekdays:
        start += 1
    # "au Parc des Princes dimanche soir": the name ends before the day
    # ("le ministère de l'Éducation nationale ce midi": before "ce midi").
    for i in range(start + 1, end):
        if doc[i].text.islower() and (fold(doc[i].text) in L.weekdays
                                      or fold(doc[i:end].text) in L.relative_days):
            return start, i
    while end > start and fold(doc[end - 1].text) in L.weekdays:
        end -= 1
    return start, end


def _with_glued_end(doc: Doc, end: int) -> int:
    """ "Sables-" of "Sables-d'Olonne": a name never ends with a hyphen; it
    runs on over the pieces glued to it."""
    while 0 < end < len(doc) and doc[end - 1].text.endswith("-") and not doc[end - 1].whitespace_:
        end += 1
        while end < len(doc) and not doc[end - 1].whitespace_ and (doc[end].is_alpha or doc[end].text == "-"):
            end += 1
    return end


def _joined_at_elided_s(doc: Doc) -> list:
    """The NER's names, two organisations cut at an elided "s" made one
    ("Moody'" "s" "Investors Service": "Moody's Investors Service")."""
    ents = list(doc.ents)
    out = []
    for ent in ents:
        prev = out[-1] if out else None
        if prev is not None and prev.label_ == ent.label_ == "ORG" and ent.start == prev.end + 1 \
                and _with_elided_s(doc, prev.end) == ent.start:
            out[-1] = Span(doc, prev.start, ent.end, label=prev.label_)
            continue
        out.append(ent)
    return out


def _with_hyphened_tail(doc: Doc, end: int) -> int:
    """ "Emilia-Romagna", "Rhénanie-du-Nord-Westphalie": the NER stopped at a
    hyphen inside the word; the capitalised words joined to it belong to it."""
    k = end
    while k + 1 < len(doc) and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_ \
            and doc[k + 1].text[:1].isupper() and doc[k + 1].is_alpha and doc[k + 1].ent_iob_ != "B":
        k += 2
    return k


def _with_possessed_place(doc: Doc, end: int, L: _Lex) -> int:
    """ "St. Peter's Square", "Guy's Hospital": a name, its possessive and a
    capitalised place or body word are one name (the NER stops at the "'s")."""
    k = end if end < len(doc) and doc[end].lower_ in ("'s", "’s") else end - 1  # (the NER may keep the "'s")
    if 0 <= k and k + 1 < len(doc) and doc[k].lower_ in ("'s", "’s") and doc[k + 1].text[:1].isupper() \
            and doc[k + 1].ent_iob_ != "B" and (doc[k + 1].lower_ in L.loc_tails or doc[k + 1].lower_ in L.org_tails):
        return k + 2
    return end


def _with_elided_s(doc: Doc, end: int) -> int:
    """ "McDonald's", cut by the tokenizer into "McDonald'" and "s": the name
    keeps its "s"."""
    if 0 < end < len(doc) and doc[end - 1].text[-1:] in APOSTROPHES and len(doc[end - 1].text) > 1 \
            and not doc[end - 1].whitespace_ and doc[end].lower_ == "s":
        return end + 1
    return end


def _unglue_person(doc: Doc, start: int, end: int, L: _Lex, places_alone: set[str]) -> tuple[int, "Mention | None"]:
    """A word the NER glued before a person's name: a nationality ("la Russe
    Daria Kasatkina": the word is no name), an institution ("le président du
    Sénat Jean Dupont") or a place the lexicons list or the article names
    alone ("le maire de Bretagne Jean Martin"). Returns where the person's
    name starts and the glued name, if it is one. A place the gazetteer alone
    knows is not enough: "Florence", "Kim" and "David" are places there."""
    first = doc[start]
    if end - start < 2 or not first.text[:1].isupper() or first.is_upper:
        return start, None
    kind = _glued_kind(first, L, places_alone)
    if kind == "MISC":
        return start + 1, None
    if kind is None and _unknown_word_before_full_name(doc, start, end, L):
        return start + 1, None
    if kind is None or end - start < 3 or doc[start + 1].text[:1].islower():
        return start, None
    return start + 1, Mention(start, start + 1, kind)


def _unknown_word_before_full_name(doc: Doc, start: int, end: int, L: _Lex) -> bool:
    """ "le directeur du site de Jababeka David Quentin": after "de", a word
    that is no given name, then a given name and a surname. The person's
    name starts at the given name; the word before is the complement's
    (a place or a firm the lexicons do not know, so it is left out rather
    than typed by guess)."""
    if end - start < 3 or start == 0 or doc[start - 1].pos_ != "ADP" \
            or doc[start].lower_ in L.name_particles or doc[start + 1].lower_ in L.name_particles:
        return False  # ("Farouk Ben Mustapha": "Ben" is a particle before it is a given name)
    given = doc[start + 1]
    return given_name_gender(doc[start].text) is None and given_name_gender(given.text) is not None \
        and not given.is_upper and all(t.text[:1].isupper() for t in doc[start + 2:end])


def _person_after_place(doc: Doc, start: int, end: int, L: _Lex) -> int | None:
    """Where a person's name starts at the end of a place's span: a given
    name and one or two capitalised words after a city ("la gare de Lyon
    Fabien Villedieu"; not "rue Victor Hugo", a place named after someone,
    whose head is no place)."""
    for k in (end - 2, end - 3):
        if k - start < 2 or fold(doc[k].text) not in L.given_names:
            continue
        before = doc[k - 1]
        # (or a body headed so: "Bureau of Meteorology Kevin Parkyn said")
        body = doc[start].lower_ in L.all_heads and doc[start].text[:1].isupper()
        if before.text[:1].isupper() and before.is_alpha and fold(before.text) not in L.given_names \
                and (_known_place(fold(before.text), L) or body) \
                and all(t.text[:1].isupper() and t.is_alpha for t in doc[k:end]):
            return k
    return None


def _nationality_then_person(doc: Doc, start: int, end: int, L: _Lex) -> bool:
    """A nationality, then a given name and one or two capitalised words:
    a person introduced by nationality, whatever label the NER gave it."""
    words = doc[start + 1:end]
    # (or by town: "La Niçoise Julie Martin")
    # (a capitalised nationality is a noun, a person's: then any given name, "la Polonaise Iga Swiatek")
    demonym = L.demonym_nouns_capitalised and doc[start].lower_ in L.demonyms and doc[start].text[:1].isupper() \
        and not doc[start].is_sent_start
    nationality = doc[start].lower_ in L.demonyms or _town_word(doc[start], L)
    return nationality and 2 <= len(words) <= 3 and (fold(words[0].text) in L.given_names or demonym and len(words) == 2
                                                     and not _known_place(fold(words.text), L)
                                                     and not any(t.lower_ in L.all_heads for t in words)) \
        and all(t.text[:1].isupper() and t.is_alpha for t in words)


def person_of_town_word(tok: Token, suffixes: tuple[str, ...]) -> bool:
    """A capitalised word with the ending of one person of a town
    ("Niçoise", "Toulousain"), which no given name is ("Julien", "Romain")."""
    return bool(suffixes) and tok.is_alpha and tok.text[:1].isupper() and tok.lower_.endswith(suffixes) \
        and given_name_gender(tok.text) is None


def _town_word(tok: Token, L: _Lex) -> bool:
    return person_of_town_word(tok, L.town_person_suffixes) and not _known_place(fold(tok.text), L)


def _glued_kind(tok: Token, L: _Lex, places_alone: set[str]) -> str | None:
    """What a capitalised word the NER may glue before a person's name is:
    a nationality (MISC), an institution (ORG) or a listed place (LOC)."""
    low = tok.lower_
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    # (but not before a hyphenated surname: "Silvain Guillaume-Gentil")
    if low in L.demonyms or _town_word(tok, L) and nxt is not None and fold(nxt.text) in L.given_names \
            and not (nxt.i + 1 < len(tok.doc) and in_hyphened_word(tok.doc[nxt.i + 1])):
        return "MISC"  # (a town's person before a given name: "la Niçoise Julie Martin")
    if low in L.institutions or low in L.org_heads or L.evidence.get(low) == "ORG":
        return "ORG"
    key = fold(tok.text)
    if key in L.listed_places or key in places_alone \
            or (_after_role_of(tok, L) or _before_a_full_name(tok, L)) and _big_city(key):
        return "LOC"  # ("la procureure de la République de Marseille Dominique Laurens")
    return None


def _before_a_full_name(tok: Token, L: _Lex) -> bool:
    """A given name and a capitalised word follow the word."""
    doc = tok.doc
    return tok.i + 2 < len(doc) and fold(doc[tok.i + 1].text) in L.given_names \
        and doc[tok.i + 1].lower_ not in L.name_particles and doc[tok.i + 2].text[:1].isupper()


def _employer_end(doc: Doc, start: int, end: int, L: _Lex) -> int | None:
    """Where a person's name begins in a span after "role + de": after an
    acronym ("PSG Kylian Mbappé") or after a lowercase word ("Rassemblement
    national Marine Le Pen"), when two capitalised words or more follow."""
    if end - start < 3 or not _after_role_of(doc[start], L):
        return None
    if doc[start].is_upper and len(doc[start].text) >= 2 \
            and all(t.text[:1].isupper() and not t.is_upper for t in doc[start + 1:end]):
        return start + 1
    for k in range(start + 1, end - 1):
        if doc[start].text[:1].isupper() and doc[k - 1].is_alpha and doc[k - 1].text.islower() \
                and doc[k - 1].lower_ not in L.name_particles \
                and all(t.text[:1].isupper() or t.text in L.name_particles for t in doc[k:end]) \
                and doc[k].text[:1].isupper():
            return k
    return None


def _after_role_of(tok: Token, L: _Lex) -> bool:
    """ "le maire de Nantes Johanna Rolland": a role noun and "de" before."""
    doc = tok.doc
    i = tok.i - 1
    if i < 1 or fold(doc[i].text) not in L.of_words:
        return False
    j = i - 1
    while j > 0 and doc[j].pos_ == "ADJ" and j > i - 3:
        j -= 1
    return doc[j].lower_ in L.persons or L.evidence.get(doc[j].lower_) == "PER"


def _big_city(key: str) -> bool:
    """A city of 100,000 people or more: "Nantes", not "Kim" (a village of
    India the gazetteer knows, and a Korean name)."""
    from .places import _gazetteer  # places imports this module
    return any(r.population >= 100_000 for r in _gazetteer().lookup(key)[:1])


def _has_common_word(span, L: _Lex) -> bool:
    """A lowercase word in a name that is no particle nor article ("maha" in
    "Zizeeria maha"; not "un" in "Kim Jong-un": a hyphen binds it)."""
    doc = span.doc
    return any(t.is_alpha and t.text.islower() and doc[t.i - 1].whitespace_ and t.text not in L.name_particles and t.lower_ not in L.strip_leading
               and t.lower_ not in L.head_links and t.lower_ not in L.particles for t in span[1:])


def _is_year(tok: Token) -> bool:
    return tok.is_digit and len(tok.text) == 4 and tok.text[:2] in ("19", "20")


def _before_year(doc: Doc, end: int) -> bool:
    return end < len(doc) and _is_year(doc[end]) and bool(doc[end - 1].whitespace_)


def _is_roman_ordinal(text: str, L: _Lex) -> bool:
    for suffix in L.ordinal_suffixes:
        if text.endswith(suffix) and len(text) > len(suffix) and re.fullmatch(r"[IVXLC]+", text[:-len(suffix)]):
            return True
    return False


def _looks_like_a_persons_name(span, L: _Lex) -> bool:
    """A known given name and one or two capitalised words after it, none a
    head, a title or a place: how people are named. Brands named after
    someone ("Joe Boxer") take the noun that says so ("the brand")."""
    first = span[0]
    return 2 <= len(span) <= 3 and fold(first.text) in L.given_names and first.lower_ not in L.all_heads \
        and all(t.is_alpha and t.text[:1].isupper() and t.lower_ not in L.all_heads and t.text not in L.not_names
                and fold(t.text) not in L.country_names and fold(t.text) not in L.listed_places for t in span)


def _apposed_to_a_role(span, L: _Lex) -> bool:
    """ "le champion du monde Kylian Mbappé": two or three capitalised words
    set after a person's role noun name that person, whatever the NER read."""
    first = span.root  # (the name's head: its first word in French, its last in English)
    head = first.head
    return 2 <= len(span) <= 3 and first.dep_ == "appos" and head.i < span[0].i and head.lower_ in L.persons \
        and all(t.is_alpha and t.text[:1].isupper() and t.lower_ not in L.all_heads for t in span)


def _is_acronym(span) -> bool:
    """Capital letters, with hyphens or an ampersand: "N-VA", "CD&V" (with
    digits, a code names a thing: "KX9")."""
    return len(span) <= 3 and re.fullmatch(r"[A-Z][A-Z&.-]*[A-Z]", span.text) is not None


def _is_code(span) -> bool:
    """ "PH1", "MD-83", "Windows 95", "Stade 2": a name ending with a number
    names a product, a model or a show; no person or place is named so."""
    last = span[-1].text
    code = any(c.isdigit() for c in last) and not last.isdigit() and not any(c.islower() for c in last)
    return code or len(span) > 1 and last.isdigit() and len(last) < 4  # not "TV5Monde", "Cloud9"


def _is_rating(span) -> bool:
    """ "AA+", "BBB-", "Aa2", "Baa3": a rating, not an organisation nor a person."""
    return len(span) <= 2 and bool(_RATING.fullmatch(span.text.replace(" ", "").rstrip(".")))


_MOODYS = r"Aaa|(Aa|Baa|Ba|Caa)[1-3]"
_RATING = re.compile(rf"[A-Z]{{1,4}}[+-]+|{_MOODYS}")
# After a preposition, a grade needs no sign: "de l'Italie de AA à AA-".
_GRADE = re.compile(rf"(AAA|AA|A|BBB|BB|B|CCC|CC|C)[+-]*|{_MOODYS}")


def _evidence(doc: Doc, start: int, end: int, L: _Lex) -> str | None:
    """The type a common noun next to a name gives it (see [evidence] in the
    lexicon): before it ("le quotidien belge Le Soir"), as its capitalised
    first word ("Groupe Bel"), or heading an apposition after it ("Opera, a
    web browser")."""
    if start >= 2 and doc[start - 1].lower_ in L.strip_trailing and _is_year(doc[start - 2]):
        return "MISC"  # "1992's Batman Returns": a work of that year
    if doc[start].text in L.titles or start > 0 and doc[start - 1].text in L.titles:
        return "PER"  # "le Professeur Nobutaka Miura", "Mme Wang"
    if not L.evidence:
        return None
    found = _noun_before(doc, start, L)
    if found and found != "PER" and doc[start - 1].text == "," and _looks_like_a_persons_name(doc[start:end], L) \
            and object_of_a_clause_before(doc, start - 2, start, end):
        found = None  # "Après avoir félicité son équipe, Karim Benali s'est tourné ...": no apposition
    found = found or _not_a_persons(_apposed_to_evidence(doc, start, end, L), doc, start, end, L)
    if found == "PER" and end - start == 1 and doc[start].is_upper:
        return None  # "le député LR": the acronym is the party, not the deputy
    if found:
        return found
    first = doc[start]
    if end - start >= 2 and first.text[:1].isupper() and L.evidence.get(first.lower_) in ("ORG", "MISC"):
        if L.evidence[first.lower_] == "MISC" and _says_that(doc, start, end, L):
            return "ORG"  # "le Programme alimentaire mondial estime que ...": no work nor plan says so
        return L.evidence[first.lower_]
    return _not_a_persons(_apposition_after(doc, end, L), doc, start, end, L) or _owned_product(doc, start, end, L) \
        or _next_to_score(doc, start, end) or _employer(doc, start, end, L) or _head_after(doc, start, end, L) \
        or _place_of_office(doc, start, end, L)


def _not_a_persons(kind: str | None, doc: Doc, start: int, end: int, L: _Lex) -> str | None:
    """An apposition does not make a thing of what looks like a person's name
    ("Vincent Lindon, prix d'interprétation masculine,": the award is apposed
    to the person; but "Joe Boxer, the brand" is read from its head noun)."""
    return None if kind == "MISC" and _looks_like_a_persons_name(doc[start:end], L) else kind


def _apposed_to_evidence(doc: Doc, start: int, end: int, L: _Lex) -> str | None:
    """ "Le parti au pouvoir, Rêve géorgien, affirme": a name in apposition,
    after a comma, to a noun whose complement keeps it from being right
    before the name. Not a noun that is itself a complement: in "La
    présidente de l'association, Claire Vidal" the parse may hang the name
    on the association, but it is the president's."""
    root = doc[start:end].root
    head = root.head
    if start > 0 and doc[start - 1].text == "," and root.dep_ in ("appos", "conj") and head.i < start - 1 \
            and head.pos_ == "NOUN" and head.text.islower() and head.dep_ != "pobj" \
            and not any(c.dep_ == "case" for c in head.children) \
            and not object_of_a_clause_before(doc, head.i, start, end):
        return _evidence_word(head, L)
    return None


def _place_of_office(doc: Doc, start: int, end: int, L: _Lex) -> str | None:
    """What a governing noun says of a name, but a place's office ("le maire
    de X", "Murmansk's governor") makes no place of an organisation the NER
    found ("the governor of the Federal Reserve", "gouverneur de la Banque de
    France")."""
    kind = _governed_by(doc, start, L) or _holder_after(doc, end, L)
    if kind == "ORG" and doc[start].ent_type_ == "PER" and (
            fold(doc[start].text) in L.given_names and not _known_place(fold(doc[start].text), L)
            or end - start == 1 and _surname_of_a_named_person(doc, doc[start].text)):
        return None  # "a spokesman for Joe Biden", "for Johnson" (Mike Johnson) speaks for a person
    if kind == "LOC" and doc[start].ent_type_ == "ORG" and (
            end - start > 1 or doc[start].lower_ in L.all_heads or doc[start].lower_ in L.institutions):
        return None
    return kind


def _surname_of_a_named_person(doc: Doc, word: str) -> bool:
    """The word ends a person's full name the NER found in the article."""
    return any(e.label_ == "PER" and len(e) > 1 and e[-1].text == word for e in doc.ents)


def _holder_after(doc: Doc, end: int, L: _Lex) -> str | None:
    """ "Murmansk's Acting Governor Andrey Chibis": a name whose possessive
    has a role of the kind [evidence_of] lists (a place's governor)."""
    if end + 1 >= len(doc) or doc[end].lower_ not in L.strip_trailing:
        return None
    for k in range(end + 1, min(end + 4, len(doc))):
        kind = L.evidence_of.get(doc[k].lower_)
        if kind:
            return kind
        if not (doc[k].pos_ in ("ADJ", "NOUN", "PROPN") and doc[k].ent_iob_ == "O"):
            return None
    return None


def _governed_by(doc: Doc, start: int, L: _Lex) -> str | None:
    """ "le naufrage du Storstad", "à bord du Ladny", "aboard the Nimitz":
    a noun or a preposition whose complement is a ship or a vehicle (see
    [evidence_of] in the lexicon)."""
    i = start - 1
    while i >= 0 and doc[i].pos_ == "DET":
        i -= 1
    if i < 0:
        return None
    if doc[i].pos_ == "ADP" and doc[i].lower_ in L.evidence_of:
        return L.evidence_of[doc[i].lower_]
    if i >= 1 and (fold(doc[i].text) in L.of_words or doc[i].lower_ in L.governing_prepositions) \
            and (doc[i - 1].text.islower() or doc[i - 1].is_sent_start):  # ("Shares of Nvidia rose")
        return L.evidence_of.get(doc[i - 1].lower_)
    return None


_SCORE = re.compile(r"\d{1,2}[-–]\d{1,2}")


def _next_to_score(doc: Doc, start: int, end: int) -> str | None:
    """ "Arsenal 2-1 Aston Villa", "beat Newcastle 3-1", "Lorient 1 - 0
    Lille": a name beside a match score names a team (an organisation;
    a country's team is both). Not a season ("2012-2013"): scores are small."""
    words = cached.words(doc)
    after = words[end:end + 3]
    if after and after[0] == "(":
        after = [w for w in words[end + 1:end + 5] if w != ")"][:3]  # "face à Lyon (3-1)"
    before = words[max(0, start - 3):start]
    if not (after and after[0][:1].isdigit() or before and (before[0][:1].isdigit() or before[-1][:1].isdigit())):
        return None  # (a score starts with a digit; most names have none beside them)
    return "ORG" if _SCORE.fullmatch("".join(after)) or _SCORE.fullmatch("".join(after[:1])) \
        or _SCORE.fullmatch("".join(before)) or _SCORE.fullmatch("".join(before[-1:])) else None


def _employer(doc: Doc, start: int, end: int, L: _Lex) -> str | None:
    """ "Wigan manager Roberto Martinez", "the Theranos founder", "chief
    executive of Panera Bread", "le fondateur de Theranos": the name a role
    held in an organisation hangs on is that organisation. Not "the manager
    of the Oxnard branch": there the name only qualifies the noun after it."""
    if not L.employer_roles or end - start == 1 and doc[start].lower_ in L.demonyms:
        return None  # "Rangers' English manager": a nationality, no employer
    nxt = doc[end] if end < len(doc) else None
    if L.noun_head == "last" and nxt is not None and nxt.lower_ in L.employer_roles and nxt.text.islower():
        return "ORG"
    i = start - 1
    while i >= 0 and doc[i].pos_ == "DET":
        i -= 1
    if nxt is not None and nxt.text.islower() and nxt.pos_ in ("NOUN", "PROPN"):
        return None  # ("workers at the Grangemouth refinery": the name qualifies the noun)
    if i >= 1 and doc[i].lower_ in L.workplace_cases and (doc[i - 1].lower_ in L.workplace_roles
                                                          or doc[i - 1].lemma_.lower() in L.workplace_roles):
        return "ORG"  # "analysts at Jefferies"
    if i < 1 or fold(doc[i].text) not in L.of_words or doc[i - 1].lower_ not in L.employer_roles:
        return None
    return "ORG"


def _owned_product(doc: Doc, start: int, end: int, L: _Lex) -> str | None:
    """ "its Android operating system": a name owned by someone ("its",
    "their") and followed by a noun of a product names the product."""
    if start == 0 or "Yes" not in doc[start - 1].morph.get("Poss"):
        return None
    k = end
    while k < len(doc) and k < end + 3 and (doc[k].text.islower() and doc[k].pos_ in ("NOUN", "ADJ")
                                            or doc[k].like_num and k == end):  # "its Falcon 9 rocket"
        k += 1
    if k == end or doc[k - 1].pos_ != "NOUN":
        return None
    return "MISC" if _evidence_word(doc[k - 1], L) == "MISC" else None


def _noun_before(doc: Doc, start: int, L: _Lex) -> str | None:
    """ "le groupe islamiste Boko Haram", "the space shuttle Discovery", "un
    deuxième typhon, Damrey". Not in a role's complement: in "le président
    du club Jean Dupont" the club is not Jean Dupont."""
    i = start - 1
    comma = i >= 0 and doc[i].text == ","
    if comma or i >= 0 and doc[i].text in OPENING_QUOTES:
        i -= 1  # (the newspaper "The Sun")
    steps = 0
    # (an adjective is passed over even when its word is evidence elsewhere:
    # "la championne olympique X", but "l'Olympique lyonnais")
    while i >= 0 and steps < 2 and doc[i].text.islower() and (doc[i].lower_ not in L.evidence or doc[i].pos_ == "ADJ") \
            and (doc[i].pos_ == "ADJ" or doc[i].lower_ in L.demonyms):
        i -= 1
        steps += 1
    # (a word after an article is a noun whatever its tag: "l'arrivée du variant Omicron")
    after_article = i > 0 and (doc[i - 1].pos_ == "DET" or doc[i - 1].lower_ in L.strip_leading)
    if i < 0 or not doc[i].text.islower() or doc[i].pos_ == "ADP" or doc[i].pos_ in ("VERB", "AUX") and not after_article:
        return None
    found = _evidence_word(doc[i], L)
    if found is None and i >= 2 and doc[i].pos_ == "NOUN" \
            and fold(doc[i - 1].text) in L.of_words and doc[i - 2].pos_ == "NOUN" and doc[i - 2].text.islower():
        # "l'agence de notation Fitch", "le joueur de tennis X", "its head of
        # devices, Panos Panay": the head of a compound noun, its complement
        # a bare noun
        i -= 2
        found = _evidence_word(doc[i], L)
    if found is None:
        return None
    j = i - 1
    while j >= 0 and j > i - 3 and doc[j].pos_ in ("DET", "ADP") and doc[j].text.islower():
        j -= 1
    if j < i - 1 and j >= 0 and doc[j].lower_ in L.persons and doc[j].morph.get("Number") != ["Plur"]:
        return None  # (but "les analystes de la banque Morgan Stanley": no one person is named for them)
    if comma and not _heads_own_phrase(doc, i, L):
        return None  # "l'un des porte-parole de l'équipe, Jean Dupont": the comma ends a longer phrase
    return found


def _heads_own_phrase(doc: Doc, i: int, L: _Lex) -> bool:
    """ "Un deuxième typhon, Damrey": the noun at i has its own determiner,
    and its phrase is no complement ("de la particule, Jean Dupont")."""
    j = i - 1
    while j >= 0 and doc[j].pos_ in ("ADJ", "NUM") and doc[j].text.islower():
        j -= 1
    if j < 0 or doc[j].pos_ != "DET":
        return False
    return j == 0 or doc[j - 1].pos_ not in ("ADP", "DET") and doc[j - 1].lower_ not in L.role_prepositions


def _ends_apposition(tok: Token, L: _Lex) -> bool:
    """The word after an apposition's noun phrase: a punctuation mark, a
    preposition, a relative pronoun, a participle ("a browser developed
    by"), never a finite verb nor a name."""
    if tok.pos_ == "VERB":
        return "Fin" not in tok.morph.get("VerbForm")
    return tok.pos_ in ("PUNCT", "ADP", "PRON", "SCONJ", "CCONJ") and tok.lower_ not in L.strip_trailing


def _apposition_after(doc: Doc, end: int, L: _Lex) -> str | None:
    """ "Opera, a web browser", "Damrey, un typhon de catégorie 2": the head
    noun of an indefinite or definite apposition."""
    if end + 2 >= len(doc) or doc[end].text != ",":
        return None
    definite = doc[end + 1].pos_ == "DET" and doc[end + 1].lower_ not in L.indefinite
    k = end + 2 if doc[end + 1].pos_ == "DET" else end + 1
    if definite and not (doc[k].pos_ == "NOUN" and doc[k].dep_ == "appos" and doc[k].head.i < end):
        # "Selon X, le projet avance": a definite phrase after a comma is
        # rather a subject, unless the parse makes it the name's apposition
        # ("Activision Blizzard, the maker of Call of Duty")
        return None
    run = []
    # (a nationality is capitalised in English: "an Iranian activist")
    while k < len(doc) and len(run) < 4 and (doc[k].text.islower() or doc[k].lower_ in L.demonyms) \
            and doc[k].pos_ in ("ADJ", "NOUN", "PROPN"):
        run.append(doc[k])
        k += 1
    if not run or k < len(doc) and not _ends_apposition(doc[k], L):
        # "the company's founder"; "Ohio, le sénateur démocrate Sherrod
        # Brown": a role of the next name; "Selon X, le boson va ...": a
        # subject, no apposition.
        return None
    nouns = [t for t in run if t.pos_ == "NOUN"]
    if not nouns:
        return None
    head = nouns[0] if L.noun_head == "first" else nouns[-1]
    return _evidence_word(head, L)


_DASHES = frozenset({"-", "–", "—", ":"})


def _pieces(doc: Doc, start: int, end: int, L: _Lex):
    """The names in one NER span: never across a line break, nor across a
    lowercase article between two capitalised words ("According to Rathbun
    the Scientology property")."""
    for a, b in _split_at_breaks(doc, start, end):
        begin = a
        i = a + 1
        while i < b - 1:
            score = _score_at(doc, i)
            if score and i > begin:
                # "Harrowby 3-1 Fenwick": two teams and the score between them.
                yield begin, i
                begin = i + score
                i += score
                continue
            if doc[i].text in L.split_at and doc[i - 1].text[:1].isupper() and doc[i + 1].text[:1].isupper() \
                    and not (doc[begin].lower_ in L.all_heads and doc[begin].text[:1].isupper()):
                yield begin, i
                begin = i + 1
            elif doc[i].pos_ == "CCONJ" and doc[i].text.islower() and doc[i - 1].text[:1].isupper() \
                    and doc[i + 1].text[:1].isupper() and i > begin and b < len(doc) and doc[b].text.islower() \
                    and doc[b].pos_ == "NOUN" and doc[b].morph.get("Number") == ["Plur"] \
                    and _names_a_kind(doc[b].lemma_.lower(), L):
                # "the Santo Spirito and Immacolata hospitals": two names of one plural
                # noun of a kind of place or body (not "Procter and Gamble shares")
                yield begin, i
                begin = i + 1
            elif doc[i - 1].like_num and i - 1 > begin and doc[i].text[:1].isupper() \
                    and L.evidence.get(doc[i].lower_) == "ORG":
                # "Ligue 1 Olympique de Marseille": a league's number, then a club's name
                yield begin, i
                begin = i
            elif doc[i].text.islower() and doc[i].pos_ == "NOUN" and doc[i].lower_ in L.evidence \
                    and doc[i - 1].text[:1].isupper() and doc[i + 1].text[:1].isupper() and i > begin:
                # "Premier League club Arsenal": a noun that says what the next name is
                # stands between two names
                yield begin, i
                begin = i + 1
            elif doc[i].text in ("(", ")"):
                # "Masjid Al-Aqsa (Holy Sanctuary": a name has no bracket.
                if i > begin:
                    yield begin, i
                begin = i + 1
            elif doc[i].text == "," and doc[i + 1].text[:1].islower():
                # "du Journal des Arts, de la Gazette des Communes": a list.
                yield begin, i
                begin = i + 1
            elif _lists(doc[i]) and i > begin and _places_listed(doc, begin, i, b, L):
                # "Catania, Palermo, Crotone", "Pine Cove and Fern Valley": a list of places
                yield begin, i
                begin = i + 1
            elif doc[i].lower_ in L.strip_trailing and doc[i + 1].text[:1].isupper() and i > begin \
                    and not _tail_label(doc, i + 1, b, L) and doc[b - 1].lower_ not in L.org_tails:
                # "Universal Pictures' Meet the Fockers": the owner, then
                # what it owns (a product, a work: see _repair).
                yield begin, i
                begin = i + 1
            i += 1
        if begin < b:
            yield begin, b


def _listed_place(doc: Doc, start: int, end: int, ent, L: _Lex) -> bool:
    """A piece of a span the NER ran over a list of places, itself a place."""
    return (start > ent.start and _lists(doc[start - 1]) or end < ent.end and _lists(doc[end])) \
        and _known_place(fold(doc[start:end].text), L)


def _lists(t: Token) -> bool:
    return t.text == "," or t.pos_ == "CCONJ"


def _places_listed(doc: Doc, begin: int, i: int, b: int, L: _Lex) -> bool:
    """The words before the comma or conjunction at i, and those after it to
    the next one, are each a place the gazetteer knows."""
    nxt = next((k for k in range(i + 1, b) if _lists(doc[k])), b)
    return nxt > i + 1 and _known_place(fold(doc[begin:i].text), L) and _known_place(fold(doc[i + 1:nxt].text), L)


def _names_a_kind(lemma: str, L: _Lex) -> bool:
    """A noun that says what a name is: a place's or a body's head or tail,
    or a noun of the [evidence] table."""
    return lemma in L.org_tails or lemma in L.loc_tails or lemma in L.all_heads or lemma in L.evidence


def _score_at(doc: Doc, i: int) -> int:
    """How many tokens a match score at i takes ("3-1", "1 – 0"), or 0."""
    if _SCORE.fullmatch(doc[i].text):
        return 1
    if i + 2 < len(doc) and doc[i].like_num and doc[i + 1].text in ("-", "–") and doc[i + 2].like_num \
            and _SCORE.fullmatch(doc[i].text + "-" + doc[i + 2].text):
        return 3
    return 0


def _tail_label(doc: Doc, start: int, end: int, L: _Lex) -> str | None:
    """ "Fisht Stadium", "Saudi Gazette": the head ending a name of two words
    or more gives its type."""
    if end - start < 2 or not doc[end - 1].text[:1].isupper() and not in_hyphened_word(doc[end - 2]):
        return None  # (but "Muko Sub-county": the head's capital is before the hyphen)
    last = doc[end - 1].lower_
    if last in L.misc_tails:
        return "MISC"  # "World Cup", "Cannes Film Festival": events
    if _is_team_name(doc, start, end, L):
        return "ORG"
    return "LOC" if last in L.loc_tails else "ORG" if last in L.org_tails else None


def in_hyphened_word(tok: Token) -> bool:
    """The hyphen inside "Oudéa-Castéra" or "Tournai-Lille", glued to both its
    neighbours (not the dash of "Valence - Drôme")."""
    return tok.text in ("-", "‑") and not tok.whitespace_ and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_


def _hyphened_surname_end(doc: Doc, end: int) -> int:
    """Where an untagged compound of capitalised words joined by hyphens,
    right after a name, ends ("Amélie" + "Oudéa-Castéra"); end if there is none."""
    k = end
    if k + 2 >= len(doc) or not doc[end - 1].whitespace_ or doc[k].ent_iob_ != "O" \
            or not doc[k].text[:1].isupper() or not doc[k].is_alpha:
        return end
    while k + 2 < len(doc) and in_hyphened_word(doc[k + 1]) and doc[k + 2].text[:1].isupper() and doc[k + 2].is_alpha:
        k += 2
    return k + 1 if k > end else end


def _is_team_name(doc: Doc, start: int, end: int, L: _Lex) -> bool:
    """ "Manchester United", "Swansea City", "Blackburn Rovers": a club's
    name ends so; not a city's ("Mexico City" is a place the gazetteer knows)."""
    return end - start >= 2 and doc[end - 1].lower_ in L.team_tails and doc[end - 1].text[:1].isupper() \
        and not _known_place(fold(doc[start:end].text), L)


def _extend_name(doc: Doc, end: int, L: _Lex) -> int:
    """ "Gilles" of "Gilles-Éric Séralini": the NER stops at a hyphen; the
    name goes on over capitalised proper nouns it left untagged, but not
    over a day or a month ("... Telescope Saturday")."""
    while end < len(doc):
        t = doc[end]
        if t.text == "-" and not doc[end - 1].whitespace_ and end + 1 < len(doc) \
                and doc[end + 1].text[:1].isupper() and not t.whitespace_:
            end += 2
        elif t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_iob_ == "O" and not t.is_sent_start \
                and fold(t.text) not in L.weekdays and fold(t.text) not in L.months:
            end += 1
        else:
            break
    return end


def _misc_type(doc: Doc, start: int, end: int, L: _Lex) -> str:
    """The small model files many names under MISC; context says which
    they are: "à Villeurbane" is a place, "explique Joechen Zaumseil le
    vice-président" a person."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    acronym = end - start == 1 and doc[start].is_upper and fold(doc[start].text) not in L.country_names
    if before is not None and before.lower_ in L.place_prepositions and not acronym \
            and all(t.text[:1].isupper() or t.lower_ in L.head_links or t.is_punct for t in doc[start:end]):
        return "LOC"  # "aux Sables-d'Olonne", "au Bataclan" (not "au CERN", a body)
    if after is not None:
        nxt = doc[end + 1] if after.text == "," and end + 1 < len(doc) else after
        while nxt.pos_ == "DET" and nxt.i + 1 < len(doc):
            nxt = doc[nxt.i + 1]
        if nxt.lower_ in L.persons and 2 <= end - start <= 3 and all(t.pos_ == "PROPN" for t in doc[start:end]):
            return "PER"
    if _looks_like_a_persons_name(doc[start:end], L):
        return "PER"  # "raconte Joyce Kempt du bureau des médias": a given name, a surname
    return "MISC"


def _split_at_breaks(doc: Doc, start: int, end: int):
    """A name never runs across a line break: "... CONTENU\\nAustin"."""
    begin = start
    for i in range(start, end):
        if doc[i].is_space and "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            if i > begin or not doc[i].is_space:
                yield begin, i + (0 if doc[i].is_space else 1)
            begin = i + 1
    if begin < end:
        yield begin, end


def _is_common_word(tok: Token) -> bool:
    """A capitalised sentence-initial word the NER took for a name (a common
    noun modifying the next one: "Rescue officials said")."""
    if tok.is_upper and len(tok.text) > 1:
        return False  # an acronym
    modifier = tok.pos_ == "NOUN" and tok.dep_ == "compound" and tok.head.i == tok.i + 1 and tok.head.text.islower()
    return tok.is_sent_start and (tok.pos_ not in ("PROPN", "X", "NOUN") or modifier or _written_lowercase(tok)) \
        or tok.is_stop


def _word_of_the_language_opening(tok: Token, L: _Lex) -> bool:
    """ "« Regardez notre niveau salarial »", "Titillé par X, il ...": a word
    capitalised because it opens a sentence (or the quotation opening it),
    which the model's dictionary lists as a word of the language, is no
    name unless something says it is one: a gazetteer or the given names
    know it, the article capitalises it inside a sentence too, or, in its
    own dictionary form, it is the sentence's subject or a modifier or owner
    ("Orange a annoncé", "Pentagon officials said", "Tesla's"; an inflected
    form is no firm's name: "Ripostant à cette agression")."""
    if not (tok.is_alpha and tok.text[:1].isupper() and tok.text[1:].islower()) or not _opens_its_sentence(tok):
        return False
    key = fold(tok.text)
    lemma = nlp.dictionary_lemma(tok.doc.lang_, tok.lower_)
    if lemma is None or key in L.given_names or _known_place(key, L):
        return False
    if lemma == tok.lower_ and tok.pos_ != "VERB" and (
            tok.dep_.startswith("nsubj") or tok.dep_ in ("nmod:poss", "poss")
            or tok.dep_ == "compound" and tok.pos_ == "PROPN"):
        # a name in its own dictionary form naming the subject: "Pentagon
        # officials said" (but a common noun's modifier: "Customs duty exemption")
        return False
    return not any(t.text == tok.text and t.i != tok.i and not _opens_its_sentence(t) for t in tok.doc)


def _opens_its_sentence(tok: Token) -> bool:
    """Only punctuation (an opening quotation mark) before it in its sentence."""
    first = cached.start(tok)
    i = tok.i - 1
    while i >= first and (tok.doc[i].is_punct or tok.doc[i].is_space):
        i -= 1
    return i < first


def _written_lowercase(tok: Token) -> bool:
    """ "Grève à la SNCF" over an article on "une grève": a word capitalised
    only where a sentence opens, written in lowercase elsewhere in the
    article, is a common word (but a subject may be a firm named like one:
    "Total a annoncé ..." beside "au total")."""
    return tok.is_alpha and tok.text[1:].islower() and not tok.dep_.startswith("nsubj") \
        and tok.lower_ in cached.lowercase_words(tok.doc)


def _name_after_capitalised_role(doc: Doc, start: int, end: int, L: _Lex) -> int | None:
    """ "Premier ministre Lucas Papadémos", "Secrétaire général Antonio
    Guterres": a span opened by a capitalised word, then a lowercase role
    noun, then two or three capitalised words: the person's name begins
    after the role. So too after a role capitalised at a sentence's start
    ("Goalkeeper Mary Earps saved ...")."""
    # (a hyphenated name is one word: "Tory Ann-Marie Probert")
    rest = [t for t in doc[start + 1:end] if not in_hyphened_word(t) and not in_hyphened_word(doc[t.i - 1])]
    if doc[start].is_sent_start and doc[start].lower_ in L.roles and 2 <= len(rest) <= 3 \
            and all(t.is_alpha and t.text[:1].isupper() and t.lower_ not in L.roles for t in rest):
        return start + 1
    # "Acting Superintendent Michael Barsky": capitalised title words, one of
    # them a role, then a given name and a surname
    given = next((k for k in range(start + 1, end - 1) if fold(doc[k].text) in L.given_names), None)
    if given is not None and 2 <= end - given <= 3 and all(t.text[:1].isupper() for t in doc[start:end]) \
            and any(t.lower_ in L.roles for t in doc[start:given]) and doc[end - 1].lower_ not in L.org_tails:
        return given
    k = start + 1
    while k < end - 2 and not (doc[k].text.islower() and doc[k].lower_ in L.roles):
        if not doc[k].text[:1].isupper():
            return None
        k += 1
    if k >= end - 2 or not doc[start].text[:1].isupper() or not doc[k].text.islower() or doc[k].lower_ not in L.roles:
        return None
    name = doc[k + 1:end]
    if 2 <= len(name) <= 3 and all(t.is_alpha and t.text[:1].isupper() or in_hyphened_word(t) for t in name):
        return k + 1
    return None


def _is_portfolio(doc: Doc, start: int, L: _Lex) -> bool:
    """ "Défense" in "ministre de la Défense": part of a role, not a name; so
    is each portfolio of a list ("ministre des Ressources naturelles et des
    Forêts", "de l'Intérieur et des Collectivités locales")."""
    def joins(t: Token) -> bool:
        return t.pos_ == "CCONJ" or t.text == ","

    i = start - 1
    preposition = listed = False
    while i >= 0 and start - i <= 12 and (
            doc[i].lower_ in L.strip_leading or doc[i].lower_ in L.head_links or doc[i].pos_ == "ADJ"
            or preposition and joins(doc[i])
            or listed and doc[i].text[:1].isupper() and doc[i].pos_ in ("NOUN", "PROPN") and doc[i].ent_type_ != "PER"):
        preposition |= doc[i].pos_ == "ADP"
        listed |= preposition and joins(doc[i])
        i -= 1
    return preposition and i >= 0 and doc[i].lower_ in L.portfolio_after and doc[i].lower_ not in L.org_heads \
        and not (i + 1 < start and doc[i + 1].lower_.lstrip("-") in L.body_leaders)


def _expand_heads(doc: Doc, mentions: list[Mention], L: _Lex) -> list[Mention]:
    """ "université de Caen", "ministère de l'Intérieur", "place Tahrir"."""
    out = []
    for m in mentions:
        head = _head_before(doc, m.start, L)
        if head is not None and head == m.start - 1 and m.label == "PER" and m.end - m.start >= 2:
            h = doc[head].lower_
            if (h in L.loc_heads or h in L.lower_loc_heads or h in L.named_after) and h not in L.never_named_after:
                # "rue Victor Schoelcher", "le lycée Jean Moulin": a place or
                # a school named after a person, not the person.
                out.append(Mention(head, m.end, "ORG" if h in L.named_after else "LOC"))
            else:
                # "la porte-parole du gouvernement Maud Bregeon": a person named
                # in full after a body is no name of the body (but "le
                # gouvernement Papadimos" is the body, named after its head).
                out.append(m)
            continue
        if head is None:
            body = _body_before_place(doc, m, L)
            if body is not None:
                out.append(Mention(body, m.end, "ORG"))  # the place stays a mention of its own
            out.append(m)
            continue
        h = doc[head].lower_
        if h in L.loc_heads or h in L.lower_loc_heads:
            # "place Tahrir", "département du Lot": the place keeps its name;
            # the longer form is one more mention of it.
            m.label = m.evidence = "LOC"
            out.append(m)
            out.append(Mention(head, m.end, "LOC", alias_of=m))
            continue
        if head == m.start - 1 and m.label in ("ORG", "MISC"):
            # "l'agence Amaq", "la banque Natixis": the head is in apposition;
            # the name is the organisation's, the longer form one more mention.
            m.label = "ORG"
            out.append(m)
            out.append(Mention(head, m.end, "ORG", alias_of=m))
            continue
        if m.label == "PER" and m.end - m.start >= 2:
            out.append(m)  # "la présidence de Xi Jinping": the person, not a body named after them
            continue
        if h in L.part_of and m.label in ("ORG", "MISC") and doc[head].text.islower():
            m.label = m.evidence = "ORG"  # (a body has a management: evidence of what the name is)
            out.append(m)  # "la direction de la SNCF": the SNCF's people, no body of their own
            continue
        out.append(Mention(head, m.end, "ORG"))
        if h in L.keep_inner and m.label == "LOC":
            out.append(m)
        elif head == m.start - 1 and m.label == "PER":
            out.append(m)  # "le gouvernement Legault": the body named after its head, who is named too
        elif h in L.keep_inner and m.label == "PER" and m.end - m.start == 1 and not doc[m.start].is_upper:
            # "la préfecture de Lélouma": after such a head one word is a
            # place, whatever the NER says; it tells the other mentions.
            m.label = m.evidence = "LOC"
            out.append(m)
    return out


def _body_before_place(doc: Doc, m: Mention, L: _Lex) -> int | None:
    """ "la direction régionale de la santé de Bretagne", "l'agence régionale
    de santé de Normandie": a lowercase body noun, its adjectives and one
    common-noun complement, then the place it serves."""
    if m.label != "LOC" or m.start < 4 or doc[m.start - 1].lower_ not in L.head_links:
        return None
    i, nouns = m.start - 1, 0
    while i >= 0 and doc[i].lower_ in L.head_links:
        i -= 1
    for _ in range(6):
        t = doc[i] if i >= 0 else None
        if t is None or not t.text.islower() or not t.is_alpha \
                or t.pos_ not in ("NOUN", "ADJ", "ADP", "DET") or t.pos_ == "ADP" and t.lower_ not in L.head_links:
            return None
        if t.pos_ == "NOUN" and t.lower_ in L.org_heads and i < m.start - 2 and nouns <= 1:
            # (its own adjectives agree with it: in "Chefs d'Etat et de
            # gouvernement francophones de Montreux" they are the chiefs')
            own = doc[i + 1:next((k for k in range(i + 1, m.start) if doc[k].pos_ != "ADJ"), m.start)]
            return None if any(a.morph.get("Number") not in ([], t.morph.get("Number")) for a in own) else i
        nouns += t.pos_ == "NOUN"
        i -= 1
    return None


def _head_before(doc: Doc, start: int, L: _Lex) -> int | None:
    i = start - 1
    steps = 0
    while i >= 0 and doc[i].lower_ in L.head_links and steps < 2:
        i -= 1
        steps += 1
    # An organisation's nationality may sit between: "ministère américain de
    # la Défense". A place's may not: "région russe de Koursk" is Koursk.
    adjectives = 0
    while steps and i >= 0 and doc[i].lower_ in L.demonyms and adjectives < 2:
        i -= 1
        adjectives += 1
    if i < 0:
        return None
    w = doc[i].lower_
    if w in L.org_heads or (w in L.loc_heads or w in L.lower_loc_heads and doc[i].text.islower()) and not adjectives:
        return i
    return None


def _with_known_media(doc: Doc, L: _Lex, mentions: list[Mention]) -> list[Mention]:
    """A news outlet the lexicon lists is one organisation wherever it
    stands: the NER cuts "France 2" at its digit and "Le Canard enchaîné"
    at its lowercase word, and reads "Euronews" as a person. The outlet's
    span replaces the mentions it overlaps (but not a longer organisation
    holding it)."""
    if L.media is None:
        return mentions
    for match in L.media.finditer(cached.text(doc)):
        span = doc.char_span(match.start(), match.end())
        if span is None:
            continue  # not on token boundaries ("AFP" inside a longer word)
        a, b = span.start, span.end
        if any(m.label == "ORG" and m.start <= a and b <= m.end and m.end - m.start > b - a for m in mentions):
            continue
        mentions = [m for m in mentions if m.end <= a or m.start >= b]
        mentions.append(Mention(a, b, "ORG"))
    return mentions


def _missing_institutions(doc: Doc, L: _Lex, mentions: list[Mention]) -> list[Mention]:
    """ "le ministère de la Santé" when the NER saw no name in it."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    low, words, n = cached.lowers(doc), cached.words(doc), len(doc)
    for i, w in enumerate(low):
        if w not in L.org_heads or i in covered:
            continue
        paren = _lowercase_name_before_acronym(doc, i, covered)
        if paren is not None:
            out.append(Mention(i, paren, "ORG"))
            continue
        j = i + 1
        while j < n and low[j] in L.head_links and j - i <= 2:
            j += 1
        if j == i + 1 or j >= n:
            continue
        k = j
        while k < n and words[k][:1].isupper() and k not in covered:
            k += 1
        if k > j:
            out.append(Mention(i, k, "ORG"))
    return out


def _lowercase_name_before_acronym(doc: Doc, i: int, covered: set[int]) -> int | None:
    """ "le parquet national antiterroriste (Pnat)", "l'office français de
    la biodiversité (OFB)": an organisation written in lowercase, named by
    the acronym in brackets after it (its first letter the head's). Returns
    where the lowercase name ends (the bracket)."""
    k = i + 1
    while k < len(doc) and k - i <= 7 and k not in covered and doc[k].text.islower() and doc[k].is_alpha \
            and doc[k].pos_ not in ("VERB", "AUX"):
        k += 1
    if k + 2 >= len(doc) or k == i + 1 or doc[k].text != "(" or doc[k + 2].text != ")":
        return None
    acr = doc[k + 1].text
    if not (acr.isalpha() and 2 <= len(acr) <= 8 and acr[:1].isupper() and (acr.isupper() or acr[1:].islower())
            and acr[0].lower() == doc[i].lower_[0]):
        return None
    return k


def _missing_after_evidence(doc: Doc, L: _Lex, mentions: list[Mention]) -> list[Mention]:
    """ "la chaîne Histoire", "the site Operation Clambake": capitalised
    words the NER left untagged after a noun that says what they name (an
    organisation or a MISC name; a person's is rarely missed)."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    lows = cached.lowers(doc)
    for i in range(1, len(doc) - 1):
        if lows[i] not in L.evidence:
            continue
        kind = L.evidence.get(doc[i].lower_)
        if kind not in ("ORG", "MISC") or not doc[i].text.islower() or doc[i - 1].pos_ != "DET" \
                or doc[i].pos_ not in ("NOUN", "PROPN"):
            continue
        j = i + 1
        if L.noun_head == "first" and j + 2 < len(doc) and fold(doc[j].text) in L.of_words \
                and doc[j + 1].pos_ == "NOUN" and doc[j + 1].text.islower():
            j += 2  # "l'agence de notation Fitch": the compound's complement, then the name
        first = j
        while j < len(doc) and j not in covered and doc[j].text[:1].isupper() and not doc[j].is_sent_start \
                and doc[j].text not in L.not_names and doc[j].text not in L.titles \
                and fold(doc[j].text) not in L.weekdays and fold(doc[j].text) not in L.months:
            j += 1
        if j > first and (j - first > 1 or not doc[first].is_upper or len(doc[first].text) > 1):
            out.append(Mention(first, j, kind, evidence=kind))
    return out


def _missing_places(doc: Doc, L: _Lex, mentions: list[Mention]) -> list[Mention]:
    """ "564 UK jobs", "in Northampton, Atherstone, Leighton Buzzard and
    Luton", "in Luton, Bedfordshire": capitalised proper nouns the NER left
    untagged, or called a person, that are a country the lexicon lists, or
    a place a gazetteer knows listed with (or set after) a place the NER
    found."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    places = {i for m in mentions if m.label == "LOC" for i in (m.start, m.end - 1)}
    for m in mentions:
        # (the cheap tests first: the gazetteer is asked only of a listed person)
        if m.label == "PER" and _listed_with_a_place(doc, m.start, m.end, places, L) \
                and fold(doc[m.start].text) not in L.given_names and _known_place(fold(doc[m.start:m.end].text), L):
            m.label = m.evidence = "LOC"  # "Northampton, Leighton Buzzard", "Luton, Bedfordshire": no person
    out = []
    i = 0
    while i < len(doc):
        if i in covered or doc[i].pos_ != "PROPN" or not doc[i].text[:1].isupper() or doc[i].is_sent_start:
            i += 1
            continue
        j = i
        while j < len(doc) and j not in covered and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
            j += 1
        key = fold(doc[i:j].text)
        country = key in L.country_names and not (j - i == 1 and key in L.given_names)
        listed = not country and _listed_with_a_place(doc, i, j, places, L) and key not in L.given_names \
            and _known_place(key, L)
        if (country or listed) and not _a_word_of_the_language(doc[i:j]):
            out.append(Mention(i, j, "LOC"))
        i = j
    return out


def _a_word_of_the_language(span) -> bool:
    """One lowercase-able word the model's dictionary lists: "the North", "Chad"."""
    t = span[0]
    return len(span) == 1 and not t.is_upper and nlp.dictionary_lemma(t.doc.lang_, t.lower_) is not None


def _listed_with_a_place(doc: Doc, start: int, end: int, places: set[int], L: _Lex) -> bool:
    """A place mention right before or after, across a comma or a
    conjunction: "Northampton, Atherstone", "Palm Springs and Hemet"."""
    links = {",", "and", "et", "or", "ou"}
    before = start - 1
    if before >= 1 and doc[before].lower_ in links and before - 1 in places:
        return True
    return end + 1 < len(doc) and doc[end].lower_ in links and end + 1 in places


def _missing_persons(doc: Doc, L: _Lex, mentions: list[Mention]) -> list[Mention]:
    """ "Governor Ana Ruiz said ...": a given name of the shared list, or
    any capitalised word after a nationality or a person's role ("Manager
    Mikel Arteta"), and one or two more capitalised proper nouns the NER
    left untagged are a person's name."""
    for m in mentions:
        if m.end - m.start == 1 and m.label != "PER" and fold(doc[m.start].text) in L.given_names \
                and _age_after(doc, m.end):
            m.label = "PER"  # ("Léonie, 18 ans," read as a work or a place)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    proper = set(cached.where(doc, [POS], [{PROPN}]))
    i = 0
    while i < len(doc) - 1:
        after_role = i not in covered and _foreign_word_after_role(doc, i, L)
        if not after_role and (i in covered or i not in proper or not _name_word(doc[i], L)
                               or fold(doc[i].text) not in L.given_names and not _introduced(doc, i, L)):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and j - i < 3 and j not in covered and (
                _name_word(doc[j], L) or after_role and _untagged_name_word(doc[j], L)):
            j += 1
        last = doc[j - 1].lower_
        if j - i >= 2 and fold(last) not in L.given_names and (j >= len(doc) or not doc[j].text[:1].isupper()) \
                and last not in L.loc_tails and last not in L.org_tails and last not in L.misc_tails \
                and not (last in L.roles and not _has_given_name(doc, i, j, L)):  # ("Chief Medical Officer")
            out.append(Mention(i, j, "PER"))
        elif j - i == 1 and fold(doc[i].text) in L.given_names and _age_after(doc, j):
            out.append(Mention(i, j, "PER"))  # "William, 18 ans, a le sourire": a first name and an age
        i = j
    return out


def _initials_before_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "V.V.S. Laxman": initials the NER read as a name of their own (a
    place), then a capitalised word it left untagged, are one person."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    # (a one-word name of another type after three initials or more: "V.V.S." + "Rathore";
    # not "U.S." + "Army")
    persons = {m.start: m for m in mentions if m.label == "PER" or m.end - m.start == 1 and doc[m.start].is_title}
    out, merged = [], set()
    for m in mentions:
        j = m.end
        if m.end - m.start != 1 or not _INITIALS.fullmatch(doc[m.start].text) or j >= len(doc):
            out.append(m)
        elif j in persons and (persons[j].label == "PER" or len(doc[m.start].text) >= 6):
            merged.add(id(persons[j]))  # ("V.V.S." + the person the NER found after them)
            out.append(Mention(m.start, persons[j].end, "PER"))
        elif j not in covered and doc[j].pos_ == "PROPN" and doc[j].is_title and doc[j].is_alpha:
            while j < len(doc) and j - m.end < 2 and j not in covered and doc[j].pos_ == "PROPN" and doc[j].is_title:
                j += 1
            out.append(Mention(m.start, j, "PER"))
        else:
            out.append(m)
    return [m for m in out if id(m) not in merged]


_INITIALS = re.compile(r"(?:[A-Z]\.){2,4}")


def _has_given_name(doc: Doc, start: int, end: int, L: _Lex) -> bool:
    return any(fold(t.text) in L.given_names for t in doc[start:end])


def _age_after(doc: Doc, j: int) -> bool:
    """ ", 18 ans,", ", 45,": an age set off by commas right after a name."""
    if j + 2 >= len(doc) or doc[j].text != "," or not doc[j + 1].text.isdigit() or int(doc[j + 1].text) > 120:
        return False
    return doc[j + 2].text == "," or j + 3 < len(doc) and doc[j + 2].is_alpha and doc[j + 3].text == ","


def _untagged_name_word(tok: Token, L: _Lex) -> bool:
    """A capitalised word inside a sentence the tagger read as foreign or as a
    common noun ("Kais Saied" read X and NOUN)."""
    return tok.pos_ in ("X", "NOUN", "PROPN") and tok.is_title and tok.is_alpha and not tok.is_sent_start \
        and tok.text not in L.not_names and fold(tok.text) not in L.weekdays and fold(tok.text) not in L.months


def _foreign_word_after_role(doc: Doc, i: int, L: _Lex) -> bool:
    """ "le président de la République Kais Saied": an untagged capitalised
    word right after a person's role and its complement opens a name."""
    if not (_untagged_name_word(doc[i], L) and doc[i].pos_ == "X" or _name_word(doc[i], L)) \
            or i + 1 >= len(doc) or not _untagged_name_word(doc[i + 1], L):
        return False
    k = i - 1
    # (over the complement's words: "le ministre de l'Éducation nationale Pap Ndiaye")
    while k >= 0 and i - k <= 5 and doc[k].lower_ not in L.persons \
            and (doc[k].pos_ in ("DET", "ADP") or doc[k].pos_ in ("NOUN", "PROPN") and doc[k].is_title
                 or doc[k].pos_ == "ADJ" and doc[k].is_lower):
        k -= 1
    # (the complement has a noun of its own: in "director of the Special
    # Investigations Unit" the capitalised words are the complement, a body)
    return k >= 0 and k < i - 1 and doc[k].lower_ in L.persons and doc[k].pos_ == "NOUN" \
        and any(t.pos_ == "NOUN" or t.pos_ == "PROPN" and t.is_upper for t in doc[k + 1:i])


def _introduced(doc: Doc, i: int, L: _Lex) -> bool:
    """ "the Russian Daria Kasatkina", "Manager Mikel Arteta": a nationality
    or a person's role right before a word makes it a name's first word."""
    prev = doc[i - 1] if i > 0 else None
    return prev is not None and (prev.lower_ in L.demonyms or prev.lower_ in L.persons
                                 and prev.pos_ in ("NOUN", "PROPN"))


def _name_word(tok: Token, L: _Lex) -> bool:
    return tok.pos_ == "PROPN" and tok.is_title and tok.is_alpha and tok.text not in L.not_names \
        and tok.text not in L.titles and fold(tok.text) not in L.weekdays and fold(tok.text) not in L.months


def _missing_tailed(doc: Doc, L: _Lex, mentions: list[Mention]) -> list[Mention]:
    """ "Mecca's Grand Mosque" when the NER saw no name in it: capitalised
    proper nouns ending with a head ("Mosque", "Agency")."""
    if not (L.loc_tails or L.org_tails):
        return []
    covered = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    lows = cached.lowers(doc)
    for i in range(len(doc)):
        if i in covered or lows[i] not in L.loc_tails and lows[i] not in L.org_tails:
            continue
        t = doc[i]
        if not t.text[:1].isupper() or t.pos_ != "PROPN":
            continue
        j = i
        while j > 0 and j - 1 not in covered and (
                doc[j - 1].pos_ == "PROPN" and doc[j - 1].text[:1].isupper()
                and doc[j - 1].text not in L.not_names and doc[j - 1].text not in L.titles
                or _capitalised_link(doc, j - 1, covered)):
            j -= 1
        # "Al-Ghaza Hotel": a particle joined by a hyphen begins the name.
        if j >= 2 and doc[j - 1].text == "-" and not doc[j - 1].whitespace_ and not doc[j - 2].whitespace_ \
                and doc[j - 2].lower_ in L.particles and j - 2 not in covered:
            j -= 2
        if j < i and _tail_label(doc, j, i + 1, L):
            out.append(Mention(j, i + 1, _tail_label(doc, j, i + 1, L)))
    return out


def _capitalised_link(doc: Doc, k: int, covered: set[int]) -> bool:
    """A capitalised preposition or conjunction inside a title-case name,
    with a capitalised proper noun on each side ("Freedom From Religion
    Foundation", "Doctors Without Borders")."""
    t = doc[k]
    return t.pos_ in ("ADP", "CCONJ", "SCONJ") and t.text[:1].isupper() and not t.is_sent_start \
        and k > 0 and k - 1 not in covered and doc[k - 1].pos_ == "PROPN" and doc[k - 1].text[:1].isupper() \
        and k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN" and doc[k + 1].text[:1].isupper()


def _join_split_names(doc: Doc, mentions: list[Mention], L: _Lex) -> list[Mention]:
    """ "and Dries Mertens making", "Lockheed Martin": the NER cut one name
    in two (`_joined_label` says when and what it is); and "Dries Mertens's
    attempt" found as "Mertens": a word before a mention that makes a name
    found elsewhere in the article."""
    mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
    out: list[Mention] = []
    for m in mentions:
        label = _joined_label(doc, out[-1], m, L) if out else None
        if label is not None:
            out[-1] = Mention(out[-1].start, m.end, label)
        else:
            out.append(m)
    known = {fold(doc[m.start:m.end].text) for m in out if m.end - m.start > 1}
    covered = {i for m in out for i in range(m.start, m.end)}
    for m in out:
        s = m.start - 1
        if s >= 0 and s not in covered and doc[s].text[:1].isupper() and doc[s].is_alpha \
                and (fold(doc[s:m.end].text) in known or m.label == "PER" and _given_name_after_role(doc, s, L)):
            m.start = s
        elif m.label == "ORG" and s >= 1 and s not in covered and doc[s].pos_ == "CCONJ":
            words = _title_words_before(doc, s, covered)
            if words is not None and _body_named_with_and(doc, Mention(words, s, "ORG"), m, L):
                m.start = words  # "International Longshore and Warehouse Union": the words before it untagged
    return out


def _title_words_before(doc: Doc, s: int, covered: set[int]) -> int | None:
    """Where the capitalised words right before token s begin (none tagged)."""
    k = s
    while k - 1 >= 0 and k - 1 not in covered and doc[k - 1].is_title and doc[k - 1].is_alpha and s - k < 4:
        k -= 1
    return k if k < s else None


def _joined_label(doc: Doc, prev: Mention, m: Mention, L: _Lex) -> str | None:
    """The label of one name the NER cut in two, `prev` then `m`, or None
    when they are two names. The rules are tried in order."""
    adjacent = prev.end == m.start
    fresh = prev.alias_of is None and m.alias_of is None
    if adjacent and fresh and _hyphenated_given_name(doc, prev, m, L):
        return "PER"  # "Jean-Jacques" + "Muyembe Tamfum": one person
    if adjacent and fresh and _first_word_of_a_person(doc, prev, m, L):
        return "PER"
    if adjacent and fresh and prev.label == "PER" and m.end - m.start == 1 and _surname_like(doc[m.start], L):
        # "Judge Amy Berman Jackson", "Sutopo Purwo Nugroho": a person's
        # name, and its last word found as another name.
        return "PER"
    label = _compound_label(doc, prev, m, L) if _hyphen_joined(doc, prev, m) else None
    if label is not None:
        return label
    if adjacent and prev.end - prev.start == 1 and m.alias_of is None \
            and doc[prev.start].lower_ in L.demonyms and _known_place(fold(doc[prev.start:m.end].text), L):
        return "LOC"  # "French" + "Guiana": the place "French Guiana"
    if adjacent and fresh and _firm_cut_in_two(doc, prev, m):
        return "ORG"  # "Lockheed Martin"
    if fresh and prev.end + 1 == m.start and doc[prev.end].lower_ in L.case_links:
        return "MISC"  # "Smith v. Jordan": a court case
    if _branch_or_seat(doc, prev, m, L) or _city_and_team(doc, prev, m):
        return "ORG"
    if fresh and _body_named_with_and(doc, prev, m, L):
        return "ORG"  # "International Longshore" + "and" + "Warehouse Union"
    return None


def _body_named_with_and(doc: Doc, prev: Mention, m: Mention, L: _Lex) -> bool:
    """ "International Longshore and Warehouse Union": capitalised words, a
    conjunction, then a body's name ending with its head; neither a place
    nor a person's name before it ("France and the European Union" are two)."""
    if prev.end + 1 != m.start or doc[prev.end].pos_ != "CCONJ" or m.label != "ORG" \
            or doc[m.end - 1].lower_ not in L.org_tails:
        return False
    first = doc[prev.start:prev.end]
    return all(t.is_title for t in first) and not _has_given_name(doc, prev.start, prev.end, L) \
        and not _known_place(fold(first.text), L) and prev.label != "LOC"


def _hyphenated_given_name(doc: Doc, prev: Mention, m: Mention, L: _Lex) -> bool:
    """A person's hyphenated given name, then the rest of the name."""
    return prev.label == "PER" and m.label == "PER" and prev.end - prev.start > 1 \
        and not any(t.whitespace_ for t in doc[prev.start:prev.end - 1]) and fold(doc[prev.start].text) in L.given_names


def _first_word_of_a_person(doc: Doc, prev: Mention, m: Mention, L: _Lex) -> bool:
    """A first name of another type right before a person, but not a
    nationality, an institution or a place ("l'Américain Pete Selleck")."""
    first = doc[prev.start]
    return m.label == "PER" and prev.end - prev.start == 1 and first.pos_ == "PROPN" and first.text[:1].isupper() \
        and not first.is_upper and not first.is_sent_start and _glued_kind(first, L, set()) is None \
        and not _unknown_word_before_full_name(doc, prev.start, m.end, L)


def _firm_cut_in_two(doc: Doc, org: Mention, per: Mention) -> bool:
    """ "Lockheed Martin": one proper noun the NER called an organisation,
    then one it called a person, the first no given name: one firm."""
    return org.label == "ORG" and per.label == "PER" and org.end - org.start == 1 and per.end - per.start == 1 \
        and doc[org.start].pos_ == "PROPN" and doc[per.start].pos_ == "PROPN" \
        and given_name_gender(doc[org.start].text) is None


def _city_and_team(doc: Doc, loc: Mention, org: Mention) -> bool:
    """ "The Dallas Cowboys", "the Chicago Bulls": a place, then a plural
    proper noun the NER called an organisation, is one club's name."""
    t = doc[org.start]
    plural = t.morph.get("Number") == ["Plur"] or t.text.endswith("s") and not t.text.endswith("ss")
    return loc.label == "LOC" and org.label in ("ORG", "MISC") and loc.end == org.start and org.end - org.start == 1 \
        and loc.alias_of is None and org.alias_of is None and t.pos_ == "PROPN" and t.text[:1].isupper() and plural


def _branch_or_seat(doc: Doc, org: Mention, loc: Mention, L: _Lex) -> bool:
    """ "Amnesty International Kenya said": an organisation's national
    branch, a country right after its name; "the Law Society of Kenya": an
    organisation's name ending in a body's noun, then "of" and the place
    the NER left out."""
    if org.label != "ORG" or loc.label != "LOC" or loc.alias_of is not None or loc.end - loc.start != 1:
        return False
    if loc.start == org.end:
        return fold(doc[loc.start].text) in L.country_names \
            and (loc.end >= len(doc) or doc[loc.end].pos_ not in ("NOUN", "PROPN"))
    return loc.start == org.end + 1 and fold(doc[org.end].text) in L.of_words and org.end - org.start >= 2 \
        and doc[org.end - 1].lower_ in L.org_tails


def _given_name_after_role(doc: Doc, i: int, L: _Lex) -> bool:
    """ "Its executive director, Irungu Houghton": a capitalised word the
    NER left before a person's name, set off by a comma after a role noun,
    is the given name it did not know."""
    return i >= 2 and doc[i].pos_ == "PROPN" and not doc[i].is_sent_start and doc[i - 1].text == "," \
        and doc[i - 2].pos_ == "NOUN" and doc[i - 2].text.islower() and doc[i].text not in L.titles \
        and doc[i].lower_ not in L.demonyms and not _known_place(fold(doc[i].text), L) \
        and doc[i].lower_ not in L.roles  # ("At the park, Mayor Matt Tuerk": a capitalised role)


def _products(doc: Doc, mentions: list[Mention], L: _Lex) -> None:
    """Things, not people or places, that the NER typed as either: a name
    ending with a model number ("Windows 95", "Falcon 9"), and a one-word
    name a company owns ("Tesla's Cybertruck") that is no one's given name
    nor the surname of a person the article names."""
    surnames = {fold(doc[m.end - 1].text) for m in mentions if m.label == "PER" and m.end - m.start > 1}
    for m in mentions:
        if m.label not in ("PER", "LOC") or m.alias_of is not None:
            continue
        last = doc[m.end - 1]
        numbered = m.end - m.start > 1 and any(ch.isdigit() for ch in last.text) \
            and not _known_place(fold(doc[m.start:m.end].text), L)
        owned = m.label == "PER" and m.end - m.start == 1 and m.start >= 2 and doc[m.start - 1].lower_ in L.strip_trailing \
            and any(o.label == "ORG" and o.end == m.start - 1 for o in mentions) \
            and fold(last.text) not in L.given_names and fold(last.text) not in surnames
        if numbered or owned:
            m.label = "MISC"
        elif _of_a_person(doc, m, mentions, L):
            m.label = "ORG"  # "Lando Norris of McLaren": a person's team or firm, not another person


def _without_routes(doc: Doc, mentions: list[Mention], L: _Lex) -> list[Mention]:
    """ "l'axe Paris-Marseille-Nice", "les lignes Caen-Le Mans-Tours et
    Clermont-Béziers", "the London-Paris route", "le Thalys Bruxelles-Paris":
    places joined by hyphens after a route noun, or big cities and countries
    joined so anywhere, name a route (or a match) between them: each known
    place of the chain is a place, the chain none. A place a route noun alone
    names is a line ("l'axe Sud-Est", "les trains Intercités"), unless it is
    a country or a big city ("the Moscow flight")."""
    named = _named_by_route_nouns(doc, mentions, L)
    out = []
    for m in mentions:
        parts = _hyphened_parts(doc, m) if m.label == "LOC" and m.alias_of is None else []
        if not parts:
            out.append(m)
            continue
        key = fold(doc[m.start:m.end].text)
        keys = [fold(doc[a:b].text) for a, b in parts]
        if len(parts) > 1 and not _known_place(key, L):
            known = [p for p, k in zip(parts, keys) if _known_place(k, L)]
            if id(m) in named or len(known) == len(parts) >= 3 \
                    or all(_big_city(k) or k in L.country_names for k in keys):
                out += [Mention(a, b, "LOC") for a, b in known]
                continue
        elif id(m) in named and (key in L.compass or not (key in L.country_names or _big_city(key))):
            continue
        out.append(m)
    return out


def _named_by_route_nouns(doc: Doc, mentions: list[Mention], L: _Lex) -> set[int]:
    """The mentions a lowercase route noun names: those right after it (or
    right before it where the head noun comes last), and those listed with
    them ("les axes Est, Atlantique et Sud-Est"), across names dropped
    before (a compass point)."""
    if not L.route_nouns:
        return set()
    after = L.noun_head == "first"
    edge = {(m.start if after else m.end - 1): m for m in mentions}
    named: set[int] = set()
    for t in doc:
        if t.lower_ in L.route_nouns and t.text.islower():
            named |= _listed_names(doc, t.i + 1 if after else t.i - 1, edge, 1 if after else -1)
    return named


def _listed_names(doc: Doc, k: int, edge: dict[int, Mention], step: int) -> set[int]:
    """The mentions of a list of names read from k, one step at a time:
    names (with or without a mention) parted by commas and conjunctions."""
    found: set[int] = set()
    while 0 <= k < len(doc):
        m = edge.get(k)
        if m is not None:
            found.add(id(m))
            k = m.end if step > 0 else m.start - 1
        elif doc[k].text[:1].isupper():
            while 0 <= k < len(doc) and (doc[k].text[:1].isupper() or doc[k].text == "-"):
                k += step
        else:
            return found
        first = k
        while 0 <= k < len(doc) and _lists(doc[k]):
            k += step
        if k == first:
            return found
    return found


def _hyphened_parts(doc: Doc, m: Mention) -> list[tuple[int, int]]:
    """The stretches of a name between hyphens written without spaces:
    "Caen-Le Mans-Tours" -> "Caen", "Le Mans", "Tours"."""
    parts, begin = [], m.start
    for k in range(m.start, m.end):
        if k > begin and in_hyphened_word(doc[k]):
            parts.append((begin, k))
            begin = k + 1
    parts.append((begin, m.end))
    return [p for p in parts if p[1] > p[0]]


def _of_a_person(doc: Doc, m: Mention, mentions: list[Mention], L: _Lex) -> bool:
    """A one-word name the NER read as a person, right after another
    person's name and "of": where that person is from, not a person."""
    return m.label == "PER" and m.end - m.start == 1 and m.start >= 2 and fold(doc[m.start - 1].text) in L.of_words \
        and doc[m.start - 1].text.islower() and fold(doc[m.start].text) not in L.given_names \
        and any(o.label == "PER" and o.end == m.start - 1 and o.end - o.start >= 2 for o in mentions) \
        and not _known_place(fold(doc[m.start].text), L)


def _places_by_the_noun_after(doc: Doc, mentions: list[Mention], L: _Lex) -> None:
    """ "the Finistère department", "Idlib province": a name before a
    lowercase noun of divisions is a place, whatever the NER typed."""
    for m in mentions:
        if m.label == "LOC" or m.end >= len(doc) or not doc[m.end].text.islower() or m.alias_of is not None:
            continue
        if doc[m.end].lower_ in L.loc_nouns_after or doc[m.end].lower_ in L.sited_after and m.end - m.start == 1 \
                and m.start > 0 and doc[m.start - 1].pos_ in ("DET", "PRON") \
                and _known_place(fold(doc[m.start].text), L):
            m.label = "LOC"


def _hyphen_joined(doc: Doc, a: Mention, b: Mention) -> bool:
    """Two names the NER found on either side of a hyphen written without
    spaces ("Météo-France", "Mercedes-Benz"): one word, one name."""
    return b.start == a.end + 1 and in_hyphened_word(doc[a.end]) and a.alias_of is None and b.alias_of is None


def _compound_label(doc: Doc, a: Mention, b: Mention, L: _Lex) -> str | None:
    """Two persons' names make a compound surname, a place the lexicons
    know whole ("Bosnie-Herzégovine") a place; two places known apart are a
    pair ("le match France-Italie", "l'axe Paris-Berlin"), not one name;
    anything else ("Météo-France", "Rolls-Royce" typed apart) an organisation."""
    if a.label == b.label == "PER":
        return "PER"
    if _known_place(fold(doc[a.start:b.end].text), L):
        return "LOC"
    if all(_known_place(fold(doc[m.start:m.end].text), L) for m in (a, b)):
        return None
    return "ORG"


def _surname_like(tok: Token, L: _Lex) -> bool:
    """A capitalised word that may end a person's name: no acronym, no
    nationality, institution or listed place, no sentence's first word."""
    return tok.is_alpha and tok.text[:1].isupper() and not tok.is_upper and not tok.is_sent_start \
        and _glued_kind(tok, L, set()) is None and fold(tok.text) not in L.country_names


def _names_written_again(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "Santé publique France estime ..." where the NER, at the sentence's
    start, saw only "France": a name of several words found elsewhere in the
    article is that name wherever it is written the same, whatever shorter
    name the NER read inside it."""
    names: dict[tuple[str, ...], Mention] = {}
    for m in mentions:
        words = tuple(t.text for t in doc[m.start:m.end])
        if len(words) >= 2 and not m.role and m.alias_of is None and words[0][:1].isupper():
            names.setdefault(words, m)
    if not names:
        return mentions
    spans = {(m.start, m.end) for m in mentions}
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for words in names:
        firsts.setdefault(words[0], []).append(words)
    added: list[Mention] = []
    for t in doc:
        for words in firsts.get(t.text, ()):
            end = t.i + len(words)
            if (t.i, end) in spans or end > len(doc) or tuple(x.text for x in doc[t.i:end]) != words:
                continue
            if any(m.start < end and t.i < m.end and not (t.i <= m.start and m.end <= end) for m in mentions + added):
                continue  # (part of a longer name, or overlapping one)
            added.append(Mention(t.i, end, names[words].label, evidence=names[words].evidence))
    if not added:
        return mentions
    return [m for m in mentions if not any(a.start <= m.start and m.end <= a.end for a in added)] + added


def _surnames_written_again(doc: Doc, mentions: list[Mention], L: _Lex) -> list[Mention]:
    """ "Minister L Murugan on Saturday said ... Murugan noted": a person's
    surname the NER tagged in one place is that person where it left it
    untagged, with a bare initial before it ("L Murugan")."""
    surnames = {doc[m.end - 1].text for m in mentions if m.label == "PER" and not m.role and m.alias_of is None
                and doc[m.end - 1].text[:1].isupper() and len(doc[m.end - 1].text) > 2}
    surnames -= {name for name in surnames if fold(name) in L.country_names}
    if not surnames:
        return mentions
    covered = {i for m in mentions for i in range(m.start, m.end)}
    added = []
    for t in doc:
        if t.i in covered or t.text not in surnames or t.pos_ != "PROPN" or t.dep_ in ("compound", "amod"):
            continue  # (a word that qualifies a noun is no person: "Health authorities")
        if t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN" and doc[t.i + 1].text[:1].isupper():
            continue  # (another name: "Murugan Singh")
        start = t.i - 1 if t.i > 0 and len(doc[t.i - 1].text) == 1 and doc[t.i - 1].is_upper \
            and t.i - 1 not in covered else t.i
        added.append(Mention(start, t.i + 1, "PER"))
    return mentions + added


def _without_nested_persons(mentions: list[Mention]) -> list[Mention]:
    """ "Castéra" inside "Amélie Oudéa-Castéra", once the name was run on
    over its compound surname: one name, one mention."""
    persons = [m for m in mentions if m.label == "PER" and m.alias_of is None]
    return [m for m in mentions if not (m.label == "PER" and m.alias_of is None and any(
        o is not m and o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start for o in persons))]


def _join_particles(doc: Doc, mentions: list[Mention], L: _Lex) -> list[Mention]:
    """ "Ahmed bin Salem", "Ludwig van Beethoven", "Armel Le Cléac'h": the NER
    cut a person's name at a particle; the name runs on over it to the
    capitalised words after it (a mention of its own, or untagged)."""
    starts = {m.start: m for m in mentions}
    drop: set[int] = set()
    for m in mentions:
        p = m.end
        person = m.label == "PER" or m.evidence == "PER"  # "le skipper Armel", tagged MISC
        if person and m.end - m.start >= 2 and doc[p - 1].text in L.name_particles:
            p -= 1  # "Armel Le" found, "Cléac'h" left out
        if not person or p + 1 >= len(doc) or doc[p].text not in L.name_particles \
                or doc[p - 1].whitespace_ == "" or doc[p].is_sent_start:
            continue
        nxt = doc[p + 1]
        if not nxt.text[:1].isupper() or nxt.is_sent_start:
            continue
        after = starts.get(p + 1) or starts.get(p)  # "Le Cléac'h" found with its particle
        if after is not None and after is not m and after.alias_of is None:
            m.end = after.end
            drop.add(id(after))
        elif nxt.ent_iob_ == "O" and nxt.pos_ in ("PROPN", "NOUN", "X") and nxt.text not in L.not_names:
            end = p + 2
            # "Cléac´h": pieces glued to the name's last word.
            while end < len(doc) and not doc[end - 1].whitespace_ and (doc[end].is_alpha or doc[end].text in "´'’"):
                end += 1
            m.end = end
    return [m for m in mentions if id(m) not in drop]


def _share_list_types(doc: Doc, mentions: list[Mention], L: _Lex) -> None:
    """Names listed together are of one kind: in "Ubisoft, Microsoft, and
    Sony" or "avec le soutien du Monde, de Télérama et de la chaîne
    Histoire", a name the NER calls a place that no gazetteer knows, or a
    MISC no noun explains, is an organisation when the others of the list
    are (two at least, and none a place)."""
    ms = sorted((m for m in mentions if m.alias_of is None), key=lambda m: m.start)
    lists: list[list[Mention]] = []
    for m in ms:
        if lists and _listed_after(doc, lists[-1][-1], m, L):
            lists[-1].append(m)
        else:
            lists.append([m])
    for items in lists:
        kind = _noun_before_list(doc, items[0].start, L)
        if kind:
            for m in items:  # "brands, including Craftsman Tools, Kenmore and Lands' End"
                m.evidence = m.evidence or kind
        last = items[-1]
        if len(items) >= 2 and last.evidence == "LOC" and last.end < len(doc) \
                and "Plur" in doc[last.end].morph.get("Number"):
            for m in items:  # "Franklin, Wakulla and Levy counties": every name of the list is a county
                m.evidence = m.evidence or "LOC"
        if len(items) < 3:
            continue
        for m in items:
            others = [o.evidence or o.label for o in items if o is not m]
            if others.count("ORG") < 2 or "LOC" in others or 2 * others.count("ORG") <= len(others) or m.evidence:
                continue
            unknown_place = m.label == "LOC" and not _known_place(fold(doc[m.start:m.end].text), L)
            if unknown_place or m.label == "MISC":
                m.evidence = "ORG"


def _noun_before_list(doc: Doc, start: int, L: _Lex) -> str | None:
    """ "the ancient gods, such as Zeus, Hera and Athena", "des marques comme
    Velmor et Kastel": the type the noun before "such as" gives every name
    of the list after it."""
    i = start - 1
    while i >= 0 and doc[i].pos_ == "DET":
        i -= 1
    lows = cached.lowers(doc)
    for opener in L.list_openers:
        n = len(opener)
        if i - n + 1 < 1 or tuple(lows[i - n + 1:i + 1]) != opener:
            continue
        j = i - n
        if doc[j].text == ",":
            j -= 1
        # A plural noun: "defectors from the organization including Tom
        # Devocht" lists defectors, not organisations.
        if j >= 0 and doc[j].pos_ == "NOUN" and doc[j].text.islower() and "Plur" in doc[j].morph.get("Number"):
            return _evidence_word(doc[j], L)
    return None


def _listed_after(doc: Doc, a: Mention, b: Mention, L: _Lex) -> bool:
    """Whether b follows a in a list: only a comma or a conjunction between
    them, with the preposition and article each item repeats ("de la")."""
    between = doc[a.end:b.start]
    if not between or not any(t.text == "," or t.pos_ == "CCONJ" for t in between):
        return False
    return all(t.text == "," or t.pos_ == "CCONJ" or t.lower_ in L.head_links or t.lower_ in L.strip_leading
               for t in between)


def _join_founders(doc: Doc, mentions: list[Mention], L: _Lex) -> list[Mention]:
    """ "the Gordon and Betty Moore Foundation", "Bill & Melinda Gates
    Foundation": a first name, a conjunction, and an organisation named after
    its founders; the NER took the first name for a person of its own."""
    starts = {m.start: m for m in mentions}
    drop: set[int] = set()
    for m in mentions:
        org = starts.get(m.end + 1)
        if m.end - m.start != 1 or m.label != "PER" or org is None or org.label != "ORG" \
                or not (doc[m.end].pos_ == "CCONJ" or doc[m.end].text == "&") \
                or _tail_label(doc, org.start, org.end, L) != "ORG" or org.end - org.start < 3:
            continue
        m.end, m.label = org.end, "ORG"
        drop.add(id(org))
    return [m for m in mentions if id(m) not in drop]


def _without_common_nouns(doc: Doc, mentions: list[Mention], L: _Lex) -> list[Mention]:
    """Acronyms of common nouns and units, and names of days and months,
    are no names: "un AVC" (an indefinite article before it), "accidents
    vasculaires cérébraux (AVC)" (lowercase words it abbreviates), "à 7h44
    UTC" (after a number). One such use tells it for the whole article."""
    common: set[str] = set(L.common_acronyms)
    for m in mentions:
        t = doc[m.start]
        if m.end - m.start == 1 and t.is_upper and len(t.text) >= 2 and m.start > 0 \
                and _common_acronym(doc, m.start, L):
            common.add(t.text)
    out = []
    for m in mentions:
        text = doc[m.start:m.end].text
        key = fold(text)
        if text in common or m.end - m.start == 1 and (
                key in L.weekdays or key in L.months and m.label != "PER" and not doc[m.start].is_upper):
            continue
        out.append(m)
    return out


def speakers_as_bodies(index: EntityIndex, statements, lex: dict) -> set[str]:
    """A name the NER left unclassified (MISC) or called a place no
    gazetteer knows, that an article quotes as a speaker, is an organisation
    ("La CLCV juge que ...", "Pour l'UFC-Que Choisir, ..."): works, products
    and events say nothing, and a place speaks only for a government ("selon
    Tokyo"). Called once the statements are known; returns the ids retyped."""
    L = lex_for(lex)
    speaking = {s.speaker for s in statements if s.speaker}
    retyped = set()
    for e in index.entities:
        if e.id in speaking and (e.type == "MISC" or e.type == "LOC" and not _known_place(fold(e.name), L)):
            e.type, e.country = "ORG", None
            retyped.add(e.id)
    return retyped


def speakers_as_persons(index: EntityIndex, first_person: set[str], lex: dict) -> None:
    """A name the NER typed a body that speaks as "I" / "je" is a person
    ("\"I'm aware the tournament's not over,\" Federer said", Federer read as an
    organisation): one or two capitalised words, no acronym, no word of a
    body's name, no news outlet."""
    L = lex_for(lex)
    for e in index.entities:
        words = e.name.split()
        if e.id in first_person and e.type in ("ORG", "MISC") and 1 <= len(words) <= 2 \
                and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words) \
                and not any(w.lower() in L.all_heads or w.lower() in L.org_tails or w.lower() in L.company_suffixes
                            or w.lower() in L.institutions for w in words) \
                and not (L.media and L.media.search(e.name)):
            e.type = "PER"


def _common_acronym(doc: Doc, i: int, L: _Lex) -> bool:
    prev = doc[i - 1]
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    heads_phrase = nxt is None or nxt.pos_ not in ("NOUN", "PROPN") and nxt.text not in ("-", "–")
    if prev.lower_ in L.indefinite and heads_phrase:
        return True  # "un AVC" (but "an FBI agent": the acronym qualifies a noun)
    if prev.like_num or any(c.isdigit() for c in prev.text):
        return True  # "7h44 UTC", "15:11 GMT"
    if _counted_unit_before(doc, i, L):
        return True  # "1 200 francs CFA", "45 milliards de FCFA": a currency
    if prev.text == "(" and nxt is not None and nxt.text == ")":
        return _spelled_in_lowercase(doc, i - 1, doc[i].text, L)
    return False


def _counted_unit_before(doc: Doc, i: int, L: _Lex) -> bool:
    """A unit or scale word after a number right before the acronym ("1 200
    francs CFA"), or a scale and its "de" ("45 milliards de FCFA")."""
    j = i - 1
    if j >= 2 and doc[j].lower_ in L.quantity_of and doc[j - 1].lower_ in L.scales:
        j -= 1
    if j < 1 or doc[j].lower_ not in L.units and doc[j].lower_ not in L.scales:
        return False
    return doc[j - 1].like_num or any(c.isdigit() for c in doc[j - 1].text)


def _spelled_in_lowercase(doc: Doc, paren: int, acronym: str, L: _Lex) -> bool:
    """ "accidents vasculaires cérébraux (AVC)": the words before the bracket
    are lowercase and their initials spell the acronym, and no head makes
    them a body ("l'organisation mondiale du commerce (OMC)")."""
    links = set(L.head_links) | L.strip_leading
    letters = ""
    j = paren - 1
    while j >= 0 and len(letters) < len(acronym):
        t = doc[j]
        if t.lower_ in links and letters:
            j -= 1
            continue
        if not t.is_alpha or not t.text.islower():
            return False
        letters = t.text[0] + letters
        j -= 1
    first = doc[j + 1]
    return letters.upper() == acronym.upper() and L.evidence.get(first.lower_) is None \
        and first.lower_ not in L.org_heads and first.lower_ not in L.institutions


def _fit_acronyms(doc: Doc, mentions: list[Mention], L: _Lex) -> list[Mention]:
    """ "Movimento 5 Stelle (M5S)", "Union of Rationalist Atheists and
    Agnostics (UAAR)": the acronym in brackets tells where the name it
    follows begins. Its letters may come in another order (a translated
    name)."""
    links = set(L.head_links) | {"and", "&", "of", "for", "the"} | L.strip_leading
    drop: set[int] = set()
    for m in mentions:
        if _extend_to_acronym(doc, m):
            drop |= {k for k, o in enumerate(mentions) if o is not m and m.start <= o.start and o.end <= m.end}
        i = m.end
        if not (i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")") or m.alias_of is not None:
            continue
        acr = doc[i + 1].text
        if not (acr.isalnum() and 2 <= len(acr) <= 8 and acr[:1].isupper()
                and sum(c.isupper() for c in acr) >= 2):
            continue
        exact = loose = None
        s = m.end - 1
        while s >= max(0, m.end - 12):
            t = doc[s]
            initial = t.text[:1].isupper() or t.text.isdigit()
            if not initial and t.lower_ not in links and not (s >= m.start and t.lower_ in L.all_heads):
                break
            if initial:
                letters = "".join(w.text[0] for w in doc[s:m.end] if w.text[:1].isupper() or w.text.isdigit())
                if letters == acr.upper():
                    exact = s
                elif sorted(letters) == sorted(acr.upper()) and loose is None:
                    loose = s
                if len(letters) > len(acr):
                    break
            s -= 1
        s = exact if exact is not None else loose
        if s is None or s == m.start:
            continue
        if s < m.start:
            m.label = "ORG"
        m.start = s
        for k, o in enumerate(mentions):
            if o is not m and o.start >= s and o.end <= m.end:
                drop.add(k)
    return [o for k, o in enumerate(mentions) if k not in drop]


def _extend_to_acronym(doc: Doc, m: Mention) -> bool:
    """ "Conseil d'orientation des retraites (COR)": the NER stopped before
    the end of the name; the acronym in brackets abbreviates all of it
    (articles and prepositions aside), so the name runs to it."""
    paren = m.end
    while paren < len(doc) and paren - m.end < 12 and _word_of_a_name(doc[paren]):
        paren += 1
    if paren == m.end or paren + 2 >= len(doc) or doc[paren].text != "(" or doc[paren + 2].text != ")":
        return False
    acronym = doc[paren + 1].text
    # (an organisation's may be written as a word: "Conseil interprofessionnel du cacao et du café (Cicc)")
    written = acronym.isupper() or m.label == "ORG" and acronym.istitle()
    if not (acronym.isalpha() and written and len(acronym) >= 3):
        return False
    acronym = acronym.upper()
    if not _abbreviates(acronym, _content_initials(t for t in doc[m.start:paren] if len(t.text) > 1)):
        return False
    m.end = paren
    return True


def _word_of_a_name(t: Token) -> bool:
    """A word, a lowercase elided one ("l'", "d'") or an apostrophe alone."""
    word = t.text.rstrip("'’")
    return t.is_alpha or t.text in ("'", "’") or word.isalpha() and word.islower()


def _abbreviates(acronym: str, letters: str) -> bool:
    """ "COR" for "Conseil d'orientation des retraites", and "FTQ" for
    "Fédération des travailleurs et travailleuses du Québec": the acronym
    keeps the first and last initials and all or some of the others, in
    order."""
    if len(letters) > len(acronym) + 2 or letters[:1] != acronym[:1] or letters[-1:] != acronym[-1:]:
        return False
    rest = iter(letters)
    return all(ch in rest for ch in acronym)


def _place_after_place(doc: Doc, mentions: list[Mention], L: _Lex) -> None:
    """ "in Livorno, Tuscany, to pay": a known place's name after a place and a
    comma is the larger place it lies in, whatever type the NER gave it."""
    ends = {m.end: m for m in mentions if m.label == "LOC"}
    for m in mentions:
        if m.label == "LOC" or m.end - m.start > 3 or m.start < 2 or doc[m.start - 1].text != ",":
            continue
        before = ends.get(m.start - 1)
        if before is None or before.start == 0 or doc[before.start - 1].lower_ not in L.place_prepositions:
            continue
        if m.end < len(doc) and doc[m.end].text not in (",", ".", ";") and not doc[m.end].is_sent_start:
            continue
        span = doc[m.start:m.end]
        if _known_place(fold(span.text), L) or m.label != "PER" and not _looks_like_a_persons_name(span, L) \
                and not any(t.lower_ in L.all_heads or t.lower_ in L.org_tails for t in span):
            # "in Ayodhya, Uttar Pradesh, on Monday": the region the
            # gazetteer does not list, in the place of one
            m.label = "LOC"


def _town_people(doc: Doc, i: int, L: _Lex) -> bool:
    """ "64 % des Grenoblois", "les Marseillais": a plural article, then a
    word with a people's ending that no gazetteer knows as a place; or one
    of them ("a lancé le Toulousain", "la Niçoise Julie Martin")."""
    t = doc[i]
    if i == 0 or doc[i - 1].pos_ not in ("DET", "ADP") or not (t.is_alpha and t.text[:1].isupper()):
        return False
    plural = doc[i - 1].morph.get("Number") == ["Plur"]
    # "a lancé le Toulousain": one of them, after a lowercase article (not "Le Parisien")
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    # (or before a given name, whatever the article: "La Niçoise Julie Martin")
    one = not plural and _town_word(t, L) and (
        doc[i - 1].text.islower() and not (nxt is not None and nxt.pos_ in ("NOUN", "PROPN"))
        or nxt is not None and fold(nxt.text) in L.given_names)
    return (plural and t.lower_.endswith(L.people_suffixes) or one) and not _known_place(fold(t.text), L) \
        and t.lower_ not in L.institutions and t.lower_ not in L.org_heads


def _disagreeing_tail(t: Token) -> bool:
    """A lowercase adjective ending a name that agrees with its noun in
    neither gender nor number ("comptes pointe": a verb read as an
    adjective); languages without agreement never say so."""
    if not (t.text.islower() and t.pos_ == "ADJ" and t.dep_ == "amod" and t.head.i < t.i):
        return False
    h = t.head
    return all(t.morph.get(f) and h.morph.get(f) and t.morph.get(f) != h.morph.get(f) for f in ("Gender", "Number"))


def _known_place(key: str, L: _Lex) -> bool:
    """A name the countries or places lexicons, the gazetteer or the table of
    countries' subdivisions know as a place."""
    if key in L.country_names or key in L.regions or key in L.listed_places or key in subdivisions():
        return True
    from .places import _gazetteer  # places imports this module
    return bool(_gazetteer().lookup(key))


def _spelled_out_before_acronyms(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "Médecins sans frontières (MSF)": words the NER left untagged, opened
    by a capital, whose initials spell the bracketed acronym after them name
    a body (a preposition's initial may count or not: "sans" does in MSF,
    "de" does not in OMS)."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    for i in range(2, len(doc) - 2):
        acr = doc[i + 1].text
        if doc[i].text != "(" or doc[i + 2].text != ")" or not (acr.isupper() and acr.isalpha() and 2 <= len(acr) <= 8):
            continue
        if i - 1 in covered:
            continue
        for start in range(i - 2, max(-1, i - 2 * len(acr) - 2), -1):
            words = doc[start:i]
            if start in covered or not all(t.is_alpha for t in words):
                break
            if words[0].text[:1].isupper() and _spells(words, acr):
                out.append(Mention(start, i, "ORG"))
                break
    return out


def _spelled_out_elsewhere(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "the director of the Special Investigations Unit ... The SIU says":
    capitalised words the NER left untagged whose initials spell an acronym
    the article uses name that body."""
    acronyms = {t.text for t in doc if t.is_alpha and t.is_upper and 3 <= len(t.text) <= 6}
    if not acronyms:
        return []
    covered = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    i = 0
    while i < len(doc):
        if i in covered or not (doc[i].is_alpha and doc[i].is_title):
            i += 1
            continue
        found = None
        for e in range(i + 2, min(len(doc), i + 9) + 1):
            if any(k in covered or not doc[k].is_alpha for k in range(i, e)):
                break
            words = doc[i:e]
            if words[-1].is_title and sum(t.is_title for t in words) >= 2 and any(_spells(words, a) for a in acronyms):
                found = e
        if found is None:
            i += 1
            continue
        out.append(Mention(i, found, "ORG"))
        i = found
    return out


def _joined_by_their_acronym(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "le Haut-commissariat au Plan ... le HCP": two names the NER cut at a
    preposition are one, when the acronym the article uses spells them
    together (a hyphened word gives each part's initial)."""
    acronyms = {t.text for t in doc if t.is_alpha and t.is_upper and 2 <= len(t.text) <= 8}
    if not acronyms:
        return mentions
    ordered = sorted(mentions, key=lambda m: m.start)
    out: list[Mention] = []
    for m in ordered:
        prev = out[-1] if out else None
        between = doc[prev.end:m.start] if prev is not None and prev.end <= m.start else None
        if between is not None and 1 <= len(between) <= 2 and prev.label in ("ORG", "MISC", "LOC") \
                and all(t.pos_ in ("ADP", "DET") and t.text.islower() for t in between):
            words = [(part, t.pos_ in ("ADP", "DET", "CCONJ") and t.text.islower())
                     for t in doc[prev.start:m.end] for part in t.text.split("-") if part]
            if any(_spells_words(words, a) for a in acronyms):
                out[-1] = Mention(prev.start, m.end, "ORG")
                continue
        out.append(m)
    return out


def _spells_words(words: list[tuple[str, bool]], acronym: str) -> bool:
    """Every word gives its initial, in order; one marked a function word may
    (pairs of a word and that mark)."""
    def match(k: int, a: int) -> bool:
        if k == len(words):
            return a == len(acronym)
        text, optional = words[k]
        gives = a < len(acronym) and text[:1].upper() == acronym[a] and match(k + 1, a + 1)
        return gives or optional and match(k + 1, a)
    return match(0, 0)


def _spells(words, acronym: str) -> bool:
    """Every content word gives its initial, in order; a function word may."""
    return _spells_words([(t.text, t.pos_ in ("ADP", "DET", "CCONJ") and t.text.islower()) for t in words], acronym)


def _parenthesised_acronyms(doc: Doc, mentions: list[Mention], L: _Lex) -> list[Mention]:
    """ "des Nations Unies (ONU)": the acronym becomes a mention of its own, to
    be grouped with the name it follows."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    for m in mentions:
        i = m.end
        if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")":
            acr = doc[i + 1]
            # (an organisation's may be written as a word: "Institut national de la statistique (Insee)")
            written = acr.text.isupper() or m.label == "ORG" and acr.is_alpha and acr.text[:1].isupper()
            if written and 2 <= len(acr.text) <= 8 and acr.i not in covered:
                out.append(Mention(acr.i, acr.i + 1, m.label if _stands_for(doc, m, acr.text, L) else "ORG"))
    return out


def _stands_for(doc: Doc, m: Mention, acronym: str, L: _Lex) -> bool:
    """Whether a bracketed acronym after a name is that name's: an
    organisation's, even translated ("Service national du renseignement
    (NIS)"); a person's or a place's only when its letters are the name's
    initials ("République démocratique du Congo (RDC)"). "Jean Dupont (PS)"
    gives his party, "Kazan (AFP)" the agency of a dateline."""
    if not acronym.isupper():
        # "Loi fondamentale (Grundgesetz)": a name in another language; but
        # "Kiev (Ukraine)": the place it lies in.
        return not _known_place(fold(acronym), L)
    words = [t.text for t in doc[m.start:m.end] if t.text[:1].isupper()]
    if m.label == "ORG" or m.evidence == "ORG":
        # (but not the acronym of the name inside it: "le gouvernement de la
        # République démocratique du Congo (RDC)" is the country's)
        return not any(_initials([t.text for t in doc[k:m.end]], L) == acronym.upper()
                       for k in range(m.start + 1, m.end) if doc[k].text[:1].isupper())
    return "".join(w[0] for w in words).upper() == acronym.upper()


# --- grouping ---------------------------------------------------------------

def _name_words(doc: Doc, m: Mention, L: _Lex) -> list[str]:
    """The name's words as written, without a title or an initial ("M.",
    "B. Obama"); hyphenated names stay one word."""
    start = m.start
    while start < m.end - 1 and (doc[start].text in L.titles or re.fullmatch(r"[A-ZÀ-Ý]\.", doc[start].text)):
        start += 1
    text = doc[start:m.end].text
    return text.split()


def _initials(words: list[str], L: _Lex) -> str:
    return "".join(w[0] for w in words if w.lower() not in L.strip_leading and w[:1].isalpha()).upper()


def _acronyms_after_their_names(order: list[int], acronym_of: dict[int, int]) -> list[int]:
    """An acronym in brackets right after its name is grouped right after the
    name, before the same acronym read elsewhere ("selon l'Insee" in a
    headline, then "l'Institut national de la statistique (Insee)")."""
    after: dict[int, list[int]] = {}
    for acr, name in acronym_of.items():
        after.setdefault(name, []).append(acr)
    out: list[int] = []
    seen: set[int] = set()
    for k in order:
        for j in [k] + after.get(k, []):
            if j not in seen:
                seen.add(j)
                out.append(j)
    return out


def _group(doc: Doc, mentions: list[Mention], L: _Lex):
    # Longest names first, so that "Austin" finds "Lloyd Austin" already there
    # (by the name's own words: "M. Dupuis" is shorter than "Simon Dupuis").
    order = sorted(range(len(mentions)), key=lambda k: (-len(_name_words(doc, mentions[k], L)),
                                                        -(mentions[k].end - mentions[k].start), mentions[k].start))
    groups: list[dict] = []  # {"key": set, "words": list, "labels": list, "mentions": list}
    by_key: dict[str, int] = {}
    acronym_of: dict[int, int] = {}
    for k, m in enumerate(mentions):
        nxt = m.end
        while nxt < len(doc) and doc[nxt].text.islower() and doc[nxt].lower_ in L.demonyms:
            nxt += 1  # "le Service national du renseignement sud-coréen (NIS)"
        for k2, m2 in enumerate(mentions):
            # (or after a comma: "la Commission électorale nationale indépendante, CENI")
            if m2.start == nxt + 1 and m2.end == nxt + 2 and (doc[nxt].text == "(" or _comma_acronym(doc, m, m2)) \
                    and _stands_for(doc, m, doc[m2.start].text, L):
                acronym_of[k2] = k
            # "Masjid Al-Haram (Grand Mosque)": a name of the same kind in
            # brackets is a translation, unless it is a known place (the
            # country after its city: "Kiev (Ukraine)").
            elif m2.start == nxt + 1 and doc[nxt].text == "(" and m2.end < len(doc) and doc[m2.end].text == ")" \
                    and m2.end - m2.start >= 2 and m2.label == m.label and m.label in ("LOC", "ORG") \
                    and not _known_place(fold(doc[m2.start:m2.end].text), L) \
                    and not (m.end - m.start == 1 and doc[m.start].is_upper):
                acronym_of[k2] = k
            # "CEI (Italian Episcopal Conference)": the name after its acronym.
            elif m2.start == nxt + 1 and doc[nxt].text == "(" and m2.end < len(doc) and doc[m2.end].text == ")" \
                    and m.end - m.start == 1 and doc[m.start].is_upper \
                    and sorted(_initials(doc[m2.start:m2.end].text.split(), L)) == sorted(doc[m.start].text):
                acronym_of[k] = k2
    alias_of = _aliases_by_marker(doc, mentions, L)
    order = _acronyms_after_their_names(order, acronym_of)
    assign: dict[int, int] = {}
    for k in order:
        m = mentions[k]
        if m.alias_of is not None:
            continue
        words = _name_words(doc, m, L)
        if not words:
            continue
        # "Le Pentagone" (a sentence's first words) and "Pentagone": one name.
        key = without_article(fold(" ".join(words)))
        # "université anglaise de Manchester" and "université de Manchester":
        # a nationality inside a name does not make another name.
        plain = fold(" ".join(w for w in words if not (w.islower() and w in L.demonyms))) or key
        # "DPRK" and "North Korea", "Korea Republic" and "South Korea": one country.
        cc = "country:" + L.country_names[key] if m.label == "LOC" and key in L.country_names \
            and key not in L.constituents else None
        g = by_key.get(key)
        if g is None:
            g = by_key.get("plain:" + plain)
        if g is None and cc:
            g = by_key.get(cc)
        if g is None and k in acronym_of and acronym_of[k] in assign:
            g = assign[acronym_of[k]]
        if g is None and k in alias_of and alias_of[k] in assign:
            g = assign[alias_of[k]]  # "Pushpa Kamal Dahal, also known as Prachanda"
        if g is None and len(words) == 1:
            g = _match_short(words[0], m, groups, L)
        if g is None:
            g = _match_part(words, m, groups, L)
        if g is None and m.label == "PER" and len(words) >= 2:
            g = _misspelt_full_name(words, groups)
        if g is None:
            g = len(groups)
            groups.append({"words": words, "labels": [], "mentions": [], "forms": [], "first": m.start})
        assign[k] = g
        groups[g]["first"] = min(groups[g]["first"], m.start)
        by_key.setdefault(key, g)
        by_key.setdefault("plain:" + plain, g)
        if cc:
            by_key.setdefault(cc, g)
        groups[g]["forms"].append(words)
        # (an acronym in brackets is of its name's kind, whatever the NER made of it)
        # (an acronym in brackets after an organisation's name headed by an
        # organisation's noun is an organisation, whatever the NER made of it)
        groups[g]["labels"].append("ORG" if k in acronym_of and mentions[acronym_of[k]].label == "ORG"
                                   and doc[mentions[acronym_of[k]].start].lower_ in L.org_heads else m.label)
        if m.evidence:
            groups[g].setdefault("evidence", []).append(m.evidence)
        groups[g]["mentions"].append(k)
    position = {id(m): k for k, m in enumerate(mentions)}
    for k, m in enumerate(mentions):
        base = position.get(id(m.alias_of)) if m.alias_of is not None else None
        if base is not None and base in assign:
            groups[assign[base]]["mentions"].append(k)

    entities: list[Entity] = []
    gender: dict[str, str] = {}
    number: dict[str, str] = {}
    surnames = {fold(grp["words"][-1]) for grp in groups if len(grp["words"]) >= 2 and grp["labels"][0] == "PER"}
    # Entity ids in order of first mention.
    firsts = sorted(range(len(groups)), key=lambda g: min(mentions[k].start for k in groups[g]["mentions"]))
    for n, g in enumerate(firsts, 1):
        grp = groups[g]
        eid = f"E{n}"
        labels = grp["labels"]
        label = _vote(labels, grp, mentions, doc)
        if label == "LOC":
            label = _not_a_place(doc, grp, mentions, L)
        name = " ".join(grp["words"])
        label = _by_evidence(label, [mentions[k] for k in grp["mentions"]], fold(name), L)
        if label == "PER" and (_only_a_major_place(grp, L) or _a_subdivision(grp, L)):
            label = "LOC"
        if _named_after_people(grp, surnames):
            label = "MISC"
        ent = Entity(id=eid, name=name, type=label)
        key = fold(name)
        if label == "LOC" and key in L.country_names:
            ent.country = L.country_names[key]
        entities.append(ent)
        for k in grp["mentions"]:
            mentions[k].entity = eid
            mentions[k].label = label
        g_, n_ = _agreement(doc, [mentions[k] for k in grp["mentions"]], L)
        if g_:
            gender[eid] = g_
        if n_:
            number[eid] = n_
    return entities, gender, number


def _comma_acronym(doc: Doc, m: Mention, acronym: Mention) -> bool:
    """ "la Commission électorale nationale indépendante, CENI a communiqué":
    an acronym of three letters or more set after a name of three words or
    more by a comma only; not one of a list ("ING, KBC", "FSU, FO, CGT")."""
    text = doc[acronym.start].text
    return doc[m.end].text == "," and text.isupper() and len(text) >= 3 and m.end - m.start >= 3 \
        and not (acronym.end < len(doc) and doc[acronym.end].text in (",", "et", "and"))


def _aliases_by_marker(doc: Doc, mentions: list[Mention], L: _Lex) -> dict[int, int]:
    """ "Pushpa Kamal Dahal, also known as Prachanda", "Jean Dupont, dit
    « Jeannot »": a name right after an alias marker that follows another
    name (past a comma and a quotation mark) is a second name of it."""
    out: dict[int, int] = {}
    if not L.alias_markers:
        return out
    lows = cached.lowers(doc)
    starts = {m.start: k for k, m in enumerate(mentions)}
    for k, m in enumerate(mentions):
        i = m.end + (m.end < len(doc) and doc[m.end].text == ",")
        for marker in L.alias_markers:
            j = i + len(marker)
            if tuple(lows[i:j]) != marker:
                continue
            j += j < len(doc) and doc[j].text in OPENING_QUOTES
            if j in starts and starts[j] != k:
                out[starts[j]] = k
    return out


def _match_short(word: str, m: Mention, groups: list[dict], L: _Lex) -> int | None:
    w = fold(word)
    best = None
    for gi, grp in enumerate(groups):
        words = grp["words"]
        if len(words) < 2:
            continue
        person = "PER" in grp["labels"] or "PER" in grp.get("evidence", ())  # "tennis player Novak Djokovic" (NER: ORG)
        if person and (fold(words[-1]) == w or fold(words[0]) == w):
            best = gi if best is None else best
        elif m.evidence == "PER" and set(grp["labels"]) == {"MISC"} and len(words) <= 3 \
                and all(x[:1].isupper() for x in words) and fold(words[-1]) == w:
            # "M. Kouao" after "Boko Kouao" the NER called a thing: the
            # title makes a person of the surname, and of the full name.
            best = gi if best is None else best
        elif not person and word.isupper() and len(word) >= 2 and (word in (
                _initials(words, L), _initials([p for w in words for p in w.split("-")], L))
                or len(word) >= 3 and any(word == "".join(w[0] for w in words[k:] if w[:1].isupper())
                                          for k in range(1, len(words) - 2))):
            # ("PSG" after "Paris Saint-Germain": a hyphen's parts have initials too;
            # "DPH" after "L.A. County Department of Public Health": its own words' after the place)
            best = gi if best is None else best
        elif not person and len(words) >= 2 and fold(words[-1]) == w and _names_a_work(grp) \
                and fold(words[-2]) not in L.of_words and not _known_place(w, L):
            best = gi if best is None else best  # "Noise" after "the horror film White Noise"
        elif "ORG" in grp["labels"] and fold(words[-1]) == w and word[:1].isupper() and all(
                fold(x) in L.country_names or x.lower() in L.demonyms for x in words[:-1]):
            # "Senate" after "the U.S. Senate", "Bundestag" after "the German Bundestag"
            best = gi if best is None else best
        elif "ORG" in grp["labels"] and fold(words[0]).strip(",") == w and w not in L.country_names and (
                fold(words[-1]) in L.company_suffixes
                or len(words) == 2 and (words[-1].lower() in L.org_tails or words[-1].lower() in L.team_tails)):
            # "Kmart" after "Kmart Corp.", "Freedom" after "Freedom Magazine",
            # "Newcastle" after "Newcastle United"
            best = gi if best is None else best
    if best is None and m.label == "ORG":
        # "Scientology" after "the Church of Scientology": the one
        # organisation named "<head> of <word>" (a capitalised head, or an
        # English one: not "le conseil du CERN", a body of the CERN).
        owned = [gi for gi, grp in enumerate(groups) if "ORG" in grp["labels"] and any(
            len(f) >= 3 and fold(f[-1]) == w and fold(f[-2]) in L.of_words
            and (f[0][:1].isupper() and f[0].lower() in L.all_heads | L.org_tails or f[0].lower() in L.org_tails)
            for f in grp["forms"])]
        if len(owned) == 1:
            return owned[0]
    if best is None and m.label == "ORG":
        # "PSA" after "PSA Peugeot Citroën": a company's first word, the only
        # organisation of the article that begins so (but "Apple", then "the
        # Apple Watch", a name of its own in title case read after it, is the
        # maker, then its product).
        firsts = [gi for gi, grp in enumerate(groups) if len(grp["words"]) >= 2 and "ORG" in grp["labels"]
                  and fold(grp["words"][0]) == w and grp["words"][0][:1].isupper()
                  and (grp["first"] < m.start or any(x[:1].islower() for x in grp["words"][1:]))]
        if len(firsts) == 1:
            best = firsts[0]
    if best is None and m.label == "PER":
        best = _misspelt_surname(w, groups)
    return best


def _misspelt_surname(w: str, groups: list[dict], fits=lambda grp: True) -> int | None:
    """ "said Radhakirshnan" after "K. Radhakrishnan": a long surname alone,
    spelt nearly as the one person of the article named so (two letters
    swapped, one missing), is a typo of it, not someone new. `fits`: which
    groups may be that person."""
    if len(w) < _TYPO_MIN_LENGTH:
        return None
    near = [gi for gi, grp in enumerate(groups) if "PER" in grp["labels"] and fits(grp)
            and fold(grp["words"][-1])[:1] == w[:1]
            and SequenceMatcher(None, fold(grp["words"][-1]), w).ratio() >= _TYPO_RATIO]
    return near[0] if len(near) == 1 else None


def _misspelt_full_name(words: list[str], groups: list[dict]) -> int | None:
    """ "Varun Chakravarty" then "Varun Chakravarthy": the same given name,
    the surname spelt nearly so, is one person."""
    def same_given_name(grp: dict) -> bool:
        return len(grp["words"]) == len(words) and fold(grp["words"][0]) == fold(words[0])
    return _misspelt_surname(fold(words[-1]), groups, same_given_name)


# A surname this long, this close to another (difflib's ratio), is a typo of it:
# "Radhakirshnan" and "Radhakrishnan" score .92; "Johnson" and "Jonsson" (.86) stay two.
_TYPO_MIN_LENGTH = 8
_TYPO_RATIO = 0.9


def _names_a_work(grp: dict) -> bool:
    """A group some noun showed to be a MISC name (a work, a product)."""
    return "MISC" in grp.get("evidence", ())


def _match_part(words: list[str], m: Mention, groups: list[dict], L: _Lex) -> int | None:
    """A shorter form of one longer name, and of one only: "the Supreme Court",
    "the Court" after "Italian Supreme Court of Cassation"; "Korea" after
    "South Korea" (unless it is a place's name of its own, as "Sudan" is)."""
    n = len(words)
    w = [fold(x) for x in words]
    dotted = [i for i, x in enumerate(words) if re.fullmatch(r"(?:[A-Z]\.){2,}", x)]
    if len(dotted) == 1:
        # "East L.A." after "East Los Angeles": initials stand for words.
        i = dotted[0]
        letters = words[i].replace(".", "")
        found = set()
        for gi, grp in enumerate(groups):
            for form in grp["forms"]:
                j = i + len(letters)
                if len(form) == n - 1 + len(letters) and [fold(x) for x in form[:i]] == w[:i] \
                        and "".join(x[:1] for x in form[i:j]) == letters and [fold(x) for x in form[j:]] == w[i + 1:]:
                    found.add(gi)
        if len(found) == 1:
            return found.pop()
    if m.label == "PER":
        return _surname_of(fold(" ".join(words)), groups)
    if m.label == "ORG":
        if n == 1 and words[0].lower() not in L.org_tails and words[0].lower() not in L.org_heads \
                and words[0].lower() not in L.team_tails:  # "United" after "Manchester United"
            return None
    elif m.label == "LOC":
        if n != 1 or _known_place(w[0], L):
            return None
    else:
        return None
    found = set()
    for gi, grp in enumerate(groups):
        if m.label not in grp["labels"]:
            continue
        for form in grp["forms"]:
            f = [fold(x) for x in form]
            if len(f) <= n:
                continue
            if m.label == "LOC":
                hit = f[0] == w[0] or f[-1] == w[0]
            else:
                hit = any(f[i:i + n] == w for i in range(len(f) - n + 1))
            if hit:
                found.add(gi)
                break
    return found.pop() if len(found) == 1 else None


def _surname_of(key: str, groups: list[dict]) -> int | None:
    """ "Greg Belobo" after "Jacques Greg-Belobo", "Chaudhry Nisar" after
    "Chaudhry Nisar Ali Khan": a person's name of two words or more that ends
    or begins one longer person's name (hyphens as spaces), and one only."""
    found = {gi for gi, grp in enumerate(groups) if ("PER" in grp["labels"] or "PER" in grp.get("evidence", ()))
             and any(len(f := fold(" ".join(form))) > len(key) and (f.endswith(" " + key) or f.startswith(key + " "))
                     for form in grp["forms"])}
    return found.pop() if len(found) == 1 else None


def _vote(labels: list[str], grp: dict, mentions: list[Mention], doc: Doc) -> str:
    if "PER" in labels and len(grp["words"]) >= 2 and labels[0] == "PER":
        return "PER"
    counts: dict[str, int] = {}
    for lab in labels:
        counts[lab] = counts.get(lab, 0) + 1
    # The longest mention (grouped first) breaks ties.
    return max(counts, key=lambda lab: (lab != "MISC", counts[lab], lab == labels[0]))


def _named_after_people(grp: dict, surnames: set[str]) -> bool:
    """ "le boson de Brout-Englert-Higgs" after "Robert Brout", "François
    Englert" and "Peter Higgs": a name made of surnames of the article's
    people, joined by hyphens, names a thing after them (a law, a disease)."""
    parts = [fold(p) for p in "".join(grp["words"]).split("-")]
    return len(grp["words"]) == 1 and len(parts) >= 2 and sum(p in surnames for p in parts) >= 2


def _only_a_major_place(grp: dict, L: _Lex) -> bool:
    """ "les chiffres avancés par Washington": a person named by one word
    only, that word a country, a listed place or a capital, is the place
    (its government). A surname has a first name somewhere in the article."""
    if any(len(form) > 1 for form in grp["forms"]):
        return False
    return _famous_place(fold(grp["words"][0]), L)


def _a_subdivision(grp: dict, L: _Lex) -> bool:
    """ "Madhya Pradesh", "Nova Scotia": a person's name of several words that
    is a country's state or province, and starts with no given name."""
    words = grp["words"]
    return len(words) > 1 and fold(" ".join(words)) in subdivisions() and fold(words[0]) not in L.given_names


@functools.lru_cache(maxsize=1)
def subdivisions() -> dict[str, str]:
    """Folded names of countries' states, provinces, counties and regions,
    and the country each is in ("" when several countries have one of that
    name): data/subdivisions.tsv.gz, built by scripts/build_subdivisions.py
    from ISO 3166-2."""
    with gzip.open(_SUBDIVISIONS, "rt", encoding="utf-8") as rows:
        return dict(row.split("\t", 2)[:2] for row in rows)


_SUBDIVISIONS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "subdivisions.tsv.gz")


def _famous_place(key: str, L: _Lex) -> bool:
    """A country, a listed place, a capital or a city known beyond its
    country ("s'est retiré de Bakhmout", which the NER took for a surname or
    a work); not a given name ("Nancy", "Florence" alone name a person)."""
    if key in L.country_names or key in L.listed_places:
        return True
    if key in given_names()[0] or key in given_names()[1]:
        return False
    if key in subdivisions():
        return True  # a state, a province, a county: "Rajasthan", "Worcestershire"
    from .places import _gazetteer  # places imports this module
    return any(r.feature in ("capital", "country") or r.feature == "city" and r.names >= _FAMOUS_PLACE_NAMES
               for r in _gazetteer().lookup(key))


# A city with this many alternate names in GeoNames is known beyond its
# country (Bakhmut has 21, Venice 66; a village namesake of a surname a handful).
_FAMOUS_PLACE_NAMES = 15


def _by_evidence(label: str, ms: list[Mention], key: str, L: _Lex) -> str:
    """The type the nouns next to an entity's mentions give, when they give
    one, over the NER's: "le quotidien Ouest France" is no place, and one
    "la capsule Dragon" makes every "Dragon" of the article a vehicle. A
    country stays a country ("le pays Algérie")."""
    found = [m.evidence for m in ms if m.evidence]
    if not found or key in L.country_names or label == "MISC" and key in L.demonyms:
        return label  # (nor is a people a person: "l'attaquant Belge")
    return max(dict.fromkeys(found), key=found.count)


def _not_a_place(doc: Doc, grp: dict, mentions: list[Mention], L: _Lex) -> str:
    """An entity the NER calls a place about as often as an organisation, or
    that is said to have members, is an organisation when neither the
    countries lexicon nor the gazetteer knows a place of that name and no
    head makes it one ("a member of Scientology", "within Scientology")."""
    labels = grp["labels"]
    org = labels.count("ORG")
    for k in grp["mentions"]:
        m = mentions[k]
        if any(tuple(t.lower_ for t in doc[max(0, m.start - len(p)):m.start]) == p for p in L.org_evidence):
            org += 1
    acts = _acts(doc, [mentions[k] for k in grp["mentions"]], L)
    if not acts and (not org or 2 * org < labels.count("LOC")):
        return "LOC"
    for form in grp["forms"]:
        if _known_place(fold(" ".join(form)), L) or form[-1].lower() in L.loc_tails:
            return "LOC"
    for k in grp["mentions"]:
        m = mentions[k]
        if m.alias_of is not None or doc[m.start].lower_ in L.loc_heads:
            return "LOC"
    return "ORG"


def _acts(doc: Doc, ms: list[Mention], L: _Lex) -> bool:
    """Whether a name the NER calls a place does things a place does not
    ("le CERN a annoncé", "coordonnées par l'Inrap": a subject or an agent)
    and is never where something is ("à X", "in X")."""
    acts = False
    for m in ms:
        # (an acronym after one is a body's seat: "au CERN", "au CNRS")
        if m.start > 0 and doc[m.start - 1].lower_ in L.place_prepositions \
                and not (m.end - m.start == 1 and doc[m.start].is_upper):
            return False
        root = min(doc[m.start:m.end], key=lambda t: len(list(t.ancestors)))
        if root.dep_ in ("nsubj", "obl:agent") and root.head.pos_ == "VERB":
            acts = True
    return acts


def _agreement(doc: Doc, ms: list[Mention], L: _Lex) -> tuple[str | None, str | None]:
    """Gender and number an entity's mentions show: a title, the article
    before it, the noun it is in apposition to."""
    gender = number = None
    for m in ms:
        first = doc[m.start]
        if first.text in L.titles and L.titles[first.text]:
            gender = gender or L.titles[first.text]
        if m.start > 0 and doc[m.start - 1].pos_ == "DET":
            det = doc[m.start - 1].morph
            if det.get("Number") and not number:
                number = det.get("Number")[0]
            if det.get("Gender") and not gender and m.label != "PER":
                gender = det.get("Gender")[0]
    return gender, number


# --- roles ------------------------------------------------------------------

def _roles(doc: Doc, index: EntityIndex, L: _Lex) -> None:
    added: list[Mention] = []
    for m in list(index.mentions):
        if m.entity is None or m.role:
            continue
        ent = index.by_id[m.entity]
        if ent.type == "ORG" and ent.country is None:
            ent.country = _country_in(doc, m.start, m.end, L, demonyms_only=True) or _country_beside(doc, m, L)
        if ent.type != "PER":
            continue
        after = _role_after(doc, m, L)
        if after[0] is None:
            after = _shared_role_after(doc, index, m, L)
        for start, end in (_role_before(doc, m, L), after):
            if start is None:
                continue
            text = _span_text(doc, start, end)
            if text not in ent.roles:
                ent.roles.append(text)
            # The role's gender from its article ("la préfète"); a bare role's
            # own tag is the tagger's guess ("préfète" read as masculine) and
            # the given name tells better.
            det = doc[start] if doc[start].pos_ == "DET" else doc[start - 1] if start > 0 \
                and doc[start - 1].pos_ == "DET" else None
            g = det.morph.get("Gender") if det is not None else []
            if g == ["Masc"] and given_name_gender(ent.name) == "Fem":
                g = []  # "le maire de Nantes, Johanna Rolland": a role's masculine is its default form
            if m.entity not in index.gender and g:
                index.gender[m.entity] = g[0]
            added.append(Mention(start, end, ent.type, m.entity, role=True))
            if ent.country is None:
                ent.country = _country_in(doc, start, end, L)
    index.mentions.extend(added)


def _role_before(doc: Doc, m: Mention, L: _Lex) -> tuple[int | None, int]:
    """ "le secrétaire américain à la Défense Lloyd Austin", "La correspondante
    de France 24 en Egypte, Sonia Dridi": a role noun phrase right before."""
    i = m.start - 1
    if i >= 0 and doc[i].text in L.titles:
        i -= 1  # "le premier ministre, M. François Legault"
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i < 0 or doc[i].is_sent_start and doc[i].i == m.start - 1:
        return None, 0
    if doc[i].pos_ == "ADP":
        return None, 0  # "l'avocat d'Abéhi": the role is another's, held for the one named
    end = i + 1
    # "l'avocat du commandant Jean-Noël Abéhi": a role noun right before the
    # name, with no comma, is the name's own title, whatever phrase it is the
    # complement of (but "l'avocat de la famille, Jean Lestrade": the whole phrase)
    start = i if i == m.start - 1 and doc[i].lower_ in L.persons and doc[i].pos_ in ("NOUN", "PROPN") \
        and doc[i].dep_ == "nmod" and any(c.dep_ == "case" for c in doc[i].children) else None
    if start is None:
        start = _role_head_by_parse(doc, i, m.start, L)
    if start is None:
        start = _role_head_by_words(doc, i, L)
    if start is None:
        return None, 0
    # The phrase must be contiguous up to the name: no verb in between, nor
    # another person ("le premier ministre, M. François Legault, le ministre
    # de la Culture, M. Mathieu Lacombe").
    if any(t.pos_ in ("VERB", "AUX") or t.text in (".", ";", ":") or t.ent_type_ == "PER" or t.text in L.titles
           for t in doc[start:end]):
        return None, 0
    if doc[end].text == "," and object_of_a_clause_before(doc, start, m.start, m.end):
        return None, 0
    return start, end


def object_of_a_clause_before(doc: Doc, noun: int, start: int, end: int) -> bool:
    """ "Après avoir remercié sa famille, Jafar Panahi s'est adressé ...": the
    noun before the comma is the object of a clause set before the subject,
    not a role of the name: the parse does not hang the name from it, or the
    name is the subject of the verb after it (but "il a reçu le ministre,
    Jean Dupont, qui ...": the name is the minister's)."""
    root = next((t for t in doc[start:end] if not start <= t.head.i < end), doc[start])
    tok = doc[noun]
    return tok.dep_ == "obj" and tok.head.i < noun and (not noun <= root.head.i < start
                                                          or subject_by_position(doc, end))


def subject_by_position(doc: Doc, end: int) -> bool:
    """A name ending at `end` right before a verb that has no subject, past
    the clitics between them ("Jafar Panahi s'est adressé", "X n'a pas
    caché"): that verb's subject, whatever the parse hung it from."""
    i = end
    while i < len(doc) and doc[i].pos_ in ("PRON", "ADV") and not doc[i].dep_.startswith("nsubj") and len(doc[i]) <= 3:
        i += 1  # ("se", "s'", "ne", "n'", "lui")
    if i >= len(doc) or doc[i].pos_ not in ("AUX", "VERB"):
        return False
    verb = doc[i] if doc[i].pos_ == "VERB" else doc[i].head
    return verb.pos_ in ("VERB", "AUX") and not any(c.dep_ in ("nsubj", "nsubj:pass", "expl:subj")
                                                    for c in verb.children)


def _role_head_by_parse(doc: Doc, i: int, limit: int, L: _Lex) -> int | None:
    """Climb from the word before the name to the role noun heading its
    phrase: the topmost one ("l'avocat de la famille": avocat, not famille;
    "la femme du président": femme)."""
    tok = doc[i]
    found = None
    for _ in range(8):
        if tok.lower_ in L.persons and tok.pos_ in ("NOUN", "ADJ", "PROPN"):
            found = tok.i
        if tok.head.i == tok.i or tok.head.i >= limit or found is not None and tok.dep_ != "nmod":
            return found  # (past a role, only up from its complement: not to another person's role)
        tok = tok.head
    return found


def _role_head_by_words(doc: Doc, i: int, L: _Lex) -> int | None:
    """The same, read leftwards when the parse hangs the phrase elsewhere
    ("avec son complice de toujours, Jean-Michel Larqué"): the leftmost role
    noun before a verb, a punctuation mark or a preposition other than de/à."""
    found = None
    for j in range(i, max(-1, i - 10), -1):
        t = doc[j]
        if t.pos_ in ("VERB", "AUX") or t.is_punct and t.text not in ("'", "’", "-") or t.is_space:
            break
        if t.pos_ == "ADP" and t.lower_ not in L.role_prepositions:
            break
        if t.lower_ in L.persons and t.pos_ in ("NOUN", "ADJ", "PROPN"):
            found = j
    return found


def _role_after(doc: Doc, m: Mention, L: _Lex) -> tuple[int | None, int]:
    """ "Philippe Varin, président du directoire", "Barroso, le président de
    la commission européenne", "Joechen Zaumseil le vice-président de L'Oréal"."""
    i = m.end
    if i < len(doc) and doc[i].text == ",":
        i += 1
    while i < len(doc) and (doc[i].pos_ == "DET" or doc[i].pos_ == "NUM" and i > m.end and doc[i - 1].pos_ == "DET"):
        i += 1  # (and a number: "X et Y, les deux avocats de l'accusé")
    if i >= len(doc) or doc[i].lower_ not in L.persons or doc[i].pos_ not in ("NOUN", "ADJ", "PROPN"):
        return None, 0
    start = i
    end = i + 1
    # Take the noun's right-hand modifiers, stopping at a comma or a verb.
    while end < len(doc):
        t = doc[end]
        if t.text in (",", ";", ":", ".", "«", "»", "(", ")") or t.pos_ in ("VERB", "AUX") or t.is_space:
            break
        if not _descends(t, doc[start]):
            break
        end += 1
    if end + 1 < len(doc) and doc[end].text == "," and (doc[end + 1].text in L.titles or doc[end + 1].ent_type_ == "PER"):
        return None, 0  # "M. Legault, le ministre de la Culture, M. Lacombe": the next name's role
    if end < len(doc) and doc[end].pos_ in ("VERB", "AUX") and doc[start].dep_.startswith("nsubj") \
            and doc[start].head.i >= end and doc[m.end].text == ",":
        return None, 0  # "Selon X, la femme portait ...": the next clause's subject, no apposition
    return start, end


def _shared_role_after(doc: Doc, index: EntityIndex, m: Mention, L: _Lex) -> tuple[int | None, int]:
    """ "Vincent Spira et Yaël Hayat, les deux avocats de l'accusé": a plural
    role after two coordinated names is the first one's too."""
    nxt = next((o for o in index.mentions if o.start == m.end + 1 and not o.role and o.entity
                and index.by_id[o.entity].type == "PER"), None) if m.end < len(doc) else None
    if nxt is None or doc[m.end].pos_ != "CCONJ":
        return None, 0
    start, end = _role_after(doc, nxt, L)
    return (start, end) if start is not None and doc[start].morph.get("Number") == ["Plur"] else (None, 0)


def _descends(t: Token, anc: Token) -> bool:
    while t.head.i != t.i:
        if t.head.i == anc.i:
            return True
        t = t.head
    return False


def _span_text(doc: Doc, start: int, end: int) -> str:
    while end > start and (doc[end - 1].text in _PUNCT_EDGE or doc[end - 1].is_space):
        if doc[end - 1].text == ")" and "(" in doc[start:end].text:
            break
        end -= 1
    return doc[start:end].text.strip()


def _country_beside(doc: Doc, m: Mention, L: _Lex) -> str | None:
    """A body's country written beside its name: a nationality right after it
    ("le Service national du renseignement sud-coréen"), or a country owning
    it ("South Korea's National Intelligence Service")."""
    if m.end < len(doc) and doc[m.end].text.islower() and L.demonyms.get(doc[m.end].lower_):
        return L.demonyms[doc[m.end].lower_]
    if m.start >= 2 and doc[m.start - 1].lower_ in L.strip_trailing:
        for k in range(max(0, m.start - 4), m.start - 1):
            code = L.country_names.get(fold(doc[k:m.start - 1].text))
            if code:
                return code
    return None


def _country_in(doc: Doc, start: int, end: int, L: _Lex, demonyms_only: bool = False) -> str | None:
    for t in doc[start:end]:
        code = L.demonyms.get(t.lower_)
        if code:
            return code
    if demonyms_only:
        return None
    m = L.of_country.search(fold(doc[start:end].text))
    return L.country_names[m.group(1)] if m else None
