"""Records into the DuckDB knowledge base, a batch per transaction.

- Idempotent: an article already stored with the same record is skipped; a
  new version of it (same id, another record) replaces all its rows in the
  same transaction as the rest of its batch.
- Safe: each batch commits whole or not at all, so a process killed mid-run
  leaves only whole articles, and the next run picks up the rest. A record
  the database refuses costs only itself: the batch is retried one by one.
- Entities are made canonical across articles here (canonical.py); near-
  duplicate texts are linked to their group's original, by a rule that does
  not depend on input order or batch size (dedupe.py).
- Two steps: `prepare` (validation, hashing, MinHash, rows) is a pure
  function of one record and runs in worker processes when asked;
  storing (canonical entities, duplicates, inserts) runs in the process that
  holds the database. Rows go in by the table (Arrow), not by the row.
"""
from __future__ import annotations

import concurrent.futures
import functools
import gc
import hashlib
import itertools
import json
import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from .. import lexicon
from ..text import fold
from . import bulk, claims, dedupe, names, search, stories
from .canonical import Canon
from .canonical import keys as canonical_keys
from .schema import ARTICLE_TABLES
from .validate import RecordError, validate


@dataclass
class IngestStats:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    superseded: int = 0  # an older version of an article met later in the same input
    duplicates: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (id or origin, message)

    @property
    def seen(self) -> int:
        return self.added + self.updated + self.unchanged + self.rejected + self.superseded


# The columns each table receives from a record, in the order `prepare` fills them.
COLUMNS = {
    "articles": ("article_id", "lang", "title", "published", "outlet", "dateline", "author", "url", "text",
                 "removed", "keywords", "record_hash", "dup_of", "dup_score"),
    "article_entities": ("article_id", "local_id", "eid", "name", "type", "roles", "country"),
    "mentions": ("article_id", "local_id", "eid", "start_char", "end_char", "text"),
    "statements": ("article_id", "sid", "speaker_eid", "speaker_text", "cue", "kind", "stance", "content",
                   "start_char", "end_char", "conditional", "within", "published", "rid"),
    "quantities": ("article_id", "n", "value", "low", "high", "approx", "vague", "magnitude", "unit", "unit_key",
                   "text", "start_char", "end_char", "sid", "context", "rid", "concept", "qualifier"),
    "places": ("article_id", "local_id", "eid", "name", "geonameid", "country", "lat", "lon"),
    "dates": ("article_id", "text", "value", "granularity", "start_char", "end_char"),
    "events": ("article_id", "type", "actors", "targets", "place_eid", "date", "sid", "trigger", "hypothetical",
               "start_char", "end_char"),
}
# Where prepared rows hold an article's local entity id (E1...), to become the
# canonical one: (table, column index, is a list).
_ENTITY_REFS = {
    "article_entities": ((2, False),), "mentions": ((2, False),), "statements": ((2, False),),
    "places": ((2, False),), "events": ((2, True), (3, True), (4, False)),
}


@dataclass
class Prepared:
    """One record, checked and turned into rows; entity references local."""

    id: str | None
    error: str | None = None
    hash: str | None = None
    published: str | None = None
    rows: dict[str, list[tuple]] = field(default_factory=dict)
    entities: list[dict] = field(default_factory=list)
    signature: object = None
    bands: list[int] = field(default_factory=list)
    keys: list[list[str]] = field(default_factory=list)  # per entity: the names it may be matched by
    extra: list[tuple] = field(default_factory=list)  # per quantity: (unit key, sentence, concept, qualifier)
    topics: set = field(default_factory=set)  # what the text counts (stories.text_topics)


def record_hash(rec: dict) -> str:
    # The extractor writes keys in a fixed order; a record read back from
    # JSON keeps it, so no sorting is needed to compare versions.
    return hashlib.blake2b(json.dumps(rec).encode(), digest_size=16).hexdigest()


