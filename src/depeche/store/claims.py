"""Claims: a quantity with what it counts and what it is about, and how two
claims on the same thing differ.

A claim's key is (concept, qualifier): the counted noun mapped to a concept
shared by every language (lexicons/<lang>/claims.toml: "soldats", "troops"
-> soldier) and the country its words name (the demonyms and names of
countries.toml: "nord-coréens", "North Korean" -> KP). "environ 12 000
soldats nord-coréens" and "about 12,000 North Korean troops" are both
(soldier, KP). A noun the lexicon lacks keeps its own folded form: claims on
it meet those of its language only.

Claims are compared within one story and one key (queries.numbers), by the
values each allows (`interval`). Kinds of difference (`relation`):
- revised: the same source, or a source of the same country, gives another
  figure later (Seoul's 3 000 on 23 October, 12 000 on 7 November);
- range: one figure inside the other's interval ("12 000" within "plus de
  10 000");
- contradicts: other sources, the same period (PERIOD_DAYS), intervals that
  do not meet.
A vague amount ("un petit nombre") stands against the figures of its period
as a whole: it is shown contradicting one of them (the farthest), once, and
never marks the precise figure as disagreeing (`differences`).
"""
from __future__ import annotations

import datetime as dt
import functools
import math
from collections import defaultdict
from typing import NamedTuple

import numpy as np

from .. import lexicon
from ..text import fold

# The span of values each vague amount stands for, to tell whether "un petit
# nombre" and "12 000" can both be right.
MAGNITUDES: dict[str, tuple[float, float]] = {
    "few": (1, 50), "several": (2, 20), "dozens": (12, 99), "hundreds": (100, 999),
    "thousands": (1_000, 9_999), "tens of thousands": (10_000, 99_999), "millions": (1e6, 1e9),
    "billions": (1e9, 1e12), "many": (2, math.inf), "most": (0, math.inf), "some": (1, math.inf),
}
APPROX_TOLERANCE = 0.15  # "environ 12 000" reads as 10 200 .. 13 800
# Claims published this many days apart or less speak of the same moment: a
# count three weeks later may have moved on without anyone being wrong.
PERIOD_DAYS = 7
# A noun and its country this many words apart at most ("North Korean
# troops", "soldats nord-coréens", "troupes de la Corée du Nord").
TOPIC_REACH = 3
# The longest country name or demonym looked for, in words ("Corée du Nord").
_LONGEST_QUALIFIER = 4


# --- what a claim is about --------------------------------------------------------

@functools.cache
def _nouns(lang: str) -> dict[str, str]:
    """Folded counted noun -> concept, for `lang` (none without lexicons)."""
    if not lexicon.available(lang):
        return {}
    return {fold(k): v for k, v in lexicon.load(lang).get("claims", {}).get("nouns", {}).items()}


@functools.cache
def _countries(lang: str) -> dict[str, str]:
    """Folded demonym or country name -> ISO code ("nord coreens" -> KP)."""
    if not lexicon.available(lang):
        return {}
    lex = lexicon.load(lang).get("countries", {})
    out = {fold(k): v for k, v in (lex.get("names") or {}).items()}
    out.update({fold(k): v for k, v in (lex.get("demonyms") or {}).items()})
    return out


def key(unit: str | None, text: str | None, lang: str | None) -> tuple[str | None, str | None]:
    """(concept, qualifier) of a quantity: what its unit counts, mapped
    across languages, and the country its own words name. The unit's words
    are tried first ("North Korean troops": "troops"), then the text's (an
    English unit is often the bare noun, its qualifier before it in the
    text). (None, None) when nothing is known."""
    if not lang:
        return None, None
    nouns = _nouns(lang)
    unit_words = fold(unit or "").split()
    words = unit_words + fold(text or "").split()
    concept = next((nouns[w] for w in words if w in nouns), None)
    return concept, _qualifier(words, _countries(lang))


