"""GDELT GKG 2.1 files, as GDELT publishes them: tab-separated, 27 fields per
document, no header, each file zipped alone.

Files: GDELT writes one file per 15-minute batch, `YYYYMMDDHHMMSS.gkg.csv.zip`
for English sources and `YYYYMMDDHHMMSS.translation.gkg.csv.zip` for the rest.
depeche knows an article's publication day, not its time: one batch per day of
publication, stamped at midnight (an article without a date goes in the batch
of the day it was ingested). A batch stamped with the export's time would
change every record id at every export.

Record ids: `YYYYMMDDHHMMSS-N`, `-TN` for a non-English source, as GDELT's;
N is a number from a hash of the article id (GDELT's counts up within its
batch), so that an article keeps its id whatever else the export holds.

What each field holds, and how it differs from GDELT's, is in the README
("GDELT GKG export"). Locations are gkg_places.py's, counts gkg_counts.py's.
"""
from __future__ import annotations

import datetime
import hashlib
import io
import os
import zipfile
from collections import defaultdict

from . import gkg_counts, gkg_places

FIELDS = 27
# The number of a record id: below 10**9, so that any reader's integer holds it.
_ID_SPACE = 10 ** 9
_LANG3 = {"fr": "fra", "en": "eng", "de": "deu", "es": "spa", "it": "ita", "pt": "por", "id": "ind",
          "nl": "nld", "ru": "rus", "uk": "ukr", "ko": "kor", "zh": "zho", "ar": "ara", "ja": "jpn"}
_WEB, _CITATION_ONLY = "1", "2"  # V2SOURCECOLLECTIONIDENTIFIER


def write(con, folder: str) -> list[str]:
    """One zip per batch (day of publication, English or translation);
    returns the files written."""
    batches: dict[str, list[list[str]]] = defaultdict(list)
    for name, row in records(con):
        batches[name].append(row)
    written = []
    for name in sorted(batches):
        text = "".join("\t".join(row) + "\n" for row in batches[name])
        path = os.path.join(folder, name + ".zip")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            # A fixed date inside the zip: the same base gives the same bytes.
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
        with open(path, "wb") as out:
            out.write(buf.getvalue())
        written.append(path)
    return written


def file_name(stamp: str, lang: str | None) -> str:
    """The csv's name: `YYYYMMDDHHMMSS.gkg.csv`, `.translation.gkg.csv` for
    a source not in English."""
    return f"{stamp}.gkg.csv" if _english(lang) else f"{stamp}.translation.gkg.csv"


def _english(lang: str | None) -> bool:
    return (lang or "en") == "en"


def record_number(article_id: str, attempt: int = 0) -> int:
    text = article_id + (f"\x1f{attempt}" if attempt else "")
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big") % _ID_SPACE


def stamp_of(published: datetime.date | None, ingested: datetime.datetime | None) -> str:
    when = published or (ingested.date() if ingested else None) or datetime.date(1970, 1, 1)
    return when.strftime("%Y%m%d000000")


def records(con):
    """(file name, 27 fields) per article, in file then record id order."""
    parts = _parts(con)
    locations = gkg_places.article_locations(con)
    arts = con.execute("""SELECT article_id, published, outlet, url, lang, title, text, ingested_at
                          FROM articles ORDER BY article_id""").fetchall()
    taken: dict[str, set[str]] = defaultdict(set)  # stamp -> record ids given
    out = []
    for aid, published, outlet, url, lang, title, text, ingested in arts:
        stamp = stamp_of(published, ingested)
        prefix = "" if _english(lang) else "T"
        attempt = 0
        # Two articles of a batch whose hashes meet: the one whose id sorts
        # first keeps the number, the other takes the next candidate.
        while (rid := f"{stamp}-{prefix}{record_number(aid, attempt)}") in taken[stamp]:
            attempt += 1
        taken[stamp].add(rid)
        row = _row(rid, stamp, aid, published, outlet, url, lang, title, text or "", parts.get(aid, {}),
                   locations.get(aid, []))
        out.append((file_name(stamp, lang), row))
    out.sort(key=lambda nr: (nr[0], nr[1][0]))
    return out


def _parts(con) -> dict[str, dict[str, list]]:
    by_article: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    queries = {
        "mentions": """SELECT m.article_id, ae.type, ae.name, m.start_char FROM mentions m
                       JOIN article_entities ae ON ae.article_id = m.article_id AND ae.local_id = m.local_id
                       ORDER BY m.article_id, m.start_char""",
        "quantities": """SELECT article_id, value, low, high, unit, start_char, end_char FROM quantities
                         WHERE NOT vague ORDER BY article_id, start_char""",
        "statements": """SELECT article_id, start_char, end_char, cue, content, kind FROM statements
                         ORDER BY article_id, start_char""",
        "dates": """SELECT article_id, value, granularity, start_char FROM dates WHERE value IS NOT NULL
                    ORDER BY article_id, start_char""",
    }
    for key, q in queries.items():
        for row in con.execute(q).fetchall():
            by_article[row[0]][key].append(row[1:])
    return by_article


