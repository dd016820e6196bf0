"""Places on the map: every LOC entity (and the country of people and
organisations where the text states it) resolved offline to a GeoNames id, an
ISO 3166-1 country code and coordinates.

Sources, in order of trust:
1. the language's lexicons: country names and cross-country areas
   (countries.toml), regions, landmarks and institutions (places.toml);
2. the gazetteer (src/depeche/data, built by scripts/build_gazetteer.py from
   GeoNames: cities of 5,000 inhabitants or more with their exonyms,
   countries, US states), read once per process;
3. a composite name's part that resolves ("Tahrir du Caire" -> Le Caire,
   "aéroport de Nice"): the whole lies there, it takes that place's country
   and coordinates but not its geonameid (`inferred`);
4. a one-letter slip of a known name ("Villeurbane").
A name may have readings in several countries ("Columbus", "Géorgie"): the
article decides, through the countries it names (resolved places, demonyms,
people's nationalities, the dateline), a country or region named next to the
mention ("région russe de Koursk", "Columbus, la capitale de l'Ohio") and
population. A place none of these know ("place Tahrir", "école Ozar Hatorah")
inherits the country of the place it is attached to in the text, else the
article's main country: `inferred` is true, geonameid and coordinates null.
Names every country has ("Sénat", "le Nord-Est") take the article's main
country the same way.

Cost: the gazetteer loads in about 0.1 s on first use; an article then takes
about a millisecond (bisections in sorted lists, no per-document regex).
"""
from __future__ import annotations

import bisect
import dataclasses
import gzip
import math
import threading
from dataclasses import dataclass, field
from importlib import resources

from spacy.tokens import Doc

from .. import lexicon
from ..text import apostrophes, fold
from ..record import Place
from . import cached, entities
from .entities import EntityIndex, in_hyphened_word

# Weights of the evidence for one reading of a name (see _score).
PRIOR = {"country": 12.0, "group": 11.5, "area": 11.4, "contextual": 10.0,
         "gz_country": 8.0, "gz_state": 6.5}
# A country or a state/region named right next to the mention, with nothing
# but prepositions, articles, commas and place nouns between ("région russe de
# Koursk", "Columbus, la capitale de l'Ohio", "Springfield, dans l'Illinois"),
# then anywhere else in the sentence within WINDOW tokens.
NEAR_COUNTRY = 3.0
NEAR_DIVISION = 2.0
SENTENCE_COUNTRY = 0.5
SENTENCE_DIVISION = 1.0
ARTICLE_DIVISION = 1.0  # its state/region is named somewhere in the article
SHARE = 1.5  # times the country's share of the article's country evidence
SMOOTHING = 2.0  # evidence added to the total, so that one demonym is not the whole article
WINDOW = 12  # tokens either side of a mention, within its sentence
TIGHT = 5  # at most this many linking words between a mention and what qualifies it
# A city's prior: log10(population) + FAME * log10(1 + its number of names),
# + MAIN_NAME when the text has its main name, not one of its alternate names
# ("Islamabad" is Islamabad, not Chattogram, once called so).
FAME = 1.0
MAIN_NAME = 1.0
OBSCURE = 10  # a place with fewer names, found by an alternate one, is read only where its country is in the article
CITY = frozenset({"city", "capital"})
SURE_MARGIN = 1.5  # a reading this far ahead of any other country's is taken as known in pass 1


# --- the gazetteer ------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    geonameid: int
    name: str
    country: str
    lat: float | None
    lon: float | None
    population: int
    feature: str  # "city", "capital", "country", "state"
    admin1: str
    names: int  # how many alternate names GeoNames has for it: fame


def _row(line: str) -> Row:
    gid, name, cc, lat, lon, pop, feat, adm, names = line.split("\t")
    return Row(int(gid), name, cc, float(lat) if lat else None, float(lon) if lon else None,
               int(pop or 0), feat, adm, int(names or 0))


