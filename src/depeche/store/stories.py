"""Stories: the articles about one event, across outlets and languages.

Each article is reduced to weighted features that do not depend on its
language: the canonical ids of the people and organisations it names, the
GeoNames ids of its places (a country weighs little: half the news names
Russia), and the keys of what it counts (claims.py: "12 000 soldats
nord-coréens" and "12,000 North Korean troops" are both soldier/KP). Two
articles published at most WINDOW_DAYS apart are linked when they are alike
enough (`similarity` reaches THRESHOLD); a syndicated copy is always linked
to its original. A story is a connected group of links.

The rule gives the same stories whatever the order of ingest: a link is a
function of its two articles alone (no weight learnt from the rest of the
base), and a story is what the links connect. It is kept incrementally, in
the ingest's transaction: a new article's links are scored in SQL (`_PAIRS`,
the same formula as `similarity`), a union-find over the new articles and
the stored stories they reach merges what they join, and only the links that
joined two groups are kept (a spanning forest: one link an article, however
many pairs are alike). A replaced article's former story-mates are grouped
again among themselves. A story's id is a hash of its founding article (the
one published first, undated last, ties by the smaller id), like dedupe.py's
original: it changes only when an earlier article joins; its title is that
article's.
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


def features(con, ids: list[str], topics: dict[str, set] | None = None) -> dict[str, dict[str, float]]:
    """article id -> {feature: weight}, from the stored rows of `ids`;
    `topics`: their texts' claims.topics where known already (ingest
    finds them in the worker processes)."""
    topics = topics or {}
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
        unknown = [a for a in ids if a not in topics]
        if unknown:
            with bulk.keys(con, "_topic_ids", unknown):
                for aid, title, text, lang in con.execute("""
                        SELECT a.article_id, a.title, a.text, a.lang FROM articles a JOIN _topic_ids ON a.article_id = k
                        """).fetchall():
                    topics[aid] = text_topics(title, text, lang)
        for aid in ids:
            for concept, qualifier in sorted(topics.get(aid, ())):
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


def text_topics(title: str | None, text: str | None, lang: str | None) -> set[tuple[str, str]]:
    """What an article counts, by its title and text (claims.topics)."""
    return claims.topics(f"{title or ''}\n{text or ''}", lang)


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
    story-mates, whose story is to be found again (the replaced article
    may have been what held it together)."""
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


def update(con, ids: list[str], former: set[str] = frozenset(), topics: dict[str, set] | None = None) -> None:
    """Write the features of the new articles `ids` and join them to the
    stories they link to; then find again, among themselves, the stories of
    `former` (replaced articles' story-mates). Runs inside the ingest's
    transaction. `topics`: see `features`."""
    if former:
        _regroup(con, sorted(former - set(ids)))
    if ids:
        _store_features(con, features(con, ids, dict(topics or {})))
        _join(con, ids, _links(con, ids))


def _store_features(con, feats: dict[str, dict[str, float]]) -> None:
    rows = [(a, f, w) for a, fs in feats.items() for f, w in fs.items()]
    if rows:
        bulk.insert(con, "story_features", {"article_id": [r[0] for r in rows], "feature": [r[1] for r in rows],
                                            "weight": [r[2] for r in rows]})


# How two articles' shared features are found (`_PAIRS`), at a cost that
# follows the pairs within the window, not every pair sharing a feature:
# - days are bucketed by WINDOW_DAYS + 1: two dates within the window are in
#   the same bucket or in neighbouring ones, so the join on a shared feature
#   is an equality on (feature, bucket) too, three times, and the exact
#   window is checked only then (days as integers: date_diff on each joined
#   row cost more than the join). On the feature alone, a widely shared one (a
#   news agency, in 15% of articles) paired its articles over the whole base
#   before the window threw most of them away;
# - articles are numbered by their rowid while pairs are summed (millions of
#   rows in a large base: integers group faster than ids), named again once
#   the pairs are scored;
# - the parts of each feature's weight (context: e, g; topic: c, v) are
#   taken apart per feature, not per pair of them.
_BUCKET = WINDOW_DAYS + 1

