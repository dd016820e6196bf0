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
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyarrow as pa

from . import bulk, dedupe
from ..normalize import fold
from .canonical import Canon
from .schema import ARTICLE_TABLES
from .validate import RecordError, validate

_SENTENCE_END = re.compile(r"[.!?…]\s|\n")


@dataclass
class IngestStats:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    duplicates: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (id or origin, message)

    @property
    def seen(self) -> int:
        return self.added + self.updated + self.unchanged + self.rejected


def record_hash(rec: dict) -> str:
    return hashlib.sha256(json.dumps(rec, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


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
            stats.rejected += 1
            rid = rec.get("id") if isinstance(rec, dict) else None
            stats.errors.append((str(rid or rec.get("origin", "?") if isinstance(rec, dict) else "?"), str(exc)))
            continue
        valid[rec["id"]] = (rec, record_hash(rec))  # a later copy in the batch wins
    if not valid:
        return
    ids = list(valid)
    known = dict(con.execute("SELECT article_id, record_hash FROM articles WHERE article_id IN "
                             "(SELECT unnest(?))", [ids]).fetchall())
    todo = [(rec, h) for aid, (rec, h) in valid.items() if known.get(aid) != h]
    stats.unchanged += len(valid) - len(todo)
    if not todo:
        return
    replaced = [rec["id"] for rec, _ in todo if rec["id"] in known]

    con.execute("BEGIN TRANSACTION")
    try:
        if replaced:
            for table in ("articles",) + ARTICLE_TABLES:
                con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [replaced])
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


class _Rows:
    """The rows of a batch, table by table, as columns."""

    def __init__(self):
        self.tables: dict[str, dict[str, list]] = {}
        self.signatures: list[tuple[str, object]] = []

    def put(self, table: str, **row) -> None:
        cols = self.tables.setdefault(table, {k: [] for k in row})
        for k, v in row.items():
            cols[k].append(v)

    def add(self, rec: dict, h: str, canon: Canon) -> None:
        aid = rec["id"]
        text = rec["text"]
        src = rec.get("source") or {}
        published = rec.get("published")
        self.put("articles", article_id=aid, lang=rec.get("lang"), title=rec.get("title"), published=published,
                 outlet=src.get("outlet"), dateline=src.get("dateline"), author=src.get("author"),
                 url=src.get("url"), text=text, removed=json.dumps(rec.get("removed") or [], ensure_ascii=False),
                 keywords=rec.get("keywords") or [], record_hash=h, dup_of=None, dup_score=None)
        local = {}
        for e in rec.get("entities") or []:
            eid = canon.resolve(e)
            local[e["id"]] = eid
            self.put("article_entities", article_id=aid, local_id=e["id"], eid=eid, name=e["name"],
                     type=e["type"], roles=e.get("roles") or [], country=e.get("country"))
            for a, b in e.get("mentions") or []:
                self.put("mentions", article_id=aid, local_id=e["id"], eid=eid, start_char=a, end_char=b,
                         text=text[a:b])
        speaker_of = {}
        for s in rec.get("statements") or []:
            speaker_of[s["id"]] = local.get(s.get("speaker"))
            self.put("statements", article_id=aid, sid=s["id"], speaker_eid=local.get(s.get("speaker")),
                     speaker_text=s.get("speaker_text"), cue=s.get("cue"), kind=s["kind"], stance=s["stance"],
                     content=s["content"], start_char=s["span"][0], end_char=s["span"][1],
                     conditional=bool(s.get("conditional")), within=s.get("within"), published=published,
                     uid=f"{aid}/{s['id']}")
        n = 0
        for q in rec.get("quantities") or []:
            n += 1
            self._quantity(aid, n, text, q, vague=False)
        for q in rec.get("vague_quantities") or []:
            n += 1
            self._quantity(aid, n, text, q, vague=True)
        for p in rec.get("places") or []:
            self.put("places", article_id=aid, local_id=p.get("entity"), eid=local.get(p.get("entity")),
                     name=p.get("name"), geonameid=p.get("geonameid"), country=p.get("country"),
                     lat=p.get("lat"), lon=p.get("lon"))
        for d in rec.get("dates") or []:
            span = d.get("span") or [None, None]
            self.put("dates", article_id=aid, text=d["text"], value=d.get("value"),
                     granularity=d.get("granularity"), start_char=span[0], end_char=span[1])
        for ev in rec.get("events") or []:
            span = ev.get("span") or [None, None]
            self.put("events", article_id=aid, type=ev["type"],
                     actors=[local[a] for a in ev.get("actors") or [] if a in local],
                     targets=[local[t] for t in ev.get("targets") or [] if t in local],
                     place_eid=local.get(ev.get("place")), date=ev.get("date"), sid=ev.get("statement"),
                     trigger=ev.get("trigger"), hypothetical=bool(ev.get("hypothetical")),
                     start_char=span[0], end_char=span[1])
        sig = dedupe.signature(text)
        self.signatures.append((aid, sig))

    def _quantity(self, aid: str, n: int, text: str, q: dict, vague: bool) -> None:
        a, b = q["span"]
        self.put("quantities", article_id=aid, n=n, value=_float(q.get("value")), low=_float(q.get("low")),
                 high=_float(q.get("high")), approx=bool(q.get("approx")), vague=vague,
                 magnitude=q.get("magnitude"), unit=q.get("unit"), unit_key=unit_key(q.get("unit")),
                 text=q.get("text"), start_char=a, end_char=b, sid=q.get("statement"),
                 context=_sentence(text, a, b), uid=f"{aid}/q{n}")

    def write(self, con) -> None:
        for table, cols in self.tables.items():
            bulk.insert(con, table, cols)


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
    # Candidates already stored: they are earlier by construction.
    stored = con.execute("""
        SELECT DISTINCT n.article_id, l.article_id
        FROM _bands n JOIN lsh l ON l.band = n.band AND l.bucket = n.bucket
        WHERE l.article_id <> n.article_id
    """).fetchall()
    order = {aid: k for k, (aid, _) in enumerate(rows.signatures)}
    # Candidates within the batch: the earlier one in input order is the original.
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
        if order[b] < order[a]:
            cands.setdefault(a, set()).add(b)
    olds = {o for s in cands.values() for o in s if o not in sigs}
    if olds:
        for aid, sig in con.execute("SELECT article_id, signature FROM minhash WHERE article_id IN "
                                    "(SELECT unnest(?))", [list(olds)]).fetchall():
            sigs[aid] = sig
    arts = rows.tables["articles"]
    pos = {aid: k for k, aid in enumerate(arts["article_id"])}
    linked = 0
    for aid, others in cands.items():
        best = max(((dedupe.similarity(sigs[aid], sigs[o]), o) for o in others if o in sigs), default=None)
        if best and best[0] >= dedupe.THRESHOLD:
            k = pos[aid]
            arts["dup_of"][k] = best[1]
            arts["dup_score"][k] = round(best[0], 3)
            linked += 1
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
    lo = max(0, a - 300)
    start = lo
    for m in _SENTENCE_END.finditer(text, lo, a):
        start = m.end()
    m = _SENTENCE_END.search(text, b, min(len(text), b + 300))
    end = m.start() + 1 if m else min(len(text), b + 300)
    return text[start:end].strip()


def _float(v):
    return float(v) if v is not None else None