def check(rec) -> Prepared:
    """The costly part of preparing a record, with a small result: validation,
    hash, MinHash. Pure: what worker processes run."""
    rid = (rec.get("id") or rec.get("origin")) if isinstance(rec, dict) else None
    try:
        validate(rec)
        return _checked(rec)
    except RecordError as exc:
        return Prepared(id=str(rid) if rid else None, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a value validation let through costs its record only
        return Prepared(id=str(rid) if rid else None, error=f"cannot prepare this record: {exc!r:.300}")


def _checked(rec: dict) -> Prepared:
    text = rec["text"]
    sig = dedupe.signature(text)
    # Per-entity and per-quantity work that needs no database, done here too.
    # Names first, then the keys joining an entity to its forms in other
    # languages (names.py): a name met before wins.
    keys = [canonical_keys(e) + cross for e, cross in zip(rec.get("entities") or [], names.cross_keys(rec))]
    lang = rec.get("lang")
    extra = [(unit_key(q.get("unit"), lang), _sentence(text, *q["span"]))
             + claims.key(q.get("unit"), q.get("text"), lang)
             for part in ("quantities", "vague_quantities") for q in rec.get(part) or []]
    return Prepared(id=rec["id"], hash=record_hash(rec), published=rec.get("published"), signature=sig,
                    bands=dedupe.bands(sig), keys=keys, extra=extra,
                    topics=stories.text_topics(rec.get("title"), text, lang))


def prepare(rec, checked: Prepared | None = None) -> Prepared:
    """A record checked (see `check`) and turned into rows."""
    p = checked if checked is not None else check(rec)
    if p.error is not None:
        return p
    try:
        return _rows(rec, p)
    except Exception as exc:  # noqa: BLE001 - a value validation let through costs its record only
        return Prepared(id=p.id, error=f"cannot prepare this record: {exc!r:.300}")


def _rows(rec: dict, p: Prepared) -> Prepared:
    aid = rec["id"]
    text = rec["text"]
    src = rec.get("source") or {}
    published = rec.get("published")
    rows: dict[str, list[tuple]] = {t: [] for t in COLUMNS}
    rows["articles"].append((
        aid, rec.get("lang"), rec.get("title"), published, src.get("outlet"), src.get("dateline"),
        src.get("author"), src.get("url"), text, json.dumps(rec.get("removed") or [], ensure_ascii=False),
        rec.get("keywords") or [], p.hash, None, None))
    ents = []
    for e, keys in zip(rec.get("entities") or [], p.keys):
        local = e["id"]
        ents.append({"id": local, "name": e["name"], "type": e["type"], "country": e.get("country"), "keys": keys})
        rows["article_entities"].append((aid, local, local, e["name"], e["type"], e.get("roles") or [],
                                         e.get("country")))
        for a, b in e.get("mentions") or []:
            rows["mentions"].append((aid, local, local, a, b, text[a:b]))
    for s in rec.get("statements") or []:
        sid = s["id"]
        rows["statements"].append((aid, sid, s.get("speaker"), s.get("speaker_text"), s.get("cue"), s["kind"],
                                   s["stance"], s["content"], s["span"][0], s["span"][1],
                                   bool(s.get("conditional")), s.get("within"), published, None))
    n = 0
    for vague, part in ((False, "quantities"), (True, "vague_quantities")):
        for q in rec.get(part) or []:
            ukey, context, concept, qualifier = p.extra[n]
            n += 1
            a, b = q["span"]
            rows["quantities"].append((
                aid, n, _float(q.get("value")), _float(q.get("low")), _float(q.get("high")), bool(q.get("approx")),
                vague, q.get("magnitude"), q.get("unit"), ukey, q.get("text"), a, b, q.get("statement"), context,
                None, concept, qualifier))
    for pl in rec.get("places") or []:
        rows["places"].append((aid, pl.get("entity"), pl.get("entity"), pl.get("name"), pl.get("geonameid"),
                               pl.get("country"), pl.get("lat"), pl.get("lon")))
    for d in rec.get("dates") or []:
        span = d.get("span") or [None, None]
        rows["dates"].append((aid, d["text"], d.get("value"), d.get("granularity"), span[0], span[1]))
    for ev in rec.get("events") or []:
        span = ev.get("span") or [None, None]
        rows["events"].append((aid, ev["type"], list(ev.get("actors") or []), list(ev.get("targets") or []),
                               ev.get("place"), ev.get("date"), ev.get("statement"), ev.get("trigger"),
                               bool(ev.get("hypothetical")), span[0], span[1]))
    p.rows, p.entities = rows, ents
    return p


def ingest(con, records: Iterable[dict], batch_size: int = 500, progress=None, workers: int = 1,
           checkpoint: bool = True) -> IngestStats:
    """Store `records` (dicts per RECORD.md); returns what happened to them.
    With `workers` >= 1, that many processes check records (validation,
    hashes, MinHash) beside this one, which stores them; 0 does it all here.
    `checkpoint=False`: the caller decides when the log is written into the
    base (a server, which must keep its readers out while it does)."""
    stats = IngestStats()
    canon = Canon(con)
    # Checkpoint once at the end, not every 16 MB of log: a third of the
    # ingest time went to checkpoints.
    if checkpoint:
        con.execute("SET checkpoint_threshold = '1GB'")
    # Records make millions of small acyclic objects: the cycle collector would
    # walk them over and over for nothing (a quarter of the time).
    gc_was = gc.isenabled()
    gc.disable()
    try:
        _ingest_all(con, canon, records, batch_size, progress, workers, stats)
    finally:
        if gc_was:
            gc.enable()
        if checkpoint:
            con.execute("RESET checkpoint_threshold")
            _checkpoint(con)
    return stats


def _checkpoint(con) -> None:
    """Write the log into the base now, unless others are in a transaction
    (a server answering searches while it stores an article): DuckDB then
    checkpoints on its own later, and the stored rows are safe in the log."""
    try:
        con.execute("CHECKPOINT")
    except duckdb.TransactionException:
        pass


def _ingest_all(con, canon, records, batch_size, progress, workers, stats) -> None:
    if workers <= 0:
        for batch in _batches(records, batch_size):
            _store_batch(con, canon, [prepare(r) for r in batch], stats, progress)
        return
    # Three stages overlap: workers check (validate, hash, MinHash) batch n+2,
    # this thread builds the rows of batch n+1, and a writer thread stores
    # batch n (DuckDB releases the GIL while it inserts, sorts postings and
    # commits). Rows are built here, from the record this process holds:
    # shipping rows back would cost as much as building them.
    ctx = multiprocessing.get_context("spawn")  # the parent holds DuckDB's threads: no fork
    with ctx.Pool(workers, initializer=gc.disable) as pool, _Writer(con, canon, stats, progress) as writer:
        pending = None
        for batch in itertools.chain(_batches(records, batch_size), [None]):
            nxt = (batch, pool.map_async(check, batch, chunksize=64)) if batch else None
            if pending is not None:
                done, checked = pending
                writer.put([prepare(r, c) for r, c in zip(done, checked.get())])
            pending = nxt


class _Writer:
    """Stores prepared batches in order on one thread of its own, one
    transaction each, while the caller prepares the next. At most one batch
    waits: `put` blocks until the batch before the last is stored, and
    re-raises what storing it raised."""

    def __init__(self, con, canon, stats, progress):
        # The connection is the writer's alone while it lives: the caller
        # only prepares rows, which needs no database.
        self.con, self.canon, self.stats, self.progress = con, canon, stats, progress
        self.pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="depeche-writer")
        self.last: concurrent.futures.Future | None = None

    def put(self, prepared: list[Prepared]) -> None:
        self._wait()
        self.last = self.pool.submit(_store_batch, self.con, self.canon, prepared, self.stats, self.progress)

    def _wait(self) -> None:
        if self.last is not None:
            last, self.last = self.last, None
            last.result()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        # The batch being stored ends (commits or rolls back) before the run
        # does, whatever happened in the caller, whose error is the one told.
        try:
            self._wait()
        except Exception:
            if exc_type is None:
                raise
        finally:
            self.pool.shutdown(wait=True)


