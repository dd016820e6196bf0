"""GKG locations: the places of an article that are real places on the map,
coded as GDELT codes them.

- Only places with a gazetteer id (src/depeche/data/places.tsv.gz) whose
  entity is a place (LOC): a person's or an organisation's nationality is
  stored as a place of that person (`of: nationality` in the record), and a
  landmark or region the gazetteer does not hold (the Kremlin, "Extrême-Orient
  russe") has neither coordinates nor an id GDELT tools could use.
- The type comes from the gazetteer's feature: 1 country, 2 US state, 3 US
  city, 4 world city. GDELT's 5 (a first-level division outside the US) is
  never written: the gazetteer holds no such divisions.
- Country codes are FIPS 10-4 (src/depeche/data/fips.tsv), as GDELT's are.
- ADM1 is the FIPS country code followed by the gazetteer's admin1 code where
  that code is a FIPS one (or a US postal code, which GDELT uses for states
  too: USTX); else the country code alone, as GDELT writes it for a country.
- The feature id is the FIPS country code for a country, the state's code for
  a US state (GDELT's textual ids), the GeoNames id for a city (GDELT's are
  GNS/GNIS ids, which the gazetteer does not have).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from ...extract.places import Row, _gazetteer

COUNTRY, US_STATE, US_CITY, WORLD_CITY, WORLD_ADM1 = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class Fips:
    code: str     # FIPS 10-4, "" where FIPS has none
    name: str
    admin1: str   # "fips", "postal" or "other": what the gazetteer's admin1 codes of the country are


@dataclass(frozen=True)
class Location:
    type: int
    full_name: str
    country: str  # FIPS 10-4
    adm1: str
    lat: float | None
    lon: float | None
    feature_id: str


@functools.cache
def fips_table() -> dict[str, Fips]:
    """ISO 3166-1 alpha-2 -> FIPS 10-4 (data/fips.tsv, scripts/build_fips.py)."""
    text = (resources.files("depeche") / "data" / "fips.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines()[1:]:
        iso, code, name, admin1 = line.split("\t")
        out[iso] = Fips(code, name, admin1)
    return out


def fips(iso: str | None) -> str:
    """The FIPS 10-4 code of an ISO 3166-1 alpha-2 country code ("" if none)."""
    f = fips_table().get((iso or "").upper())
    return f.code if f else ""


def location(gid: int, row: Row) -> Location | None:
    """The GKG location of a gazetteer row; None for a feature GDELT has no
    type for."""
    table = fips_table()
    info = table.get(row.country)
    code = info.code if info else ""
    country_name = info.name if info else row.country
    adm1 = code
    if code and row.admin1 and info.admin1 in ("fips", "postal"):
        adm1 = code + row.admin1
    if row.feature == "country":
        return Location(COUNTRY, country_name, code, code, row.lat, row.lon, code)
    if row.feature == "state" and row.country == "US":
        return Location(US_STATE, f"{row.name}, {country_name}", code, adm1, row.lat, row.lon, row.admin1)
    if row.feature in ("city", "capital"):
        if row.country == "US":
            state = _gazetteer().divisions.get(("US", row.admin1))
            name = ", ".join(p for p in (row.name, state.name if state else "", country_name) if p)
            return Location(US_CITY, name, code, adm1, row.lat, row.lon, str(gid))
        return Location(WORLD_CITY, f"{row.name}, {country_name}", code, adm1, row.lat, row.lon, str(gid))
    return None


def article_locations(con) -> dict[str, list[tuple[Location, int | None]]]:
    """article id -> its GKG locations, each once, with the offset of its
    first mention, in order of first mention."""
    rows = con.execute("""
        SELECT p.article_id, p.geonameid,
               (SELECT min(m.start_char) FROM mentions m WHERE m.article_id = p.article_id
                AND m.local_id = p.local_id) AS first
        FROM places p JOIN article_entities e ON e.article_id = p.article_id AND e.local_id = p.local_id
        WHERE p.geonameid IS NOT NULL AND e.type = 'LOC'""").fetchall()
    gaz = _gazetteer()
    found: dict[str, dict[str, tuple[Location, int | None]]] = {}
    for aid, gid, first in rows:
        row = gaz.row(gid)
        loc = location(gid, row) if row else None
        if loc is None:
            continue
        seen = found.setdefault(aid, {})
        key = f"{loc.type}#{loc.feature_id}"
        if key not in seen or (first is not None and (seen[key][1] is None or first < seen[key][1])):
            seen[key] = (loc, first)
    return {aid: sorted(locs.values(), key=lambda lf: (lf[1] is None, lf[1] or 0, lf[0].feature_id))
            for aid, locs in found.items()}
