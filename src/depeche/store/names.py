"""Names across languages: "Poutine" and "Putin", "Koursk" and "Kursk",
"Sergueï Choïgou" and "Sergei Shoigu" are one entity, and a search for
either form finds both.

Two keys join an entity to its forms in other languages (canonical.py
matches entities on them like on any alias):
- a transliteration key, "~" and the folded name rewritten by its
  language's names.toml ("sergueï choïgou" in French -> "~sergei shoigu",
  "Sergei Shoigu" in English -> "~sergei shoigu"): for people named in full
  and places;
- a GeoNames key, "geo:" and the place's id, for a place the gazetteer
  placed ("Koursk" and "Kursk": geo:538560). A country's id is given to
  places the gazetteer only knew by their country ("mer du Japon" -> Japan):
  it keys only a country named as such.
The keys start with a sign no folded name holds, so they never meet a name.
"""
from __future__ import annotations

import functools
import re

from .. import lexicon
from ..text import fold, without_article

TRANSLIT = "~"
GEO = "geo:"


@functools.cache
def _rewrites(lang: str | None) -> tuple[tuple[re.Pattern, str], ...]:
    if not lang or not lexicon.available(lang):
        return ()
    return tuple((re.compile(r["pattern"]), r["replace"])
                 for r in lexicon.load(lang).get("names", {}).get("rewrites", []))


def translit(name: str, lang: str | None) -> str:
    """A name folded and rewritten by its language's spelling rules, to the
    form every language's rules lead to ("Choïgou" in French -> "shoigu")."""
    out = without_article(fold(name))
    for pattern, repl in _rewrites(lang):
        out = pattern.sub(repl, out)
    return out


@functools.cache
def languages() -> tuple[str, ...]:
    return tuple(sorted(lexicon.languages()))


@functools.cache
def _country_ids() -> frozenset[int]:
    from ..extract.places import _gazetteer

    return frozenset(r.geonameid for r in _gazetteer().countries.values())


@functools.cache
def _country_names(lang: str | None) -> frozenset[str]:
    if not lang or not lexicon.available(lang):
        return frozenset()
    return frozenset(fold(k) for k in lexicon.load(lang).get("countries", {}).get("names", {}))


def is_country(geonameid: int) -> bool:
    return geonameid in _country_ids()


def cross_keys(rec: dict) -> list[list[str]]:
    """Per entity of a record (in order), the keys that join it to its forms
    in other languages."""
    lang = rec.get("lang")
    geo: dict[str, int] = {}
    for p in rec.get("places") or []:
        if p.get("entity") and p.get("geonameid") is not None:
            geo.setdefault(p["entity"], p["geonameid"])
    out = []
    for e in rec.get("entities") or []:
        keys: list[str] = []
        name = e.get("name") or ""
        if e.get("type") == "LOC" or (e.get("type") == "PER" and " " in fold(name)):
            key = translit(name, lang)
            if key:
                keys.append(TRANSLIT + key)
        gid = geo.get(e.get("id"))
        if e.get("type") == "LOC" and gid is not None and (not is_country(gid) or fold(name) in _country_names(lang)):
            keys.append(f"{GEO}{gid}")
        out.append(keys)
    return out


def word_keys(word: str) -> set[str]:
    """A query word as every language's rules would write it."""
    return {fold(word)} | {translit(word, lang) for lang in languages()}


def variants(con, word: str) -> set[str]:
    """Other spellings of a name's word, from the entities that hold it (or
    its transliteration): "Putin" -> {"putin", "poutine"} when "Vladimir
    Poutine" and "Vladimir Putin" are stored; "Kursk" -> {"kursk",
    "koursk"}. Empty for a word no entity holds."""
    keys = sorted(k for k in word_keys(word) if k)
    if not keys:
        return set()
    # A substring test first (fast, vectorised), the whole words on what it lets through.
    near = " OR ".join("contains(alias, ?)" for _ in keys)
    rows = con.execute(f"""
        SELECT a.eid, a.alias FROM entity_aliases a WHERE a.eid IN (
            SELECT eid FROM entity_aliases
            WHERE ({near}) AND len(list_intersect(string_split(ltrim(alias, '~'), ' '), ?)) > 0
                  AND alias NOT LIKE 'geo:%')
        AND a.alias NOT LIKE 'geo:%'""", keys + [keys]).fetchall()
    out: set[str] = set()
    by_eid: dict[int, list[list[str]]] = {}
    for eid, alias in rows:
        by_eid.setdefault(eid, []).append(alias.lstrip(TRANSLIT).split())
    for forms in by_eid.values():
        spots = {(len(f), i) for f in forms for i, w in enumerate(f) if w in keys}
        last = any(i == n - 1 for n, i in spots)
        for f in forms:
            for n, i in spots:
                if len(f) == n:
                    out.add(f[i])
            if last:
                out.add(f[-1])
    return out - {""}