class Gazetteer:
    """The two TSV files, kept as sorted lists of lines and bisected: loading
    is decompression and one split, no dict of 200,000 keys."""

    def __init__(self, places_text: str, aliases_text: str):
        lines = places_text.split("\n")
        k = lines.index("#cities")
        self.countries: dict[str, Row] = {}
        self.divisions: dict[tuple[str, str], Row] = {}
        self._fixed: dict[int, Row] = {}
        for line in lines[1:k]:
            r = _row(line)
            self._fixed[r.geonameid] = r
            if r.feature == "country":
                self.countries.setdefault(r.country, r)
            else:
                self.divisions[(r.country, r.admin1)] = r
        self._cities = [ln for ln in lines[k + 1:] if ln]
        self._aliases = [ln for ln in aliases_text.split("\n") if ln]
        self._cache: dict[int, Row | None] = {}

    def row(self, gid: int) -> Row | None:
        r = self._fixed.get(gid)
        if r is not None:
            return r
        if gid in self._cache:
            return self._cache[gid]
        key = f"{gid}\t"
        i = bisect.bisect_left(self._cities, key)
        r = _row(self._cities[i]) if i < len(self._cities) and self._cities[i].startswith(key) else None
        self._cache[gid] = r
        return r

    def lookup(self, folded: str) -> list[Row]:
        """The places a folded name may be, most populous first."""
        if not folded:
            return []
        key = folded + "\t"
        i = bisect.bisect_left(self._aliases, key)
        if i >= len(self._aliases) or not self._aliases[i].startswith(key):
            return []
        return [r for r in map(self.row, map(int, self._aliases[i][len(key):].split(","))) if r]

    def near_misses(self, folded: str, limit: int = 4000) -> list[Row]:
        """Places one edit away (a letter added, dropped, changed or two
        swapped) from a name of six letters or more, the first half kept."""
        if len(folded) < 6:
            return []
        prefix = folded[: len(folded) // 2]
        i = bisect.bisect_left(self._aliases, prefix)
        out: list[Row] = []
        n = 0
        while i < len(self._aliases) and n < limit:
            line = self._aliases[i]
            if not line.startswith(prefix):
                break
            alias, ids = line.split("\t", 1)
            if alias != folded and abs(len(alias) - len(folded)) <= 1 and _one_edit(alias, folded):
                out.extend(r for r in map(self.row, map(int, ids.split(","))) if r)
            i += 1
            n += 1
        return out


def _one_edit(a: str, b: str) -> bool:
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) > len(b):
        a, b = b, a
    k = 0
    while k < len(a) and a[k] == b[k]:
        k += 1
    return a[k:] == b[k + 1:]


_gz: Gazetteer | None = None
_gz_lock = threading.Lock()


def _gazetteer() -> Gazetteer:
    """Loaded on first use, once per process."""
    global _gz
    if _gz is None:
        with _gz_lock:
            if _gz is None:
                root = resources.files("depeche") / "data"
                places = gzip.decompress((root / "places.tsv.gz").read_bytes()).decode("utf-8")
                aliases = gzip.decompress((root / "aliases.tsv.gz").read_bytes()).decode("utf-8")
                _gz = Gazetteer(places, aliases)
    return _gz


# --- the lexicon's tables -----------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One reading of a name in places.toml."""

    country: str
    feature: str
    ref: str  # a city's name, or an admin1 code with by_admin1
    by_admin1: bool
    weak: bool


@dataclass
class _Tables:
    countries: dict[str, str]  # folded name -> ISO
    areas: frozenset[str]
    demonyms: dict[str, str]  # lowercase word -> ISO
    groups: dict[str, list[Entry]]  # folded name -> readings (exonyms have feature "exonym")
    contextual: frozenset[str]
    admin_heads: frozenset[str]
    street_heads: frozenset[str]
    facility_heads: frozenset[str]
    building_heads: frozenset[str]
    attach: frozenset[str]
    articles: frozenset[str]
    splitters: frozenset[str]  # "de", "du", "d'"... lowercase, apostrophe '
    elided: tuple[str, ...]  # the ones glued to the next word: "d'"
    resolved: dict[Entry, "Cand | None"] = field(default_factory=dict)


