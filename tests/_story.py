"""The story corpus (tests/data/story/, synthetic, see its README.md) and its
records, extracted once per test process: test_store.py and
test_store_kill.py share them when they run in the same session.

Extraction costs the French model's load (~7 s) and ~0.25 s an article.
"""
from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

STORY = Path(__file__).resolve().parent / "data" / "story"
ARTICLE_FILES = sorted(STORY.glob("*.json"))  # not updates/, not README.md
UPDATE_FILE = STORY / "updates" / "s13-ukrinform.json"

# Syndicated copy -> the earlier copy it repeats.
COPIES = {
    "s03b-tv5monde": "s03-afp",
    "s07b-zonebourse": "s07-reuters",
    "s10b-france24": "s10-afp",
    "s14b-lefigaro": "s14-afp",
    "e02b-usnews-en": "e02-reuters-en",
}
# Not the North Korean troops: the missile test (u*, same days, same actors:
# Kim Jong Un, Lloyd Austin, Pyongyang, Seoul, a "12 000" of kilometres),
# the floods in Valencia (x01, x05: "10,000 troops", "1 200 soldats") and
# single articles (x02-x04).
OTHER_TOPICS = {"x01-afp-valence", "x02-reuters-inflation", "x03-lemonde-meteo", "x04-yonhap-economie",
                "x05-reuters-en-valencia", "u01-afp-missile", "u02-reuters-en-missile"}


def off_topic(article_id: str, content: str, speaker_text: str | None) -> bool:
    """A statement of another story that a search for "nord-coréens" should
    not return: the missile story may match it word for word ("l'état-major
    sud-coréen" on what "la Corée du Nord" fired), and then it is a fair hit."""
    if article_id not in OTHER_TOPICS:
        return False
    words = f"{content} {speaker_text or ''}".lower()
    return not ("nord" in words and "coréen" in words)


ENGLISH = {"e01-yonhap-en", "e02-reuters-en", "e02b-usnews-en", "e03-ap-en", "u02-reuters-en-missile",
           "x05-reuters-en-valencia"}
# The stories the corpus is written to hold: every article of the main
# folder in exactly one.
STORIES = {
    "troops": {p.stem for p in ARTICLE_FILES if p.stem[0] in "se"},
    "missile": {"u01-afp-missile", "u02-reuters-en-missile"},
    "valencia": {"x01-afp-valence", "x05-reuters-en-valencia"},
    "inflation": {"x02-reuters-inflation"},
    "fog": {"x03-lemonde-meteo"},
    "growth": {"x04-yonhap-economie"},
}


def article(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def _extracted() -> tuple[tuple[dict, ...], dict]:
    from depeche.pipeline import process
    from depeche.read import iter_articles

    recs = list(process(iter_articles([str(p) for p in ARTICLE_FILES + [UPDATE_FILE]])))
    errors = [r for r in recs if "error" in r]
    assert not errors, f"extraction failed: {errors}"
    return tuple(recs[:-1]), recs[-1]


def records() -> list[dict]:
    """The records of the main folder, in file order (a fresh copy per call)."""
    return copy.deepcopy(list(_extracted()[0]))


def update_record() -> dict:
    """The record of updates/s13-ukrinform.json (same id as s13-ukrinform)."""
    return copy.deepcopy(_extracted()[1])


def write_jsonl(path: Path, recs: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def expected_counts(rec: dict) -> dict[str, int]:
    """Rows a record should leave in each per-article table."""
    return {
        "article_entities": len(rec["entities"]),
        "mentions": sum(len(e["mentions"]) for e in rec["entities"]),
        "statements": len(rec["statements"]),
        "quantities": len(rec.get("quantities") or []) + len(rec.get("vague_quantities") or []),
    }


def stored_counts(con) -> dict[str, dict[str, int]]:
    """article_id -> table -> rows, for the tables of expected_counts."""
    out: dict[str, dict[str, int]] = {}
    for (aid,) in con.execute("SELECT article_id FROM articles").fetchall():
        out[aid] = {"article_entities": 0, "mentions": 0, "statements": 0, "quantities": 0}
    for table in ("article_entities", "mentions", "statements", "quantities"):
        for aid, n in con.execute(f"SELECT article_id, count(*) FROM {table} GROUP BY article_id").fetchall():
            out.setdefault(aid, {"article_entities": 0, "mentions": 0, "statements": 0, "quantities": 0})
            out[aid][table] = n
    return out
