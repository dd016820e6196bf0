"""Questions to the knowledge base. Every function returns data (lists and
dicts of plain values), never text: the CLI, the HTTP API and Python callers
format it as they need.

Near-duplicate articles (`articles.dup_of` set) are left out unless asked
for: a wire story syndicated ten times is one source, not ten.
"""
from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from ..text import fold, without_article
from . import claims, names, search

# The values a claim allows, and how claims differ: claims.py (kept here
# under their old names for callers of queries.interval).
MAGNITUDES = claims.MAGNITUDES
APPROX_TOLERANCE = claims.APPROX_TOLERANCE
interval = claims.interval


@dataclass
class Filters:
    since: str | None = None  # YYYY-MM-DD, on the article's published date
    until: str | None = None
    outlet: str | None = None
    speaker: str | None = None
    stance: str | None = None
    lang: str | None = None
    duplicates: bool = False

    def unfiltered(self) -> bool:
        """Nothing but the default leaving-out of copies."""
        return not (self.since or self.until or self.outlet or self.lang or self.stance or self.speaker)

    def sql(self, art: str = "a", st: str | None = "s") -> tuple[str, list]:
        cond, args = [], []
        if not self.duplicates:
            cond.append(f"{art}.dup_of IS NULL")
        if self.since:
            cond.append(f"{art}.published >= ?")
            args.append(self.since)
        if self.until:
            cond.append(f"{art}.published <= ?")
            args.append(self.until)
        if self.outlet:
            cond.append(f"{art}.outlet ILIKE ? ESCAPE '\\'")
            args.append(contains(self.outlet))
        if self.lang:
            cond.append(f"{art}.lang = ?")
            args.append(self.lang)
        if st and self.stance:
            cond.append(f"{st}.stance = ?")
            args.append(self.stance)
        if st and self.speaker:
            cond.append(f"(e.name ILIKE ? ESCAPE '\\' OR {st}.speaker_text ILIKE ? ESCAPE '\\')")
            args += [contains(self.speaker)] * 2
        return (" AND ".join(cond) or "TRUE"), args