def _tables(lex: dict) -> _Tables:
    countries = lex.get("countries", {})
    places = lex.get("places", {})
    ent = lex.get("entities", {})
    heads = places.get("heads", {})
    groups: dict[str, list[Entry]] = {}
    for g in places.get("group", []):
        weak = g.get("weak", False)
        for name, ref in g.get("names", {}).items():
            entry = Entry(g["country"], g.get("feature", "region"), ref, g.get("by") == "admin1",
                          weak is True or (isinstance(weak, list) and name in weak))
            lst = groups.setdefault(fold(name), [])
            if entry not in lst:
                lst.append(entry)
    for cc, names in places.get("exonyms", {}).items():
        for name, ref in names.items():
            entry = Entry(cc, "exonym", ref, False, False)
            lst = groups.setdefault(fold(name), [])
            if entry not in lst:
                lst.append(entry)
    return _Tables(
        countries={fold(k): v for k, v in countries.get("names", {}).items()},
        areas=frozenset(fold(k) for k in countries.get("regions", {}))
        | frozenset(fold(k) for k in places.get("areas", {}).get("names", [])),
        demonyms={k.lower(): v for k, v in countries.get("demonyms", {}).items()},
        groups=groups,
        contextual=frozenset(fold(k) for k in places.get("contextual", {}).get("names", [])),
        admin_heads=frozenset(fold(w) for w in heads.get("admin", [])),
        street_heads=frozenset(fold(w) for w in heads.get("street", [])),
        facility_heads=frozenset(fold(w) for w in heads.get("facility", [])),
        building_heads=frozenset(fold(w) for w in heads.get("buildings", [])),
        attach=frozenset(apostrophes(w) for w in places.get("attach", {}).get("words", [])),
        articles=frozenset(fold(w) for w in ent.get("strip_leading", [])),
        splitters=frozenset(apostrophes(w) for w in places.get("composite", {}).get("after", [])),
        elided=tuple(apostrophes(w) for w in places.get("composite", {}).get("after", [])
                     if w.endswith(("'", "’"))),
    )


def _tables_for(lex: dict) -> _Tables:
    return lexicon.derived(lex, "places", _tables)


# --- readings -----------------------------------------------------------------

@dataclass
class Cand:
    country: str | None
    feature: str
    prior: float
    source: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str = ""
    weak: bool = False
    inferred: bool = False  # a part of the name resolved, not the name


def _from_row(r: Row, source: str, prior: float | None = None) -> Cand:
    if prior is None:
        prior = (PRIOR["gz_country"] if r.feature == "country" else PRIOR["gz_state"] if r.feature == "state"
                 else math.log10(max(r.population, 1000)) + FAME * math.log10(1 + r.names))
    return Cand(r.country, r.feature, prior, source, r.geonameid, r.lat, r.lon, r.admin1)


def _country_cand(iso: str, G: Gazetteer, prior: float = PRIOR["country"]) -> Cand:
    r = G.countries.get(iso)
    if r is None:
        return Cand(iso, "country", prior, "country")
    return Cand(iso, "country", prior, "country", r.geonameid, r.lat, r.lon)


def _entry_cand(e: Entry, T: _Tables, G: Gazetteer) -> Cand | None:
    if e in T.resolved:
        return T.resolved[e]
    c = None
    if e.feature == "exonym":
        r = next((r for r in G.lookup(fold(e.ref)) if r.country == e.country), None)
        if r is not None:
            c = _from_row(r, "group", PRIOR["group"])
    elif e.by_admin1:
        r = G.divisions.get((e.country, e.ref))
        if r is not None:
            c = Cand(e.country, e.feature, PRIOR["group"], "group", r.geonameid, r.lat, r.lon, r.admin1, e.weak)
    else:
        # The representative city gives coordinates and admin1, not its id;
        # "Arlington (VA)" names its admin1 too.
        name, _, adm = e.ref.partition(" (")
        adm = adm.rstrip(")")
        r = next((r for r in G.lookup(fold(name)) if r.country == e.country and r.feature in CITY
                  and (not adm or r.admin1 == adm)), None)
        c = Cand(e.country, e.feature, PRIOR["group"], "group", None,
                 r.lat if r else None, r.lon if r else None, r.admin1 if r else "", e.weak)
    if c is None:
        c = Cand(e.country, e.feature, PRIOR["group"], "group", weak=e.weak)
    T.resolved[e] = c
    return c


