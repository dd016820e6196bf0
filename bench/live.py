"""A live desk under load: `depeche serve --watch` on a feed publishing
--rate articles a second for --minutes, while --clients search it.

    .venv/bin/python bench/live.py                          # 10 articles/s for 5 minutes, 8 clients
    .venv/bin/python bench/live.py --minutes 1              # a short run
    .venv/bin/python bench/live.py --rate 5 --workers 1 --interval 2 --json out.json

Everything is local (no outside network):
- a feed server (its own process) publishes article i at start + i/rate:
  /feed.xml lists the latest --window published articles, /a/<i>.html is
  the page. Each article is four sentences drawn at random from the French
  texts in tests/data (Wikinews, the story corpus, the seed article), so
  articles are not near-duplicates of one another, plus one reported
  statement holding a word made for it (its token, e.g. "zqbcdf");
- the server is the real command (`depeche serve --watch FEED`, uvicorn, its
  extraction workers) on a fresh base;
- --clients clients (one asyncio loop in this process) search
  /api/statements with one or two words of the texts, each sending its next
  request when the previous one is answered; their latencies while articles
  are being published are reported (p50, p95, p99);
- a prober looks for each published token (the two oldest still missing
  and the ten after the newest found, every half second): the time from an article's publication to
  the first search that finds it is its delay (p50, p95, max);
- at the end (publication over, then up to --drain seconds for the last
  ones), every article the feed published is looked for in the base, through
  /api/articles: present once, or counted missing or duplicated.

The load generator, the feed server and the server share the machine: on a
small machine they compete for the cores, so the figures are a floor.
"""
from __future__ import annotations

import argparse
import asyncio
import glob
import json
import multiprocessing
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import httpx

ROOT = Path(__file__).resolve().parent.parent
LETTERS = "bcdfghjklmnpqrstvwxz"  # consonants only: a token reads as no word of any language


def token(i: int) -> str:
    out = ""
    n = i
    for _ in range(5):
        out = LETTERS[n % len(LETTERS)] + out
        n //= len(LETTERS)
    return "zq" + out


def sentences() -> list[str]:
    """French sentences of the test corpora, long enough to be sentences."""
    texts = []
    for path in sorted(glob.glob(str(ROOT / "tests/data/wikinews/fr-*.json")) +
                       glob.glob(str(ROOT / "tests/data/story/*.json"))):
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        if doc.get("lang", "fr") == "fr":
            texts.append(doc["text"])
    texts.append((ROOT / "tests/data/seed.txt").read_text(encoding="utf-8"))
    found = []
    for text in texts:
        for s in re.split(r"(?<=[.!?»])\s+", text):
            s = " ".join(s.split())
            if 60 <= len(s) <= 400 and s[0].isupper():
                found.append(s)
    return found


STATEMENTS = [
    "Le maire de Lyon a déclaré mardi que le dossier {t} serait bouclé avant l'été.",
    "« Le projet {t} avance bien », a affirmé la ministre de la Culture lors d'une visite à Marseille.",
    "Selon le syndicat, le plan {t} ne répond pas aux attentes des salariés.",
]


def article(i: int, pool: list[str]) -> tuple[str, str]:
    rnd = random.Random(i)
    body = rnd.sample(pool, 4)
    body.insert(rnd.randrange(5), STATEMENTS[i % len(STATEMENTS)].format(t=token(i)))
    return f"Dépêche {i} : {body[0][:60]}", " ".join(body)


# --- the feed server (a process of its own) -----------------------------------------

def feed_server(port: int, started, rate: float, total: int, window: int, ready) -> None:
    """`started.value`: when the first article is published (until then, an empty feed)."""
    pool = sentences()

    def published() -> int:
        start = started.value
        return max(0, min(total, int((time.time() - start) * rate) + 1)) if time.time() >= start else 0

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            base = f"http://127.0.0.1:{port}"
            n = published()
            if self.path == "/feed.xml":
                items = "".join(
                    f"<item><title>{escape(article(i, pool)[0])}</title><link>{base}/a/{i}.html</link>"
                    f"<guid>{base}/a/{i}.html</guid>"
                    f"<pubDate>{time.strftime('%a, %d %b %Y %H:%M:%S GMT', time.gmtime(started.value + i / rate))}"
                    f"</pubDate></item>" for i in range(n - 1, max(-1, n - 1 - window), -1))
                body = (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Le fil</title>"
                        f"<link>{base}/</link><description>bench</description>{items}</channel></rss>").encode()
                self._send(200, "application/rss+xml", body)
                return
            m = re.fullmatch(r"/a/(\d+)\.html", self.path)
            if m and int(m.group(1)) < n:
                title, text = article(int(m.group(1)), pool)
                paragraphs = "".join(f"<p>{escape(s)}</p>" for s in re.split(r"(?<=[.!?»])\s+", text))
                self._send(200, "text/html", (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
                                              f"<title>{escape(title)}</title></head><body><article>"
                                              f"<h1>{escape(title)}</h1>{paragraphs}</article></body>"
                                              f"</html>").encode())
                return
            self._send(404, "text/plain", b"not found")

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    ready.set()
    server.serve_forever()