def contains(text: str) -> str:
    """A LIKE pattern for `text` anywhere, for use with ESCAPE '\\': a user's
    '%' or '_' is a character to find, not a wildcard ('/api/entities/%25'
    answered with whoever came first)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _rows(cur) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _matches(con, table: str, about: str, columns: tuple[str, ...]) -> tuple[str, list]:
    """A query yielding (rid, score) for the rows of `table` that hold every
    word of `about`, scored BM25 over the postings ingest keeps
    (store/search.py): folded, stemmed, numbers written one way. A query
    with no word to look up (only signs: "%") is matched by substring, and
    so is every query on a base without postings (one made before schema 4,
    opened read-only)."""
    groups = search.query_terms(about)
    if groups and search.indexed(con, table):
        return search.matches(con, table, _with_names(con, about, groups))
    return _substring(table, about, columns)


def _with_names(con, about: str, groups: list[set[str]]) -> list[set[str]]:
    """Each word's terms, with those of its other spellings as a name
    (names.variants: "Putin" finds "Poutine", "Kursk" finds "Koursk"). A
    word that is no name keeps its terms."""
    words = [w for w in about.split() if w and not w[0].isdigit()]
    out = []
    for group in groups:
        extra: set[str] = set()
        for w in words:
            if group & {t for g in search.query_terms(w) for t in g}:
                for v in names.variants(con, w):
                    extra |= {t for g in search.query_terms(v) for t in g}
        out.append(group | extra)
    return out


def _substring(table: str, about: str, columns: tuple[str, ...]) -> tuple[str, list]:
    words = [w for w in about.split() if w]
    cond = " AND ".join("(" + " OR ".join(f"{c} ILIKE ? ESCAPE '\\'" for c in columns) + ")"
                        for _ in words) or "FALSE"
    args = [contains(w) for w in words for _ in columns]
    return f"SELECT rid, 1.0 AS score FROM {table} WHERE {cond}", args


# --- who said what ------------------------------------------------------------

def said(con, about: str, filters: Filters | None = None, limit: int = 200, offset: int = 0) -> list[dict]:
    """Statements whose content matches `about`, grouped by speaker."""
    return group_by_speaker(statements(con, about, filters, limit, offset))


_STATEMENT_COLUMNS = """s.article_id, s.sid, s.stance, s.kind, s.content, s.cue, s.conditional,
               s.start_char, s.end_char, s.published, a.outlet, a.title, a.url,
               e.eid AS speaker_eid, e.name AS speaker_name, s.speaker_text"""


def statements(con, about: str, filters: Filters | None = None, limit: int = 200, offset: int = 0) -> list[dict]:
    """Statements whose content matches `about`, best first, one row each;
    with nothing to look for, the latest statements."""
    f = filters or Filters()
    if not about.strip():
        return latest(con, f, limit, offset)
    hits, hargs = _matches(con, "statements", about, ("content", "speaker_text"))
    where, wargs = f.sql()
    if f.unfiltered():
        return _page(con, hits, hargs, limit, offset, f.duplicates)
    return _rows(con.execute(f"""
        WITH hits AS ({hits})
        SELECT {_STATEMENT_COLUMNS}, hits.score
        FROM hits JOIN statements s USING (rid) JOIN articles a ON a.article_id = s.article_id
        LEFT JOIN entities e ON e.eid = s.speaker_eid
        WHERE {where}
        ORDER BY hits.score DESC, s.published DESC NULLS LAST, s.rid
        LIMIT ? OFFSET ?""", hargs + wargs + [limit, offset]))


def _page(con, hits: str, hargs: list, limit: int, offset: int, duplicates: bool) -> list[dict]:
    """One page of the best matches, no filter but the leaving-out of
    copies: the ranking first, cut at twice the rows wanted (copies are left
    out after it; the final order, so that successive pages neither repeat
    nor skip rows of tied score), then the rows by their keys, each table
    through its index. Joined in one query, the articles and entities tables
    were scanned whole for a page of 50 rows (a tenth of a second at 1M
    statements)."""
    ranked = con.execute(f"""
        SELECT h.rid, h.score FROM ({hits}) h JOIN statements USING (rid)
        ORDER BY h.score DESC, statements.published DESC NULLS LAST, h.rid
        LIMIT ?""", hargs + [int(limit + offset) * 2]).fetchall()
    if not ranked:
        return []
    score = dict(ranked)
    rows = {r["rid"]: r for r in _rows(con.execute(f"""
        SELECT s.rid, s.article_id, s.sid, s.stance, s.kind, s.content, s.cue, s.conditional, s.start_char,
               s.end_char, s.published, s.speaker_eid, s.speaker_text
        FROM statements s WHERE s.rid IN ({_placeholders(score)})""", list(score)))}
    ids = sorted({r["article_id"] for r in rows.values()})
    arts = {r[0]: r[1:] for r in con.execute(f"""
        SELECT article_id, outlet, title, url FROM articles
        WHERE article_id IN ({_placeholders(ids)}) AND (? OR dup_of IS NULL)""", ids + [duplicates]).fetchall()}
    eids = sorted({r["speaker_eid"] for r in rows.values() if r["speaker_eid"] is not None})
    names = dict(con.execute(f"SELECT eid, name FROM entities WHERE eid IN ({_placeholders(eids)})", eids).fetchall()) \
        if eids else {}
    out = []
    for rid, _ in ranked:
        r = rows[rid]
        if r["article_id"] not in arts:
            continue  # a copy (or a row whose article is gone: the inner join of the filtered path)
        outlet, title, url = arts[r["article_id"]]
        eid = r["speaker_eid"]
        out.append({"article_id": r["article_id"], "sid": r["sid"], "stance": r["stance"], "kind": r["kind"],
                    "content": r["content"], "cue": r["cue"], "conditional": r["conditional"],
                    "start_char": r["start_char"], "end_char": r["end_char"], "published": r["published"],
                    "outlet": outlet, "title": title, "url": url, "speaker_eid": eid if eid in names else None,
                    "speaker_name": names.get(eid), "speaker_text": r["speaker_text"], "score": score[rid]})
    return out[offset:offset + limit]


def _placeholders(values) -> str:
    return ", ".join("?" for _ in values)


def latest(con, filters: Filters | None = None, limit: int = 200, offset: int = 0) -> list[dict]:
    """The most recent statements (by their article's date), newest first."""
    where, wargs = (filters or Filters()).sql()
    return _rows(con.execute(f"""
        SELECT {_STATEMENT_COLUMNS}, NULL::DOUBLE AS score
        FROM statements s JOIN articles a ON a.article_id = s.article_id
        LEFT JOIN entities e ON e.eid = s.speaker_eid
        WHERE {where}
        ORDER BY s.published DESC NULLS LAST, s.rid DESC
        LIMIT ? OFFSET ?""", wargs + [limit, offset]))


def group_by_speaker(rows: list[dict]) -> list[dict]:
    groups: dict[Any, dict] = {}
    for r in rows:
        key = r["speaker_eid"] if r["speaker_eid"] is not None else ("text", fold(r["speaker_text"] or ""))
        g = groups.setdefault(key, {"speaker_eid": r["speaker_eid"],
                                    "speaker": r["speaker_name"] or r["speaker_text"] or "(unnamed)",
                                    "statements": [], "stances": defaultdict(int)})
        g["statements"].append({k: r[k] for k in r if k not in ("speaker_eid", "speaker_name")})
        g["stances"][r["stance"]] += 1
    out = sorted(groups.values(), key=lambda g: -len(g["statements"]))
    for g in out:
        g["stances"] = dict(g["stances"])
        g["count"] = len(g["statements"])
    return out


def find_entity(con, name: str) -> dict | None:
    """The canonical entity a name (or alias, or id) stands for."""
    if name.isascii() and name.isdigit():  # "²" is a digit to str.isdigit, no number to int()
        rows = _rows(con.execute("SELECT * FROM entities WHERE eid = ?", [int(name)]))
        if not rows and int(name) < 2 ** 63:
            # An id another base gave this entity, after another of its names
            # (canonical.py): the entity holding the alias that id hashes.
            rows = _rows(con.execute("""SELECT e.* FROM entity_aliases al JOIN entities e ON e.eid = al.eid
                                        WHERE al.key_id = ? ORDER BY e.eid LIMIT 1""", [int(name)]))
    else:
        key = without_article(fold(name))
        rows = _rows(con.execute("""
            SELECT e.*, count(m.eid) AS n FROM entity_aliases al JOIN entities e ON e.eid = al.eid
            LEFT JOIN mentions m ON m.eid = e.eid
            WHERE al.alias = ? GROUP BY ALL ORDER BY n DESC LIMIT 1""", [key]))
        if not rows and key:  # another language's spelling: "Putin" for "Vladimir Poutine" (names.py)
            rows = _rows(con.execute("""
                SELECT e.*, count(m.eid) AS n FROM entity_aliases al JOIN entities e ON e.eid = al.eid
                LEFT JOIN mentions m ON m.eid = e.eid
                WHERE al.alias IN (SELECT unnest(?)) OR list_has_any(?, [regexp_extract(al.alias, '^~.* ([^ ]+)$', 1)])
                GROUP BY ALL ORDER BY n DESC, e.eid LIMIT 1""",
                                     [[names.TRANSLIT + k for k in names.word_keys(name)],
                                      sorted(names.word_keys(name)) if " " not in key else []]))
        if not rows and key:  # an empty key is in every name
            rows = _rows(con.execute("""
                SELECT e.*, count(m.eid) AS n FROM entities e LEFT JOIN mentions m ON m.eid = e.eid
                WHERE e.norm LIKE ? ESCAPE '\\' GROUP BY ALL ORDER BY n DESC LIMIT 1""", [contains(key)]))
    if not rows:
        return None
    ent = rows[0]
    while ent.get("merged_into"):
        ent = _rows(con.execute("SELECT * FROM entities WHERE eid = ?", [ent["merged_into"]]))[0]
    ent.pop("n", None)
    return ent


def _merged(con, eid: int) -> list[int]:
    """The entity and every entity merged into it."""
    return [eid] + [r[0] for r in con.execute("SELECT eid FROM entities WHERE merged_into = ?", [eid]).fetchall()]


def speaker(con, name: str, filters: Filters | None = None, limit: int = 500, offset: int = 0) -> dict | None:
    """A person's or organisation's statements over time."""
    ent = find_entity(con, name)
    if ent is None:
        return None
    f = filters or Filters()
    where, wargs = f.sql()
    rows = _rows(con.execute(f"""
        SELECT s.article_id, s.sid, s.published, a.outlet, s.stance, s.kind, s.cue, s.content, s.conditional,
               s.start_char, s.end_char
        FROM statements s JOIN articles a USING (article_id) LEFT JOIN entities e ON e.eid = s.speaker_eid
        WHERE s.speaker_eid IN (SELECT unnest(?)) AND {where}
        ORDER BY s.published NULLS LAST, s.article_id, s.start_char, s.rid LIMIT ? OFFSET ?""",
                             [_merged(con, ent["eid"])] + wargs + [limit, offset]))
    return {"entity": ent, "statements": rows}


# --- numbers ---------------------------------------------------------------------

def _claim_rows(rows: list[dict]) -> list[dict]:
    """Query rows made claims: their source (the speaker, else the outlet),
    the key their source is told by, the values they allow."""
    for r in rows:
        r["source"] = r["speaker"] or r["outlet"] or r["article_id"]
        r["source_key"] = r["speaker_eid"] if r["speaker_eid"] is not None else fold(str(r["source"]))
        r["interval"] = list(interval(r))
        if not r["source_country"]:  # "le renseignement sud-coréen", "the NIS, South Korea's spy agency"
            r["source_country"] = claims.country_of(r["speaker"], r.pop("after_speaker", None), r["lang"])
        r.pop("after_speaker", None)
    return rows


# The columns of a claim, from quantities q, articles a, statements s,
# entities e; its source's country from the article's entity (the
# speaker's country as that article gives it), else the entity's.
_CLAIM_COLUMNS = """q.article_id, q.n, q.value, q.low, q.high, q.approx, q.vague, q.magnitude, q.unit, q.unit_key,
        q.concept, q.qualifier, q.text, q.start_char, q.end_char, q.sid, a.published, a.outlet, a.lang,
        s.speaker_eid, coalesce(e.name, s.speaker_text) AS speaker, s.stance,
        coalesce((SELECT max(ae.country) FROM article_entities ae
                  WHERE ae.article_id = q.article_id AND ae.eid = s.speaker_eid),
                 (SELECT max(p.country) FROM places p WHERE p.article_id = q.article_id AND p.eid = s.speaker_eid),
                 e.country) AS source_country,
        (SELECT list(substr(a.text, m.end_char + 1, 60)) FROM mentions m
         WHERE m.article_id = q.article_id AND m.eid = s.speaker_eid) AS after_speaker"""


def numbers(con, about: str, filters: Filters | None = None, limit: int = 500, offset: int = 0) -> dict:
    """Quantities about a subject, grouped by story and by what they count
    across languages (claims.py: "soldats nord-coréens" and "North Korean
    troops" are one group), by source and date, each group with its
    differences (revised, range, contradicts) and its contradictions apart
    (`disagreements`, each claim's `disagrees`)."""
    f = filters or Filters()
    hits, hargs = _matches(con, "quantities", about, ("context", "unit", "text"))
    where, wargs = f.sql()
    if f.unfiltered():
        # Only the best matches need joining; filters would need them all.
        hits = f"SELECT * FROM ({hits}) ORDER BY score DESC, rid LIMIT {(int(limit) + int(offset)) * 2}"
    rows = _claim_rows(_rows(con.execute(f"""
        WITH hits AS ({hits}),
        top AS (SELECT q.*, hits.score FROM hits JOIN quantities q USING (rid))
        SELECT {_CLAIM_COLUMNS}, st.story_id, st.title AS story_title, q.score
        FROM top q JOIN articles a ON a.article_id = q.article_id
        LEFT JOIN statements s ON s.article_id = q.article_id AND s.sid = q.sid
        LEFT JOIN entities e ON e.eid = s.speaker_eid
        LEFT JOIN article_stories ast ON ast.article_id = q.article_id
        LEFT JOIN stories st ON st.story_id = ast.story_id
        WHERE {where}
        ORDER BY q.score DESC, q.rid LIMIT ? OFFSET ?""", hargs + wargs + [limit, offset])))
    rows += _same_claims(con, rows, where, wargs, limit - len(rows))
    rows.sort(key=lambda r: (str(r["published"] or ""), r["article_id"], r["n"]))
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["story_id"] or r["article_id"], r["concept"] or r["unit_key"] or "?", r["qualifier"])].append(r)
    out = [_group(found, unit, qualifier, story) for (story, unit, qualifier), found in groups.items()]
    out.sort(key=lambda g: (-len(g["disagreements"]), -len(g["claims"]), g["unit"], g["qualifier"] or "", g["story"]))
    return {"about": about, "groups": out}