def _variants(form: str, T: _Tables) -> list[tuple[str, str]]:
    """A folded form, without its article, without its head noun, with what
    the rest is to the whole: "same" ("région Centre" -> "centre"), "in" (a
    facility in that place: "aéroport de Nice"), "street" (named after it:
    "rue de Paris", "place Tahrir")."""
    out = [(form, "same")]
    words = form.split()
    while len(words) > 1 and words[0] in T.articles:
        words = words[1:]
        out.append((" ".join(words), "same"))
    if len(words) > 1:
        head = words[0]
        kind = ("same" if head in T.admin_heads else "in" if head in T.facility_heads
                else "street" if head in T.street_heads else None)
        if kind:
            rest = words[1:]
            while len(rest) > 1 and rest[0] in T.articles:
                rest = rest[1:]
            out.append((" ".join(rest), kind))
    return out


def _as(c: Cand, kind: str, feature: str = "facility") -> Cand:
    """A reading of the part, turned into one of the whole."""
    if kind == "same":
        return c
    if kind == "street":
        return Cand(c.country, "street", c.prior, c.source, inferred=True, weak=c.weak)
    # Located in that place: its country and coordinates, not its id.
    return Cand(c.country, feature, c.prior, c.source, None, c.lat, c.lon, c.admin1, c.weak, True)


def _lexicon_cands(key: str, T: _Tables, G: Gazetteer) -> list[Cand]:
    out = []
    iso = T.countries.get(key)
    if iso:
        out.append(_country_cand(iso, G))
    for e in T.groups.get(key, ()):
        c = _entry_cand(e, T, G)
        if c is not None:
            out.append(c)
    if key in T.areas:
        out.append(Cand(None, "area", PRIOR["area"], "area"))
    if not out and key in T.contextual:
        out.append(Cand(None, "contextual", PRIOR["contextual"], "contextual"))
    return out


def _gazetteer_cands(key: str, G: Gazetteer, org: bool) -> list[Cand]:
    """The gazetteer's readings of a folded name. An organisation named like
    a place is a capital standing for its government ("Moscou", "Bruxelles"),
    never a town that shares a company's or a party's name ("Carrefour",
    "Hamas" for Hamm). An obscure place found by one of its alternate names
    (GeoNames lists many odd ones) is weak."""
    out = []
    if len(key) < 3:
        return out  # "To", "We": odd two-letter aliases
    for r in G.lookup(key):
        if org and r.feature not in ("capital", "country"):
            continue
        c = _from_row(r, "gazetteer")
        if r.feature in CITY:
            if fold(r.name) == key:
                c.prior += MAIN_NAME
            elif r.names < OBSCURE:
                c.weak = True
        out.append(c)
    return out


def _readings(written: list[str], T: _Tables, G: Gazetteer, org: bool) -> list[Cand]:
    """Every reading of an entity's forms (as written), from the most trusted
    source that has one."""
    forms = list(dict.fromkeys(f for f in map(fold, written) if f))
    variants: list[tuple[str, str]] = []
    for f in forms:
        for v in _variants(f, T):
            if v[0] and v not in variants:
                variants.append(v)
    for source in ("lexicon", "gazetteer"):
        out: list[Cand] = []
        for key, kind in variants:
            found = _lexicon_cands(key, T, G) if source == "lexicon" else _gazetteer_cands(key, G, org)
            out.extend(_as(c, kind) for c in found)
        if out:
            if not all(c.inferred for c in out):
                # "Cape Canaveral" and "base de Cape Canaveral": the name itself.
                out = [c for c in out if not c.inferred]
            return _dedupe(out)
    # A state or province GeoNames' cities list lacks ("Madhya Pradesh",
    # "Nouvelle-Écosse"): its country, from ISO 3166-2, without coordinates.
    divisions = [entities.subdivisions().get(key) for key, _ in variants]
    country = next((c for c in divisions if c), None)
    if country is not None and not org:
        return [Cand(country, "state", PRIOR["gz_state"], "subdivision")]
    # A composite name: the part after "de", "du", "à"... ("Tahrir du Caire",
    # "école Jean-Jaurès de Figeac"), a place the whole lies in.
    out = []
    feature = "street" if any(f.split(" ", 1)[0] in T.street_heads for f in forms) else "unknown"
    for w in written:
        part = _after_last_splitter(w, T)
        if not part:
            continue
        for p, _ in _variants(part, T):
            found = _lexicon_cands(p, T, G) or _gazetteer_cands(p, G, False)
            out.extend(_as(c, "in", feature) for c in found if c.country)
        if out:
            break
    return _dedupe(out)