def _store_batch(con, canon, prepared: list[Prepared], stats: IngestStats, progress) -> None:
    _ingest_batch(con, canon, prepared, stats)
    if progress is not None:
        progress(len(prepared), stats)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ingest_batch(con, canon: Canon, batch: list[Prepared], stats: IngestStats) -> None:
    valid: dict[str, Prepared] = {}
    for p in batch:
        if p.error is not None:
            _reject(stats, p.id, p.error)
            continue
        if p.id in valid:
            stats.superseded += 1  # two versions of one article in a batch: the later one wins
        valid[p.id] = p
    if not valid:
        return
    with bulk.keys(con, "_ids", list(valid)):
        known = dict(con.execute("SELECT article_id, record_hash FROM articles JOIN _ids ON article_id = k")
                     .fetchall())
    todo = [p for aid, p in valid.items() if known.get(aid) != p.hash]
    stats.unchanged += len(valid) - len(todo)
    if not todo:
        return
    try:
        _write(con, canon, todo, known, stats)
    except Exception as exc:  # noqa: BLE001 - the database refused a value validation let through
        if len(todo) == 1:
            _reject(stats, todo[0].id, f"cannot store: {exc}")
            return
        # One bad record must not cost the batch: store them one by one.
        for one in todo:
            try:
                _write(con, canon, [one], known, stats)
            except Exception as exc1:  # noqa: BLE001
                _reject(stats, one.id, f"cannot store: {exc1}")


