"""The knowledge base out: one file per table (Parquet, CSV, JSONL), or a
GDELT GKG 2.1-style tab-separated file that GDELT tooling can read.

GKG 2.1 has 27 tab-separated fields per document, no header. depeche fills
those it has (persons, organisations, locations, counts, amounts, dates,
quotations, all names, with character offsets) and leaves the others empty:
themes, GCAM and images are GDELT's own analyses. Differences worth knowing:
country codes are ISO 3166 (GDELT uses FIPS 10-4), and tone is not computed
(its field holds zeros and the word count).
"""
from __future__ import annotations

import os
from collections import defaultdict

TABLES = ("articles", "entities", "entity_aliases", "article_entities", "mentions", "statements", "quantities",
          "places", "dates", "events")
FORMATS = ("parquet", "csv", "jsonl", "gkg")

# GKG location types: 1 country, 4 world city (the only two a gazetteer
# without admin levels can tell apart with confidence).
_COUNTRY, _CITY = 1, 4
_LANG3 = {"fr": "fra", "en": "eng", "de": "deu", "es": "spa", "it": "ita", "pt": "por", "id": "ind"}


def export(con, fmt: str, folder: str) -> list[str]:
    """Write the export; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    os.makedirs(folder, exist_ok=True)
    if fmt == "gkg":
        path = os.path.join(folder, "depeche.gkg.csv")
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            for row in gkg_rows(con):
                out.write("\t".join(row) + "\n")
        return [path]
    written = []
    for table in TABLES:
        path = os.path.join(folder, f"{table}.{fmt}")
        options = {"parquet": "FORMAT PARQUET", "csv": "FORMAT CSV, HEADER", "jsonl": "FORMAT JSON"}[fmt]
        con.execute(f"COPY (SELECT * FROM {table}) TO '{_quote(path)}' ({options})")
        written.append(path)
    return written


def _quote(path: str) -> str:
    return path.replace("'", "''")


def _clean(s: str | None) -> str:
    """No GKG delimiter may appear inside a value."""
    return " ".join((s or "").replace("#", " ").replace(";", " ").replace("|", " ").replace(",", " ").split())


def gkg_rows(con):
    """One GKG 2.1 row (27 fields) per article, streamed article by article."""
    by_article = defaultdict(lambda: defaultdict(list))
    queries = {
        "mentions": """SELECT m.article_id, ae.type, ae.name, m.start_char FROM mentions m
                       JOIN article_entities ae ON ae.article_id = m.article_id AND ae.local_id = m.local_id
                       ORDER BY m.article_id, m.start_char""",
        "places": """SELECT p.article_id, p.name, p.country, p.lat, p.lon, p.geonameid,
                            (SELECT min(m.start_char) FROM mentions m WHERE m.article_id = p.article_id
                             AND m.local_id = p.local_id) AS offset, e.type = 'LOC' AND p.name = e.name AS own
                     FROM places p LEFT JOIN article_entities e ON e.article_id = p.article_id
                          AND e.local_id = p.local_id""",
        "quantities": """SELECT article_id, value, low, high, unit, start_char FROM quantities
                         WHERE NOT vague ORDER BY article_id, start_char""",
        "statements": """SELECT article_id, start_char, end_char, cue, content, kind FROM statements
                         ORDER BY article_id, start_char""",
        "dates": "SELECT article_id, value, granularity, start_char FROM dates WHERE value IS NOT NULL",
    }
    for key, q in queries.items():
        for row in con.execute(q).fetchall():
            by_article[row[0]][key].append(row[1:])
    arts = con.execute("""SELECT article_id, published, outlet, url, lang, text, ingested_at FROM articles
                          ORDER BY published NULLS LAST, article_id""").fetchall()
    for n, (aid, published, outlet, url, lang, text, ingested) in enumerate(arts, 1):
        parts = by_article.get(aid, {})
        when = published or (ingested.date() if ingested else None)
        stamp = when.strftime("%Y%m%d000000") if when else ""
        persons = [(name, off) for t, name, off in parts.get("mentions", []) if t == "PER"]
        orgs = [(name, off) for t, name, off in parts.get("mentions", []) if t == "ORG"]
        allnames = [(name, off) for t, name, off in parts.get("mentions", []) if t in ("PER", "ORG", "LOC")]
        locs_v1, locs_v2 = [], []
        for name, country, lat, lon, gid, off, _own in parts.get("places", []):
            ltype = _COUNTRY if gid is None or (lat is None) else _CITY
            fields = [str(ltype), _clean(name), country or "", "", _num(lat), _num(lon), str(gid or "")]
            locs_v1.append("#".join(fields))
            locs_v2.append("#".join(fields[:4] + [""] + fields[4:] + [str(off if off is not None else "")]))
        counts_v1, counts_v2, amounts = [], [], []
        for value, low, high, unit, off in parts.get("quantities", []):
            number = value if value is not None else low
            if number is None:
                continue
            obj = _clean(unit)
            block = ["NUMBER", _num(number), obj, "", "", "", "", "", "", ""]
            counts_v1.append("#".join(block))
            counts_v2.append("#".join(block + [str(off)]))
            amounts.append(f"{_num(number)},{obj},{off}")
        quotes = [f"{a}|{b - a}|{_clean(cue)}|{_clean(content)}" for a, b, cue, content, kind in
                  parts.get("statements", []) if kind in ("direct", "mixed")]
        dates = []
        for value, gran, off in parts.get("dates", []):
            y, m, d = (value.split("-") + ["0", "0"])[:3] if "W" not in value else (value[:4], "0", "0")
            res = {"day": 4, "month": 2, "year": 1}.get(gran or "", 1 if len(value) == 4 else 2 if len(value) == 7 else 4)
            dates.append(f"{res}#{int(m or 0)}#{int(d or 0)}#{int(y)}#{off}")
        words = len((text or "").split())
        row = [
            f"{stamp}-{n}" if stamp else f"depeche-{n}",  # GKGRECORDID
            stamp,                                         # V2.1DATE
            "1",                                           # V2SOURCECOLLECTIONIDENTIFIER: web
            _clean(outlet) or "",                          # V2SOURCECOMMONNAME
            url or aid,                                    # V2DOCUMENTIDENTIFIER
            ";".join(counts_v1), ";".join(counts_v2),      # V1COUNTS, V2.1COUNTS
            "", "",                                        # V1THEMES, V2ENHANCEDTHEMES
            ";".join(locs_v1), ";".join(locs_v2),          # V1LOCATIONS, V2ENHANCEDLOCATIONS
            ";".join(dict.fromkeys(_clean(p) for p, _ in persons)),
            ";".join(f"{_clean(p)},{o}" for p, o in persons),
            ";".join(dict.fromkeys(_clean(o) for o, _ in orgs)),
            ";".join(f"{_clean(o)},{off}" for o, off in orgs),
            f"0,0,0,0,0,0,{words}",                        # V1.5TONE: not computed
            ";".join(dates),                               # V2.1ENHANCEDDATES
            "", "", "", "", "",                            # GCAM, images, embeds
            "#".join(quotes),                              # V2.1QUOTATIONS
            ";".join(f"{_clean(nm)},{o}" for nm, o in allnames),
            ";".join(amounts),                             # V2.1AMOUNTS
            f"srclc:{_LANG3.get(lang or '', lang or '')};eng:depeche" if lang and lang != "en" else "",
            f"<DEPECHE_ID>{aid}</DEPECHE_ID>",             # V2EXTRASXML
        ]
        yield row


def _num(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
