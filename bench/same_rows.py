"""Do two versions of depeche store the same rows? Every table, row for row
(but timestamps), after the same ingests.

    .venv/bin/python bench/same_rows.py OLD_REPO [NEW_REPO] [--records 2000]

Each version runs in a subprocess of its own (its `src/` first on the path)
over the same inputs, written once to a file:
- `bench/store.py`'s synthetic records, with near-copies of some of them
  (duplicate links) and, in a second ingest, new versions of others (the
  replacing path: postings, stories and links of the replaced rows);
- the story corpus (tests/data/story, extracted by this version's
  pipeline: slow, ~10 s; `--no-story` to skip it), then its update.
Both are ingested with small batches and 2 worker processes, and the new
version again with `workers=0` (the plain path must agree too). NEW_REPO
defaults to this checkout.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def inputs(n: int, story: bool) -> dict:
    sys.path.insert(0, HERE)
    from store import synthetic  # bench/store.py

    recs = list(synthetic(n))
    rnd = random.Random(3)
    copies = []
    for r in rnd.sample(recs, n // 20):  # a near-copy: another outlet, a word changed at the end
        c = json.loads(json.dumps(r))
        c["id"] = r["id"] + "-copy"
        c["text"] = c["text"][:-2] + "!!"
        c["source"]["outlet"] = "Copie"
        copies.append(c)
    updates = []
    for r in rnd.sample(recs, n // 20):  # a new version: one statement fewer, its quantity with it
        u = json.loads(json.dumps(r))
        u["statements"] = u["statements"][:-1]
        u["quantities"] = u["quantities"][:-1]
        updates.append(u)
    out = {"runs": [recs + copies, updates]}
    if story:
        sys.path.insert(0, os.path.join(HERE, "..", "tests"))
        import _story

        recs, update = _story._extracted()
        out["story"] = [list(recs), [update]]
    return out


def dump(inputs_path: str, out: str, workers: int, batch: int) -> None:
    """Ingest the inputs into fresh bases (this process's depeche) and pickle their tables."""
    from depeche import store

    data = json.load(open(inputs_path, encoding="utf-8"))
    tables = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("runs", "story"):
            if name not in data:
                continue
            con = store.connect(os.path.join(tmp, f"{name}.duckdb"))
            for recs in data[name]:
                stats = store.ingest(con, recs, batch_size=batch, workers=workers)
                assert not stats.errors, stats.errors[:3]
            tables[name] = _tables(con)
            con.close()
    with open(out, "wb") as f:
        pickle.dump(tables, f)


def _tables(con) -> dict[str, list[str]]:
    cols: dict[str, list[str]] = {}
    for t, c in con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal "
                            "AND data_type NOT LIKE 'TIMESTAMP%' ORDER BY table_name, column_index").fetchall():
        cols.setdefault(t, []).append(c)
    return {t: sorted(map(repr, con.execute(f"SELECT {', '.join(cs)} FROM {t}").fetchall())) for t, cs in cols.items()}


def run(repo: str, inputs_path: str, workers: int, batch: int, tmp: str) -> dict:
    out = os.path.join(tmp, f"{abs(hash((repo, workers)))}.pickle")
    env = dict(os.environ, PYTHONPATH=os.path.join(os.path.abspath(repo), "src"))
    subprocess.run([sys.executable, os.path.abspath(__file__), "--dump", out, "--inputs", inputs_path,
                    "--workers", str(workers), "--batch-size", str(batch)], env=env, check=True)
    with open(out, "rb") as f:
        return pickle.load(f)


def compare(a: dict, b: dict, label: str) -> bool:
    same = True
    for corpus in sorted(a.keys() | b.keys()):
        ta, tb = a.get(corpus, {}), b.get(corpus, {})
        for t in sorted(ta.keys() | tb.keys()):
            ra, rb = ta.get(t), tb.get(t)
            if ra == rb:
                continue
            same = False
            if ra is None or rb is None:
                print(f"  {label} {corpus}.{t}: only in {'new' if ra is None else 'old'}")
                continue
            only_a, only_b = sorted(set(ra) - set(rb)), sorted(set(rb) - set(ra))
            print(f"  {label} {corpus}.{t}: {len(ra)} vs {len(rb)} rows; {len(only_a)} only old, "
                  f"{len(only_b)} only new; e.g. {(only_a or ['-'])[0][:200]} / {(only_b or ['-'])[0][:200]}")
    counts = {f"{c}.{t}": len(r) for c, ts in a.items() for t, r in ts.items() if r}
    print(f"{label}: {'the same' if same else 'DIFFERENT'} ({sum(counts.values())} rows in {len(counts)} tables)")
    return same


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", nargs="?")
    ap.add_argument("new", nargs="?", default=os.path.join(HERE, ".."))
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, default=300)
    ap.add_argument("--no-story", action="store_true")
    ap.add_argument("--dump", help=argparse.SUPPRESS)
    ap.add_argument("--inputs", help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.dump:
        dump(a.inputs, a.dump, a.workers, a.batch_size)
        return 0
    if not a.old:
        ap.error("OLD_REPO is required")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "inputs.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(inputs(a.records, not a.no_story), f, ensure_ascii=False)
        old = run(a.old, path, 2, a.batch_size, tmp)
        ok = compare(old, run(a.new, path, 2, a.batch_size, tmp), "2 workers")
        ok &= compare(old, run(a.new, path, 0, a.batch_size, tmp), "no worker")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
