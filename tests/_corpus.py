"""Articles for the scale test and bench/scale.py: the dev set
(tests/data/wikinews, Wikinews CC BY 2.5, see its SOURCES.md) and as many
more as asked, each recombined from 3 to 7 paragraphs of the test corpora in
one language (a seeded draw: the same articles every run)."""
from __future__ import annotations

import glob
import json
import random
from pathlib import Path

DATA = Path(__file__).parent / "data"


def dev_articles() -> list[dict]:
    out = []
    for path in sorted(glob.glob(str(DATA / "wikinews" / "*.json"))):
        obj = json.loads(Path(path).read_text(encoding="utf-8"))
        out.append({k: obj[k] for k in ("id", "lang", "title", "published", "text") if k in obj})
    return out


def _paragraphs() -> dict[str, list[str]]:
    by_lang: dict[str, list[str]] = {}
    for path in sorted(glob.glob(str(DATA / "wikinews" / "*.json")) + glob.glob(str(DATA / "story" / "*.json"))):
        obj = json.loads(Path(path).read_text(encoding="utf-8"))
        paras = [p.strip() for p in obj["text"].split("\n") if len(p.strip()) > 60]
        by_lang.setdefault(obj.get("lang") or "fr", []).extend(paras)
    return by_lang


def recombined(n: int, seed: int = 20241125, langs: tuple[str, ...] | None = None) -> list[dict]:
    rng = random.Random(seed)
    paras = _paragraphs()
    langs = langs or tuple(sorted(paras))
    out = []
    for k in range(n):
        lang = langs[k % len(langs)]
        picked = rng.sample(paras[lang], k=min(len(paras[lang]), rng.randint(3, 7)))
        out.append({"id": f"mix-{k:06d}", "published": f"2024-11-{1 + k % 28:02d}", "text": "\n\n".join(picked)})
    return out