# --- measuring ----------------------------------------------------------------------

def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def searcher(http: httpx.AsyncClient, words: list[str], until: float, window: tuple[float, float],
                   latencies: list, errors: list, rnd: random.Random) -> None:
    while time.time() < until:
        q = " ".join(rnd.sample(words, rnd.choice((1, 2))))
        t0 = time.perf_counter()
        sent = time.time()
        try:
            r = await http.get("/api/statements", params={"q": q, "limit": 20})
            ok = r.status_code == 200
        except httpx.HTTPError as exc:
            ok, r = False, exc
        took = time.perf_counter() - t0
        if not ok:
            errors.append(str(getattr(r, "status_code", r)))
        elif window[0] <= sent <= window[1]:
            latencies.append(took)


async def prober(http: httpx.AsyncClient, start: float, rate: float, total: int, until: float,
                 found: dict[int, float]) -> None:
    while time.time() < until and len(found) < total:
        published = min(total, int((time.time() - start) * rate) + 1) if time.time() >= start else 0
        pending = [i for i in range(published) if i not in found]
        # The oldest missing (lost ones stay there), and those just past the
        # newest found: articles arrive roughly in order of publication.
        front = max(found, default=-1)
        pending = pending[:2] + [i for i in pending if i > front][:10]  # 20 a second: more than arrive

        async def look(i: int) -> None:
            try:
                r = await http.get("/api/statements", params={"q": token(i), "limit": 1, "duplicates": "true"})
                if r.status_code == 200 and r.json()["items"]:
                    found.setdefault(i, time.time())
            except httpx.HTTPError:
                pass

        await asyncio.gather(*(look(i) for i in pending))
        await asyncio.sleep(0.5)