def _same_claims(con, rows: list[dict], where: str, wargs: list, limit: int) -> list[dict]:
    """The claims on the same thing in the same stories as `rows` that the
    words searched did not find: the other languages' ("nord-coréens" finds
    "soldats nord-coréens"; its group holds "North Korean troops" too)."""
    keys = sorted({(r["story_id"], r["concept"], r["qualifier"]) for r in rows
                   if r["story_id"] and r["concept"] and r["qualifier"]})
    if not keys or limit <= 0:
        return []
    have = {(r["article_id"], r["n"]) for r in rows}
    con.register("_claim_keys", pa.table({"story": [k[0] for k in keys], "concept": [k[1] for k in keys],
                                          "qualifier": [k[2] for k in keys]}))
    try:
        extra = _rows(con.execute(f"""
            SELECT {_CLAIM_COLUMNS}, st.story_id, st.title AS story_title, NULL::DOUBLE AS score
            FROM _claim_keys k JOIN article_stories ast ON ast.story_id = k.story
            JOIN quantities q ON q.article_id = ast.article_id AND q.concept = k.concept AND q.qualifier = k.qualifier
            JOIN articles a ON a.article_id = q.article_id JOIN stories st ON st.story_id = ast.story_id
            LEFT JOIN statements s ON s.article_id = q.article_id AND s.sid = q.sid
            LEFT JOIN entities e ON e.eid = s.speaker_eid
            WHERE {where}
            ORDER BY a.published NULLS LAST, q.article_id, q.n LIMIT ?""", wargs + [limit + len(have)]))
    finally:
        con.unregister("_claim_keys")
    return _claim_rows([r for r in extra if (r["article_id"], r["n"]) not in have][:limit])


