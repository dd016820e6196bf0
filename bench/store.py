"""Knowledge-base speed: ingest rate and query latency.

    .venv/bin/python bench/store.py                 # 100,000 synthetic records
    .venv/bin/python bench/store.py --records 10000 # a quick run

Ingest is measured from pre-extracted records (no NLP): synthetic records
that keep to RECORD.md, built from pools of names and a Zipf-distributed
vocabulary of 6,000 words (function words most frequent, the named news words
spread over the ranks as in real text, the rest pseudo-words), with distinct
texts (so that near-duplicate detection does real work without linking
everything). A word such as "soldats" then occurs in about 1% of statements,
as in a news archive, not in a third of them as a 70-word vocabulary made it. Then each query command (`said`, `speaker`, `numbers`,
`entity`) is timed on the resulting database: median and worst of several
runs, through the same functions the CLI and the API call.
Targets: >= 2,000 records/s ingest; each query < 200 ms.

    .venv/bin/python bench/store.py --growth         # adding to 100k and to 1M statements
    .venv/bin/python bench/store.py --records 20000 --compare ../old-checkout

`--compare REPO`: the ingest rate of another checkout's code (its `src/`)
against this one's, on the same records, in the same sitting: each ingest
runs in a subprocess of its own, alternating old and new `--rounds` times
(the machine's speed drifts between runs: read the ratio). Peak RSS is the
ingesting process's and its largest worker's.

`--growth`: the cost of adding 1,000 articles, search index included, to a
base of 100,000 statements and to one of 1,000,000 (issue 13: in proportion
to what is added, not to the base; target: the 1M case within 1.5x the 100k
case), then search latency at 1M (target: p95 < 150 ms). The 100k base is
ingested from synthetic records; the 1M base is that base copied nine more
times by bulk SQL (new article ids and row numbers, postings and running
totals copied with them: the same shape as ingest makes), which takes
seconds where ingesting would take minutes. The 1,000 articles then go
through the real ingest path (one process: `workers=0`, as a server's post
does) into each base in turn.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import pickle
import random
import resource
import statistics
import sys
import tempfile
import time

from depeche import store
from depeche.store import queries

WORDS = ("le la les un une des de du et en à dans pour sur avec par que qui ne pas plus "
         "gouvernement ministre troupes soldats frontière accord guerre paix économie budget "
         "réforme élection président crise sanctions négociations attaque offensive région "
         "ville capitale armée police enquête rapport sommet conférence marché inflation "
         "emplois usine grève manifestation hôpital école tribunal loi projet vote parlement "
         "énergie pétrole gaz climat sécheresse inondation séisme réfugiés aide frontières").split()
FIRST = ("Jean Marie Pierre Anne Lloyd Sergiy Kim Vladimir Olaf Emmanuel Ursula Antonio Joe Kamala Xi "
         "Narendra Recep Volodymyr Giorgia Pedro Mark Rishi Fumio Yoon Luiz Javier Hassan Ali Fatou").split()
LAST = ("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre "
        "Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard Andre Mercier Dupont Lambert "
        "Bonnet Francois Martinez Austin Kyslytsya Poutine Scholz Macron Leyen Guterres Biden").split()
ORGS = ["Nations unies", "OTAN", "Union européenne", "Banque mondiale", "FMI", "Croix-Rouge", "CGT",
        "Météo France", "AFP", "Reuters", "ministère de la Défense", "Maison Blanche", "Kremlin"]
PLACES = [("France", "FR"), ("Russie", "RU"), ("Ukraine", "UA"), ("États-Unis", "US"), ("Corée du Nord", "KP"),
          ("Corée du Sud", "KR"), ("Paris", "FR"), ("Kiev", "UA"), ("Moscou", "RU"), ("Pékin", "CN")]
UNITS = ["soldats", "morts", "blessés", "euros", "%", "personnes", "emplois", "réfugiés", "missiles"]
STANCES = ["assert", "estimate", "call", "warn", "fear", "deny", "not_deny", "refuse_confirm"]


def vocabulary(rnd: random.Random, size: int = 6000) -> tuple[list[str], list[float]]:
    """Words and Zipf weights: function words first, news words at ranks 20 to
    2,000, pseudo-words for the rest."""
    function, news = WORDS[:19], WORDS[19:]
    syll = ["ba", "ri", "to", "ne", "su", "la", "mo", "ki", "de", "pa", "ter", "lon", "gui", "vre", "chan", "po"]
    vocab = list(function)
    ranks = sorted(rnd.sample(range(20, 2000), len(news)))
    pseudo = iter("".join(rnd.choices(syll, k=rnd.randint(2, 4))) for _ in range(size * 2))
    news_at = dict(zip(ranks, news))
    while len(vocab) < size:
        vocab.append(news_at.get(len(vocab)) or next(pseudo))
    weights = [1 / (r + 1) ** 1.05 for r in range(len(vocab))]
    return vocab, weights


def synthetic(n: int, seed: int = 7):
    rnd = random.Random(seed)
    vocab, weights = vocabulary(rnd)

    # Cumulative weights made once: `choices` would sum 6,000 weights at every
    # call (the same draws either way).
    cum = list(itertools.accumulate(weights))
    tail, cum_tail = vocab[19:], list(itertools.accumulate(weights[19:]))

    def words(k: int) -> str:
        return " ".join(rnd.choices(vocab, cum_weights=cum, k=k))

    people = [f"{rnd.choice(FIRST)} {rnd.choice(LAST)}" for _ in range(4000)]
    for k in range(n):
        parts, ents, sts, qs = [], [], [], []
        pos = 0

        def add(s: str) -> tuple[int, int]:
            nonlocal pos
            start = pos
            parts.append(s)
            pos += len(s)
            return start, pos

        names = rnd.sample(people, 3) + rnd.sample(ORGS, 2)
        places = rnd.sample(PLACES, 2)
        for i, name in enumerate(names):
            span = add(name)
            add(" ")
            ents.append({"id": f"E{i + 1}", "name": name, "type": "PER" if i < 3 else "ORG", "mentions": [list(span)],
                         "roles": [], "country": None, "forms": [name]})
        for j, (pl, cc) in enumerate(places):
            span = add(pl)
            add(". ")
            ents.append({"id": f"E{len(ents) + 1}", "name": pl, "type": "LOC", "mentions": [list(span)],
                         "roles": [], "country": cc, "forms": [pl]})
        for s in range(5):
            add(words(12) + ". ")
            speaker = rnd.choice(ents[:5])
            value = rnd.choice([3, 12, 500, 1200, 12000, 45000, 2.5])
            # Units have a long tail too: the named ones make a quarter of them.
            unit = rnd.choice(UNITS) if rnd.random() < 0.25 else rnd.choices(tail, cum_weights=cum_tail)[0]
            content = f"{words(8)} {value:g} {unit} {words(6)}"
            cs = add(content)
            add(". ")
            sid = f"S{s + 1}"
            sts.append({"id": sid, "speaker": speaker["id"], "speaker_text": speaker["name"], "cue": "a déclaré",
                        "kind": "indirect", "stance": rnd.choice(STANCES), "content": content, "span": list(cs)})
            qstart = cs[0] + content.index(f"{value:g} {unit}")
            qtext = f"{value:g} {unit}"
            qs.append({"value": value, "low": None, "high": None, "approx": rnd.random() < 0.3, "unit": unit,
                       "text": qtext, "span": [qstart, qstart + len(qtext)], "statement": sid})
        text = "".join(parts)
        day = 1 + k % 28
        yield {"id": f"syn-{k}", "lang": "fr", "title": None, "published": f"2024-{1 + k % 12:02d}-{day:02d}",
               "source": {"outlet": rnd.choice(["AFP", "Le Monde", "Reuters", "CNN Indonésie", "RFI"]),
                          "dateline": None, "author": None, "url": None},
               "text": text, "removed": [], "keywords": [], "entities": ents, "statements": sts,
               "quantities": qs, "vague_quantities": [], "places": [], "dates": [], "events": []}


def timed(fn, runs: int = 7) -> tuple[float, float]:
    fn()  # warm
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


# Realistic searches: one and two words, names, numbers, a word no row holds.
SEARCHES = ["soldats", "soldats frontière", "Poutine", "Emmanuel Macron", "12 000", "gouvernement réforme",
            "inflation", "sanctions négociations", "élection président", "crise énergie", "accord de paix",
            "réfugiés", "police enquête", "grève", "nord-coréens", "zzzqqq"]


def replicate(con, copies: int) -> None:
    """The base's articles and their rows `copies` more times, by bulk SQL:
    new article ids and rids, postings and running totals with them."""
    from depeche.store.schema import ARTICLE_TABLES

    tops = {t: con.execute(f"SELECT max(rid) FROM {t}").fetchone()[0] for t in ("statements", "quantities")}
    con.execute("BEGIN TRANSACTION")
    for c in range(1, copies + 1):
        for table in ("articles",) + ARTICLE_TABLES:
            cols = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
            sel = []
            for col in cols:
                if col == "article_id" or (table == "articles" and col == "dup_of"):
                    sel.append(f"{col} || '~{c}'")
                elif col == "rid":
                    sel.append(f"rid + {c * tops[table]}")
                else:
                    sel.append(col)
            con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(sel)} FROM {table} "
                        f"WHERE article_id NOT LIKE '%~%'")
        for table, top in tops.items():
            con.execute(f"INSERT INTO postings_{table} SELECT term, rid + {c * top}, tf, dl FROM postings_{table} "
                        f"WHERE rid <= {top}")
        for table, top in tops.items():
            con.execute(f"INSERT INTO search_runs SELECT tbl, hi_rid + {c * top}, postings FROM search_runs "
                        f"WHERE tbl = '{table}' AND hi_rid <= {top}")
    for table, top in tops.items():
        con.execute(f"UPDATE search_stats SET docs = docs * {copies + 1}, total_len = total_len * {copies + 1}, "
                    f"top_rid = {top * (copies + 1)}, sorted_rid = CASE WHEN sorted_rid >= {top} "
                    f"THEN {top * (copies + 1)} ELSE sorted_rid END WHERE tbl = '{table}'")
    con.execute("COMMIT")


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def growth(a) -> dict:
    import shutil

    tmp = tempfile.TemporaryDirectory(dir=a.tmp)
    small, big = os.path.join(tmp.name, "100k.duckdb"), os.path.join(tmp.name, "1m.duckdb")
    per = 5  # statements per synthetic record
    n = a.base // per
    t0 = time.perf_counter()
    con = store.connect(small)
    store.ingest(con, synthetic(n), batch_size=a.batch_size, workers=a.workers)
    store.reindex(con)  # as `depeche ingest` does: the runs of postings merged
    con.execute("CHECKPOINT")
    con.close()
    shutil.copy(small, big)
    con = store.connect(big)
    replicate(con, a.scale - 1)
    store.reindex(con)
    con.execute("CHECKPOINT")
    con.close()
    built = time.perf_counter() - t0
    new = list(synthetic(1000, seed=11))
    for r in new:
        r["id"] = "new-" + r["id"]
    out = {"built_s": round(built, 1)}
    for name, path in (("100k", small), ("1m", big)):
        con = store.connect(path)
        st = con.execute("SELECT count(*) FROM statements").fetchone()[0]
        t = time.perf_counter()
        stats = store.ingest(con, [dict(r) for r in new], batch_size=a.batch_size, workers=0)
        store.reindex(con)  # what the CLI and the server still call: nothing left to do
        dt = time.perf_counter() - t
        assert stats.added == 1000, stats
        out[name] = {"statements": st, "add_1000_s": round(dt, 2),
                     "postings": con.execute("SELECT (SELECT count(*) FROM postings_statements) + "
                                             "(SELECT count(*) FROM postings_quantities)").fetchone()[0]}
        con.close()
    out["ratio"] = round(out["1m"]["add_1000_s"] / out["100k"]["add_1000_s"], 2)
    con = store.connect(big, read_only=True)
    lat: dict[str, list[float]] = {}
    # The first page of /api/search and of the /search page (50 statements,
    # one more to tell whether there is a next page); `depeche said`'s 200;
    # `depeche numbers`'s 500 claims.
    calls = (("search", lambda q: queries.statements(con, q, limit=51)),
             ("said200", lambda q: queries.said(con, q, limit=200)),
             ("numbers", lambda q: queries.numbers(con, q)))
    for q in SEARCHES:
        for name, fn in calls:
            fn(q)  # warm
            for _ in range(a.runs):
                t = time.perf_counter()
                fn(q)
                lat.setdefault(name, []).append((time.perf_counter() - t) * 1000)
                lat.setdefault(f"{name}:{q}", []).append(lat[name][-1])
    con.close()
    tmp.cleanup()
    out["search_ms"] = {k: {"p50": round(percentile(v, 50), 1), "p95": round(percentile(v, 95), 1)}
                        for k, v in lat.items()}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--growth", action="store_true", help="time adding 1,000 articles to 100k and 1M statements")
    ap.add_argument("--base", type=int, default=100_000, help="--growth: statements of the small base")
    ap.add_argument("--scale", type=int, default=10, help="--growth: the big base is this many times the small")
    ap.add_argument("--runs", type=int, default=5, help="--growth: runs of each search")
    ap.add_argument("--tmp", help="--growth: where to put the two bases (default: the system's temporary folder)")
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--batch-size", type=int, default=5000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="processes preparing records (default: the number of cores)")
    ap.add_argument("--db", help="keep the database here (default: a temporary file)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--compare", metavar="REPO", help="also time another checkout's ingest, alternating with this one's")
    ap.add_argument("--rounds", type=int, default=2, help="--compare: runs of each")
    ap.add_argument("--ingest-from", help=argparse.SUPPRESS)  # a subprocess of --compare: time one ingest
    a = ap.parse_args()
    if a.growth:
        return report_growth(a)
    if a.ingest_from:
        print(json.dumps(ingest_once(a.ingest_from, a.batch_size, a.workers)))
        return 0
    if a.compare:
        return compare(a)

    tmp = None
    path = a.db
    if path is None:
        tmp = tempfile.TemporaryDirectory()
        path = os.path.join(tmp.name, "bench.duckdb")
    records = list(synthetic(a.records))
    con = store.connect(path)
    t0 = time.perf_counter()
    stats = store.ingest(con, records, batch_size=a.batch_size, workers=a.workers)
    t_ingest = time.perf_counter() - t0
    t1 = time.perf_counter()
    store.reindex(con)
    t_index = time.perf_counter() - t1
    con.close()
    size_mb = os.path.getsize(path) / 1e6

    con = store.connect(path, read_only=True)
    name = records[0]["entities"][0]["name"]
    lat = {
        "said": timed(lambda: queries.said(con, "soldats frontière", limit=200)),
        "speaker": timed(lambda: queries.speaker(con, name, limit=500)),
        "numbers": timed(lambda: queries.numbers(con, "soldats", limit=500)),
        "entity": timed(lambda: queries.entity(con, name)),
    }
    con.close()
    rate = stats.added / t_ingest
    result = {"records": a.records, "added": stats.added, "rejected": stats.rejected,
              "duplicates_linked": stats.duplicates, "ingest_s": round(t_ingest, 2),
              "records_per_s": round(rate), "index_s": round(t_index, 2), "db_mb": round(size_mb, 1),
              "query_ms": {k: {"median": round(v[0], 1), "max": round(v[1], 1)} for k, v in lat.items()}}
    if a.json:
        print(json.dumps(result))
    else:
        print(f"depeche store: {a.records} synthetic records, batch {a.batch_size}, {a.workers} worker(s), "
              f"DuckDB file {size_mb:.0f} MB")
        print(f"ingest: {t_ingest:.1f} s = {rate:,.0f} records/s (target >= 2,000): "
              f"{'OK' if rate >= 2000 else 'MISSED'}; full-text index rebuilt in {t_index:.1f} s")
        for k, (med, worst) in lat.items():
            print(f"  {k:8s} median {med:7.1f} ms  worst {worst:7.1f} ms  (target < 200 ms): "
                  f"{'OK' if worst < 200 else 'MISSED'}")
    if tmp:
        tmp.cleanup()
    return 0


def ingest_once(records_path: str, batch_size: int, workers: int) -> dict:
    """One timed ingest into a fresh base, with the depeche this process imports."""
    with open(records_path, "rb") as f:
        records = pickle.load(f)
    with tempfile.TemporaryDirectory() as tmp:
        con = store.connect(os.path.join(tmp, "bench.duckdb"))
        t = time.perf_counter()
        stats = store.ingest(con, records, batch_size=batch_size, workers=workers)
        dt = time.perf_counter() - t
        con.close()
    return {"added": stats.added, "rejected": stats.rejected, "s": dt, "records_per_s": stats.added / dt,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def compare(a) -> int:
    """This checkout's ingest against another's (`--compare`), alternating."""
    import subprocess

    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sides = {"old": os.path.abspath(a.compare), "new": here}
    runs: dict[str, list[dict]] = {"old": [], "new": []}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "records.pickle")
        with open(path, "wb") as f:
            pickle.dump(list(synthetic(a.records)), f)
        for r in range(a.rounds):
            for side in (("old", "new") if r % 2 == 0 else ("new", "old")):
                env = dict(os.environ, PYTHONPATH=os.path.join(sides[side], "src"))
                out = subprocess.run([sys.executable, os.path.abspath(__file__), "--ingest-from", path,
                                      "--batch-size", str(a.batch_size), "--workers", str(a.workers)],
                                     env=env, check=True, capture_output=True, text=True).stdout
                runs[side].append(json.loads(out.splitlines()[-1]))
                one = runs[side][-1]
                if not a.json:
                    print(f"  {side}: {one['records_per_s']:7,.0f} records/s ({one['s']:.1f} s), "
                          f"peak RSS {one['rss_mb']:.0f} MB (worker {one['worker_rss_mb']:.0f} MB)", flush=True)
    rate = {side: statistics.median(x["records_per_s"] for x in v) for side, v in runs.items()}
    result = {"records": a.records, "workers": a.workers, "batch_size": a.batch_size, "runs": runs,
              "old_records_per_s": round(rate["old"]), "new_records_per_s": round(rate["new"]),
              "ratio": round(rate["new"] / rate["old"], 2)}
    if a.json:
        print(json.dumps(result))
    else:
        print(f"{a.records} records, batch {a.batch_size}, {a.workers} worker(s): old {rate['old']:,.0f}/s, "
              f"new {rate['new']:,.0f}/s (medians of {a.rounds}): ratio {result['ratio']:.2f}")
    return 0


def report_growth(a) -> int:
    r = growth(a)
    if a.json:
        print(json.dumps(r))
        return 0
    small, big = r["100k"], r["1m"]
    print(f"depeche store --growth: bases built in {r['built_s']} s; 1,000 articles added (ingest, index included, "
          "one process)")
    print(f"  to {small['statements']:>9,} statements: {small['add_1000_s']:6.2f} s")
    print(f"  to {big['statements']:>9,} statements: {big['add_1000_s']:6.2f} s   "
          f"ratio {r['ratio']:.2f} (target <= 1.5): {'OK' if r['ratio'] <= 1.5 else 'MISSED'}")
    print(f"search at {big['statements']:,} statements ({big['postings']:,} postings), {len(SEARCHES)} searches "
          f"x {a.runs} runs:")
    for k, what in (("search", "/api/search, 51 rows"), ("said200", "said, 200 rows"),
                    ("numbers", "numbers, 500 claims")):
        v = r["search_ms"][k]
        print(f"  {what:22s} p50 {v['p50']:6.1f} ms  p95 {v['p95']:6.1f} ms  (target p95 < 150 ms): "
              f"{'OK' if v['p95'] < 150 else 'MISSED'}")
    for k, v in r["search_ms"].items():
        if ":" in k:
            print(f"    {k:40s} p50 {v['p50']:6.1f}  p95 {v['p95']:6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