_PAIRS = f"""
    WITH fx AS (
        SELECT a.rowid AS r, f.feature, f.weight,
               CASE WHEN f.feature[1] IN ('e', 'g') THEN f.weight ELSE 0 END AS wc,
               CASE WHEN f.feature[1] IN ('c', 'v') THEN f.weight ELSE 0 END AS wt,
               date_diff('day', DATE '1970-01-01', a.published) AS day
        FROM story_features f JOIN _from ON f.article_id = _from.k JOIN articles a ON a.article_id = f.article_id),
    ox AS (
        SELECT a.rowid AS r, o.feature, o.weight, date_diff('day', DATE '1970-01-01', a.published) AS day
        FROM story_features o JOIN articles a ON a.article_id = o.article_id WHERE ({{within}})),
    shared AS (  -- per new article, other article and feature they share: the products of its weights
        SELECT fx.r AS a, ox.r AS b, fx.weight AS fw, fx.weight * ox.weight AS p, fx.wc * ox.weight AS pc,
               fx.wt * ox.weight AS pt
        FROM fx CROSS JOIN (VALUES (-1), (0), (1)) AS d(step)
        JOIN ox ON ox.feature = fx.feature AND ox.day // {_BUCKET} = fx.day // {_BUCKET} + d.step
        WHERE ox.r <> fx.r AND abs(ox.day - fx.day) <= {WINDOW_DAYS}
        -- an undated article is within the window of every other; each side
        -- filtered before the join (an OR of both, after it, joined them all)
        UNION ALL
        SELECT fx.r, ox.r, fx.weight, fx.weight * ox.weight, fx.wc * ox.weight, fx.wt * ox.weight
        FROM (SELECT * FROM fx WHERE day IS NULL) fx JOIN ox ON ox.feature = fx.feature WHERE ox.r <> fx.r
        UNION ALL
        SELECT fx.r, ox.r, fx.weight, fx.weight * ox.weight, fx.wc * ox.weight, fx.wt * ox.weight
        FROM (SELECT * FROM fx WHERE day IS NOT NULL) fx JOIN (SELECT * FROM ox WHERE day IS NULL) ox
        ON ox.feature = fx.feature WHERE ox.r <> fx.r),
    pairs AS (
        SELECT a, b, sum(p) AS dot, sum(pc) AS dot_c, sum(pt) AS dot_t
        FROM shared GROUP BY 1, 2 HAVING max(fw) >= {CANDIDATE_WEIGHT}),
    norms AS (
        SELECT a.rowid AS r, sqrt(sum(weight * weight)) AS n,
               sqrt(sum(CASE WHEN feature[1] IN ('e', 'g') THEN weight * weight ELSE 0 END)) AS n_c,
               sqrt(sum(CASE WHEN feature[1] IN ('c', 'v') THEN weight * weight ELSE 0 END)) AS n_t
        FROM story_features s JOIN articles a ON a.article_id = s.article_id
        WHERE a.rowid IN (SELECT a FROM pairs UNION SELECT b FROM pairs)
        GROUP BY 1),
    scored AS (
        SELECT a, b, round(greatest(dot / (x.n * y.n),
                                    CASE WHEN dot_c > 0 AND dot_t > 0
                                         THEN sqrt(dot_c / (x.n_c * y.n_c) * dot_t / (x.n_t * y.n_t)) ELSE 0 END),
                           4) AS score
        FROM pairs JOIN norms x ON x.r = a JOIN norms y ON y.r = b),
    named AS (
        SELECT fa.article_id AS a, oa.article_id AS b, score FROM scored
        JOIN articles fa ON fa.rowid = scored.a JOIN articles oa ON oa.rowid = scored.b
        WHERE score >= {THRESHOLD})
    -- a stored article stands for its story: one link, the best, per new
    -- article and story it reaches is all joining them needs
    SELECT a, arg_max(b, (score, b)) AS b, max(score) FROM named s
    LEFT JOIN article_stories st ON st.article_id = s.b  -- none yet for the articles being grouped
    GROUP BY a, coalesce(st.story_id, b)"""


def _links(con, ids: list[str], among: bool = False) -> list[tuple[str, str, float]]:
    """(a, b, score), a < b, best first: each article of `ids` with every
    stored one (or, `among`, every other of `ids`) it is like enough
    (`similarity`, computed here in SQL over the features they share: only
    pairs sharing a feature of CANDIDATE_WEIGHT or more, published within
    the window); copies with their original."""
    within = "o.article_id IN (SELECT k FROM _from)" if among else "TRUE"
    with bulk.keys(con, "_from", ids):
        found = con.execute(_PAIRS.format(within=within)).fetchall()
        copies = con.execute(f"""
            SELECT a.article_id, a.dup_of FROM articles a JOIN _from ON a.article_id = k WHERE a.dup_of IS NOT NULL
            UNION SELECT a.article_id, a.dup_of FROM articles a JOIN _from ON a.dup_of = k""").fetchall()
    out: dict[tuple[str, str], float] = {}
    for a, b, score in found:
        out[tuple(sorted((a, b)))] = max(score, out.get(tuple(sorted((a, b))), 0.0))
    keep = set(ids)
    for a, b in copies:
        if not among or (a in keep and b in keep):
            out[tuple(sorted((a, b)))] = 1.0
    return sorted(((a, b, w) for (a, b), w in out.items()), key=lambda x: (-x[2], x[0], x[1]))


class _Groups:
    """Union-find over articles and stored stories ("story:<id>")."""

    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: str, y: str) -> bool:
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return False
        self.parent[max(rx, ry)] = min(rx, ry)
        return True