def _after_last_splitter(written: str, T: _Tables) -> str:
    """ "place Tahrir du Caire" -> "caire", "consulat d'Algérie" -> "algerie";
    words joined by hyphens are one name ("Notre-Dame-des-Landes")."""
    words = apostrophes(written).split()
    for i in range(len(words) - 1, 0, -1):
        w = words[i].lower()
        if w in T.splitters and i + 1 < len(words):
            return fold(" ".join(words[i + 1:]))
        for el in T.elided:
            if w.startswith(el) and len(w) > len(el):
                return fold(" ".join([words[i][len(el):], *words[i + 1:]]))
    return ""


def _dedupe(cands: list[Cand]) -> list[Cand]:
    seen, out = set(), []
    for c in cands:
        k = (c.source, c.country, c.geonameid, c.feature, c.lat)
        if k not in seen:
            seen.add(k)
            out.append(c)
    return out


def _sure(cands: list[Cand], weak: bool = False) -> Cand | None:
    """The reading pass 1 may rely on: one country, or one far ahead (weak
    readings too with `weak`: good enough to qualify a neighbour, as in
    "Valence, dans la Drôme", not to count as the article's country)."""
    usable = [c for c in cands if (weak or not c.weak) and c.source != "contextual"]
    if not usable:
        return None
    best = max(usable, key=lambda c: c.prior)
    if best.country is None:
        return best if all(c.country is None for c in usable) else None
    rivals = [c.prior for c in cands if c.country != best.country]
    if not rivals or best.prior - max(rivals) >= SURE_MARGIN:
        return best
    return None


# --- the article's evidence ---------------------------------------------------

@dataclass
class _Context:
    support: dict[str, float]
    divisions: set[tuple[str, str]]
    total: float = 0.0

    def share(self, cc: str | None) -> float:
        return self.support.get(cc, 0.0) / (self.total + SMOOTHING) if cc else 0.0

    def main(self) -> str | None:
        return max(self.support, key=lambda c: (self.support[c], c)) if self.support else None


def _score(c: Cand, ctx: _Context, near_cc: dict[str, float], near_div: dict[tuple[str, str], float]) -> float:
    s = c.prior
    if c.country:
        s += SHARE * ctx.share(c.country) + near_cc.get(c.country, 0.0)
        div = near_div.get((c.country, c.admin1), 0.0) if c.admin1 else 0.0
        if not div and c.admin1 and c.feature in CITY and (c.country, c.admin1) in ctx.divisions:
            div = ARTICLE_DIVISION
        s += div
    return s


# --- extraction ---------------------------------------------------------------