def _group(found: list[dict], unit: str, qualifier: str | None, story: str | None) -> dict:
    """One group of claims on one thing: what it counts (`unit`: the concept,
    or the folded noun the lexicon does not map), the country, the story,
    the languages it was reported in, the claims and how they differ."""
    return {"unit": unit, "qualifier": qualifier, "story": story, "story_title": found[0].get("story_title"),
            "languages": sorted({c["lang"] for c in found if c["lang"]}), "claims": found,
            **claims.compare(found)}


# --- stories ---------------------------------------------------------------------

_STORY_COLUMNS = """st.story_id AS id, st.title, min(a.published) AS first, max(a.published) AS last,
        list(a.article_id ORDER BY a.published NULLS LAST, a.article_id) AS articles,
        list(DISTINCT a.outlet ORDER BY a.outlet) FILTER (WHERE a.outlet IS NOT NULL) AS outlets,
        list(DISTINCT a.lang ORDER BY a.lang) FILTER (WHERE a.lang IS NOT NULL) AS languages"""


def stories(con, filters: Filters | None = None, limit: int = 200, offset: int = 0, about: str = "") -> list[dict]:
    """Stories, the latest first: {"id", "title", "first", "last",
    "articles", "outlets", "languages"}. Copies are members (a story's
    outlets include the sites that syndicated it); filters keep the stories
    holding an article they match; `about`, those with an article whose
    title holds it."""
    f = filters or Filters()
    where, wargs = Filters(since=f.since, until=f.until, outlet=f.outlet, lang=f.lang, duplicates=True).sql(st=None)
    cond, cargs = "TRUE", []
    if about.strip():
        cond, cargs = "a.title ILIKE ? ESCAPE '\\'", [contains(about.strip())]
    rows = _rows(con.execute(f"""
        WITH chosen AS (SELECT DISTINCT ast.story_id FROM article_stories ast JOIN articles a USING (article_id)
                        WHERE {where} AND {cond})
        SELECT {_STORY_COLUMNS}
        FROM chosen JOIN stories st USING (story_id) JOIN article_stories ast USING (story_id)
        JOIN articles a ON a.article_id = ast.article_id
        GROUP BY st.story_id, st.title
        ORDER BY last DESC NULLS LAST, len(articles) DESC, id LIMIT ? OFFSET ?""", wargs + cargs + [limit, offset]))
    for r in rows:
        r["outlets"], r["languages"] = r["outlets"] or [], r["languages"] or []
    return rows


