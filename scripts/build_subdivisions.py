#!/usr/bin/env python3
"""Build depeche's table of countries' subdivisions (states, provinces,
counties, regions) from the ISO 3166-2 data the PyPI package `pycountry`
ships (Debian iso-codes, LGPL-2.1), for telling a place from a person when
the NER hesitates ("Madhya Pradesh", "Worcestershire" read as persons).

Run it from the repository root, in the project's venv:

    .venv/bin/pip install -e '.[build]'      # once: installs pycountry
    .venv/bin/python scripts/build_subdivisions.py [--out src/depeche/data]

It writes `subdivisions.tsv.gz`: `folded name<TAB>country<TAB>type`, sorted
(country empty for a name several countries' subdivisions bear),
committed in the repository and read at run time by
`depeche.extract.entities` (pycountry is not needed at run time).

Choices:
- Every name a subdivision has: its ISO name, the variants in square
  brackets ("Catalunya [Cataluña]"), and its English and French
  translations ("Nouvelle-Écosse", "Bavière").
- Left out: municipalities, boroughs, parishes, atolls and other small
  kinds (`SMALL`), names written inverted with a comma ("Flamande, Région"), words
  of three letters or fewer, and single words the French model lists as a
  word ("Centre", "Nord", "Plateau", "Store"): as places they would make
  places of common words (the gazetteer's cities keep "Paris" a place).
"""
from __future__ import annotations

import argparse
import gettext
import gzip
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

from depeche import nlp  # noqa: E402
from depeche.text import fold  # noqa: E402

LANGS = ("fr", "en")  # the translations read

# Kinds of subdivision too small or too many to say a word is a place: a
# municipality of the Marshall Islands is named "Arno", a Slovenian one "Store".
SMALL = ("municipality", "local council", "quarter", "commune", "island council", "atoll", "town", "popularate",
         "rayon", "precinct", "borough", "parish", "city")


def _variants(name: str) -> list[str]:
    """ "Catalunya [Cataluña]" -> both; "Flamande, Région" -> none."""
    out = []
    for part in re.split(r"\s*\[|\]\s*", name):
        part = part.strip()
        if part and "," not in part:
            out.append(part)
    return out


def _a_word(name: str) -> bool:
    """A single word the French model's dictionary lists ("Nord", "Lac",
    "Store"): its tables hold few English proper nouns, unlike the English
    model's ("worcestershire", for the sauce)."""
    return len(name.split()) == 1 and nlp.dictionary_lemma("fr", name.lower()) is not None


def collect() -> dict[str, tuple[str, str]]:
    import pycountry

    translations = [gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
                    for lang in LANGS]
    rows: dict[str, tuple[str, str]] = {}
    for sub in pycountry.subdivisions:
        if any(word in sub.type.lower() for word in SMALL):
            continue
        names = {sub.name} | {t.gettext(sub.name) for t in translations}
        for name in names:
            for variant in _variants(name):
                key = fold(variant)
                if len(key) <= 3 or _a_word(variant):
                    continue
                if key in rows and rows[key][0] != sub.country_code:
                    rows[key] = ("", rows[key][1])  # ("Limburg": Belgian and Dutch) no one country
                else:
                    rows.setdefault(key, (sub.country_code, sub.type))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="src/depeche/data")
    args = ap.parse_args()
    rows = collect()
    path = os.path.join(args.out, "subdivisions.tsv.gz")
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for key in sorted(rows):
            country, kind = rows[key]
            out.write(f"{key}\t{country}\t{kind}\n")
    print(f"{len(rows)} subdivision names -> {path}")


if __name__ == "__main__":
    main()
