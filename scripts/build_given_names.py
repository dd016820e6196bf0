#!/usr/bin/env python3
"""Build depeche's table of given names from the name lists the PyPI package
`faker` ships (MIT licence), for the person's gender and for telling a person
from an organisation when the NER hesitates ("Olaf Scholz" read as ORG).

Run it from the repository root, in the project's venv:

    .venv/bin/pip install -e '.[build]'      # once: installs faker
    .venv/bin/python scripts/build_given_names.py [--out src/depeche/data]

It writes `given_names.tsv.gz`: `folded name<TAB>M|F`, sorted, committed in
the repository and read at run time by `depeche.extract.entities` (faker is
not needed at run time). The hand-kept `lexicons/first_names.toml` stays the
authority: it is read first and wins where the two disagree.

Choices:
- Latin-script locales only (the folded names must be comparable with the
  text's words); each locale's male and female first-name lists.
- A name given to men in one locale and to women in another ("Andrea",
  "Jean") has no gender here, and is left out.
- A name that is also a place the gazetteer knows ("Paris", "Florence",
  "Lincoln"), a word of two letters or fewer, a month or a day in the
  lexicons ("April", "May") or a stop word of the languages' spaCy models is
  left out: as a given name it would make people of places and dates.
"""
from __future__ import annotations

import argparse
import gzip
import importlib
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

from depeche import lexicon  # noqa: E402
from depeche.extract.places import _gazetteer  # noqa: E402
from depeche.text import fold  # noqa: E402

LANGS = ("fr", "en")

LOCALES = ("cs_CZ", "da_DK", "de_AT", "de_CH", "de_DE", "en_GB", "en_IE", "en_NZ", "en_US", "es_AR", "es_CL",
           "es_CO", "es_ES", "es_MX", "et_EE", "fi_FI", "fr_BE", "fr_CA", "fr_CH", "fr_FR", "fr_QC", "hr_HR",
           "hu_HU", "id_ID", "it_IT", "lt_LT", "lv_LV", "nl_BE", "nl_NL", "no_NO", "pl_PL", "pt_BR", "pt_PT",
           "ro_RO", "sk_SK", "sl_SI", "sv_SE", "tr_TR")


def _names(provider, attr: str) -> list[str]:
    value = getattr(provider, attr, ()) or ()
    return list(value.keys() if hasattr(value, "keys") else value)


def collect() -> dict[str, set[str]]:
    genders: dict[str, set[str]] = {}
    for loc in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr, g in (("first_names_male", "M"), ("first_names_female", "F")):
            for name in _names(provider, attr):
                for part in name.split():
                    key = fold(part)
                    if key and all(ch.isalpha() or ch == "-" for ch in key):
                        genders.setdefault(key, set()).add(g)
    return genders


def _not_names() -> set[str]:
    """Months, days and stop words of the languages depeche reads."""
    import spacy

    out: set[str] = set()
    for lang in LANGS:
        dates = lexicon.load(lang).get("dates", {})
        out |= {fold(w) for w in list(dates.get("months", {})) + list(dates.get("weekdays", {}))}
        out |= {fold(w) for w in spacy.blank(lang).Defaults.stop_words}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="src/depeche/data")
    args = ap.parse_args()
    gaz, not_names = _gazetteer(), _not_names()
    rows = sorted((k, next(iter(g))) for k, g in collect().items()
                  if len(g) == 1 and len(k) > 2 and not gaz.lookup(k) and k not in not_names)
    path = os.path.join(args.out, "given_names.tsv.gz")
    with gzip.GzipFile(path, "wb", mtime=0) as raw:  # mtime 0: the same lists give the same bytes
        raw.write("".join(f"{k}\t{g}\n" for k, g in rows).encode("utf-8"))
    print(f"{path}: {len(rows)} names ({sum(g == 'M' for _, g in rows)} M, {sum(g == 'F' for _, g in rows)} F)")


if __name__ == "__main__":
    main()