def topics(text: str, lang: str | None) -> set[tuple[str, str]]:
    """The (concept, country) pairs a text names without a number:
    "soldats nord-coréens", "North Korean troops", "troupes nord-coréennes"
    -> (soldier, KP). A counted noun and a country within TOPIC_REACH
    words of each other; what stories.py compares across languages."""
    nouns, countries = _nouns(lang or ""), _countries(lang or "")
    if not nouns:
        return set()
    # Folded word by word: the same words as the whole text folded (folding
    # never joins across whitespace), each word's form remembered by `fold`.
    words = " ".join(map(fold, text.split())).split()
    out = set()
    if nouns.keys().isdisjoint(words):  # most texts: no counted noun, no word-by-word walk
        return out
    for i, w in enumerate(words):
        concept = nouns.get(w)
        if concept:
            code = _nearest_country(words, i, countries)
            if code:
                out.add((concept, code))
    return out


def _nearest_country(words: list[str], i: int, countries: dict[str, str]) -> str | None:
    """The country named closest to words[i], within TOPIC_REACH words."""
    for d in range(1, TOPIC_REACH + 1):
        for n in range(_LONGEST_QUALIFIER, 0, -1):
            for start in (i + d, i - d - n + 1):  # just after, then ending just before
                if start >= 0 and start + n <= len(words) and start != i:
                    code = countries.get(" ".join(words[start:start + n]))
                    if code:
                        return code
    return None


def _qualifier(words: list[str], countries: dict[str, str]) -> str | None:
    """The country the longest run of `words` names, the first one found."""
    for n in range(_LONGEST_QUALIFIER, 0, -1):
        for i in range(len(words) - n + 1):
            code = countries.get(" ".join(words[i:i + n]))
            if code:
                return code
    return None


def country_of(speaker: str | None, after: list[str] | None, lang: str | None) -> str | None:
    """The country of a claim's source where the extractor gave none: a
    demonym in the speaker as written ("le renseignement sud-coréen",
    "Ukrainian officials"), or just after a mention of the speaker ("le
    Service national du renseignement sud-coréen (NIS)")."""
    countries = _countries(lang or "")
    if not countries:
        return None
    code = _qualifier(fold(speaker or "").split(), countries)
    for snippet in after or []:
        if code:
            break
        code = _qualifier(fold(snippet).split()[:2], countries)
    return code


# --- the values a claim allows ----------------------------------------------------

def interval(q: dict) -> tuple[float, float]:
    """The values a claim allows."""
    if q.get("vague"):
        return MAGNITUDES.get(q.get("magnitude") or "", (0, math.inf))
    low, high, value = q.get("low"), q.get("high"), q.get("value")
    if low is not None and high is not None:
        return (abs(low), abs(high))
    if value is None:
        return (0, math.inf)
    v = abs(value)
    if q.get("approx"):
        return (v * (1 - APPROX_TOLERANCE), v * (1 + APPROX_TOLERANCE))
    return (v, v)


