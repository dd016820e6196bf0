"""The reported-speech shape cases of tests/data/attribution/<lang>.toml and
how a record is compared with one: every expected statement found with its
speaker, content and stance (and kind where given), and nothing else."""
from __future__ import annotations

import tomllib
from pathlib import Path

from depeche.text import fold, without_article

CASES = Path(__file__).parent / "data" / "attribution"


def cases(lang: str) -> list[dict]:
    with open(CASES / f"{lang}.toml", "rb") as f:
        return tomllib.load(f)["case"]


def _name(s: str | None) -> str:
    return without_article(fold(s or ""))


def rows(record: dict) -> list[tuple]:
    names = {e["id"]: e["name"] for e in record.get("entities", [])}
    return [(names.get(s["speaker"]) or s["speaker_text"], s["content"], s["stance"], s["kind"])
            for s in record.get("statements", [])]


def problems(record: dict, expect: list[list[str]]) -> list[str]:
    """What differs between the record's statements and the expected ones."""
    got = rows(record)
    left = list(got)
    out = []
    for e in expect:
        speaker, content, stance = e[:3]
        kind = e[3] if len(e) > 3 else None
        hit = next((g for g in left if g[1].strip() == content.strip()), None)
        if hit is None:
            out.append(f"missed {e}")
            continue
        left.remove(hit)
        if _name(hit[0]) != _name(speaker):
            out.append(f"speaker {hit[0]!r} for {speaker!r}: {content[:50]}")
        if hit[2] != stance:
            out.append(f"stance {hit[2]} for {stance}: {content[:50]}")
        if kind and hit[3] != kind:
            out.append(f"kind {hit[3]} for {kind}: {content[:50]}")
    out += [f"spurious {g}" for g in left]
    return out


def provenance(record: dict, expect: list[list[str]], found_by: dict | None) -> list[str]:
    """The frame and sieve of the last expected statement, where the case names them."""
    if not found_by or not expect:
        return []
    content = expect[-1][1].strip()
    hit = next((s for s in record.get("statements", []) if s["content"].strip() == content), None)
    if hit is None:
        return []  # already reported as missed
    got = (hit["frame"], (hit["speaker_sieve"] or "").split(">")[0])
    want = (found_by["frame"], found_by["sieve"])
    return [] if got == want else [f"found by {got}, not {want}"]