def story(con, story_id: str, limit: int = 500, items: int = 100, claims_limit: int = 150) -> dict | None:
    """A story: its articles, the timeline of its statements (copies left
    out), who said what (by speaker), and its claims by what they count with
    their differences; None for an unknown id. A page's worth of each, the
    earliest first, whatever the story's size: `items` articles described
    (`articles` lists them all), `limit` statements, `claims_limit`
    quantities compared (their comparison is quadratic)."""
    rows = _rows(con.execute(f"""
        SELECT {_STORY_COLUMNS} FROM stories st JOIN article_stories ast USING (story_id)
        JOIN articles a ON a.article_id = ast.article_id WHERE st.story_id = ? GROUP BY st.story_id, st.title""",
                             [story_id]))
    if not rows:
        return None
    out = rows[0]
    out["outlets"], out["languages"] = out["outlets"] or [], out["languages"] or []
    out["items"] = _rows(con.execute("""
        SELECT a.article_id, a.title, a.published, a.outlet, a.lang, a.dup_of FROM article_stories ast
        JOIN articles a USING (article_id) WHERE ast.story_id = ?
        ORDER BY a.published NULLS LAST, a.article_id LIMIT ?""", [story_id, items]))
    # (the page's statements chosen first, then their columns read)
    out["timeline"] = _rows(con.execute(f"""
        WITH top AS MATERIALIZED (
            SELECT s.article_id, s.sid FROM article_stories ast JOIN statements s USING (article_id)
            JOIN articles a ON a.article_id = s.article_id
            WHERE ast.story_id = ? AND a.dup_of IS NULL
            ORDER BY s.published NULLS LAST, s.article_id, s.start_char LIMIT ?)
        SELECT {_STATEMENT_COLUMNS}, a.lang
        FROM top JOIN statements s ON s.article_id = top.article_id AND s.sid = top.sid
        JOIN articles a ON a.article_id = s.article_id
        LEFT JOIN entities e ON e.eid = s.speaker_eid
        ORDER BY s.published NULLS LAST, s.article_id, s.start_char""", [story_id, limit]))
    out["speakers"] = group_by_speaker(out["timeline"])
    out["claims"] = _story_claims(con, story_id, claims_limit)
    return out