def _reject(stats: IngestStats, rid: str | None, why: str) -> None:
    stats.rejected += 1
    stats.errors.append((str(rid or "?"), why))


def _write(con, canon: Canon, todo: list[Prepared], known: dict, stats: IngestStats) -> None:
    """Store `todo` in one transaction: all of it, or none of it."""
    replaced = [p.id for p in todo if p.id in known]
    con.execute("BEGIN TRANSACTION")
    try:
        marked = _marked(con)
        orphans = []  # copies of an article about to be replaced: their group is to be found again
        mates: set[str] = set()  # the story-mates of articles about to be replaced: their story too
        if replaced:
            mates = stories.forget(con, replaced)
            with bulk.keys(con, "_replaced", replaced):
                orphans = [r[0] for r in con.execute(
                    "SELECT article_id FROM articles WHERE dup_of IN (SELECT k FROM _replaced)").fetchall()]
                for table in search.INDEXED:  # their postings first, found through their rows
                    search.remove(con, table, "article_id IN (SELECT k FROM _replaced)")
                for table in ("articles",) + ARTICLE_TABLES:
                    con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT k FROM _replaced)")
        rows = _Rows()
        for p in todo:
            rows.add(p, canon)
        canon.flush(con)
        rows.write(con)
        _link_duplicates(con, rows, orphans)
        stories.update(con, [p.id for p in todo], mates, {p.id: p.topics for p in todo})
        dups = _marked(con) - marked
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        canon.forget()
        raise
    canon.commit()
    stats.updated += len(replaced)
    stats.added += len(todo) - len(replaced)
    stats.duplicates += dups


class _Rows:
    """The rows of a batch, table by table; entity references turn canonical
    column by column when the batch is written."""

    def __init__(self):
        self.rows: dict[str, list[tuple]] = {t: [] for t in COLUMNS}
        self.signatures: list[tuple[str, object]] = []
        self.bands: dict[str, list[int]] = {}
        self.published: dict[str, str | None] = {}
        self.eids: dict[tuple[str, str], int] = {}  # (article id, local entity id) -> canonical id

    def add(self, p: Prepared, canon: Canon) -> None:
        for e in p.entities:
            self.eids[(p.id, e["id"])] = canon.resolve(e)
        for table, rows in p.rows.items():
            self.rows[table].extend(rows)
        self.signatures.append((p.id, p.signature))
        self.bands[p.id] = p.bands
        self.published[p.id] = p.published

    def write(self, con) -> None:
        eids = self.eids
        langs = {r[0]: r[1] for r in self.rows["articles"]}
        for table, rows in self.rows.items():
            if not rows:
                continue
            cols = dict(zip(COLUMNS[table], map(list, zip(*rows))))
            if "rid" in cols:
                start = _next_rid(con, table)
                cols["rid"] = list(range(start, start + len(rows)))
            names = COLUMNS[table]
            aids = cols["article_id"]
            for k, many in _ENTITY_REFS.get(table, ()):
                col = cols[names[k]]
                if many:
                    cols[names[k]] = [[eids[(a, x)] for x in v if (a, x) in eids] for a, v in zip(aids, col)]
                else:
                    cols[names[k]] = [eids.get((a, v)) if v is not None else None for a, v in zip(aids, col)]
            bulk.insert(con, table, cols)
            if table in search.INDEXED:
                search.add(con, table, list(zip(cols["rid"], *(cols[c] for c in search.INDEXED[table]))),
                           [langs.get(a) for a in aids])