def _join(con, ids: list[str], links: list[tuple[str, str, float]]) -> None:
    """Join new articles to the stories their links reach, merging stories a
    new article links together. A story is a connected group of links, so
    it is the same whatever the order articles came in; only the links that
    joined two groups are kept (a spanning forest: as many links as
    articles, not as pairs)."""
    with bulk.keys(con, "_ends", sorted({x for a, b, _ in links for x in (a, b)} - set(ids))):
        story_of = dict(con.execute("SELECT article_id, story_id FROM article_stories JOIN _ends ON article_id = k"
                                    ).fetchall())
    node = lambda x: f"story:{story_of[x]}" if x in story_of else x  # noqa: E731 - a stored article is its story
    groups = _Groups()
    kept = []
    for a in ids:
        groups.find(a)
    for a, b, w in links:
        if groups.union(node(a), node(b)):
            kept.append((a, b, w))
    _store_links(con, kept)
    members: dict[str, list[str]] = defaultdict(list)
    for x in list(groups.parent):
        members[groups.find(x)].append(x)
    _write_groups(con, [[m for m in group] for group in members.values()])


def _regroup(con, articles: list[str]) -> None:
    """The stories of `articles` found again among themselves (their story
    lost a member that may have held it together)."""
    with bulk.keys(con, "_regroup", articles):
        old = [r[0] for r in con.execute(
            "SELECT DISTINCT story_id FROM article_stories JOIN _regroup ON article_id = k").fetchall()]
        con.execute("DELETE FROM article_stories WHERE article_id IN (SELECT k FROM _regroup)")
        con.execute("DELETE FROM story_links WHERE a IN (SELECT k FROM _regroup) AND b IN (SELECT k FROM _regroup)")
    _delete_stories(con, old)
    links = _links(con, articles, among=True)
    groups = _Groups()
    kept = []
    for a in articles:
        groups.find(a)
    for a, b, w in links:
        if groups.union(a, b):
            kept.append((a, b, w))
    _store_links(con, kept)
    members: dict[str, list[str]] = defaultdict(list)
    for x in articles:
        members[groups.find(x)].append(x)
    _write_groups(con, list(members.values()))


def _store_links(con, links: list[tuple[str, str, float]]) -> None:
    if links:
        bulk.insert(con, "story_links", {"a": [a for a, _, _ in links], "b": [b for _, b, _ in links],
                                         "score": pa.array([w for _, _, w in links], pa.float64())})


def _write_groups(con, groups: list[list[str]]) -> None:
    """Write each group (new articles and "story:<id>" nodes) as one story:
    the stories named are merged into it, its id and title those of its
    founding article. A handful of statements for all the groups of a batch,
    not a handful per group: a batch makes thousands of stories of one."""
    olds = [sorted(x[len("story:"):] for x in group if x.startswith("story:")) for group in groups]
    news = [sorted(x for x in group if not x.startswith("story:")) for group in groups]
    with bulk.keys(con, "_old_stories", sorted({s for old in olds for s in old})):
        stored: dict[str, list[str]] = defaultdict(list)
        for aid, sid in con.execute("SELECT article_id, story_id FROM article_stories JOIN _old_stories "
                                    "ON story_id = k").fetchall():
            stored[sid].append(aid)
    groups_members = [new + [m for s in old for m in stored[s]] for old, new in zip(olds, news)]
    with bulk.keys(con, "_story_members", sorted({a for group in groups_members for a in group})):
        info = {r[0]: r[1:] for r in con.execute(
            "SELECT article_id, published, title FROM articles JOIN _story_members ON article_id = k").fetchall()}
    renamed: dict[str, str] = {}  # a stored story -> the story it becomes part of
    joined: dict[str, str] = {}  # a new article -> its story
    written: dict[str, tuple[str | None, str]] = {}  # story -> (title, lead)
    gone: set[str] = set()
    for old, new, members in zip(olds, news, groups_members):
        group = [a for a in members if a in info]
        founder = min(group, key=lambda a: (info[a][0] is None, info[a][0] or 0, a))
        sid = story_id(founder)
        if old == [sid] and not new:
            continue
        renamed.update((s, sid) for s in old if s != sid)  # a story keeping its id keeps its rows
        joined.update((a, sid) for a in new)
        gone.update(old + [sid])
        written[sid] = (info[founder][1], founder)
    if renamed:
        con.register("_renamed", pa.table({"old": list(renamed), "new": list(renamed.values())}))
        try:
            con.execute("UPDATE article_stories SET story_id = r.new FROM _renamed r "
                        "WHERE article_stories.story_id = r.old")
        finally:
            con.unregister("_renamed")
    bulk.insert(con, "article_stories", {"article_id": list(joined), "story_id": list(joined.values())})
    _delete_stories(con, list(gone))
    bulk.insert(con, "stories", {"story_id": list(written), "title": pa.array([t for t, _ in written.values()],
                                                                            pa.string()),
                                 "lead": [lead for _, lead in written.values()]})


def _delete_stories(con, ids: list[str]) -> None:
    with bulk.keys(con, "_gone", sorted(set(ids))):
        con.execute("DELETE FROM stories WHERE story_id IN (SELECT k FROM _gone)")


def story_id(founder: str) -> str:
    return "st-" + hashlib.blake2b(founder.encode("utf-8"), digest_size=5).hexdigest()


def rebuild(con) -> None:
    """Every article's story, from nothing (a base migrated to schema 10)."""
    for table in ("story_features", "story_links", "article_stories", "stories"):
        con.execute(f"DELETE FROM {table}")
    ids = [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY article_id").fetchall()]
    update(con, ids)