def _story_claims(con, story_id: str, limit: int) -> list[dict]:
    """The story's quantities by what they count (concept and country),
    groups of two claims or more, with their differences; each claim with
    its sentence (`context`) and its statement's content, for a side-by-side
    reading."""
    # (the page's quantities chosen first: the claim columns cost a lookup each)
    rows = _claim_rows(_rows(con.execute(f"""
        WITH top AS MATERIALIZED (
            SELECT q.article_id, q.n FROM article_stories ast JOIN quantities q USING (article_id)
            JOIN articles a ON a.article_id = q.article_id
            WHERE ast.story_id = ? AND a.dup_of IS NULL AND q.concept IS NOT NULL
            ORDER BY a.published NULLS LAST, q.article_id, q.n LIMIT ?)
        SELECT {_CLAIM_COLUMNS}, q.context, s.content
        FROM top JOIN quantities q ON q.article_id = top.article_id AND q.n = top.n
        JOIN articles a ON a.article_id = q.article_id
        LEFT JOIN statements s ON s.article_id = q.article_id AND s.sid = q.sid
        LEFT JOIN entities e ON e.eid = s.speaker_eid
        ORDER BY a.published NULLS LAST, q.article_id, q.n""", [story_id, limit])))
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["concept"], r["qualifier"])].append(r)
    out = [_group(found, concept, qualifier, story_id) for (concept, qualifier), found in groups.items()
           if len(found) > 1]
    out.sort(key=lambda g: (-len(g["claims"]), g["unit"], g["qualifier"] or ""))
    return out


# --- entities -------------------------------------------------------------------

