"""Stories: the articles about one event, across outlets and languages.

Each article is reduced to weighted features that do not depend on its
language: the canonical ids of the people and organisations it names, the
GeoNames ids of its places (a country weighs little: half the news names
Russia), and the keys of its claims (claims.py: "12 000 soldats
nord-coréens" and "12,000 North Korean troops" are both soldier/KP). Two
articles published at most WINDOW_DAYS apart are linked when the cosine of
their feature weights reaches THRESHOLD; a syndicated copy is always linked
to its original. A story is a connected group of links.

The rule gives the same stories whatever the order of ingest: a link is a
function of its two articles alone (no weight learnt from the rest of the
base), and a story is what the links connect. It is kept incrementally: an
article's features and links are written when it is stored, and only the
stories it touches are found again (a replaced article's former story too).
A story's id is a hash of its founding article (the one published first,
undated last, ties by the smaller id), like dedupe.py's original: it changes
only when an earlier article joins. Its title is that of its most linked
article.
"""
from __future__ import annotations

import hashlib
import math
from collections import defaultdict

import pyarrow as pa

from .. import lexicon
from ..text import fold
from . import bulk, claims

WINDOW_DAYS = 10  # an event's reports, follow-ups included
THRESHOLD = 0.35  # cosine of the weighted features: tuned on tests/data/story (docs/notes/issue-16.md)
# Weights: what names one event rather than a whole region of the news.
WEIGHTS = {"PER": 1.0, "ORG": 0.6, "MISC": 0.3, "place": 0.6, "country": 0.15, "claim": 1.0, "figure": 0.5,
           "count": 0.3}
# Features at least this heavy find candidates: not countries, not bare counts.
CANDIDATE_WEIGHT = 0.5


# --- features ---------------------------------------------------------------------

def _countries(lang: str | None) -> frozenset[str]:
    if not lang or not lexicon.available(lang):
        return frozenset()
    return frozenset(fold(k) for k in lexicon.load(lang).get("countries", {}).get("names", {}))


def features(con, ids: list[str]) -> dict[str, dict[str, float]]:
    """article id -> {feature: weight}, from the stored rows of `ids`."""
    out: dict[str, dict[str, float]] = {a: {} for a in ids}
    with bulk.keys(con, "_story_ids", ids):
        for aid, eid, etype, name, outlet in con.execute("""
                SELECT ae.article_id, ae.eid, ae.type, ae.name, a.outlet
                FROM article_entities ae JOIN _story_ids ON ae.article_id = k
                JOIN articles a ON a.article_id = ae.article_id WHERE ae.type <> 'LOC'""").fetchall():
            if outlet and fold(name or "") == fold(outlet):
                continue  # the outlet of the dateline: every one of its articles names it
            out[aid][f"e{eid}"] = WEIGHTS.get(etype, WEIGHTS["MISC"])
        for aid, gid, name, lang in con.execute("""
                SELECT p.article_id, p.geonameid, p.name, a.lang
                FROM places p JOIN _story_ids ON p.article_id = k
                JOIN article_entities ae ON ae.article_id = p.article_id AND ae.local_id = p.local_id
                JOIN articles a ON a.article_id = p.article_id
                WHERE ae.type = 'LOC' AND p.geonameid IS NOT NULL""").fetchall():
            country = fold(name or "") in _countries(lang)
            out[aid][f"g{gid}"] = WEIGHTS["country" if country else "place"]
        for aid, title, text, lang in con.execute("""
                SELECT a.article_id, a.title, a.text, a.lang FROM articles a JOIN _story_ids ON a.article_id = k
                """).fetchall():
            for concept, qualifier in claims.topics(f"{title or ''}\n{text or ''}", lang):
                out[aid][f"c{concept}/{qualifier}"] = WEIGHTS["claim"]
        for aid, concept, qualifier, value, vague in con.execute("""
                SELECT DISTINCT q.article_id, q.concept, q.qualifier, q.value, q.vague FROM quantities q
                JOIN _story_ids ON q.article_id = k WHERE q.concept IS NOT NULL""").fetchall():
            if not qualifier:
                out[aid].setdefault(f"c{concept}", WEIGHTS["count"])
                continue
            out[aid][f"c{concept}/{qualifier}"] = WEIGHTS["claim"]
            if value is not None and not vague:  # the same figure on the same thing: "12 000" soldiers, KP
                out[aid][f"v{concept}/{qualifier}/{value:g}"] = WEIGHTS["figure"]
    return out


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(w * b[f] for f, w in a.items() if f in b)
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))


