"""`depeche ingest` killed mid-run (SIGKILL, no chance to clean up) leaves a
database that opens, holds whole articles only, and that a second run
completes without duplicating anything.

Input: ~3,000 pre-extracted records, the story corpus's records
(tests/data/story/, extracted once per process by tests/_story.py) multiplied
with distinct ids, their words outside entity mentions replaced by random
letters of the same length (offsets stay valid; texts are not near-duplicates
of one another, so each record is its own article).

The subprocess is polled on its write-ahead log, never through DuckDB (one
writer process at a time): the WAL holds the schema migration (a few kB) and
then grows by about 1 MB a committed batch of 200 records, so a WAL past the
size of two batches' JSON means at least one batch is committed and many are
still to come (the whole run takes ~3 s).
"""
from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from contextlib import closing

import _story
from depeche import store
from depeche.store.schema import ARTICLE_TABLES

N_RECORDS = 3000
BATCH = 200
_WORD = re.compile(r"\w+")


def scrambled(rec: dict, k: int) -> dict:
    r = json.loads(json.dumps(rec))
    rnd = random.Random(k)
    text = r["text"]
    keep = bytearray(len(text))
    for e in r["entities"]:
        for a, b in e["mentions"]:
            keep[a:b] = b"\x01" * (b - a)
    out = list(text)
    for m in _WORD.finditer(text):
        if not any(keep[m.start():m.end()]):
            for i in range(m.start(), m.end()):
                out[i] = rnd.choice("abcdefghijklmnopqrstuvwxyz")
    r["text"] = "".join(out)
    r["id"] = f"{rec['id']}-k{k}"
    return r


def run_ingest(jsonl, db) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-m", "depeche.cli", "ingest", str(jsonl), "--db", str(db),
         "--batch-size", str(BATCH), "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _size(path) -> int:
    """The file's size, 0 while it does not exist (a checkpoint removes the
    WAL between any two looks at it)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def check_whole(con, expected: dict[str, dict[str, int]]) -> int:
    """Every stored article has all its rows and no row is without its
    article; returns how many articles are stored."""
    stored = _story.stored_counts(con)
    ids = set(stored)
    assert ids <= set(expected)
    for aid, c in stored.items():
        assert c == expected[aid], aid
    for table in ARTICLE_TABLES:
        orphans = con.execute(f"SELECT count(*) FROM {table} WHERE article_id NOT IN "
                              "(SELECT article_id FROM articles)").fetchone()[0]
        assert orphans == 0, table
    n = len(ids)
    assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM minhash").fetchone() == (n, n)
    assert con.execute("SELECT count(*) FROM lsh").fetchone()[0] == 16 * n
    # no statement twice, no entity without an article (none from a lost batch)
    assert con.execute("SELECT count(*) FROM (SELECT article_id, sid FROM statements GROUP BY ALL "
                       "HAVING count(*) > 1)").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM entities WHERE eid NOT IN "
                       "(SELECT eid FROM article_entities)").fetchone()[0] == 0
    assert con.execute("SELECT count(*) - count(DISTINCT eid) FROM entities").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM articles WHERE dup_of IS NOT NULL").fetchone()[0] == 0
    return n


def test_killed_ingest_leaves_whole_articles_and_resumes(tmp_path):
    base = _story.records()
    recs = [scrambled(base[k % len(base)], k) for k in range(N_RECORDS)]
    expected = {r["id"]: _story.expected_counts(r) for r in recs}
    jsonl = _story.write_jsonl(tmp_path / "records.jsonl", recs)
    db = tmp_path / "kill.duckdb"
    wal = tmp_path / "kill.duckdb.wal"
    threshold = 2 * os.path.getsize(jsonl) * BATCH / N_RECORDS

    proc = run_ingest(jsonl, db)
    t0 = time.monotonic()
    try:
        while proc.poll() is None and time.monotonic() - t0 < 60:
            if _size(wal) >= threshold:
                break
            time.sleep(0.002)
        assert proc.poll() is None, f"ingest ended before the kill: {proc.communicate()}"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with closing(store.connect(str(db), read_only=True)) as con:
        n = check_whole(con, expected)
    assert 0 < n < N_RECORDS, n
    assert n % BATCH == 0, n  # batches commit whole

    proc = run_ingest(jsonl, db)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert f"{N_RECORDS - n} added, 0 updated, {n} unchanged, 0 rejected, 0 near-duplicates linked" in err, err

    with closing(store.connect(str(db), read_only=True)) as con:
        assert check_whole(con, expected) == N_RECORDS
        totals = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("article_entities", "mentions", "statements", "quantities")}
        assert totals == {t: sum(c[t] for c in expected.values()) for t in totals}
        # one canonical entity per name across both runs
        assert con.execute("SELECT count(*) FROM entities WHERE norm = 'lloyd austin'").fetchone()[0] == 1
        assert con.execute("SELECT count(DISTINCT eid) FROM article_entities WHERE name = 'Lloyd Austin'"
                           ).fetchone()[0] == 1