def extract(doc: Doc, lex: dict, ents: EntityIndex, dateline_place: str | None = None) -> list[Place]:
    """One place per LOC entity (and per place-like ORG: a landmark, an
    institution, a building, a city standing for its government) and per
    PER/ORG entity whose country is known; LOC entities get their `country`."""
    T = _tables_for(lex)
    G = _gazetteer()
    text = cached.text(doc)
    lowers = cached.lowers(doc)

    spans: dict[str, list[tuple[int, int]]] = {}
    for m in ents.mentions:
        if m.entity and not m.role:
            spans.setdefault(m.entity, []).append((m.start, m.end))

    # Pass 1: each entity's readings, without context.
    readings: dict[str, list[Cand]] = {}
    buildings: set[str] = set()
    for e in ents.entities:
        if e.type not in ("LOC", "ORG"):
            continue
        written = [e.name, *(getattr(e, "forms", None) or [text[a:b] for a, b in e.mentions])]
        forms = list(dict.fromkeys(map(fold, written)))
        org = e.type == "ORG"
        cands = _readings(written, T, G, org)
        building = org and any(f.split(" ", 1)[0] in T.building_heads for f in forms)
        if org and cands and all(c.inferred for c in cands):
            # "université de Caen" is in Caen; "ambassade de France", "Banque
            # de France" are organisations of a country, not places in it.
            cands = [dataclasses.replace(c, feature="building") for c in cands
                     if building and c.feature != "country" and not any(x.source == "country" for x in cands)]
        if building and not cands:
            buildings.add(e.id)
        if cands or not org:
            readings[e.id] = cands

    ctx = _Context({}, set())
    sure: dict[str, Cand] = {}
    hints: dict[str, Cand] = {}
    for eid, cands in readings.items():
        h = _sure(cands, weak=True)
        if h is not None:
            hints[eid] = h
        c = _sure(cands)
        if c is not None:
            sure[eid] = c
            if c.country and not c.inferred:
                ctx.support[c.country] = ctx.support.get(c.country, 0.0) + (len(spans.get(eid, ())) or 1)
            if c.country and c.admin1 and c.feature not in CITY:
                ctx.divisions.add((c.country, c.admin1))
    for e in ents.entities:
        if e.type in ("PER", "ORG") and e.country and e.id not in readings:
            ctx.support[e.country] = ctx.support.get(e.country, 0.0) + 1.0
    for w in lowers:
        cc = T.demonyms.get(w)
        if cc:
            ctx.support[cc] = ctx.support.get(cc, 0.0) + 0.5
    if dateline_place:
        c = _sure(_readings([dateline_place], T, G, False))
        if c is not None and c.country:
            ctx.support[c.country] = ctx.support.get(c.country, 0.0) + 2.0
    ctx.total = sum(ctx.support.values())

    # Pass 2: each reading scored in context.
    chosen: dict[str, Cand] = {}
    for eid, cands in readings.items():
        live = [c for c in cands if not (c.weak and ctx.total and not ctx.support.get(c.country or "", 0.0))]
        if any(c.source != "contextual" for c in live):
            live = [c for c in live if c.source != "contextual"]
        if not live and cands and not any(c.source == "contextual" for c in cands):
            # Only weak readings, of countries the article never points at:
            # treat the name as unknown.
            continue
        if not live:
            continue
        if len(live) == 1:
            best = live[0]
        else:
            near_cc, near_div = _near(doc, ents, eid, spans.get(eid, ()), T, hints, lowers)
            best = max(live, key=lambda c: _score(c, ctx, near_cc, near_div))
        if best.source == "contextual":
            main = ctx.main()
            best = Cand(main, "contextual", best.prior, "contextual", inferred=True)
        chosen[eid] = best

    # A LOC of the reading's country resolved by a one-letter slip ("Villeurbane").
    for eid, cands in readings.items():
        if eid in chosen:
            continue
        e = ents.by_id[eid]
        if e.type != "LOC":
            continue
        slips = [_from_row(r, "gazetteer") for r in G.near_misses(fold(e.name))]
        slips = [c for c in slips if ctx.support.get(c.country, 0.0) > 0]
        if slips:
            chosen[eid] = max(slips, key=lambda c: _score(c, ctx, {}, {}))

    # Unknown places and buildings: the country of the place they are attached to.
    main = ctx.main()
    for e in ents.entities:
        if e.id in chosen or not (e.id in readings and e.type == "LOC" or e.id in buildings):
            continue
        cc = _attached(ents, e.id, spans.get(e.id, ()), chosen, lowers, T, doc)
        if cc is None:
            cc = _inside_of(e, text, ents, chosen)
        feature = ("building" if e.id in buildings else "street"
                   if any(fold(f).split(" ", 1)[0] in T.street_heads for f in [e.name, *getattr(e, "forms", [])]) else "unknown")
        chosen[e.id] = Cand(cc or main, feature, 0.0, "inferred", inferred=True)

    out: list[Place] = []
    for e in ents.entities:
        c = chosen.get(e.id)
        if c is not None:
            if e.type == "LOC" and c.country:
                e.country = c.country
            elif e.type == "ORG" and c.country and not e.country and not c.inferred:
                e.country = c.country  # "Maison Blanche", "Kremlin", "Moscou" for its government
            out.append(Place(entity=e.id, name=e.name, country=c.country,
                             geonameid=None if c.inferred else c.geonameid,
                             lat=c.lat if c.lat is None else round(c.lat, 4),
                             lon=c.lon if c.lon is None else round(c.lon, 4),
                             feature=c.feature, inferred=c.inferred))
        elif e.type in ("PER", "ORG") and e.country:
            r = G.countries.get(e.country)
            out.append(Place(entity=e.id, name=e.name, country=e.country,
                             geonameid=r.geonameid if r else None, lat=r.lat if r else None,
                             lon=r.lon if r else None, feature="country", of="nationality"))
    return out