def entity(con, name: str, limit: int = 50) -> dict | None:
    """Everything known about an entity: roles, countries, co-mentions,
    statements by and about it, first and last seen. (Copies of a story
    count once.) The entity's articles are found once; everything else is
    looked up within them."""
    ent = find_entity(con, name)
    if ent is None:
        return None
    ids = _merged(con, ent["eid"])
    rows = con.execute("""
        SELECT ae.article_id, ae.roles, ae.country, a.published, a.ingested_at
        FROM article_entities ae JOIN articles a USING (article_id)
        WHERE ae.eid IN (SELECT unnest(?)) AND a.dup_of IS NULL""", [ids]).fetchall()
    roles: dict[str, int] = defaultdict(int)
    countries: dict[str, int] = defaultdict(int)
    for _, rs, country, _, _ in rows:
        for r in rs or []:
            roles[r] += 1
        if country:
            countries[country] += 1
    # The names it goes by, in every language ("Vladimir Poutine", "Vladimir Putin").
    names = [r[0] for r in con.execute("""
        SELECT name FROM article_entities WHERE eid IN (SELECT unnest(?)) AND name IS NOT NULL
        GROUP BY name ORDER BY count(*) DESC, name LIMIT 12""", [ids]).fetchall()]
    dates = [r[3] for r in rows if r[3] is not None]
    stamps = [r[4] for r in rows if r[4] is not None]
    arts = sorted({r[0] for r in rows})
    from . import bulk

    with bulk.keys(con, "_arts", arts):
        co = _rows(con.execute("""
            SELECT e.eid, e.name, e.type, count(DISTINCT o.article_id) AS articles
            FROM article_entities o JOIN _arts ON o.article_id = _arts.k JOIN entities e ON e.eid = o.eid
            WHERE o.eid NOT IN (SELECT unnest(?))
            GROUP BY ALL ORDER BY articles DESC, e.name LIMIT ?""", [ids, limit]))
        by = _rows(con.execute("""
            SELECT s.article_id, s.sid, s.published, s.stance, s.kind, s.content
            FROM statements s JOIN _arts ON s.article_id = _arts.k
            WHERE s.speaker_eid IN (SELECT unnest(?))
            ORDER BY s.published NULLS LAST, s.article_id, s.start_char LIMIT ?""", [ids, limit]))
        about = _rows(con.execute("""
            SELECT DISTINCT s.article_id, s.sid, s.published, coalesce(e.name, s.speaker_text) AS speaker,
                   s.stance, s.content
            FROM mentions m JOIN _arts ON m.article_id = _arts.k
            JOIN statements s ON s.article_id = m.article_id
                 AND m.start_char >= s.start_char AND m.end_char <= s.end_char
            LEFT JOIN entities e ON e.eid = s.speaker_eid
            WHERE m.eid IN (SELECT unnest(?))
            ORDER BY s.published NULLS LAST, s.article_id LIMIT ?""", [ids, limit]))
    return {"entity": ent,
            "roles": [r for r, _ in sorted(roles.items(), key=lambda x: (-x[1], x[0]))][:20],
            "countries": [c for c, _ in sorted(countries.items(), key=lambda x: (-x[1], x[0]))],
            "first_seen": min(dates) if dates else (min(stamps) if stamps else None),
            "last_seen": max(dates) if dates else (max(stamps) if stamps else None),
            "articles": len(arts), "names": names, "co_mentioned": co, "statements_by": by, "statements_about": about}


def article(con, article_id: str) -> dict | None:
    """An article with all its rows, as stored."""
    rows = _rows(con.execute("SELECT * FROM articles WHERE article_id = ?", [article_id]))
    if not rows:
        return None
    out = rows[0]
    for table in ("article_entities", "mentions", "statements", "quantities", "places", "dates", "events"):
        out[table] = _rows(con.execute(f"SELECT * FROM {table} WHERE article_id = ?", [article_id]))
    return out


