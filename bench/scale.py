"""Articles/s and memory for the three ways to run the extraction.

The same N articles (the dev set and articles recombined from the test
corpora's paragraphs, French and English, tests/_corpus.py) are written to a
JSONL file and extracted by

  workers=1   depeche extract --workers 1
  workers=2   depeche extract --workers 2
  ray         depeche run --engine ray --workers 2   (a local Ray with 2 CPUs)

each as a subprocess, timed from start to exit (model loading included: that
is what a user waits for), and at its steady rate (from the first records out
to the end: what a long run gets). Each mode runs --repeat times (default 2)
and the fastest is kept: this machine's speed varies by a third between runs. A sampler reads /proc every 0.2 s for the whole
process tree: peak RSS of the main process and of each worker (the Ray map
actors are told by their process title). With --flat M, workers=2 is run
again on M articles to show that memory does not grow with the input
(streaming: nothing is held but the chunks in flight).

Targets (issue 7): workers=2 >= 1.8x workers=1; ray >= 1.6x workers=1;
peak RSS per worker the same at 1k and 10k articles.

Run:  .venv/bin/python bench/scale.py                      # 1,000 articles, all three
      .venv/bin/python bench/scale.py --flat 10000         # and the memory check
      .venv/bin/python bench/scale.py --articles 200 --modes 1 2   # quick
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from _corpus import dev_articles, recombined  # noqa: E402

BIN = Path(sys.executable).parent


def write_input(path: Path, n: int) -> None:
    dev = dev_articles()
    articles = (dev + recombined(max(0, n - len(dev))))[:n]
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _rss_mb(pid: int) -> tuple[float, str]:
    try:
        with open(f"/proc/{pid}/status") as f:
            rss = next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        return rss / 1024, cmd
    except OSError:
        return 0.0, ""


class Sampler(threading.Thread):
    """Peak RSS of the main process, of each worker, and of the whole tree."""

    def __init__(self, pid: int, worker_mark: str, done=None):
        super().__init__(daemon=True)
        self.pid, self.mark = pid, worker_mark
        self.done = done  # () -> records written so far, or 0
        self.start_time = time.perf_counter()
        self.first: tuple[float, int] | None = None  # (seconds, records) when the first records appeared
        self.main_peak = self.worker_peak = self.tree_peak = 0.0
        self.workers_seen: set[int] = set()
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            kids = _children()
            tree, todo = [], [self.pid]
            while todo:
                p = todo.pop()
                tree.append(p)
                todo += kids.get(p, [])
            total = 0.0
            for p in tree:
                rss, cmd = _rss_mb(p)
                total += rss
                if p == self.pid:
                    self.main_peak = max(self.main_peak, rss)
                elif self.mark in cmd:
                    self.workers_seen.add(p)
                    self.worker_peak = max(self.worker_peak, rss)
            self.tree_peak = max(self.tree_peak, total)
            if self.first is None and self.done is not None:
                n = self.done()
                if n:
                    self.first = (time.perf_counter() - self.start_time, n)
            time.sleep(0.2)


def _lines(path: Path):
    # depeche writes a hidden ".NAME.xxxx" beside the output and renames it at the end.
    def count() -> int:
        for tmp in path.parent.glob(f".{path.name}.*"):
            try:
                with tmp.open("rb") as f:
                    return f.read().count(b"\n")
            except OSError:
                pass
        return 0
    return count


def _parquet_rows(folder: Path):
    def count() -> int:
        import pyarrow.parquet as pq

        n = 0
        for f in folder.glob("*.parquet"):
            try:
                n += pq.ParquetFile(f).metadata.num_rows
            except Exception:  # noqa: BLE001 - a file being written
                pass
        return n
    return count


def run_mode(mode: str, src: Path, out: Path, total: int) -> dict:
    import shutil

    if mode == "ray":
        dest = out / "ray"
        shutil.rmtree(dest, ignore_errors=True)
        cmd = [str(BIN / "depeche"), "run", "--engine", "ray", "--input", str(src), "--output", str(dest),
               "--workers", "2"]
        mark = "MapBatches"  # the map actors' process title
        done = _parquet_rows(dest / "records")
    else:
        dest = out / f"w{mode}.jsonl"
        cmd = [str(BIN / "depeche"), "extract", str(src), "--workers", mode, "--no-progress", "--out", str(dest)]
        mark = "spawn_main"  # the spawn workers run "python -c from multiprocessing.spawn import spawn_main..."
        done = _lines(dest)
    env = dict(os.environ, RAY_DEDUP_LOGS="1")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    sampler = Sampler(proc.pid, mark, done)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{mode}: exit {proc.returncode}\n{err.decode(errors='replace')[-2000:]}")
    steady = None
    if sampler.first:  # the rate once the models are loaded and the first batches are out
        t0, n0 = sampler.first
        steady = (total - n0) / (seconds - t0) if seconds > t0 and total > n0 else None
    return {"mode": mode, "seconds": seconds, "steady_per_s": steady, "main_mb": sampler.main_peak,
            "worker_mb": sampler.worker_peak if sampler.workers_seen else None,
            "workers": len(sampler.workers_seen), "tree_mb": sampler.tree_peak}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--modes", nargs="+", default=["1", "2", "ray"], choices=["1", "2", "ray"])
    ap.add_argument("--flat", type=int, default=0, metavar="M", help="also run workers=2 on M articles (memory)")
    ap.add_argument("--repeat", type=int, default=2, help="runs per mode, the fastest kept (default 2)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="depeche-scale-") as tmp:
        tmp = Path(tmp)
        src = tmp / "articles.jsonl"
        write_input(src, args.articles)
        results = []
        # Rounds of every mode, the fastest run of each kept: this machine's
        # speed drifts by a third over minutes, and interleaving spreads the
        # drift over the modes instead of favouring whichever ran first.
        runs: dict[str, list[dict]] = {m: [] for m in args.modes}
        for _ in range(args.repeat):
            for mode in args.modes:
                r = run_mode(mode, src, tmp, args.articles)
                runs[mode].append(r)
                print(f"  {mode:>5}: {args.articles / r['seconds']:6.1f} art/s ({r['seconds']:.0f} s)", file=sys.stderr)
        for mode in args.modes:
            r = min(runs[mode], key=lambda x: x["seconds"])
            r["articles"] = args.articles
            results.append(r)
        if args.flat:
            big = tmp / "big.jsonl"
            write_input(big, args.flat)
            r = run_mode("2", big, tmp, args.flat)
            r["articles"] = args.flat
            r["mode"] = "2 (flat)"
            results.append(r)

    base = next((r for r in results if r["mode"] == "1"), None)
    for r in results:
        r["articles_per_s"] = r["articles"] / r["seconds"]
        r["speedup"] = r["articles_per_s"] / (base["articles"] / base["seconds"]) if base else None
        r["steady_speedup"] = (r["steady_per_s"] / base["steady_per_s"]
                               if base and r["steady_per_s"] and base["steady_per_s"] else None)
    if args.json:
        print(json.dumps(results, indent=1))
        return
    print(f"{'mode':<10}{'articles':>9}{'seconds':>9}{'art/s':>8}{'x w=1':>7}{'steady':>8}{'x w=1':>7}"
          f"{'main MB':>9}{'worker MB':>11}{'workers':>9}{'tree MB':>9}")
    for r in results:
        worker = f"{r['worker_mb']:.0f}" if r["worker_mb"] else "-"
        speed = f"{r['speedup']:.2f}" if r["speedup"] else "-"
        steady = f"{r['steady_per_s']:.1f}" if r["steady_per_s"] else "-"
        steady_x = f"{r['steady_speedup']:.2f}" if r["steady_speedup"] else "-"
        print(f"{r['mode']:<10}{r['articles']:>9}{r['seconds']:>9.1f}{r['articles_per_s']:>8.1f}{speed:>7}"
              f"{steady:>8}{steady_x:>7}{r['main_mb']:>9.0f}{worker:>11}{r['workers']:>9}{r['tree_mb']:>9.0f}")
    print("art/s: start to exit, model loading included; steady: from the first records out to the end")
    print("targets: workers=2 >= 1.8x, ray >= 1.6x workers=1; worker MB flat from 1k to 10k articles")


if __name__ == "__main__":
    main()
