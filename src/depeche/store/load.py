"""Records into the DuckDB knowledge base, a batch per transaction.

- Idempotent: an article already stored with the same record is skipped; a
  new version of it (same id, another record) replaces all its rows in the
  same transaction as the rest of its batch.
- Safe: each batch commits whole or not at all, so a process killed mid-run
  leaves only whole articles, and the next run picks up the rest.
- Entities are made canonical across articles here (canonical.py); near-
  duplicate texts are linked to the earlier copy (dedupe.py).
- Rows go in by the table (Arrow), not by the row: ingest is bounded by
  Python building the rows, not by the database.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyarrow as pa

from . import bulk, dedupe
from ..normalize import fold
from .canonical import Canon
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


def record_hash(rec: dict) -> str:
    # The extractor writes keys in a fixed order; a record read back from
    # JSON keeps it, so no sorting is needed to compare versions.
    return hashlib.blake2b(json.dumps(rec).encode(), digest_size=16).hexdigest()


def ingest(con, records: Iterable[dict], batch_size: int = 500, progress=None) -> IngestStats:
    """Store `records` (dicts per RECORD.md); returns what happened to them."""
    stats = IngestStats()
    canon = Canon(con)
    for batch in _batches(records, batch_size):
        _ingest_batch(con, canon, batch, stats)
        if progress is not None:
            progress(len(batch), stats)
    return stats


def _batches(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for rec in records:
        batch.append(rec)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ingest_batch(con, canon: Canon, batch: list[dict], stats: IngestStats) -> None:
    valid: dict[str, tuple[dict, str]] = {}
    for rec in batch:
        try:
            validate(rec)
        except RecordError as exc:
            _reject(stats, rec, str(exc))
            continue
        if rec["id"] in valid:
            stats.superseded += 1  # two versions of one article in a batch: the later one wins
        valid[rec["id"]] = (rec, record_hash(rec))
    if not valid:
        return
    ids = list(valid)
    with bulk.keys(con, "_ids", ids):
        known = dict(con.execute("SELECT article_id, record_hash FROM articles JOIN _ids ON article_id = k")
                     .fetchall())
    todo = [(rec, h) for aid, (rec, h) in valid.items() if known.get(aid) != h]
    stats.unchanged += len(valid) - len(todo)
    if not todo:
        return
    try:
        _write(con, canon, todo, known, stats)
    except Exception as exc:  # noqa: BLE001 - the database refused a value validation let through
        if len(todo) == 1:
            _reject(stats, todo[0][0], f"cannot store: {exc}")
            return
        # One bad record must not cost the batch: store them one by one.
        for one in todo:
            try:
                _write(con, canon, [one], known, stats)
            except Exception as exc1:  # noqa: BLE001
                _reject(stats, one[0], f"cannot store: {exc1}")


def _reject(stats: IngestStats, rec, why: str) -> None:
    stats.rejected += 1
    rid = (rec.get("id") or rec.get("origin")) if isinstance(rec, dict) else None
    stats.errors.append((str(rid or "?"), why))


def _write(con, canon: Canon, todo: list[tuple[dict, str]], known: dict, stats: IngestStats) -> None:
    """Store `todo` in one transaction: all of it, or none of it."""
    replaced = [rec["id"] for rec, _ in todo if rec["id"] in known]
    con.execute("BEGIN TRANSACTION")
    try:
        if replaced:
            with bulk.keys(con, "_replaced", replaced):
                for table in ("articles",) + ARTICLE_TABLES:
                    con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT k FROM _replaced)")
        rows = _Rows()
        for rec, h in todo:
            rows.add(rec, h, canon)
        canon.flush(con)
        dups = _link_duplicates(con, rows)
        rows.write(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        canon.forget()
        raise
    canon.commit()
    stats.updated += len(replaced)
    stats.added += len(todo) - len(replaced)
    stats.duplicates += dups


# The columns each table receives from a record, in the order `_Rows` fills them.
COLUMNS = {
    "articles": ("article_id", "lang", "title", "published", "outlet", "dateline", "author", "url", "text",
                 "removed", "keywords", "record_hash", "dup_of", "dup_score"),
    "article_entities": ("article_id", "local_id", "eid", "name", "type", "roles", "country"),
    "mentions": ("article_id", "local_id", "eid", "start_char", "end_char", "text"),
    "statements": ("article_id", "sid", "speaker_eid", "speaker_text", "cue", "kind", "stance", "content",
                   "start_char", "end_char", "conditional", "within", "published", "uid"),
    "quantities": ("article_id", "n", "value", "low", "high", "approx", "vague", "magnitude", "unit", "unit_key",
                   "text", "start_char", "end_char", "sid", "context", "uid"),
    "places": ("article_id", "local_id", "eid", "name", "geonameid", "country", "lat", "lon"),
    "dates": ("article_id", "text", "value", "granularity", "start_char", "end_char"),
    "events": ("article_id", "type", "actors", "targets", "place_eid", "date", "sid", "trigger", "hypothetical",
               "start_char", "end_char"),
}


class _Rows:
    """The rows of a batch, table by table; tuples in the order of COLUMNS
    (building keyword dicts per row costs more than the database insert)."""

    def __init__(self):
        self.rows: dict[str, list[tuple]] = {t: [] for t in COLUMNS}
        self.signatures: list[tuple[str, object]] = []

    def add(self, rec: dict, h: str, canon: Canon) -> None:
        aid = rec["id"]
        text = rec["text"]
        src = rec.get("source") or {}
        published = rec.get("published")
        self.rows["articles"].append((
            aid, rec.get("lang"), rec.get("title"), published, src.get("outlet"), src.get("dateline"),
            src.get("author"), src.get("url"), text, json.dumps(rec.get("removed") or [], ensure_ascii=False),
            rec.get("keywords") or [], h, None, None))
        local = {}
        ents, ments = self.rows["article_entities"], self.rows["mentions"]
        for e in rec.get("entities") or []:
            eid = canon.resolve(e)
            local[e["id"]] = eid
            ents.append((aid, e["id"], eid, e["name"], e["type"], e.get("roles") or [], e.get("country")))
            for a, b in e.get("mentions") or []:
                ments.append((aid, e["id"], eid, a, b, text[a:b]))
        sts = self.rows["statements"]
        for s in rec.get("statements") or []:
            sid = s["id"]
            sts.append((aid, sid, local.get(s.get("speaker")), s.get("speaker_text"), s.get("cue"), s["kind"],
                        s["stance"], s["content"], s["span"][0], s["span"][1], bool(s.get("conditional")),
                        s.get("within"), published, f"{aid}/{sid}"))
        qs = self.rows["quantities"]
        n = 0
        for vague, part in ((False, "quantities"), (True, "vague_quantities")):
            for q in rec.get(part) or []:
                n += 1
                a, b = q["span"]
                qs.append((aid, n, _float(q.get("value")), _float(q.get("low")), _float(q.get("high")),
                           bool(q.get("approx")), vague, q.get("magnitude"), q.get("unit"), unit_key(q.get("unit")),
                           q.get("text"), a, b, q.get("statement"), _sentence(text, a, b), f"{aid}/q{n}"))
        for p in rec.get("places") or []:
            self.rows["places"].append((aid, p.get("entity"), local.get(p.get("entity")), p.get("name"),
                                        p.get("geonameid"), p.get("country"), p.get("lat"), p.get("lon")))
        for d in rec.get("dates") or []:
            span = d.get("span") or [None, None]
            self.rows["dates"].append((aid, d["text"], d.get("value"), d.get("granularity"), span[0], span[1]))
        for ev in rec.get("events") or []:
            span = ev.get("span") or [None, None]
            self.rows["events"].append((
                aid, ev["type"], [local[a] for a in ev.get("actors") or [] if a in local],
                [local[t] for t in ev.get("targets") or [] if t in local], local.get(ev.get("place")),
                ev.get("date"), ev.get("statement"), ev.get("trigger"), bool(ev.get("hypothetical")),
                span[0], span[1]))
        self.signatures.append((aid, dedupe.signature(text)))

    def mark_duplicate(self, aid: str, of: str, score: float) -> None:
        arts = self.rows["articles"]
        for k, row in enumerate(arts):
            if row[0] == aid:
                arts[k] = row[:12] + (of, score)
                return

    def write(self, con) -> None:
        for table, rows in self.rows.items():
            if rows:
                bulk.insert(con, table, dict(zip(COLUMNS[table], map(list, zip(*rows)))))


def _link_duplicates(con, rows: _Rows) -> int:
    """Link each new article to an earlier one whose text it nearly repeats;
    write the MinHash rows. Returns how many were linked."""
    if not rows.signatures:
        return 0
    band_rows = {"band": [], "bucket": [], "article_id": []}
    for aid, sig in rows.signatures:
        for b, bucket in enumerate(dedupe.bands(sig)):
            band_rows["band"].append(b)
            band_rows["bucket"].append(bucket)
            band_rows["article_id"].append(aid)
    con.register("_bands", pa.table({"band": pa.array(band_rows["band"], pa.int16()),
                                     "bucket": pa.array(band_rows["bucket"], pa.uint64()),
                                     "article_id": band_rows["article_id"]}))
    # Candidates already stored.
    stored = con.execute("""
        SELECT DISTINCT n.article_id, l.article_id
        FROM _bands n JOIN lsh l ON l.band = n.band AND l.bucket = n.bucket
        WHERE l.article_id <> n.article_id
    """).fetchall()
    order = {aid: k for k, (aid, _) in enumerate(rows.signatures)}
    # Candidates within the batch.
    inner = con.execute("""
        SELECT DISTINCT a.article_id, b.article_id
        FROM _bands a JOIN _bands b ON a.band = b.band AND a.bucket = b.bucket AND a.article_id <> b.article_id
    """).fetchall()
    con.execute("INSERT INTO lsh SELECT band, bucket, article_id FROM _bands")
    con.unregister("_bands")
    sigs = dict(rows.signatures)
    cands: dict[str, set[str]] = {}
    for new, old in stored:
        cands.setdefault(new, set()).add(old)
    for a, b in inner:
        cands.setdefault(a, set()).add(b)
    olds = {o for s in cands.values() for o in s if o not in sigs}
    stored_info: dict[str, tuple] = {}  # article_id -> (published, dup_of)
    if olds:
        with bulk.keys(con, "_olds", list(olds)):
            for aid, sig, published, dup_of in con.execute(
                    "SELECT m.article_id, m.signature, a.published, a.dup_of FROM minhash m "
                    "JOIN articles a USING (article_id) JOIN _olds ON m.article_id = k").fetchall():
                sigs[aid] = sig
                stored_info[aid] = (published.isoformat() if published else None, dup_of)
    new_pub = {row[0]: row[3] for row in rows.rows["articles"]}

    def age(aid: str) -> tuple:
        # The original is the copy published first; stored before new, then
        # input order, when the dates do not tell.
        published = new_pub[aid] if aid in new_pub else stored_info.get(aid, (None,))[0]
        return (published or "9999-99-99", aid in new_pub, order.get(aid, -1))

    linked = 0
    for aid, others in cands.items():
        similar = [(dedupe.similarity(sigs[aid], sigs[o]), o) for o in others if o in sigs]
        similar = [(sc, o) for sc, o in similar if sc >= dedupe.THRESHOLD]
        if not similar:
            continue
        # A stored copy stands for the article it was already linked to.
        roots = {stored_info[o][1] or o if o in stored_info else o for _, o in similar}
        original = min(roots | {aid}, key=age)
        if original != aid:
            score = max(sc for sc, o in similar)
            rows.mark_duplicate(aid, original, round(score, 3))
            linked += 1
        for root in roots - {original}:
            if root in stored_info:
                # A copy stored earlier turns out to be the later one.
                con.execute("UPDATE articles SET dup_of = ? WHERE article_id = ? OR dup_of = ?",
                            [original, root, root])
            elif root in new_pub and age(original) < age(root):
                rows.mark_duplicate(root, original, round(dedupe.similarity(sigs[root], sigs[original]), 3))
    bulk.insert(con, "minhash", pa.table({
        "article_id": [a for a, _ in rows.signatures],
        "signature": pa.array([s.tolist() for _, s in rows.signatures], pa.list_(pa.uint64()))}))
    return linked


def unit_key(unit: str | None) -> str | None:
    """What a quantity counts, reduced to a comparable key: the first word,
    folded, without a plural ending ("soldats nord-coréens" -> "soldat")."""
    if not unit:
        return None
    word = fold(unit).split()
    if not word:
        return unit.strip() or None
    w = word[0]
    if len(w) > 3 and w[-1] in "sx":
        w = w[:-1]
    return w


def _sentence(text: str, a: int, b: int) -> str:
    """The sentence around [a, b), roughly: from the last full stop or line
    break before it to the next one after it, 300 characters at most each way."""
    lo, hi = max(0, a - 300), min(len(text), b + 300)
    start = max(text.rfind(". ", lo, a) + 2, text.rfind("\n", lo, a) + 1, lo)
    ends = [e for e in (text.find(". ", b, hi), text.find("\n", b, hi)) if e >= 0]
    end = min(ends) + 1 if ends else hi
    return text[start:end].strip()


def _float(v):
    return float(v) if v is not None else None