def _marked(con) -> int:
    return con.execute("SELECT count(*) FROM articles WHERE dup_of IS NOT NULL").fetchone()[0]


def _link_duplicates(con, rows: _Rows, orphans: list[str] = ()) -> None:
    """Store the batch's MinHash rows, then link every group of near-duplicates
    the batch touches by one rule, so that the links are the same whatever
    the input order and batch size: the original is the copy published
    first (undated last), ties broken by the smaller id, and every other copy
    of the group links to it. A group is what similar pairs connect (A like
    B, B like C: one group), over stored and new articles alike; a stored
    link moves when an earlier copy arrives."""
    if not rows.signatures and not orphans:
        return
    _store_signatures(con, rows)
    sigs = dict(rows.signatures)
    seeds = {a for a, _ in rows.signatures} | set(orphans)
    _load_signatures(con, seeds - sigs.keys(), sigs)
    groups = _groups(_similar_pairs(con, seeds, sigs), seeds)
    with bulk.keys(con, "_members", sorted(set().union(*groups))):
        stored = {aid: (published, dup_of, score) for aid, published, dup_of, score in con.execute(
            "SELECT article_id, published, dup_of, dup_score FROM articles JOIN _members ON article_id = k"
        ).fetchall()}
    changes = [c for group in groups for c in _group_links(group, stored, sigs)]
    _update_links(con, changes)


def _store_signatures(con, rows: _Rows) -> None:
    band_rows = {"band": [], "bucket": [], "article_id": []}
    for aid, _ in rows.signatures:
        for b, bucket in enumerate(rows.bands[aid]):
            band_rows["band"].append(b)
            band_rows["bucket"].append(bucket)
            band_rows["article_id"].append(aid)
    bulk.insert(con, "lsh", pa.table({"band": pa.array(band_rows["band"], pa.int16()),
                                      "bucket": pa.array(band_rows["bucket"], pa.uint64()),
                                      "article_id": band_rows["article_id"]}))
    bulk.insert(con, "minhash", pa.table({
        "article_id": [a for a, _ in rows.signatures],
        "signature": pa.array([s.tolist() for _, s in rows.signatures], pa.list_(pa.uint64()))}))


def _similar_pairs(con, seeds: set[str], sigs: dict) -> dict[str, set[str]]:
    """Near-duplicate pairs reachable from `seeds`, walked out level by level:
    candidates share an LSH bucket, pairs are those estimated at THRESHOLD or
    more. `sigs` is filled with the signatures read on the way."""
    adjacent: dict[str, set[str]] = {}
    seen, frontier = set(seeds), set(seeds)
    while frontier:
        with bulk.keys(con, "_frontier", sorted(frontier)):
            pairs = con.execute("""
                SELECT DISTINCT f.article_id, o.article_id
                FROM lsh f JOIN _frontier ON f.article_id = k
                JOIN lsh o ON o.band = f.band AND o.bucket = f.bucket AND o.article_id <> f.article_id
                """).fetchall()
        _load_signatures(con, {b for _, b in pairs} - sigs.keys(), sigs)
        frontier = set()
        for a, b in pairs:
            if a in sigs and b in sigs and dedupe.similarity(sigs[a], sigs[b]) >= dedupe.THRESHOLD:
                adjacent.setdefault(a, set()).add(b)
                adjacent.setdefault(b, set()).add(a)
                if b not in seen:
                    seen.add(b)
                    frontier.add(b)
    return adjacent