def _part(fs: dict[str, float], kinds: str) -> dict[str, float]:
    return {f: w for f, w in fs.items() if f[0] in kinds}


def similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """How alike two articles are: the cosine of all their features, or,
    when higher, the geometric mean of the cosines of their context (who
    and where: e, g) and of their topic (what is counted: c, v). The second
    joins two reports of one event whose casts differ (a summary quoting
    other people) as long as they count the same thing in the same place;
    a topic alone (two disasters, "morts" each) never joins anything."""
    whole = _cosine(a, b)
    context = _cosine(_part(a, "eg"), _part(b, "eg"))
    topic = _cosine(_part(a, "cv"), _part(b, "cv"))
    return max(whole, math.sqrt(context * topic))


# --- keeping stories at ingest -------------------------------------------------------

def forget(con, ids: list[str]) -> set[str]:
    """Drop the story rows of articles about to be replaced; their former
    story-mates, whose story is to be found again."""
    if not ids:
        return set()
    with bulk.keys(con, "_forget", ids):
        mates = {r[0] for r in con.execute("""
            SELECT m.article_id FROM article_stories m WHERE m.story_id IN
              (SELECT story_id FROM article_stories JOIN _forget ON article_id = k)""").fetchall()}
        con.execute("DELETE FROM story_features WHERE article_id IN (SELECT k FROM _forget)")
        con.execute("DELETE FROM story_links WHERE a IN (SELECT k FROM _forget) OR b IN (SELECT k FROM _forget)")
        con.execute("DELETE FROM article_stories WHERE article_id IN (SELECT k FROM _forget)")
    return mates - set(ids)


def update(con, ids: list[str], former: set[str] = frozenset()) -> None:
    """Write the features and links of the new articles `ids`, then find
    again the stories they and `former` (replaced articles' story-mates)
    belong to. Runs inside the ingest's transaction."""
    if not ids and not former:
        return
    feats = features(con, ids)
    _store_features(con, feats)
    _store_links(con, _links(con, ids, feats))
    _assign(con, set(ids) | set(former))


def _store_features(con, feats: dict[str, dict[str, float]]) -> None:
    rows = [(a, f, w) for a, fs in feats.items() for f, w in fs.items()]
    if rows:
        bulk.insert(con, "story_features", {"article_id": [r[0] for r in rows], "feature": [r[1] for r in rows],
                                            "weight": [r[2] for r in rows]})


def _links(con, ids: list[str], feats: dict[str, dict[str, float]]) -> dict[tuple[str, str], float]:
    """(a, b) -> score, a < b, for each new article and every stored one it
    is like enough, within the window; copies with their original."""
    with bulk.keys(con, "_new", ids):
        pairs = con.execute(f"""
            SELECT DISTINCT f.article_id, o.article_id
            FROM story_features f JOIN _new ON f.article_id = k
            JOIN story_features o ON o.feature = f.feature AND o.article_id <> f.article_id
            JOIN articles fa ON fa.article_id = f.article_id JOIN articles oa ON oa.article_id = o.article_id
            WHERE f.weight >= {CANDIDATE_WEIGHT}
              AND (fa.published IS NULL OR oa.published IS NULL
                   OR abs(date_diff('day', fa.published, oa.published)) <= {WINDOW_DAYS})""").fetchall()
        copies = con.execute("""SELECT a.article_id, a.dup_of FROM articles a JOIN _new ON a.article_id = k
                                WHERE a.dup_of IS NOT NULL
                                UNION SELECT a.article_id, a.dup_of FROM articles a JOIN _new ON a.dup_of = k"""
                             ).fetchall()
    others = {b for _, b in pairs} - feats.keys()
    all_feats = {**feats, **_load_features(con, others)}
    out: dict[tuple[str, str], float] = {}
    for a, b in pairs:
        score = similarity(all_feats.get(a, {}), all_feats.get(b, {}))
        if score >= THRESHOLD:
            out[tuple(sorted((a, b)))] = round(score, 4)
    for a, b in copies:
        out[tuple(sorted((a, b)))] = 1.0
    return out


