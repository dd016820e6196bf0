"""HTTP speed: `depeche serve` under concurrent GET /api/statements?q=...,
or (--pages) the analyst's pages, each timed apart.

    .venv/bin/python bench/serve.py                        # 100,000 statements, 8 clients, 2,000 requests
    .venv/bin/python bench/serve.py --db kb.duckdb         # reuse (or build once and keep) a database
    .venv/bin/python bench/serve.py --concurrency 16 --requests 5000
    .venv/bin/python bench/serve.py --pages --db kb.duckdb --concurrency 2 --requests 200
                                        # search with facets, claims, entity, outlet pages: p95 each

With --pages, each page of PAGES gets --requests requests of its own, its
parameters drawn from the data (search terms, speakers weighted by how often
they speak, outlets weighted by their statements); a page's figures are its
own, not mixed with the others'. Adding a page is one line in PAGES.

The database is bench/store.py's synthetic one (Zipf vocabulary, 5 statements
a record), built here unless --db names one that exists. The server is the
real command (`depeche serve`, uvicorn, one process) on a free local port;
the load comes from this process: --concurrency clients on one asyncio loop,
each sending its next request as soon as the previous answer is in, until
--requests have been sent. Search terms are words of statements sampled from
the database (one or two words a query), so queries hit rare and common
words as real searches do. Prints requests/s, latency percentiles and errors.

The load generator runs on the same machine as the server: on a small
machine they compete for the cores, so figures are a floor.
"""
from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from depeche import store

HERE = Path(__file__).resolve().parent


