"""What the analyst's pages ask of the statements: the true total of a
search, its facets (outlet, speaker, stance, language, story, a date
histogram), a page of it sorted by relevance or date, an entity's
statements by and about it, an outlet's profile, and the entities a
name could mean.

Every count is over the whole filtered set (one COUNT or GROUP BY in
DuckDB), never over the rows a page shows. Copies of a story are left out
as everywhere (Filters.duplicates).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from collections import defaultdict
from typing import Any

from ..text import fold, without_article
from . import queries
from .queries import Filters, _matches, _rows, contains

FACET_TOP = 10  # values listed per facet; the facet says how many there are in all
SORTS = ("relevance", "date")

# The statement columns every page and download shows (one shape).
_COLUMNS = """s.article_id, s.sid, s.stance, s.kind, s.content, s.cue, s.conditional, s.start_char, s.end_char,
              s.published, a.outlet, a.title, a.url, a.lang, e.eid AS speaker_eid, e.name AS speaker_name,
              s.speaker_text"""


NEWEST = "published DESC NULLS LAST, article_id, start_char, rid"  # newest first, stable
BEST = "score DESC, published DESC NULLS LAST, rid"  # as queries.statements ranks


def _ordered(con, base: str, args: list, limit: int, offset: int, order: str = NEWEST,
             total: bool = False) -> list[dict]:
    """A page of the statements `base` (FROM ... WHERE ..., with s =
    statements, and hits = the search's scores where `order` is BEST)
    selects: the page's rows found first, their columns and names joined
    after (joining them to every row cost as much again). With `total`,
    each row carries the count of all of them."""
    count = ", count(*) OVER () AS total" if total else ""
    score = "hits.score" if order == BEST else "NULL::DOUBLE"
    return _rows(con.execute(f"""
        WITH pg AS (SELECT * FROM (SELECT s.rid, s.published, s.article_id, s.start_char, {score} AS score{count}
                                   {base}) ORDER BY {order} LIMIT ? OFFSET ?)
        SELECT {_COLUMNS}, pg.score{', pg.total' if total else ''}
        FROM pg JOIN statements s ON s.rid = pg.rid JOIN articles a ON a.article_id = s.article_id
        LEFT JOIN entities e ON e.eid = s.speaker_eid
        ORDER BY {', '.join('pg.' + k for k in order.split(', '))}""", args + [limit, offset]))


def _base(con, about: str, filters: Filters, joins: str = "") -> tuple[str, list]:
    """FROM/WHERE of the statements matching `about` (all of them when it
    is blank) under `filters`, as s (statements), a (articles), e (the
    speaker entity), plus `joins`."""
    where, wargs = replace(filters, speaker=None).sql()
    if filters.speaker:
        # The speaker facet's value exactly (Filters.speaker matches any name
        # containing it, as the CLI's --speaker): its count is the filtered total.
        where += " AND coalesce(e.name, s.speaker_text) = ?"
        wargs = wargs + [filters.speaker]
    tables = ("statements s JOIN articles a ON a.article_id = s.article_id "
              "LEFT JOIN entities e ON e.eid = s.speaker_eid" + joins)
    if not about.strip():
        return f"FROM {tables} WHERE {where}", wargs
    hits, hargs = _matches(con, "statements", about, ("content", "speaker_text"))
    return f"FROM ({hits}) hits JOIN {tables.replace('statements s', 'statements s ON s.rid = hits.rid', 1)} " \
           f"WHERE {where}", hargs + wargs


def count(con, about: str, filters: Filters | None = None) -> int:
    base, args = _base(con, about, filters or Filters())
    return con.execute(f"SELECT count(*) {base}", args).fetchone()[0]


def article_ids(con, about: str, filters: Filters | None = None) -> list[str]:
    """The articles holding a matching statement (the map of a search)."""
    base, args = _base(con, about, filters or Filters())
    return [r[0] for r in con.execute(f"SELECT DISTINCT s.article_id {base} ORDER BY 1", args).fetchall()]


def count_claims(con, about: str, filters: Filters | None = None) -> int:
    """How many quantities match `about` under `filters`: the claims page's
    total (queries.numbers gives one page of them)."""
    where, wargs = (filters or Filters()).sql(st=None)
    hits, hargs = _matches(con, "quantities", about, ("context", "unit", "text"))
    return con.execute(f"""SELECT count(*) FROM ({hits}) h JOIN quantities q ON q.rid = h.rid
        JOIN articles a ON a.article_id = q.article_id WHERE {where}""", hargs + wargs).fetchone()[0]


def page(con, about: str, filters: Filters | None = None, sort: str = "relevance", limit: int = 50,
         offset: int = 0) -> list[dict]:
    """One page of the matching statements: best first (relevance, a blank
    query meaning newest first), or newest first (date)."""
    f = filters or Filters()
    if sort == "relevance" and about.strip() and not f.speaker:
        rows = queries.statements(con, about, f, limit, offset)
        _add_langs(con, rows)
        return rows
    base, args = _base(con, about, f)
    return _ordered(con, base, args, limit, offset, BEST if sort == "relevance" and about.strip() else NEWEST)


def _add_langs(con, rows: list[dict]) -> None:
    ids = sorted({r["article_id"] for r in rows})
    langs = dict(con.execute("SELECT article_id, lang FROM articles WHERE article_id IN (SELECT unnest(?))",
                             [ids]).fetchall()) if ids else {}
    for r in rows:
        r["lang"] = langs.get(r["article_id"])


# --- facets ------------------------------------------------------------------------

def facets(con, about: str, filters: Filters | None = None, top: int = FACET_TOP) -> dict[str, Any]:
    """Counts of the matching statements by outlet, speaker, stance,
    language and story, and by day for the histogram, and their total: one
    pass over the filtered set."""
    base, args = _base(con, about, filters or Filters(),
                       " LEFT JOIN article_stories st ON st.article_id = s.article_id")
    rows = con.execute(f"""
        WITH m AS MATERIALIZED (
            SELECT a.outlet, coalesce(e.name, s.speaker_text) AS speaker, s.stance, a.lang,
                   s.published::DATE AS day, st.story_id AS story {base})
        SELECT 'outlet', outlet::VARCHAR, count(*) FROM m GROUP BY outlet
        UNION ALL SELECT 'speaker', speaker, count(*) FROM m GROUP BY speaker
        UNION ALL SELECT 'stance', stance, count(*) FROM m GROUP BY stance
        UNION ALL SELECT 'lang', lang, count(*) FROM m GROUP BY lang
        UNION ALL SELECT 'story', story::VARCHAR, count(*) FROM m WHERE story IS NOT NULL GROUP BY story
        UNION ALL SELECT 'day', day::VARCHAR, count(*) FROM m GROUP BY day""", args).fetchall()
    by: dict[str, list[tuple[str | None, int]]] = {}
    for kind, key, n in rows:
        by.setdefault(kind, []).append((key, n))
    out: dict[str, Any] = {}
    for kind in ("outlet", "speaker", "stance", "lang", "story"):
        values = sorted(by.get(kind, []), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))
        out[kind] = {"values": [{"key": k, "count": n} for k, n in values[:top]], "distinct": len(values)}
    _name_stories(con, out["story"]["values"])
    out["histogram"] = histogram(by.get("day", []))
    # Every matching statement has one stance (or none): the total, without a COUNT of its own.
    out["total"] = sum(n for _, n in by.get("stance", []))
    return out


def _name_stories(con, values: list[dict]) -> None:
    names = dict(con.execute("SELECT story_id, title FROM stories WHERE story_id IN (SELECT unnest(?))",
                             [[v["key"] for v in values]]).fetchall()) if values else {}
    for v in values:
        v["label"] = names.get(v["key"]) or v["key"]


def histogram(days: list[tuple[str | None, int]]) -> dict[str, Any]:
    """Counts by day, or by month when the days span more than two months;
    undated statements apart."""
    dated = sorted((dt.date.fromisoformat(d), n) for d, n in days if d)
    undated = sum(n for d, n in days if not d)
    if not dated:
        return {"unit": "day", "bins": [], "undated": undated, "max": 0}
    monthly = (dated[-1][0] - dated[0][0]).days > 62
    bins: dict[str, int] = {}
    for day, n in dated:
        key = day.strftime("%Y-%m") if monthly else day.isoformat()
        bins[key] = bins.get(key, 0) + n
    return {"unit": "month" if monthly else "day", "undated": undated, "max": max(bins.values()),
            "bins": [{"key": k, "count": n} for k, n in bins.items()]}


# --- an entity's statements ---------------------------------------------------------

def entity_statements(con, eid: int, role: str, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    """(total, one page newest first) of the statements an entity made
    (role "by") or is named in by another source ("about")."""
    ids = queries._merged(con, eid)
    joins = "statements s JOIN articles a ON a.article_id = s.article_id"
    if role == "by":
        base = f"FROM {joins} WHERE a.dup_of IS NULL AND s.speaker_eid IN (SELECT unnest(?))"
        args = [ids]
    else:
        # The statements whose span holds one of its mentions, found from the
        # mentions (a few) rather than tested for each statement (EXISTS:
        # 0.2 s for an entity of 3,000 statements in 100,000); none found,
        # no scan of the statements at all.
        rids = [r[0] for r in con.execute("""SELECT DISTINCT x.rid
            FROM (SELECT * FROM mentions WHERE eid IN (SELECT unnest(?))) m
            JOIN statements x ON x.article_id = m.article_id
            WHERE m.start_char >= x.start_char AND m.end_char <= x.end_char""", [ids]).fetchall()]
        if not rids:
            return 0, []
        base = f"""FROM {joins} WHERE a.dup_of IS NULL AND s.rid IN (SELECT unnest(?))
                   AND (s.speaker_eid IS NULL OR s.speaker_eid NOT IN (SELECT unnest(?)))"""
        args = [rids, ids]
    # The total rides along with the page (one pass, not a COUNT and a page).
    rows = _ordered(con, base, args, limit, offset, total=True)
    if not rows:  # past the end (or nothing): the total alone
        return con.execute(f"SELECT count(*) {base}", args).fetchone()[0], []
    total = rows[0]["total"]
    for r in rows:
        del r["total"]
    return total, rows


def stance_counts(con, eid: int) -> dict[str, int]:
    """How often the entity spoke with each stance, over all its statements."""
    return dict(con.execute("""SELECT s.stance, count(*) FROM statements s JOIN articles a USING (article_id)
        WHERE s.speaker_eid IN (SELECT unnest(?)) AND a.dup_of IS NULL GROUP BY 1 ORDER BY 2 DESC, 1""",
                            [queries._merged(con, eid)]).fetchall())


# --- names that mean several entities -----------------------------------------------

def candidates(con, name: str, limit: int = 50) -> list[dict]:
    """The canonical entities a name could mean, most mentioned first: those
    holding it as a name or alias, else those whose name contains it. An id
    means one entity: no candidates (queries.find_entity reads it)."""
    if name.isdigit():
        return []
    key = without_article(fold(name))
    if not key:
        return []
    exact = "SELECT al.eid FROM entity_aliases al WHERE al.alias = ?"
    partial = "SELECT eid FROM entities WHERE norm LIKE ? ESCAPE '\\'"
    for named, arg in ((exact, key), (partial, contains(key))):
        rows = _rows(con.execute(f"""
            WITH hit AS (SELECT DISTINCT coalesce(e.merged_into, e.eid) AS eid
                         FROM entities e WHERE e.eid IN ({named})),
            members AS (SELECT hit.eid AS canon, e.eid FROM hit JOIN entities e
                        ON e.eid = hit.eid OR e.merged_into = hit.eid)
            SELECT c.eid, c.name, c.type, c.country, count(m.eid) AS mentions,
                   count(DISTINCT m.article_id) AS articles
            FROM members JOIN entities c ON c.eid = members.canon LEFT JOIN mentions m ON m.eid = members.eid
            GROUP BY ALL ORDER BY mentions DESC, c.name LIMIT ?""", [arg, limit]))
        if rows:
            return rows
    return []


# --- an outlet ----------------------------------------------------------------------

def outlet(con, name: str, top: int = 20) -> dict | None:
    """Whom an outlet quotes, with which stance, over time: its articles,
    its most quoted speakers (each with its stances), its stances, and its
    statements by day or month."""
    head = con.execute("""SELECT any_value(outlet), count(*), min(published), max(published), list(DISTINCT lang)
        FROM articles WHERE lower(outlet) = lower(?) AND dup_of IS NULL""", [name]).fetchone()
    if not head or not head[1]:
        return None
    # One pass over the outlet's statements; the stances of its top speakers only.
    rows = con.execute("""
        WITH m AS MATERIALIZED (
            SELECT s.speaker_eid, coalesce(e.name, s.speaker_text) AS speaker, s.stance, s.article_id,
                   s.published::DATE::VARCHAR AS day
            FROM statements s JOIN articles a ON a.article_id = s.article_id
            LEFT JOIN entities e ON e.eid = s.speaker_eid
            WHERE lower(a.outlet) = lower(?) AND a.dup_of IS NULL),
        top AS (SELECT speaker, any_value(speaker_eid) AS eid, count(*) AS n, count(DISTINCT article_id) AS arts
                FROM m GROUP BY speaker ORDER BY n DESC, speaker LIMIT ?)
        SELECT 'speaker', speaker, eid, n, arts FROM top
        UNION ALL SELECT 'speaker-stance', m.speaker, NULL, count(*), m.stance FROM m JOIN top USING (speaker)
                  GROUP BY m.speaker, m.stance
        UNION ALL SELECT 'stance', stance, NULL, count(*), NULL FROM m GROUP BY stance
        UNION ALL SELECT 'day', day, NULL, count(*), NULL FROM m GROUP BY day
        UNION ALL SELECT 'speakers', NULL, NULL, count(DISTINCT speaker), NULL FROM m""", [name, top]).fetchall()
    speakers: dict[str, dict] = {}
    stance_of: dict[str, dict[str, int]] = defaultdict(dict)
    stances: dict[str, int] = {}
    days, n_speakers = [], 0
    for kind, key, eid, n, extra in rows:
        if kind == "speaker":
            speakers[key] = {"speaker_eid": eid, "speaker": key, "statements": n, "articles": int(extra)}
        elif kind == "speaker-stance":
            stance_of[key][extra] = n
        elif kind == "stance":
            stances[key] = n
        elif kind == "day":
            days.append((key, n))
        else:
            n_speakers = n
    ranked = sorted(speakers.values(), key=lambda r: (-r["statements"], r["speaker"] or ""))
    for r in ranked:
        r["stances"] = dict(sorted(stance_of[r["speaker"]].items(), key=lambda kv: (-kv[1], kv[0] or "")))
    stances = dict(sorted(stances.items(), key=lambda kv: (-kv[1], kv[0] or "")))
    total = sum(stances.values())
    return {"outlet": head[0], "articles": head[1], "first": head[2], "last": head[3],
            "langs": sorted(x for x in head[4] if x), "statements": total, "speakers_total": n_speakers,
            "speakers": ranked, "stances": stances, "histogram": histogram(days)}


def outlet_statements(con, name: str, limit: int = 50, offset: int = 0) -> list[dict]:
    """One page of an outlet's statements, newest first (its total is
    outlet()["statements"])."""
    base = """FROM statements s JOIN articles a ON a.article_id = s.article_id
              WHERE lower(a.outlet) = lower(?) AND a.dup_of IS NULL"""
    return _ordered(con, base, [name], limit, offset)


def outlets(con) -> list[dict]:
    """Every outlet, with its articles and statements, most articles first."""
    return _rows(con.execute("""
        SELECT a.outlet, count(DISTINCT a.article_id) AS articles, count(s.rid) AS statements
        FROM articles a LEFT JOIN statements s ON s.article_id = a.article_id
        WHERE a.dup_of IS NULL AND a.outlet IS NOT NULL GROUP BY 1 ORDER BY articles DESC, 1"""))