def _meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _inside(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return b[0] <= a[0] and a[1] <= b[1]


def _gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far apart two intervals that do not meet are, as a ratio (12 000
    against 3 000: 4)."""
    lo, hi = (a, b) if a[1] < b[0] else (b, a)
    return b[0] / max(a[1], 1e-9) if lo is a else a[0] / max(b[1], 1e-9)


# --- how two claims differ -----------------------------------------------------------

def same_source(a: dict, b: dict) -> bool:
    """One source, or two of one kind: the same speaker (entity or name as
    written), or two speakers of one country (Seoul's intelligence service
    and its defence ministry; the Pentagon and the State Department)."""
    if a["source_key"] == b["source_key"]:
        return True
    return bool(a.get("source_country")) and a.get("source_country") == b.get("source_country")


def _day(c: dict) -> dt.date | None:
    d = c.get("published")
    if isinstance(d, str):
        try:
            return dt.date.fromisoformat(d[:10])
        except ValueError:
            return None
    return d


def same_period(a: dict, b: dict) -> bool:
    da, db = _day(a), _day(b)
    return da is None or db is None or abs((da - db).days) <= PERIOD_DAYS


def _later(a: dict, b: dict) -> bool:
    """b was published after a (an undated claim is after no other)."""
    da, db = _day(a), _day(b)
    return da is not None and db is not None and db > da


def relation(a: dict, b: dict) -> str | None:
    """How claim `b` stands to claim `a` (both with "interval", "source_key",
    "source_country", "published", "vague"): "revised", "range",
    "contradicts", or None when they agree or cannot be told apart."""
    ia, ib = tuple(a["interval"]), tuple(b["interval"])
    if ia == ib:
        return None
    if same_source(a, b):
        return "revised" if _later(a, b) or _later(b, a) else None
    if _inside(ia, ib) or _inside(ib, ia):
        return "range"
    if _meet(ia, ib) or not same_period(a, b):
        return None
    return "contradicts"


def differences(claims: list[dict], skip: set[int] = frozenset()) -> list[dict]:
    """The differences worth showing in a group of claims on one thing, as
    {"claim", "with", "kind", "why"} (indices into `claims`), a pair once:
    - each claim that revises an earlier one of its source, against the
      latest such (a chain 3 000 -> 10 000 -> 12 000, not every pair);
    - each precise claim against the claim of another source it contradicts
      most, a pair once;
    - each vague claim against the precise claim it contradicts most, once;
    - each claim inside another source's interval, against the narrowest
      such, when it has no other difference.
    Claims in `skip` (retold) take no part. Every pair's `relation` is
    computed at once, as arrays (`relations`): a page compares hundreds."""
    m = relations(claims)
    live = np.ones(len(claims), dtype=bool)
    live[list(skip)] = False
    out: list[dict] = []
    seen: set[frozenset] = set()
    for i, c in enumerate(claims):
        if i in skip:
            continue
        for found in (_revises(m, i, live), _contradicts(m, i, live)):
            if found is None or frozenset(found[:1] + (i,)) in seen:
                continue
            j, kind = found
            seen.add(frozenset((i, j)))
            out.append({"claim": i, "with": j, "kind": kind, "why": _why(c, claims[j])})
    involved = {d["claim"] for d in out} | {d["with"] for d in out}
    for i, c in enumerate(claims):
        if i in involved or i in skip:
            continue
        j = _narrowest_around(m, i, live)
        if j is not None and frozenset((i, j)) not in seen:
            seen.add(frozenset((i, j)))
            out.append({"claim": i, "with": j, "kind": "range", "why": _why(c, claims[j])})
    out.sort(key=lambda d: (d["claim"], d["with"]))
    return out


_KINDS = (None, "revised", "range", "contradicts")


def relations(claims: list[dict]) -> "Relations":
    """`relation` of every pair at once (symmetric), with what the choices
    between them read: days, intervals, vague flags."""
    n = len(claims)
    lo = np.array([float(c["interval"][0]) for c in claims])
    hi = np.array([float(c["interval"][1]) for c in claims])
    days = [_day(c) for c in claims]
    known = np.array([d is not None for d in days])
    day = np.array([d.toordinal() if d is not None else 0 for d in days])
    codes: dict = {}
    src = np.array([codes.setdefault(("s", c["source_key"]), len(codes)) for c in claims])
    country = np.array([codes.setdefault(("c", c.get("source_country")), len(codes))
                        if c.get("source_country") else -1 for c in claims])
    both = known[:, None] & known[None, :]
    same_source = (src[:, None] == src[None, :]) | ((country[:, None] == country[None, :]) & (country[:, None] >= 0))
    equal = (lo[:, None] == lo[None, :]) & (hi[:, None] == hi[None, :])
    inside = ((lo[None, :] <= lo[:, None]) & (hi[:, None] <= hi[None, :])) \
        | ((lo[:, None] <= lo[None, :]) & (hi[None, :] <= hi[:, None]))
    meet = (lo[:, None] <= hi[None, :]) & (lo[None, :] <= hi[:, None])
    period = ~both | (np.abs(day[:, None] - day[None, :]) <= PERIOD_DAYS)
    kind = np.zeros((n, n), dtype=np.int8)
    kind[~equal & same_source & both & (day[:, None] != day[None, :])] = 1
    kind[~equal & ~same_source & inside] = 2
    kind[~equal & ~same_source & ~inside & ~meet & period] = 3
    vague = np.array([bool(c.get("vague")) for c in claims])
    return Relations(kind, lo, hi, day, known, vague)


class Relations(NamedTuple):
    kind: np.ndarray  # n x n: 0 none, 1 revised, 2 range, 3 contradicts (_KINDS)
    lo: np.ndarray
    hi: np.ndarray
    day: np.ndarray  # ordinal days (0 where unknown)
    known: np.ndarray
    vague: np.ndarray

    def name(self, i: int, j: int) -> str | None:
        return _KINDS[self.kind[i, j]]


def _revises(m: Relations, i: int, live) -> tuple[int, str] | None:
    """The latest earlier claim of the same source that claim i revises
    (the first in the list among equally late ones)."""
    if not m.known[i]:
        return None
    cand = np.flatnonzero(live & m.known & (m.day < m.day[i]) & (m.kind[i] == 1))
    if not len(cand):
        return None
    return int(cand[np.argmax(m.day[cand])]), "revised"


def _contradicts(m: Relations, i: int, live) -> tuple[int, str] | None:
    """The claim that claim i contradicts most (the widest gap, above 1; the
    first in the list among equal ones). A precise claim is only set against
    precise ones: a vague amount's contradiction is told once, from its own
    side."""
    ok = live & (m.kind[i] == 3) & ~m.vague
    ok[i] = False
    cand = np.flatnonzero(ok)
    if not len(cand):
        return None
    lo, hi = m.lo[cand], m.hi[cand]
    below = m.hi[i] < lo  # claim i's interval lies below the other's
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.where(below, lo / np.maximum(m.hi[i], 1e-9), m.lo[i] / np.maximum(hi, 1e-9))
    k = int(np.argmax(gap))
    return (int(cand[k]), "contradicts") if gap[k] > 1.0 else None


def _narrowest_around(m: Relations, i: int, live) -> int | None:
    """The claim of another source whose interval holds claim i's, the
    narrowest (relative width) first."""
    ok = live & (m.kind[i] == 2) & (m.lo <= m.lo[i]) & (m.hi[i] <= m.hi)
    ok[i] = False
    cand = np.flatnonzero(ok)
    if not len(cand):
        return None
    lo, hi = m.lo[cand], m.hi[cand]
    with np.errstate(divide="ignore", invalid="ignore"):
        width = np.where(np.isfinite(hi), (hi - lo) / np.maximum(hi, 1e-9), np.inf)
    return int(cand[np.argmin(width)])


def _why(a: dict, b: dict) -> str:
    return f"{a['text']} ({a['source']}) vs {b['text']} ({b['source']})"


def _retold(claims: list[dict]) -> set[int]:
    """Claims that tell again a figure given before (or the same day,
    earlier in the list) by a named source: without a speaker ("le
    renseignement sud-coréen a d'abord fait état de 3 000 soldats", in a
    summary two weeks later; "a small number" in the English report of the
    think tank's "un petit nombre"), or by the same source ("Kyrylo Budanov
    said last week that about 12,000..."). The same claim told again, left
    out of the comparison."""
    out = set()
    same: dict = defaultdict(list)  # claims by figure: only those are compared
    for k, o in enumerate(claims):
        same[_figure(o)].append(k)
    for i, c in enumerate(claims):
        key = _figure(c)
        for k in same[key] if key is not None else ():
            o = claims[k]
            if k == i or k in out or o.get("speaker") is None:
                continue
            if c.get("speaker") is None:
                told = not _later(c, o)  # a named source's figure of that day or before
            else:
                told = o["source_key"] == c["source_key"] and (_later(o, c) or (not _later(c, o) and k < i))
            if told:
                out.add(i)
                break
    return out


def _figure(c: dict):
    """Two claims give the same figure when these are equal (and not None):
    a vague amount its magnitude, a precise one its value."""
    if c.get("vague"):
        return ("vague", c.get("magnitude"))
    return ("value", c["value"]) if c.get("value") is not None else None


def compare(claims: list[dict]) -> dict:
    """A group's differences, its contradictions apart (`disagreements`,
    the old shape: {"claim", "with", "why"}), and each claim's
    `disagrees` flag: a claim on the side that states a contradiction, or
    the precise claim a precise one contradicts."""
    retold = _retold(claims)
    diffs = differences(claims, skip=retold)
    contra = [d for d in diffs if d["kind"] == "contradicts"]
    flagged = {d["claim"] for d in contra} | {d["with"] for d in contra if not claims[d["claim"]].get("vague")}
    for i, c in enumerate(claims):
        c["disagrees"] = i in flagged
        c["retold"] = i in retold
    return {"differences": diffs, "disagreements": contra}
