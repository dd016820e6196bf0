"""The speaker sieves, measured: how many speakers each resolves and how many
of those are right, on annotated articles.

    python bench/sieves.py                     # the dev articles that may be read
    python bench/sieves.py --lang en
    python bench/sieves.py --pred out.jsonl    # records already extracted
    python bench/sieves.py --gold DIR --pred out.jsonl   # another annotated set (gold JSON files
                                               # named by article id, as eval/dev/gold)

Each predicted statement whose content matches a gold statement (the
scorer's rule: token F1 >= 0.5, one-to-one) is counted under the sieve that
resolved its speaker (`speaker_sieve` in the record, "none" for a statement
without one); it is right when its speaker matches the gold speaker as the
scorer matches them. The articles listed in eval/dev/CHECK are left out:
they are scored only as a whole.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def _scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _listed(path: Path) -> set[str]:
    return {line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")}


def _extract(files: list[Path]) -> list[dict]:
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as out:
        subprocess.run([sys.executable, "-m", "depeche.cli", "extract", *map(str, files), "--format", "jsonl",
                        "--out", out.name], check=True, stderr=subprocess.DEVNULL)
        return [json.loads(line) for line in Path(out.name).read_text().splitlines() if line.strip()]


def tally(records: list[dict], golds: dict[str, dict], S, show: str | None = None) -> tuple[Counter, Counter]:
    count, right = Counter(), Counter()
    for rec in records:
        gold = golds.get(rec.get("id"))
        if gold is None or "error" in rec:
            continue
        aliases = S.pred_entity_aliases(rec)
        by_name = {S.norm(g["name"]): S.gold_aliases(g) for g in gold.get("entities", [])}
        preds = rec.get("statements") or []
        pairs = S.match_greedy(gold.get("statements", []), preds,
                               lambda g, p: S.token_f1(p.get("content", ""), g["content"]) if S.token_f1(
                                   p.get("content", ""), g["content"]) >= 0.5 else 0.0)
        for gi, pi in pairs:
            g, p = gold["statements"][gi], preds[pi]
            sieve = (p.get("speaker_sieve") or "none").split(">")[0]
            names = set(aliases.get(p.get("speaker"), set()))
            if p.get("speaker_text"):
                names.add(S.norm(p["speaker_text"]))
            wanted = by_name.get(S.norm(g.get("speaker") or ""), {S.norm(g.get("speaker") or "")})
            count[sieve] += 1
            right[sieve] += bool(names & wanted)
            if show in (sieve, "all") and not names & wanted:
                print(f"  {rec['id']} {sieve}: {p.get('speaker_text')!r} for {g.get('speaker')!r}: {g['content'][:60]}")
    return count, right


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", default="fr", help="fr (with the founding article) or en")
    ap.add_argument("--eval", type=Path, default=EVAL, help="the eval folder (score.py, dev/)")
    ap.add_argument("--pred", type=Path, help="records already extracted (JSONL); else extract the articles")
    ap.add_argument("--wrong", metavar="SIEVE", help="list the speakers this sieve (or 'all') got wrong")
    ap.add_argument("--gold", type=Path, help="another folder of gold files (with --pred); default: the dev set")
    a = ap.parse_args()
    if a.gold and not a.pred:
        ap.error("--gold needs --pred: the records of that set's articles")
    S = _scorer(a.eval / "score.py")
    check = _listed(a.eval / "dev" / "CHECK") if not a.gold else set()
    golds = {}
    for path in sorted((a.gold or a.eval / "dev" / "gold").glob("*.json")):
        g = json.loads(path.read_text())
        wanted = g["id"].startswith(a.lang + "-") or a.lang == "fr" and g["id"] == "seed"
        if wanted and g["id"] not in check:
            golds[g["id"]] = g
    if a.pred:
        records = [json.loads(line) for line in a.pred.read_text().splitlines() if line.strip()]
    else:
        records = _extract([a.eval / "dev" / "raw" / f"{gid}.json" for gid in golds])
    count, right = tally(records, golds, S, a.wrong)
    print(f"{'sieve':16s} {'speakers':>8s} {'right':>6s} {'precision':>9s}   ({a.lang}, {len(golds)} articles)")
    for sieve, n in count.most_common():
        print(f"{sieve:16s} {n:8d} {right[sieve]:6d} {right[sieve] / n:9.3f}")
    total = sum(count.values())
    print(f"{'all':16s} {total:8d} {sum(right.values()):6d} {sum(right.values()) / max(total, 1):9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