def _load_features(con, ids: set[str]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = defaultdict(dict)
    if ids:
        with bulk.keys(con, "_feat_ids", sorted(ids)):
            for aid, f, w in con.execute("SELECT article_id, feature, weight FROM story_features "
                                         "JOIN _feat_ids ON article_id = k").fetchall():
                out[aid][f] = w
    return out


def _store_links(con, links: dict[tuple[str, str], float]) -> None:
    """Write `links`, replacing a stored link between the same two articles
    (a copy's link, found again when its original's features arrive)."""
    if not links:
        return
    con.register("_new_links", pa.table({"a": [a for a, _ in links], "b": [b for _, b in links],
                                         "score": pa.array(list(links.values()), pa.float64())}))
    try:
        con.execute("DELETE FROM story_links USING _new_links n WHERE story_links.a = n.a AND story_links.b = n.b")
        con.execute("INSERT INTO story_links SELECT a, b, score FROM _new_links")
    finally:
        con.unregister("_new_links")


def _assign(con, seeds: set[str]) -> None:
    """Find the stories the seeds belong to (connected groups of links) and
    write them: members, id, title, dates."""
    groups, edges = _components(con, seeds)
    members = sorted(set().union(*groups)) if groups else []
    with bulk.keys(con, "_members", members):
        info = {r[0]: r[1:] for r in con.execute(
            "SELECT article_id, published, title FROM articles JOIN _members ON article_id = k").fetchall()}
        old = [r[0] for r in con.execute(
            "SELECT DISTINCT story_id FROM article_stories JOIN _members ON article_id = k").fetchall()]
        con.execute("DELETE FROM article_stories WHERE article_id IN (SELECT k FROM _members)")
    rows: dict[str, list] = {"article_id": [], "story_id": []}
    stories: dict[str, list] = {"story_id": [], "title": [], "lead": []}
    for group in groups:
        group = [a for a in group if a in info]
        if not group:
            continue
        founder = min(group, key=lambda a: (info[a][0] is None, info[a][0] or 0, a))
        sid = story_id(founder)
        lead = _lead(group, edges, info)
        stories["story_id"].append(sid)
        stories["title"].append(info[lead][1])
        stories["lead"].append(lead)
        for a in group:
            rows["article_id"].append(a)
            rows["story_id"].append(sid)
    with bulk.keys(con, "_old_stories", sorted(set(old) | set(stories["story_id"]))):
        con.execute("DELETE FROM stories WHERE story_id IN (SELECT k FROM _old_stories)")
    if rows["article_id"]:
        bulk.insert(con, "article_stories", rows)
        bulk.insert(con, "stories", stories)
    # A story some of whose members went elsewhere keeps its other members:
    # they were in the groups found (links reach them), so none is left behind.


def _components(con, seeds: set[str]) -> tuple[list[set[str]], dict[str, dict[str, float]]]:
    """The connected groups of links the seeds belong to, and the links read."""
    adjacent: dict[str, dict[str, float]] = defaultdict(dict)
    seen, frontier = set(seeds), set(seeds)
    while frontier:
        with bulk.keys(con, "_frontier", sorted(frontier)):
            found = con.execute("""SELECT a, b, score FROM story_links WHERE a IN (SELECT k FROM _frontier)
                                   UNION SELECT a, b, score FROM story_links WHERE b IN (SELECT k FROM _frontier)
                                """).fetchall()
        frontier = set()
        for a, b, s in found:
            adjacent[a][b] = adjacent[b][a] = s
            for x in (a, b):
                if x not in seen:
                    seen.add(x)
                    frontier.add(x)
    groups, done = [], set()
    for seed in sorted(seen):
        if seed in done:
            continue
        group, todo = set(), [seed]
        while todo:
            x = todo.pop()
            if x not in group:
                group.add(x)
                todo.extend(adjacent.get(x, ()))
        done |= group
        groups.append(group)
    return groups, adjacent


def _lead(group: list[str], edges: dict[str, dict[str, float]], info: dict) -> str:
    """The article most linked within its story (the sum of its links'
    scores), the earliest on a tie: its title names the story."""
    return min(group, key=lambda a: (-round(sum(edges.get(a, {}).values()), 6), info[a][0] is None,
                                     info[a][0] or 0, a))


def story_id(founder: str) -> str:
    return "st-" + hashlib.blake2b(founder.encode("utf-8"), digest_size=5).hexdigest()


def rebuild(con) -> None:
    """Every article's story, from nothing (a base migrated to schema 10)."""
    for table in ("story_features", "story_links", "article_stories", "stories"):
        con.execute(f"DELETE FROM {table}")
    ids = [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY article_id").fetchall()]
    update(con, ids)