async def load(base: str, words: list[str], args, start: float, total: int) -> dict:
    end_publish = start + total / args.rate
    latencies, errors, found = [], [], {}
    limits = httpx.Limits(max_connections=args.clients + 50)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        rnds = [random.Random(k) for k in range(args.clients)]
        clients = [searcher(http, words, end_publish, (start, end_publish), latencies, errors, rnds[k])
                   for k in range(args.clients)]
        await asyncio.gather(prober(http, start, args.rate, total, end_publish + args.drain, found), *clients)
    return {"latencies": latencies, "errors": errors, "found": found}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def stored_ids(base: str) -> list[str]:
    ids, offset = [], 0
    with httpx.Client(base_url=base, timeout=60) as http:
        while offset is not None:
            page = http.get("/api/articles", params={"limit": 500, "offset": offset, "duplicates": "true"}).json()
            ids += [a["article_id"] for a in page["items"]]
            offset = page["next_offset"]
    return ids


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=5.0, help="time articles are published (default 5)")
    ap.add_argument("--rate", type=float, default=10.0, help="articles published a second (default 10)")
    ap.add_argument("--clients", type=int, default=8, help="searching clients (default 8)")
    ap.add_argument("--workers", type=int, default=None, help="the server's extraction workers (default: its own)")
    ap.add_argument("--interval", type=float, default=2.0, help="the server's poll interval (default 2 s)")
    ap.add_argument("--window", type=int, default=600, help="entries the feed lists (default 600)")
    ap.add_argument("--drain", type=float, default=180.0,
                    help="seconds after the last publication for the last articles to arrive (default 180)")
    ap.add_argument("--db", default=None, help="the base (default: a new one in a temporary folder)")
    ap.add_argument("--json", default=None, help="also write the figures to this file")
    args = ap.parse_args()

    total = int(args.minutes * 60 * args.rate)
    pool = sentences()
    words = sorted({w.lower() for s in pool for w in re.findall(r"[^\W\d_]{5,}", s)})
    tmp = tempfile.mkdtemp(prefix="depeche-live-")
    db = args.db or os.path.join(tmp, "live.duckdb")
    feed_port, port = free_port(), free_port()
    base, feed = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{feed_port}/feed.xml"

    cmd = [sys.executable, "-m", "depeche.cli", "serve", "--db", db, "--port", str(port), "--watch", feed,
           "--interval", str(args.interval), "--delay", "0"]
    if args.workers is not None:
        cmd += ["--workers", str(args.workers)]
    log = open(os.path.join(tmp, "serve.log"), "w")
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=str(ROOT / "src"))
    # The feed is up from the start, empty; it publishes its first article
    # only once the server is up: the delay measured is the desk's, not the
    # models' loading.
    started, ready = multiprocessing.Value("d", float("inf")), multiprocessing.Event()
    feeder = multiprocessing.Process(target=feed_server, daemon=True,
                                     args=(feed_port, started, args.rate, total, args.window, ready))
    feeder.start()
    ready.wait(30)
    t_launch = time.time()
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        while True:
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                print(f"the server exited: see {log.name}", file=sys.stderr)
                return 2
            time.sleep(0.2)
        ready_in = time.time() - t_launch
        start = started.value = time.time() + 1.0
        print(f"server ready in {ready_in:.1f} s; publishing {total} articles at {args.rate:g}/s "
              f"for {args.minutes:g} min, {args.clients} clients searching...", file=sys.stderr)
        load_before = os.getloadavg()[0]
        cpu0 = (cpu_seconds(server.pid), sum(cpu_seconds(c) for c in children(server.pid)))
        out = asyncio.run(load(base, words, args, start, total))
        cpu1 = (cpu_seconds(server.pid), sum(cpu_seconds(c) for c in children(server.pid)))
        wall = time.time() - start
        load_after = os.getloadavg()[0]
        ids = stored_ids(base)
        sources = httpx.get(base + "/api/sources", timeout=30).json()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

    published_ids = {f"http://127.0.0.1:{feed_port}/a/{i}.html" for i in range(total)}
    counts: dict[str, int] = {}
    for i in ids:
        counts[i] = counts.get(i, 0) + 1
    delays = [found_at - (start + i / args.rate) for i, found_at in out["found"].items()]
    lat = [x * 1000 for x in out["latencies"]]
    figures = {
        "machine": {"cores": os.cpu_count(), "note": "load generator, feed server and server on one machine",
                    "load_average": [round(load_before, 2), round(load_after, 2)]},
        "cpu_s": {"wall": round(wall, 1), "server": round(cpu1[0] - cpu0[0], 1),
                  "workers": round(cpu1[1] - cpu0[1], 1)},
        "rate": args.rate, "minutes": args.minutes, "clients": args.clients, "interval": args.interval,
        "server_ready_s": round(ready_in, 1),
        "search": {"requests": len(lat), "errors": len(out["errors"]),
                   "p50_ms": _r(pct(lat, 50)), "p95_ms": _r(pct(lat, 95)), "p99_ms": _r(pct(lat, 99)),
                   "per_s": round(len(lat) / (total / args.rate), 1)},
        "searchable_delay": {"found": len(delays), "p50_s": _r(pct(delays, 50)), "p95_s": _r(pct(delays, 95)),
                             "max_s": _r(max(delays) if delays else None),
                             "mean_s": _r(statistics.mean(delays) if delays else None)},
        "published": total, "stored": len(published_ids & set(counts)),
        "missing": len(published_ids - set(counts)), "duplicated": sum(1 for n in counts.values() if n > 1),
        "sources": sources, "log": log.name,
    }
    s, d = figures["search"], figures["searchable_delay"]
    print(f"search while ingesting: {s['requests']} requests ({s['per_s']}/s), p50 {s['p50_ms']} ms, "
          f"p95 {s['p95_ms']} ms, p99 {s['p99_ms']} ms, {s['errors']} errors\n"
          f"publication -> searchable: p50 {d['p50_s']} s, p95 {d['p95_s']} s, max {d['max_s']} s "
          f"({d['found']} of {total} found)\n"
          f"published {total}, stored {figures['stored']}, missing {figures['missing']}, "
          f"duplicated {figures['duplicated']}\n"
          f"CPU over {figures['cpu_s']['wall']} s: server {figures['cpu_s']['server']} s, extraction workers "
          f"{figures['cpu_s']['workers']} s; load average {figures['machine']['load_average']} on "
          f"{os.cpu_count()} cores")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, default=str))
    return 0 if figures["missing"] == 0 and figures["duplicated"] == 0 else 1


def _r(x):
    return None if x is None else round(x, 3 if x < 10 else 1)


if __name__ == "__main__":
    sys.exit(main())