def _row(rid, stamp, aid, published, outlet, url, lang, title, text, parts, locations) -> list[str]:
    mentions = parts.get("mentions", [])
    persons = [(name, off) for t, name, off in mentions if t == "PER"]
    orgs = [(name, off) for t, name, off in mentions if t == "ORG"]
    allnames = [(name, off) for t, name, off in mentions if t in ("PER", "ORG", "LOC")]
    counts_v1, counts_v2, amounts = _counts(lang, text, parts.get("quantities", []))
    quotes = [f"{a}|{b - a}|{_clean(cue)}|{_clean(content)}" for a, b, cue, content, kind in
              parts.get("statements", []) if kind in ("direct", "mixed") and a is not None and b is not None]
    web = bool(url) and url.lower().startswith(("http://", "https://"))
    row = [
        rid,                                               # GKGRECORDID
        stamp,                                             # V2.1DATE
        _WEB if web else _CITATION_ONLY,                   # V2SOURCECOLLECTIONIDENTIFIER
        _clean(outlet),                                    # V2SOURCECOMMONNAME
        url if web else _citation(outlet, title, published, aid),  # V2DOCUMENTIDENTIFIER
        ";".join(counts_v1), ";".join(counts_v2),          # V1COUNTS, V2.1COUNTS
        "", "",                                            # V1THEMES, V2ENHANCEDTHEMES: GDELT's taxonomy
        ";".join(_location_v1(loc) for loc, _ in locations),            # V1LOCATIONS
        ";".join(_location_v2(loc, off) for loc, off in locations),     # V2ENHANCEDLOCATIONS
        ";".join(dict.fromkeys(_clean(p) for p, _ in persons)),         # V1PERSONS
        ";".join(f"{_clean(p)},{o}" for p, o in persons),               # V2ENHANCEDPERSONS
        ";".join(dict.fromkeys(_clean(o) for o, _ in orgs)),            # V1ORGANIZATIONS
        ";".join(f"{_clean(o)},{off}" for o, off in orgs),              # V2ENHANCEDORGANIZATIONS
        "",                                                # V1.5TONE: not measured (README)
        ";".join(_dates(parts.get("dates", []))),          # V2.1ENHANCEDDATES
        "", "", "", "", "",                                # GCAM, sharing image, images, embeds
        "#".join(quotes),                                  # V2.1QUOTATIONS
        ";".join(f"{_clean(nm)},{o}" for nm, o in allnames),            # V2.1ALLNAMES
        ";".join(amounts),                                 # V2.1AMOUNTS
        "" if _english(lang) else f"srclc:{_LANG3.get(lang, lang)};eng:depeche",  # V2.1TRANSLATIONINFO
        f"<PAGE_TITLE>{_xml(title)}</PAGE_TITLE><DEPECHE_ID>{_xml(aid)}</DEPECHE_ID>",  # V2EXTRASXML
    ]
    assert len(row) == FIELDS
    return row


def _counts(lang, text, quantities):
    v1, v2, amounts = [], [], []
    for value, low, high, unit, start, end in quantities:
        number = value if value is not None else low
        if number is None:
            continue
        amounts.append(f"{_num(number)},{_clean(unit)},{start}")
        n = gkg_counts.whole(value)
        ctype = gkg_counts.count_type(lang, unit, text, end) if n is not None else None
        if ctype is None:
            continue
        # No location tied to the count: type 0 and the location's fields
        # empty, as GDELT writes a count it could not place.
        block = [ctype, str(n), _clean(unit), "0", "", "", "", "", "", ""]
        v1.append("#".join(block))
        v2.append("#".join(block + [str(start)]))
    return v1, v2, amounts


def _location_v1(loc: gkg_places.Location) -> str:
    return "#".join([str(loc.type), _clean_name(loc.full_name), loc.country, loc.adm1, _num(loc.lat),
                     _num(loc.lon), loc.feature_id])


def _location_v2(loc: gkg_places.Location, offset: int | None) -> str:
    return "#".join([str(loc.type), _clean_name(loc.full_name), loc.country, loc.adm1, "", _num(loc.lat),
                     _num(loc.lon), loc.feature_id, "" if offset is None else str(offset)])


def _dates(rows) -> list[str]:
    """Resolution#Month#Day#Year#Offset: 3 a full date, 2 a month of a year,
    1 a year alone (4, a day of a month without a year, never: depeche's
    dates have a year). A week has no GDELT resolution: left out."""
    out = []
    for value, _gran, off in rows:
        parts = value.split("-")
        if not all(p.isdigit() for p in parts) or len(parts[0]) != 4 or len(parts) > 3:
            continue
        y, m, d = (parts + ["0", "0"])[:3]
        out.append(f"{len(parts)}#{int(m)}#{int(d)}#{int(y)}#{off}")
    return out


def _citation(outlet, title, published, aid) -> str:
    """A textual citation (collection 2, CITATIONONLY) for an article without
    a URL: outlet, date, title."""
    bits = [_clean(outlet), published.isoformat() if published else "", _clean(title)]
    return " - ".join(b for b in bits if b) or _clean(aid)


def _clean(s: str | None) -> str:
    """No GKG delimiter may appear inside a value."""
    return " ".join((s or "").replace("#", " ").replace(";", " ").replace("|", " ").replace(",", " ").split())


def _clean_name(s: str) -> str:
    """A location's full name keeps its commas ("Kursk, Russia"), as GDELT's."""
    return " ".join(s.replace("#", " ").replace(";", " ").replace("|", " ").split())


def _xml(s: str | None) -> str:
    return " ".join((s or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split())


def _num(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