def articles(con, filters: Filters | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
    """Articles, newest first, with how many rows of each kind they hold.
    Only the page's articles are counted."""
    where, wargs = (filters or Filters()).sql(st=None)
    return _rows(con.execute(f"""
        WITH page AS (
            SELECT a.article_id, a.title, a.published, a.outlet, a.lang, a.url, a.dup_of, a.ingested_at
            FROM articles a WHERE {where}
            ORDER BY a.published DESC NULLS LAST, a.article_id LIMIT ? OFFSET ?)
        SELECT p.*,
               (SELECT count(*) FROM statements x WHERE x.article_id = p.article_id) AS statements,
               (SELECT count(*) FROM article_entities x WHERE x.article_id = p.article_id) AS entities,
               (SELECT count(*) FROM quantities x WHERE x.article_id = p.article_id) AS quantities
        FROM page p ORDER BY p.published DESC NULLS LAST, p.article_id""", wargs + [limit, offset]))


def totals(con) -> dict[str, int]:
    """How many articles and statements the knowledge base holds."""
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "statements")}


class SqlRefused(ValueError):
    """A query `sql` will not run or could not finish; the message says why."""


def sql(con, query: str, limit: int = 10_000, timeout: float | None = None,
        memory_limit: str | None = None) -> dict:
    """Any read-only SQL: columns and rows (at most `limit`)."""
    return run_sql(con, query, limit, timeout, memory_limit)[0]


def run_sql(con, query: str, limit: int = 10_000, timeout: float | None = None,
            memory_limit: str | None = None) -> tuple[dict, bool]:
    """Any read-only SQL: ({columns, rows}, whether rows were cut at `limit`).
    The connection must be read-only (the CLI opens it so); nothing here
    writes. One statement only: DuckDB runs them all but returns the last
    result, which silently hid the others'. `timeout` (seconds) stops the
    query by `con.interrupt()` from a timer; `memory_limit` is DuckDB's
    (e.g. '2GB'), so that one query cannot take the machine."""
    statements = con.extract_statements(query)
    if not statements:
        raise SqlRefused("no SQL statement given")
    if len(statements) > 1:
        raise SqlRefused(f"{len(statements)} statements given; run one at a time (only one result can be shown)")
    # Read-only still lets COPY ... TO and read_text() touch files: no.
    con.execute("SET enable_external_access = false")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_size(memory_limit)}'")
    expired = threading.Event()
    timer = None
    if timeout:
        timer = threading.Timer(timeout, lambda: (expired.set(), con.interrupt()))
        timer.daemon = True
        timer.start()
    try:
        cur = con.execute(query)
        cols = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchmany(limit + 1) if cur.description else []
    except duckdb.InterruptException:
        if expired.is_set():
            raise SqlRefused(f"query stopped after {timeout:g} s (--timeout to allow more, 0 for no limit)") from None
        raise
    finally:
        if timer is not None:
            timer.cancel()
    return {"columns": cols, "rows": [list(r) for r in rows[:limit]]}, len(rows) > limit


_SIZE = re.compile(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)


def memory_size(value: str) -> str:
    """`value` if it is a size DuckDB reads (it goes into a SET statement)."""
    value = value.strip()
    if not _SIZE.fullmatch(value):
        raise ValueError(f"not a memory size: {value!r} (e.g. 512MB, 2GB)")
    return value


def merge(con, keep: str, drop: str) -> dict:
    """Join two entities the matcher kept apart: `drop` becomes `keep`."""
    a, b = find_entity(con, keep), find_entity(con, drop)
    if a is None or b is None:
        raise LookupError(f"no entity named {keep if a is None else drop!r}")
    if a["eid"] == b["eid"]:
        return {"kept": a, "dropped": b, "changed": False}
    con.execute("BEGIN TRANSACTION")
    try:
        for table, col in (("article_entities", "eid"), ("mentions", "eid"), ("statements", "speaker_eid"),
                           ("places", "eid"), ("entity_aliases", "eid"), ("events", "place_eid")):
            con.execute(f"UPDATE {table} SET {col} = ? WHERE {col} = ?", [a["eid"], b["eid"]])
        con.execute("UPDATE events SET actors = list_transform(actors, x -> CASE WHEN x = ? THEN ? ELSE x END), "
                    "targets = list_transform(targets, x -> CASE WHEN x = ? THEN ? ELSE x END)",
                    [b["eid"], a["eid"], b["eid"], a["eid"]])
        con.execute("UPDATE entities SET merged_into = ? WHERE eid = ? OR merged_into = ?",
                    [a["eid"], b["eid"], b["eid"]])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {"kept": a, "dropped": b, "changed": True}