def _bench_store():
    # bench/ is not a package: load bench/store.py by path for its builder.
    spec = importlib.util.spec_from_file_location("bench_store", HERE / "store.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def build(path: str, statements: int, workers: int) -> None:
    synthetic = _bench_store().synthetic
    per_record = 5  # bench/store.py writes five statements a record
    records = list(synthetic(-(-statements // per_record)))
    t = time.perf_counter()
    con = store.connect(path)
    try:
        stats = store.ingest(con, records, batch_size=5000, workers=workers)
        store.reindex(con)
    finally:
        con.close()
    print(f"built {path}: {stats.added} records in {time.perf_counter() - t:.1f} s", file=sys.stderr)


def counts_and_terms(path: str, n_terms: int, seed: int) -> tuple[int, int, list[str]]:
    con = store.connect(path, read_only=True)
    try:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        statements = con.execute("SELECT count(*) FROM statements").fetchone()[0]
        rows = con.execute(f"SELECT content FROM statements USING SAMPLE reservoir({int(n_terms)} ROWS) "
                           f"REPEATABLE ({int(seed)})").fetchall()
    finally:
        con.close()
    rnd = random.Random(seed)
    terms = []
    for (content,) in rows:
        words = [w for w in re.findall(r"[^\W\d_]{4,}", content or "")]
        if not words:
            continue
        # A third of the queries ask for two words of one statement: a narrower search.
        k = 2 if len(words) > 1 and rnd.random() < 1 / 3 else 1
        terms.append(" ".join(rnd.sample(words, k)))
    return articles, statements, terms


# The pages --pages times: name -> path, from a sample of the data (term,
# speaker id, outlet). The story page: "story": lambda d: f"/stories/{d.story}".
PAGES = {
    "search+facets": lambda d: f"/search?q={d.term}",
    "search+facets, by date": lambda d: f"/search?q={d.term}&sort=date",
    "claims": lambda d: f"/claims?about={d.term}",
    "entity": lambda d: f"/entities/{d.speaker}",
    "outlet": lambda d: f"/outlets/{d.outlet}",
    "search CSV": lambda d: f"/search?q={d.term}&format=csv",
    "story": lambda d: f"/stories/{d.story}",
}


class Draw:
    """One request's parameters, drawn from the data."""

    def __init__(self, rnd: random.Random, terms: list[str], speakers: list[int], outlets: list[str],
                 stories: list[str]):
        self.term = rnd.choice(terms)
        self.speaker = rnd.choice(speakers)
        self.outlet = rnd.choice(outlets)
        self.story = rnd.choice(stories) if stories else ""


def page_samples(path: str, n: int, seed: int) -> tuple[list[int], list[str], list[str]]:
    """Speakers and outlets as often as they occur in the statements;
    stories as often as their articles do."""
    con = store.connect(path, read_only=True)
    try:
        rows = con.execute(f"""SELECT s.speaker_eid, a.outlet
            FROM (SELECT * FROM statements USING SAMPLE reservoir({int(n)} ROWS) REPEATABLE ({int(seed)})) s
            JOIN articles a USING (article_id) WHERE s.speaker_eid IS NOT NULL""").fetchall()
        stories = [r[0] for r in con.execute(f"""SELECT story_id FROM (SELECT * FROM article_stories
            USING SAMPLE reservoir({int(n)} ROWS) REPEATABLE ({int(seed)}))""").fetchall()]
    finally:
        con.close()
    return [r[0] for r in rows], [r[1] for r in rows if r[1]], stories


async def load_pages(base: str, make_path, draw_args, concurrency: int, requests: int) -> dict:
    """`requests` GETs of the paths `make_path` gives, `concurrency` at once."""
    return await drive(base, lambda rnd: (make_path(Draw(rnd, *draw_args)), None), concurrency, requests)


async def drive(base: str, next_request, concurrency: int, requests: int, count_items: bool = False) -> dict:
    """`requests` GETs, `concurrency` clients at once, each asking for the
    (path, params) `next_request` draws with its own random generator;
    latencies of the answers, errors by kind, and (count_items) how many
    items the answers held."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    items = 0
    sent = 0

    async def client(c: httpx.AsyncClient, k: int) -> None:
        nonlocal sent, items
        rnd = random.Random(k)
        while sent < requests:
            sent += 1  # one event loop: no lock needed between the check and the count
            path, params = next_request(rnd)
            t = time.perf_counter()
            try:
                r = await c.get(path, params=params)
                dt = time.perf_counter() - t
                if r.status_code == 200:
                    latencies.append(dt)
                    if count_items:
                        items += len(r.json()["items"])
                else:
                    errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as c:
        t0 = time.perf_counter()
        await asyncio.gather(*(client(c, k) for k in range(concurrency)))
        wall = time.perf_counter() - t0
    return {"latencies": latencies, "errors": errors, "wall": wall, "items": items}


def time_pages(base: str, terms: list[str], samples: tuple[list[int], list[str]], a) -> dict:
    speakers, outlets, stories = samples
    out = {}
    for name, make in PAGES.items():
        args = (terms, speakers, outlets, stories)
        asyncio.run(load_pages(base, make, args, 1, 5))  # warm
        res = asyncio.run(load_pages(base, make, args, a.concurrency, a.requests))
        lat = sorted(res["latencies"])
        out[name] = {"ok": len(lat), "errors": res["errors"], "requests_per_s": round(len(lat) / res["wall"], 1),
                     "p50_ms": round(pct(lat, 50) * 1000, 1), "p95_ms": round(pct(lat, 95) * 1000, 1),
                     "max_ms": round(lat[-1] * 1000, 1) if lat else None}
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_command(db: str, port: int) -> list[str]:
    exe = Path(sys.executable).parent / "depeche"
    base = [str(exe)] if exe.exists() else [sys.executable, "-c", "import sys; from depeche.cli import main; "
                                                                  "sys.exit(main())"]
    return base + ["serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)]


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with status {proc.returncode}")
        try:
            r = httpx.get(url + "/api/health", timeout=2)
            if r.status_code == 200:
                return r.json()
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {timeout:.0f} s")


async def load(base: str, terms: list[str], concurrency: int, requests: int, limit: int) -> dict:
    return await drive(base, lambda rnd: ("/api/statements", {"q": rnd.choice(terms), "limit": limit}),
                       concurrency, requests, count_items=True)


def pct(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    i = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[i]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="the database to serve; built here if the file does not exist "
                                 "(default: a temporary one)")
    ap.add_argument("--statements", type=int, default=100_000, help="statements to build (default 100,000)")
    ap.add_argument("--concurrency", type=int, default=8, help="clients sending at once (default 8)")
    ap.add_argument("--requests", type=int, default=2000, help="requests in all (default 2,000)")
    ap.add_argument("--limit", type=int, default=50, help="the page size asked for (default 50)")
    ap.add_argument("--terms", type=int, default=500, help="statements sampled for search terms (default 500)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes building the database")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--pages", action="store_true", help="time the HTML pages of PAGES instead of the API")
    a = ap.parse_args()

    tmp = None
    path = a.db
    if path is None:
        tmp = tempfile.mkdtemp(prefix="depeche-bench-serve-")
        path = os.path.join(tmp, "bench.duckdb")
    try:
        if not os.path.exists(path):
            build(path, a.statements, a.workers)
        articles, statements, terms = counts_and_terms(path, a.terms, a.seed)
        # Read before the server opens the file (one process at a time).
        samples = page_samples(path, a.terms, a.seed) if a.pages else ([], [], [])
        if statements < a.statements:
            print(f"note: {path} holds {statements} statements, fewer than --statements {a.statements}",
                  file=sys.stderr)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen(serve_command(path, port), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True)
        try:
            wait_ready(base, proc)
            if a.pages:
                figures = time_pages(base, terms, samples, a)
                report_pages(figures, articles, statements, a)
                return 1 if any(f["errors"] for f in figures.values()) else 0
            # Warm up: the first queries load the index pages from disk.
            asyncio.run(load(base, terms, min(4, a.concurrency), min(50, a.requests), a.limit))
            res = asyncio.run(load(base, terms, a.concurrency, a.requests, a.limit))
        finally:
            proc.terminate()
            try:
                _, err = proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                _, err = proc.communicate()
        lat = sorted(res["latencies"])
        ok = len(lat)
        n_err = sum(res["errors"].values())
        out = {
            "articles": articles, "statements": statements, "terms": len(terms),
            "concurrency": a.concurrency, "requests": ok + n_err, "ok": ok, "errors": res["errors"],
            "seconds": round(res["wall"], 2), "requests_per_s": round((ok + n_err) / res["wall"], 1),
            "items_per_response": round(res["items"] / ok, 1) if ok else 0,
            "latency_ms": {"p50": round(pct(lat, 50) * 1000, 1), "p95": round(pct(lat, 95) * 1000, 1),
                           "p99": round(pct(lat, 99) * 1000, 1), "max": round(lat[-1] * 1000, 1) if lat else None,
                           "mean": round(statistics.fmean(lat) * 1000, 1) if lat else None},
        }
        if a.json:
            print(json.dumps(out))
        else:
            L = out["latency_ms"]
            print(f"depeche serve: {statements:,} statements in {articles:,} articles; {len(terms)} search terms "
                  f"from the data; {a.concurrency} concurrent clients, {out['requests']:,} requests "
                  f"(limit={a.limit}), {os.cpu_count()} cores shared by server and clients")
            print(f"  {out['requests_per_s']:,.1f} requests/s over {out['seconds']} s; "
                  f"{out['items_per_response']} statements per answer on average")
            print(f"  latency p50 {L['p50']} ms, p95 {L['p95']} ms, p99 {L['p99']} ms, max {L['max']} ms")
            print(f"  errors: {n_err}" + (f" {res['errors']}" if n_err else ""))
        if n_err and err:
            print(err[-2000:], file=sys.stderr)
        return 1 if n_err else 0
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def report_pages(figures: dict, articles: int, statements: int, a) -> None:
    if a.json:
        print(json.dumps({"articles": articles, "statements": statements, "concurrency": a.concurrency,
                          "pages": figures}))
        return
    print(f"depeche serve, pages: {statements:,} statements in {articles:,} articles; {a.concurrency} concurrent "
          f"clients, {a.requests} requests a page, {os.cpu_count()} cores shared by server and clients")
    for name, f in figures.items():
        print(f"  {name:24} p50 {f['p50_ms']:7.1f} ms  p95 {f['p95_ms']:7.1f} ms  max {f['max_ms']:7.1f} ms  "
              f"{f['requests_per_s']:6.1f} req/s  errors {sum(f['errors'].values())}")


if __name__ == "__main__":
    sys.exit(main())