def _near(doc: Doc, ents: EntityIndex, eid: str, spans, T: _Tables, hints: dict[str, Cand],
          lowers: list[str]) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """Countries and divisions named near the entity's mentions, in the same
    sentence, with the bonus each earns: "région russe de Koursk", "Columbus,
    la capitale de l'Ohio" (right next to it), "le gouverneur de Géorgie ... à
    Atlanta" (in the sentence)."""
    near_cc: dict[str, float] = {}
    near_div: dict[tuple[str, str], float] = {}

    def add(table, key, value):
        if table.get(key, 0.0) < value:
            table[key] = value

    for start, end in spans:
        s0, s1 = cached.bounds(doc[start])
        lo, hi = max(s0, start - WINDOW), min(s1, end + WINDOW)
        # How far the linking words reach on each side (not across a hyphen
        # joining equals: "la liaison Tournai-Lille", neither lies in the other).
        left = start
        while left > lo and start - left < TIGHT and _linking(lowers[left - 1], T) \
                and not in_hyphened_word(doc[left - 1]):
            left -= 1
        right = end
        while right < hi and right - end < TIGHT and _linking(lowers[right], T) and not in_hyphened_word(doc[right]):
            right += 1
        for i in range(lo, hi):
            if start <= i < end:
                continue
            tight = left - 1 <= i <= right
            cc = T.demonyms.get(lowers[i])
            if cc:
                add(near_cc, cc, NEAR_COUNTRY if tight else SENTENCE_COUNTRY)
            other = ents.at(i)
            if other and other != eid:
                c = hints.get(other)
                if c is not None and c.country and not c.inferred:
                    add(near_cc, c.country, NEAR_COUNTRY if tight else SENTENCE_COUNTRY)
                    if c.admin1:
                        add(near_div, (c.country, c.admin1), NEAR_DIVISION if tight else SENTENCE_DIVISION)
    return near_cc, near_div


def _linking(w: str, T: _Tables) -> bool:
    if w in T.attach:
        return True
    f = fold(w)
    return f in T.admin_heads or f in T.facility_heads or f in T.street_heads


def _attached(ents: EntityIndex, eid: str, spans, chosen: dict[str, Cand], lowers: list[str],
              T: _Tables, doc: Doc) -> str | None:
    """ "école Ozar Hatorah à Toulouse": the first known place right after a
    mention, over a preposition, an article or a comma."""
    for start, end in spans:
        s1 = cached.bounds(doc[start])[1]
        i = end
        while i < s1 and i - end <= 3:
            other = ents.at(i)
            if other and other != eid:
                c = chosen.get(other)
                if c is not None and c.country:
                    return c.country
                break
            if lowers[i] not in T.attach:
                break
            i += 1
    return None


def _inside_of(e, text: str, ents: EntityIndex, chosen: dict[str, Cand]) -> str | None:
    """ "place Tahrir" after "place Tahrir du Caire": the country of a resolved
    place whose name is this one's followed by more."""
    mine = {fold(text[a:b]) for a, b in e.mentions} | {fold(e.name)}
    for other in ents.entities:
        c = chosen.get(other.id)
        if other.id == e.id or c is None or not c.country:
            continue
        for a, b in other.mentions:
            f = fold(text[a:b])
            if any(f.startswith(m + " ") for m in mine):
                return c.country
    return None