def _load_signatures(con, ids: set[str], sigs: dict) -> None:
    if not ids:
        return
    with bulk.keys(con, "_sig_ids", sorted(ids)):
        for aid, sig in con.execute("SELECT article_id, signature FROM minhash JOIN _sig_ids ON article_id = k"
                                    ).fetchall():
            sigs[aid] = sig


def _groups(adjacent: dict[str, set[str]], seeds: set[str]) -> list[set[str]]:
    """The connected groups the seeds belong to (a seed without a pair is a
    group of one: it may have lost its original to a replacement)."""
    out, done = [], set()
    for seed in sorted(seeds):
        if seed in done:
            continue
        group, todo = set(), [seed]
        while todo:
            a = todo.pop()
            if a not in group:
                group.add(a)
                todo.extend(adjacent.get(a, ()))
        done |= group
        out.append(group)
    return out


def _group_links(group: set[str], stored: dict, sigs: dict) -> list[tuple]:
    """(article, dup_of, dup_score) for each member of `group` whose link is
    to change: every copy points at the original (the rule in
    _link_duplicates), with its estimated similarity to it."""
    members = [a for a in group if a in stored]
    if not members:
        return []
    original = min(members, key=lambda a: (stored[a][0] is None, stored[a][0] or 0, a))
    out = []
    for aid in members:
        link, score = None, None
        if aid != original:
            link, score = original, round(dedupe.similarity(sigs[aid], sigs[original]), 3)
        if (link, score) != stored[aid][1:]:
            out.append((aid, link, score))
    return out


def _update_links(con, changes: list[tuple]) -> None:
    if not changes:
        return
    aids, links, scores = zip(*changes)
    con.register("_links", pa.table({"article_id": list(aids), "dup_of": pa.array(links, pa.string()),
                                     "dup_score": pa.array(scores, pa.float64())}))
    try:
        con.execute("UPDATE articles SET dup_of = l.dup_of, dup_score = l.dup_score FROM _links l "
                    "WHERE articles.article_id = l.article_id")
    finally:
        con.unregister("_links")


def _next_rid(con, table: str) -> int:
    # Inside the batch's transaction: the rows of a rolled-back batch never
    # took their numbers. Past every number given before (search_stats), even
    # to rows since deleted (an updated article's): a rid names one row for good.
    return con.execute(f"SELECT greatest((SELECT max(rid) FROM {table}), "
                       "(SELECT max(top_rid) FROM search_stats WHERE tbl = ?), 0) + 1", [table]).fetchone()[0]


def unit_key(unit: str | None, lang: str | None) -> str | None:
    """What a quantity counts, reduced to a comparable key: the first word,
    folded, without a plural ending of its language ("soldats nord-coréens"
    -> "soldat", "troops" -> "troop")."""
    if not unit:
        return None
    word = fold(unit).split()
    if not word:
        return unit.strip() or None
    w = word[0]
    end = next((e for e in _plural_endings(lang) if w.endswith(e)), None)
    if end and len(w) > 3:
        w = w[:-len(end)]
    return w


@functools.cache
def _plural_endings(lang: str | None) -> tuple[str, ...]:
    """The language's plural endings (quantities.toml), longest first; none
    for a language without lexicons: its units are compared as written."""
    if not lang or not lexicon.available(lang):
        return ()
    endings = lexicon.load(lang).get("quantities", {}).get("plural_endings", [])
    return tuple(sorted({fold(e) for e in endings if fold(e)}, key=len, reverse=True))


def _sentence(text: str, a: int, b: int) -> str:
    """The sentence around [a, b), roughly: from the last full stop or line
    break before it to the next one after it, 300 characters at most each way."""
    lo, hi = max(0, a - 300), min(len(text), b + 300)
    stop, brk = text.rfind(". ", lo, a), text.rfind("\n", lo, a)
    start = max(stop + 2 if stop >= 0 else lo, brk + 1 if brk >= 0 else lo)
    ends = [e for e in (text.find(". ", b, hi), text.find("\n", b, hi)) if e >= 0]
    end = min(ends) + 1 if ends else hi
    return text[start:end].strip()


def _float(v):
    return float(v) if v is not None else None
