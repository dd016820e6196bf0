"""Check a record against the contract (spec/RECORD.md) before it is stored.

A record that breaks it is refused with a message naming the field, e.g.
`statements[3].span: end 5012 is past the text (4800 characters)`; the rest
of the batch goes in.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Any

from ..text import SURROGATES

TYPES = {"PER", "ORG", "LOC", "MISC"}
KINDS = {"direct", "indirect", "mixed"}
STANCES = {"assert", "estimate", "call", "warn", "fear", "deny", "refuse_confirm", "not_deny", "other"}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNTRY = re.compile(r"[A-Z]{2}")
# Limits that keep one record from costing the store or a page more than an
# article can: ids are keys and appear in URLs; a text is at most what the
# pipeline reads (200,000 characters), with room for other producers.
MAX_ID = 200
MAX_TEXT = 2_000_000
MAX_STRING = 200_000
# Numbers a news article states stay far below this; beyond it (or NaN,
# infinity) a value is an error, and a float could not hold it exactly anyway.
MAX_NUMBER = 1e18


class RecordError(ValueError):
    """A record that does not keep to RECORD.md; the message names the field."""


def validate(rec: Any) -> dict:
    if not isinstance(rec, dict):
        raise RecordError(f"record: expected a JSON object, got {type(rec).__name__}")
    if "error" in rec:
        raise RecordError(f"error record, nothing to store: {rec.get('error')}")
    _id(rec, "id")
    _str(rec, "lang", required=True)
    text = _str(rec, "text", required=True, limit=MAX_TEXT)
    _str(rec, "title")
    published = rec.get("published")
    if published is not None and not (isinstance(published, str) and _DAY.fullmatch(published)
                                      and _is_date(published)):
        raise RecordError(f"published: expected a YYYY-MM-DD date or null, got {published!r}")
    _strings(rec, "keywords", "keywords")
    for i, r in enumerate(_list(rec, "removed")):
        _obj(r, f"removed[{i}]")
        _str(r, "text", where=f"removed[{i}].")
        _str(r, "reason", where=f"removed[{i}].")
    source = rec.get("source") or {}
    if not isinstance(source, dict):
        raise RecordError("source: expected an object")
    for k in ("outlet", "dateline", "author", "url"):
        _str(source, k, where="source.")

    n = len(text)
    ents = _list(rec, "entities")
    ids = set()
    for i, e in enumerate(ents):
        w = f"entities[{i}]"
        _obj(e, w)
        _id(e, "id", where=w + ".")
        if e["id"] in ids:
            raise RecordError(f"{w}.id: {e['id']!r} is the id of another entity of this record")
        _str(e, "name", required=True, where=w + ".")
        if e.get("type") not in TYPES:
            raise RecordError(f"{w}.type: expected one of {sorted(TYPES)}, got {e.get('type')!r}")
        for j, m in enumerate(e.get("mentions") or []):
            _span(m, n, f"{w}.mentions[{j}]")
        if e.get("country") is not None and not (isinstance(e["country"], str) and _COUNTRY.fullmatch(e["country"])):
            raise RecordError(f"{w}.country: expected an ISO 3166 alpha-2 code or null, got {e['country']!r}")
        _strings(e, "roles", f"{w}.roles")
        _strings(e, "forms", f"{w}.forms")
        ids.add(e["id"])

    sids = set()
    for i, s in enumerate(_list(rec, "statements")):
        w = f"statements[{i}]"
        _obj(s, w)
        _id(s, "id", where=w + ".")
        if s["id"] in sids:
            raise RecordError(f"{w}.id: {s['id']!r} is the id of another statement of this record")
        if s.get("speaker") is not None and s["speaker"] not in ids:
            raise RecordError(f"{w}.speaker: {s['speaker']!r} is no entity of this record")
        if s.get("kind") not in KINDS:
            raise RecordError(f"{w}.kind: expected one of {sorted(KINDS)}, got {s.get('kind')!r}")
        if s.get("stance") not in STANCES:
            raise RecordError(f"{w}.stance: expected one of {sorted(STANCES)}, got {s.get('stance')!r}")
        _str(s, "content", required=True, where=w + ".")
        for k in ("speaker_text", "cue", "within"):
            _str(s, k, where=w + ".")
        _span(s.get("span"), n, f"{w}.span")
        sids.add(s["id"])
    for i, s in enumerate(_list(rec, "statements")):
        if s.get("within") is not None and (s["within"] not in sids or s["within"] == s["id"]):
            raise RecordError(f"statements[{i}].within: {s['within']!r} is no other statement of this record")

    for part in ("quantities", "vague_quantities"):
        for i, q in enumerate(_list(rec, part)):
            w = f"{part}[{i}]"
            _obj(q, w)
            for k in ("value", "low", "high"):
                _number(q, k, w + ".")
            _span(q.get("span"), n, f"{w}.span")
            for k in ("unit", "text", "magnitude"):
                _str(q, k, where=w + ".")
            if q.get("statement") is not None and q["statement"] not in sids:
                raise RecordError(f"{w}.statement: {q['statement']!r} is no statement of this record")

    for i, p in enumerate(_list(rec, "places")):
        w = f"places[{i}]"
        _obj(p, w)
        if p.get("entity") is not None and p["entity"] not in ids:
            raise RecordError(f"{w}.entity: {p['entity']!r} is no entity of this record")
        _number(p, "lat", w + ".", bound=90)
        _number(p, "lon", w + ".", bound=180)
        g = p.get("geonameid")
        if g is not None and (isinstance(g, bool) or not isinstance(g, int) or not 0 <= g < 2 ** 63):
            raise RecordError(f"{w}.geonameid: expected a positive integer or null, got {g!r:.40}")
        for k in ("name", "country"):
            _str(p, k, where=w + ".")
    for i, d in enumerate(_list(rec, "dates")):
        w = f"dates[{i}]"
        _obj(d, w)
        _str(d, "text", required=True, where=w + ".")
        for k in ("value", "granularity"):
            _str(d, k, where=w + ".")
        if d.get("span") is not None:
            _span(d["span"], n, f"{w}.span")
    for i, ev in enumerate(_list(rec, "events")):
        w = f"events[{i}]"
        _obj(ev, w)
        _str(ev, "type", required=True, where=w + ".")
        for k in ("date", "trigger", "statement"):
            _str(ev, k, where=w + ".")
        if ev.get("statement") is not None and ev["statement"] not in sids:
            raise RecordError(f"{w}.statement: {ev['statement']!r} is no statement of this record")
        if ev.get("span") is not None:
            _span(ev["span"], n, f"{w}.span")
        if ev.get("place") is not None and ev["place"] not in ids:
            raise RecordError(f"{w}.place: {ev['place']!r} is no entity of this record")
        for k in ("actors", "targets"):
            for a in ev.get(k) or []:
                if a not in ids:
                    raise RecordError(f"{w}.{k}: {a!r} is no entity of this record")
    return rec


def _is_date(s: str) -> bool:
    try:
        _dt.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def _strings(d: dict, key: str, where: str) -> None:
    v = d.get(key)
    if v is None:
        return
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise RecordError(f"{where}: expected a list of strings, got {v!r:.80}")


def _obj(v: Any, where: str) -> None:
    if not isinstance(v, dict):
        raise RecordError(f"{where}: expected an object, got {type(v).__name__}")


def _str(d: dict, key: str, required: bool = False, where: str = "", limit: int = MAX_STRING) -> str | None:
    v = d.get(key)
    if v is None:
        if required:
            raise RecordError(f"{where}{key}: missing")
        return None
    if not isinstance(v, str):
        raise RecordError(f"{where}{key}: expected a string, got {type(v).__name__}")
    if len(v) > limit:
        raise RecordError(f"{where}{key}: {len(v)} characters, more than the {limit} allowed")
    bad = SURROGATES.search(v)
    if bad:
        raise RecordError(f"{where}{key}: a lone surrogate (U+{ord(bad.group()):04X}) at {bad.start()}, "
                          "which no store can encode")
    return v


def _id(d: dict, key: str, where: str = "") -> str:
    v = _str(d, key, required=True, where=where, limit=MAX_ID)
    if not v:
        raise RecordError(f"{where}{key}: empty")
    return v


def _number(d: dict, key: str, where: str, bound: float = MAX_NUMBER) -> None:
    """A finite number within ±bound, or null."""
    v = d.get(key)
    if v is None:
        return
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise RecordError(f"{where}{key}: expected a number or null, got {v!r:.40}")
    if isinstance(v, float) and not math.isfinite(v):
        raise RecordError(f"{where}{key}: {v!r} is no finite number")
    if abs(v) > bound:
        raise RecordError(f"{where}{key}: {v!r:.40} is out of range (at most {bound:g} in absolute value)")


def _list(d: dict, key: str) -> list:
    v = d.get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        raise RecordError(f"{key}: expected a list, got {type(v).__name__}")
    return v


def _span(v: Any, n: int, where: str) -> None:
    # `type(x) is int` leaves bools out; written out, not as all(...) over a
    # generator: a record holds hundreds of spans.
    if not (isinstance(v, (list, tuple)) and len(v) == 2 and type(v[0]) is int and type(v[1]) is int):
        raise RecordError(f"{where}: expected [start, end] offsets, got {v!r}")
    a, b = v
    if not 0 <= a <= b:
        raise RecordError(f"{where}: start {a} and end {b} are out of order")
    if b > n:
        raise RecordError(f"{where}: end {b} is past the text ({n} characters)")
