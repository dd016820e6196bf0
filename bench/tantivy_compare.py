"""The engine comparison behind store/search.py: tantivy (its Python
bindings, `pip install tantivy`: not a dependency of depeche) on the same
terms as depeche's postings (our tokenizer's output, tantivy's whitespace
tokenizer), over the statements of a depeche base (the measurement used a
1M-statement base built as `bench/store.py --growth` builds its own). Prints the time to index every statement, to add
5,000 (1,000 articles) with a commit, and the time of a top-51 search.

    .venv/bin/python bench/tantivy_compare.py BASE.duckdb
"""
import shutil
import statistics
import sys
import tempfile
import time

import duckdb
import tantivy

from depeche.store import search

base = sys.argv[1]
path = tempfile.mkdtemp()
con = duckdb.connect(base, read_only=True)
top = con.execute("SELECT max(rid) FROM statements").fetchone()[0]
sb = tantivy.SchemaBuilder()
sb.add_text_field("body", stored=False, tokenizer_name="whitespace")
sb.add_integer_field("rid", stored=True, indexed=True, fast=True)
schema = sb.build()
index = tantivy.Index(schema, path=path)
tok = search.tokenizer("fr")
t0 = time.perf_counter()
writer = index.writer(heap_size=200_000_000, num_threads=1)
n = 0
for lo in range(0, top, 100_000):
    rows = con.execute("SELECT rid, content, speaker_text FROM statements WHERE rid > ? AND rid <= ? ORDER BY rid", [lo, lo + 100_000]).fetchall()
    terms = tok.rows(["\n".join(x for x in r[1:] if x) for r in rows])
    for (rid, *_), body in zip(rows, terms):
        writer.add_document(tantivy.Document(rid=rid, body=body))
    n += len(rows)
writer.commit(); writer.wait_merging_threads()
print(f"indexed {n} in {time.perf_counter()-t0:.1f}s", flush=True)
index.reload()
# add 5000 docs (1000 articles) and commit
writer = index.writer(heap_size=50_000_000, num_threads=1)
rows = con.execute("SELECT rid, content, speaker_text FROM statements WHERE rid <= 5000").fetchall()
t = time.perf_counter()
terms = tok.rows(["\n".join(x for x in r[1:] if x) for r in rows])
for (rid, *_), body in zip(rows, terms):
    writer.add_document(tantivy.Document(rid=rid + 2 * top, body=body))
writer.commit()
print(f"add 5000 docs + commit: {time.perf_counter()-t:.2f}s", flush=True)
writer.wait_merging_threads()
index.reload()
searcher = index.searcher()
lat = []
for q in ["soldats", "soldats frontière", "Poutine", "Emmanuel Macron", "12 000", "gouvernement réforme", "inflation", "accord de paix", "réfugiés", "grève"]:
    groups = search.query_terms(q)
    qs = " AND ".join("(" + " OR ".join(sorted(g)) + ")" for g in groups)
    query = index.parse_query(qs, ["body"])
    ts = []
    for _ in range(4):
        t = time.perf_counter()
        hits = searcher.search(query, 51).hits
        rids = [searcher.doc(a)["rid"][0] for _, a in hits]
        ts.append((time.perf_counter() - t) * 1000)
    lat += ts[1:]
    print(f"{q:22s} {statistics.median(ts[1:]):6.1f} ms  count {searcher.search(query, 1, count=True).count}", flush=True)
lat.sort(); print("p50", lat[len(lat)//2], "p95", lat[int(len(lat)*0.95)])
shutil.rmtree(path, ignore_errors=True)
