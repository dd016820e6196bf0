"""Dates: time expressions, resolved against the publication date.

`extract(doc, lex, published)` finds absolute dates ("22 mai 2012", "en 2012",
"d'ici à décembre 2015"), months and weekdays alone ("en novembre", "mardi"),
and relative expressions ("hier soir", "l'an dernier", "plus tôt cette
semaine", "depuis août dernier"), and resolves each to an ISO value:
YYYY-MM-DD, YYYY-MM, YYYY or YYYY-Www. Without a publication date, relative
expressions keep their text and span with a null value.

A weekday, a month or a day written without a year is placed by the tense of
its clause: the verb that governs it in the parse (future or conditional ->
the next occurrence, past -> the last one), a preposition ("jusqu'à mardi"),
a plan verb ("a prévu de visiter ... lundi") or a future marker in the sentence.

Every word of a language (month and weekday names, relative words,
prepositions, the forms an expression takes) comes from `lex["dates"]`
(lexicons/<lang>/dates.toml), compiled once per lexicon. Durations ("18
jours"), clock times and vague expressions ("récemment") are not dates here.

`published_from(text, lang)` reads a date written out in a dateline or in page
metadata ("22 mai 2012", "2012-05-22T10:00:00Z") into "YYYY-MM-DD".
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from depeche import lexicon
from depeche.extract import cached
from depeche.text import APOSTROPHES as _APOS, lower_key
from depeche.record import Date

_APOS_RX = "['’‘`´]"
_SP = r"[^\S\n]+"  # spaces inside an expression: never a line break
_SLOT = re.compile(r"\{(\w+)(?::(end))?\}")
_YEAR_MIN, _YEAR_MAX = 1000, 2199
_SENTENCE_OPEN = set(".!?…:;«»\"“”—–-([\n")
_APPROX_MODS = {"start", "end", "mid", "early", "late"}
_AUX_DEPS = {"aux", "aux:tense", "aux:pass", "cop"}
_VERBAL = {"VERB", "AUX"}
_NAME_POS = {"PROPN", "NOUN", "X", "ADJ"}
_NUMBERS = {"day": r"[0-3]?\d", "monthnum": r"[01]?\d", "year": r"\d{4}"}




def _phrase_rx(phrase: str) -> str:
    """A lexicon word or phrase as a regex: ' is any apostrophe, a space any
    run of spaces."""
    words = phrase.split()
    parts = []
    for w in words:
        parts.append(_APOS_RX.join(re.escape(p) for p in re.split(f"[{_APOS}]", w)))
    return _SP.join(parts)


def _alt(phrases) -> str:
    phrases = sorted({p for p in phrases if p}, key=len, reverse=True)
    return "|".join(_phrase_rx(p) for p in phrases)


def _lead_alt(phrases) -> str:
    """Phrases that lead into an expression, each with the space after it
    (none after an apostrophe or a hyphen: "au mois d'août", "mi-juillet")."""
    out = []
    for p in sorted({p for p in phrases if p}, key=len, reverse=True):
        tail = r"\s*" if p[-1] in _APOS + "-" else _SP
        out.append(_phrase_rx(p) + tail)
    return "|".join(out)


@dataclass
class _Form:
    rx: re.Pattern
    needs: frozenset  # slots the form cannot match without
    context: str | None  # None, "prefix", "modifier"
    bare_year: bool
    value_end: bool
    cased: bool
    offset: int  # -1, 1: a count of units back or forward ("il y a deux ans")


@dataclass
class _Lex:
    forms: list[_Form]
    piece_classes: dict[str, frozenset]  # to try a form only around the words it needs
    lead_rx: re.Pattern | None
    months: dict[str, int]
    weekdays: dict[str, int]
    reldays: dict[str, int]
    shifts: dict[str, int]
    this: frozenset
    units: dict[str, str]
    counted_units: dict[str, str]
    counts: dict[str, int]
    seasons: dict[str, str]
    preps: dict[str, str]
    mods: dict[str, str]
    joiner_rx: re.Pattern
    not_after: re.Pattern | None  # "chaque" before "mardi": no date
    year_not_after: re.Pattern | None
    year_not_before: frozenset
    future_preps: frozenset
    past_preps: frozenset
    intent: frozenset
    plans: frozenset
    future_rx: re.Pattern | None
    day_suffix_rx: str


def _compile(d: dict[str, Any]) -> _Lex:
    months = {lower_key(k): int(v) for k, v in d.get("months", {}).items()}
    weekdays = {lower_key(k): int(v) for k, v in d.get("weekdays", {}).items()}
    reldays = {lower_key(k): int(v) for k, v in d.get("relative_days", {}).items()}
    shifts = {lower_key(k): int(v) for k, v in d.get("shifts", {}).items()}
    this = frozenset(lower_key(w) for w in d.get("this", []))
    units = {lower_key(k): v for k, v in d.get("units", {}).items()}
    counted_units = {lower_key(k): v for k, v in d.get("counted_units", {}).items()}
    counts = {lower_key(k): int(v) for k, v in d.get("counts", {}).items()}
    seasons = {lower_key(k): v for k, v in d.get("seasons", {}).items()}
    parts = [lower_key(w) for w in d.get("parts_of_day", [])]
    preps = {lower_key(k): v for k, v in d.get("prepositions", {}).items()}
    mods = {}
    for kind, phrases in d.get("modifiers", {}).items():
        for p in phrases:
            mods[lower_key(p)] = kind
    suffixes = d.get("day_suffixes", [])
    day_suffix_rx = f"(?:{_alt(suffixes)})?" if suffixes else ""
    slots = {
        "month": _alt(months),
        "weekday": _alt(weekdays),
        "relday": _alt(reldays),
        "shift": _alt(shifts),
        "this": _alt(this),
        "unit": _alt(units),
        "units": _alt(counted_units),
        "count": r"\d{1,3}" + (f"|{_alt(counts)}" if counts else ""),
        "season": _alt(seasons),
        "part": _alt(parts),
    }
    numbers = _NUMBERS
    # What may stand before an expression ("depuis", "au début du"): looked
    # for backwards from each expression found, not at every position.
    lead = ""
    if preps:
        lead += f"(?:(?P<prep>{_lead_alt(preps)}))?"
    if mods:
        lead += f"(?:(?P<mod>{_lead_alt(mods)}))?"
    lead_rx = re.compile(rf"(?<![\w\-]){lead}\Z", re.IGNORECASE) if lead else None

    def slot(m: re.Match) -> str:
        name, end = m.group(1), m.group(2)
        group = f"{name}_end" if end else name
        if name in numbers:
            body = numbers[name]
            tail = day_suffix_rx if name == "day" else ""
            return f"(?P<{group}>{body}){tail}"
        if name not in slots:
            raise lexicon.LexiconError(f"dates.toml: unknown slot {{{name}}}")
        return f"(?P<{group}>{slots[name]})"

    forms = []
    for f in d.get("forms", []):
        pat = f["pattern"]
        pieces = []
        pos = 0
        for m in _SLOT.finditer(pat):
            pieces.append(_literal(pat[pos:m.start()]))
            pieces.append(slot(m))
            pos = m.end()
        pieces.append(_literal(pat[pos:]))
        core = "".join(pieces)
        rx = re.compile(rf"(?<![\w/.,])(?:{core})(?![\w/])", re.IGNORECASE)
        forms.append(_Form(rx=rx, needs=_mandatory(pat), context=f.get("context"),
                           bare_year=bool(f.get("bare_year")), value_end=f.get("value") == "end",
                           cased=bool(f.get("cased")), offset=int(f.get("offset", 0))))

    joiners = d.get("ranges", {}).get("joiners", [])
    not_before_any = d.get("exclude", {}).get("not_after", [])
    joiner_rx = re.compile(rf"\s*(?:{_alt(joiners)})\s*" if joiners else r"(?!)", re.IGNORECASE)
    years = d.get("years", {})
    not_after = years.get("year_not_after", [])
    tense = d.get("tense", {})
    markers = tense.get("future_markers", [])
    # Which word classes a document holds, read from its tokens: every piece
    # of a word or phrase (split at spaces, hyphens, slashes and after an
    # apostrophe, as a tokenizer may split it) -> the classes it belongs to.
    classes: dict[str, set] = {}
    for name, table in (("month", months), ("weekday", weekdays), ("relday", reldays),
                        ("shift", shifts), ("this", this), ("unit", units),
                        ("units", counted_units), ("count", counts), ("season", seasons),
                        ("part", parts)):
        for w in table:
            for piece in _pieces(w):
                classes.setdefault(piece, set()).add(name)
    return _Lex(
        forms=forms,
        piece_classes={w: frozenset(c) for w, c in classes.items()},
        lead_rx=lead_rx,
        months=months,
        weekdays=weekdays,
        reldays=reldays,
        shifts=shifts,
        this=this,
        units=units,
        counted_units=counted_units,
        counts=counts,
        seasons=seasons,
        preps=preps,
        mods=mods,
        joiner_rx=joiner_rx,
        not_after=re.compile(rf"(?<!\w)(?:{_alt(not_before_any)})\s*\Z", re.IGNORECASE)
        if not_before_any else None,
        year_not_after=re.compile(rf"(?<!\w)(?:{_alt(not_after)})\s*\Z", re.IGNORECASE) if not_after else None,
        year_not_before=frozenset(lower_key(w) for w in years.get("year_not_before", [])),
        future_preps=frozenset(lower_key(w) for w in tense.get("future_prepositions", [])),
        past_preps=frozenset(lower_key(w) for w in tense.get("past_prepositions", [])),
        intent=frozenset(lower_key(w) for w in tense.get("intent_lemmas", [])),
        plans=frozenset(lower_key(w) for w in tense.get("plan_lemmas", [])),
        future_rx=re.compile(rf"(?<!\w)(?:{_alt(markers)})(?!\w)", re.IGNORECASE) if markers else None,
        day_suffix_rx=day_suffix_rx,
    )


_WORD = re.compile(r"[\w.-]+['’]?|\S")  # a rough tokenizer, for text without a parse
_LEAD_DIGITS = re.compile(r"\d+")
_PIECE_SPLIT = re.compile(r"(?<=')|[-/\s]+")


def _pieces(word: str) -> list[str]:
    out = []
    for p in _PIECE_SPLIT.split(word):
        p = p.strip(".")
        if p:
            out.append(p)
    return out


def _mandatory(pattern: str) -> frozenset:
    """The slots of a form outside any group or alternative: without a word
    of their class in the text, the form cannot match."""
    depth = 0
    top = []
    escaped = False
    for k, ch in enumerate(pattern):
        if escaped:
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return frozenset()
        elif ch == "{" and depth == 0:
            m = _SLOT.match(pattern, k)
            if m:
                top.append(m.group(1))
    return frozenset(top)


def _literal(s: str) -> str:
    """The regex text of a form between slots: a space is any run of spaces,
    an apostrophe any apostrophe."""
    return "".join(_SP if c == " " else _APOS_RX if c in _APOS else c for c in s)


def _lex(lex: dict) -> _Lex | None:
    if "dates" in lex:
        return lexicon.derived(lex, "dates", lambda lx: _compile(lx["dates"]))
    if "forms" in lex:  # the dates table itself
        return lexicon.derived(lex, "dates-table", _compile)
    return None


# -- finding -------------------------------------------------------------------

@dataclass
class _Cand:
    start: int
    end: int
    groups: dict[str, str]  # slot -> folded text
    form: _Form
    prep: str | None
    mod: str | None
    pending: bool = False  # a month alone: kept only when joined to another date


_LEAD_WINDOW = 40
# How far an expression reaches before and after one of its words: a form is
# only tried around the words it needs, not at every position of the text.
_REACH_BACK, _REACH_AHEAD = 32, 96


def _anchors(lowers: list[str], starts: list[int], L: _Lex) -> dict[str, list[int]]:
    """Where each word class (and each kind of number) occurs, by token."""
    at: dict[str, list[int]] = {}
    classes = L.piece_classes
    for w, s in zip(lowers, starts):
        if w.isalpha():
            names = classes.get(w)
            if names:
                for name in names:
                    at.setdefault(name, []).append(s)
            continue
        for p in (w,) if w.isdigit() else _pieces(w):
            if p[0].isdigit():
                n = len(_LEAD_DIGITS.match(p).group())  # "1er", "7h44"
                if n == 4:
                    at.setdefault("year", []).append(s)
                if n <= 2:
                    at.setdefault("day", []).append(s)
                    at.setdefault("monthnum", []).append(s)
                if n <= 3:
                    at.setdefault("count", []).append(s)
            else:
                for name in classes.get(p, ()):
                    at.setdefault(name, []).append(s)
    return at


def _matches(form: _Form, text: str, at: dict[str, list[int]]):
    """The form's matches, looked for in windows around its rarest needed word."""
    if not form.needs:
        yield from form.rx.finditer(text)
        return
    best = None
    for name in form.needs:
        spots = at.get(name)
        if not spots:
            return
        if best is None or len(spots) < len(best):
            best = spots
    n = len(text)
    windows: list[list[int]] = []
    for a in best:
        lo, hi = max(0, a - _REACH_BACK), min(n, a + _REACH_AHEAD)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        pos = lo
        while pos < hi:
            m = form.rx.search(text, pos, hi)
            if m is None:
                break
            if m.end() == hi and hi < n:
                m = form.rx.match(text, m.start())  # cut by the window: match on the whole text
                if m is None:
                    pos += 1
                    continue
            yield m
            pos = max(m.end(), m.start() + 1)


def _candidates(text: str, L: _Lex, at: dict[str, list[int]]) -> list[_Cand]:
    out = []
    lead_rx = L.lead_rx
    for form in L.forms:
        for m in _matches(form, text, at):
            if form.cased and not _case_ok(text, m):
                continue  # "Mars" inside a sentence is the planet
            groups = {k: lower_key(v) for k, v in m.groupdict().items() if v is not None}
            start, end = m.start(), m.end()
            prep = mod = None
            if lead_rx is not None and start:
                lm = lead_rx.search(text, max(0, start - _LEAD_WINDOW), start)
                if lm is not None and lm.start() < start:
                    start = lm.start()
                    prep = lower_key(lm.group("prep")) if lm.group("prep") else None
                    mod = lower_key(lm.group("mod")) if lm.group("mod") else None
            if text[m.start() - 1:m.start()] == "-" and not (mod and mod.endswith("-")):
                continue  # the tail of a compound ("avant-hier", "2011-2012")
            while end > start and text[end - 1] in " ,":
                end -= 1
            if form.context == "modifier" and mod is None:
                continue
            if L.not_after is not None and L.not_after.search(text, max(0, start - _LEAD_WINDOW), start):
                continue
            pending = form.context == "prefix" and prep is None and mod is None
            out.append(_Cand(start, end, groups, form, prep, mod, pending))
    return out


def _case_ok(text: str, m: re.Match) -> bool:
    """A month or weekday with a capital is a date only at a sentence start."""
    for name in ("month", "weekday"):
        s = m.start(name) if m.groupdict().get(name) else -1
        if s < 0 or not text[s].isupper():
            continue
        j = s - 1
        while j >= 0 and text[j] in " \u00a0":
            j -= 1
        if j >= 0 and text[j] not in _SENTENCE_OPEN:
            return False
    return True


def _select(cands: list[_Cand], text: str, L: _Lex) -> list[_Cand]:
    """Longest first, no overlaps; a pending month only when joined to a neighbour."""
    cands.sort(key=lambda c: (-(c.end - c.start), c.start))
    taken: list[_Cand] = []
    for c in cands:
        if any(c.start < t.end and t.start < c.end for t in taken):
            continue
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    keep = []
    for k, c in enumerate(taken):
        if c.pending:
            prev = taken[k - 1] if k > 0 else None
            nxt = taken[k + 1] if k + 1 < len(taken) else None
            linked = (prev is not None and L.joiner_rx.fullmatch(text, prev.end, c.start)) or \
                     (nxt is not None and L.joiner_rx.fullmatch(text, c.end, nxt.start))
            if not linked:
                continue
        keep.append(c)
    return keep


# -- bare years ------------------------------------------------------------------

class _Tokens:
    """Char offset -> token, for one document."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.starts = doc.to_array(IDX).tolist() if len(doc) else []

    def at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def range(self, start: int, end: int) -> tuple[int, int]:
        return self.at(start), bisect.bisect_left(self.starts, end)


def _year_ok(c: _Cand, text: str, toks: _Tokens, lowers: list[str], L: _Lex) -> bool:
    year = int(c.groups["year"])
    if not _YEAR_MIN <= year <= _YEAR_MAX:
        return False
    doc = toks.doc
    y0 = c.end - 4
    i = toks.at(y0)
    tok = doc[i]
    if tok.idx != y0 or len(tok.text) != 4:
        return False  # part of a longer token ("2 012", "2012-05")
    if L.year_not_after is not None and L.year_not_after.search(text, max(0, y0 - 40), y0):
        return False  # "plus de 2000", "n° 1994"
    if c.prep is None and c.mod is None and i > 0:
        prev = doc[i - 1]
        w = prev.text
        if w[:1].isdigit() or prev.like_num:
            return False
        if w[:1].isupper() and any(ch.isalpha() for ch in w) and (
                prev.pos_ in _NAME_POS or cached.start(prev) != prev.i):
            return False  # a name: "Euro 2012", "Windows 2000" (not "Entre 2010 et 2012")
    j = i + 1
    if j + 2 < len(doc) and L.joiner_rx.fullmatch(lowers[j]) and doc[j + 1].like_num:
        j += 2  # "de 1000 à 2000 euros": the amount's unit comes after the range
    if j < len(doc):
        nxt = doc[j]
        if lowers[j] in L.year_not_before:
            return False
        if nxt.pos_ == "NOUN" and "Plur" in nxt.morph.get("Number") and nxt.text[:1].islower():
            return False  # "2000 soldats": a quantity
    return True


# -- tense -------------------------------------------------------------------------

def _tense(c: _Cand, toks: _Tokens, text: str, L: _Lex) -> int:
    """1 when the clause of the expression looks ahead, -1 when it looks back,
    0 when nothing says."""
    if c.prep is not None:
        if c.prep in L.future_preps:
            return 1
        if c.prep in L.past_preps:
            return -1
    doc = toks.doc
    if not len(doc):
        return 0
    i0, i1 = toks.range(c.start, c.end)
    i1 = max(i1, i0 + 1)
    root = doc[i0]
    for k in range(i0, min(i1, len(doc))):
        t = doc[k]
        if not (i0 <= t.head.i < i1) or t.head.i == t.i:
            root = t
            break
    tok = root
    for _ in range(12):
        head = tok.head
        if head.i == tok.i:
            break
        tok = head
        r = _verb_tense(tok, L)
        if r:
            return r
        if r == 0:
            break  # a present tense: the sentence may still say more
    if L.future_rx is not None:
        s, e = cached.bounds(doc[i0])
        a = doc[s].idx
        b = doc[e - 1].idx + len(doc[e - 1].text)
        for m in L.future_rx.finditer(text, a, b):
            if not (c.start <= m.start() < c.end):
                return 1
    return 0


def _verb_tense(v: Token, L: _Lex) -> int | None:
    """The time a verb (or a predicate with a copula) points to, or None to
    keep climbing."""
    auxes = [a for a in v.children if a.dep_ in _AUX_DEPS]
    if v.pos_ not in _VERBAL and not auxes:
        return None
    morph = v.morph
    if "Fut" in morph.get("Tense") or "Cnd" in morph.get("Mood"):
        return 1
    for a in auxes:
        if "Fut" in a.morph.get("Tense") or "Cnd" in a.morph.get("Mood"):
            return 1
    lemma = lower_key(v.lemma_)
    if lemma in L.plans:
        return 1
    form = morph.get("VerbForm")
    if "Inf" in form:
        h = v.head
        if h.i != v.i and lower_key(h.lemma_) in L.intent:
            return 1
        return None
    if lemma in L.intent and any(ch.dep_ in ("xcomp", "ccomp") and "Inf" in ch.morph.get("VerbForm")
                                 for ch in v.children):
        return 1
    tense = morph.get("Tense")
    if "Part" in form:
        if any(a.dep_ in ("aux", "aux:tense") for a in auxes):
            return -1  # a compound past ("a confirmé", "avaient embauché")
        for a in auxes:
            if a.dep_ == "aux:pass":  # a passive: the tense of its auxiliary
                at = a.morph.get("Tense")
                return -1 if ("Past" in at or "Imp" in at) else 0
        if "Past" in tense and not auxes:
            return -1  # "les baisses annoncées en mai"
        return None
    if "Past" in tense or "Imp" in tense:
        return -1
    for a in auxes:
        at = a.morph.get("Tense")
        if "Past" in at or "Imp" in at:
            return -1
    if "Pres" in tense or any("Pres" in a.morph.get("Tense") for a in auxes):
        return 0
    return None


# -- resolving -----------------------------------------------------------------------

def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _ymd(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


@dataclass
class _Value:
    value: str | None
    granularity: str
    relative: bool
    end: str | None = None


def _day_range(v: str, y: int, month: int, g: dict, value_end: bool, relative: bool) -> _Value:
    """A day, or the first of two days with the second as `end` ("les 9 et 10
    juillet"); the second alone when the form names it ("la nuit du 3 au 4 juin")."""
    end = _ymd(y, month, int(g["day_end"])) if "day_end" in g else None
    if end is not None and value_end:
        return _Value(end, "day", relative)
    return _Value(v, "day", relative, end)


def _resolve(c: _Cand, L: _Lex, pub: dt.date | None, tense) -> _Value | None:
    g = c.groups
    month = L.months.get(g["month"]) if "month" in g else None
    if month is None and "monthnum" in g:
        month = int(g["monthnum"])
        if not 1 <= month <= 12:
            return None
    day = int(g["day"]) if "day" in g else None
    if day is not None and not 1 <= day <= 31:
        return None
    shift = L.shifts.get(g["shift"]) if "shift" in g else None

    if "year" in g:
        y = int(g["year"])
        if not _YEAR_MIN <= y <= _YEAR_MAX:
            return None
        if month and day:
            v = _ymd(y, month, day)
            if v is None:
                return None
            return _day_range(v, y, month, g, c.form.value_end, False)
        if month:
            return _Value(f"{y}-{month:02d}", "month", False)
        return _Value(str(y), "year", False)

    if month and day:
        if pub is None:
            return _Value(None, "day", True)
        here = (month, day)
        now = (pub.month, pub.day)
        y = pub.year
        if shift == -1:
            y = y if here < now else y - 1
        elif shift == 1:
            y = y if here > now else y + 1
        else:
            t = tense()
            if t > 0 and here < now:
                y += 1
            elif t < 0 and here > now:
                y -= 1
        v = _ymd(y, month, day)
        if v is None:
            return None
        return _day_range(v, y, month, g, c.form.value_end, True)

    if month:
        if pub is None:
            return _Value(None, "month", True)
        y = pub.year
        if shift == -1:
            y = y if month < pub.month else y - 1
        elif shift == 1:
            y = y if month > pub.month else y + 1
        elif month != pub.month:
            t = tense()
            if t > 0 and month < pub.month:
                y += 1
            elif t < 0 and month > pub.month:
                y -= 1
        return _Value(f"{y}-{month:02d}", "month", True)

    if "relday" in g:
        if pub is None:
            return _Value(None, "day", True)
        return _Value((pub + dt.timedelta(days=L.reldays.get(g["relday"], 0))).isoformat(), "day", True)

    wkey = "weekday_end" if c.form.value_end and "weekday_end" in g else "weekday"
    if wkey in g:
        if pub is None:
            return _Value(None, "day", True)
        wd = L.weekdays[g[wkey]]
        back = (pub.weekday() - wd) % 7  # days since the last such weekday (0: today)
        ahead = (wd - pub.weekday()) % 7
        if shift == -1:
            d = pub - dt.timedelta(days=back or 7)
        elif shift == 1:
            d = pub + dt.timedelta(days=ahead or 7)
        elif back == 0:
            d = pub
        else:
            t = tense()
            if t == 0:  # nothing says: the nearer one, the last one on a tie
                t = 1 if ahead < back else -1
            d = pub + dt.timedelta(days=ahead) if t > 0 else pub - dt.timedelta(days=back)
        return _Value(d.isoformat(), "day", True)

    if "unit" in g or ("units" in g and c.form.offset):
        if "unit" in g:
            unit, k = L.units[g["unit"]], shift or 0
        else:
            n = g["count"]
            unit, k = L.counted_units[g["units"]], c.form.offset * (int(n) if n.isdigit() else L.counts[n])
        if pub is None:
            return _Value(None, unit, True)
        if unit == "year":
            return _Value(str(pub.year + k), "year", True)
        if unit == "month":
            y, m = _shift_month(pub.year, pub.month, k)
            return _Value(f"{y}-{m:02d}", "month", True)
        if unit == "week":
            return _Value(_iso_week(pub + dt.timedelta(weeks=k)), "week", True)
        return _Value((pub + dt.timedelta(days=k)).isoformat(), "day", True)

    if "season" in g:
        if pub is None:
            return _Value(None, "year", True)
        return _Value(str(pub.year + (shift or 0)), "year", True)
    return None


# -- entry points ----------------------------------------------------------------------

def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def extract(doc: Doc, lex: dict, published: str | None) -> list[Date]:
    """Every time expression of `doc`, resolved against `published`
    ("YYYY-MM-DD" or None); `lex` is depeche.lexicon.load(lang)."""
    L = _lex(lex) if isinstance(lex, dict) else None
    if L is None or not len(doc):
        return []
    text = cached.text(doc)
    pub = _parse_published(published)
    toks = _Tokens(doc)
    lowers = cached.lowers(doc)
    cands = _candidates(text, L, _anchors(lowers, toks.starts, L))
    if not cands:
        return []
    cands = [c for c in cands if not c.form.bare_year or _year_ok(c, text, toks, lowers, L)]
    out = []
    for c in _select(cands, text, L):
        memo: list[int] = []

        def tense(c=c, memo=memo) -> int:
            if not memo:
                memo.append(_tense(c, toks, text, L))
            return memo[0]

        v = _resolve(c, L, pub, tense)
        if v is None:
            continue
        mod = L.mods.get(c.mod) if c.mod else None
        season = L.seasons.get(c.groups["season"]) if "season" in c.groups else None
        relation = (L.preps.get(c.prep) or None) if c.prep else None
        out.append(Date(
            text=text[c.start:c.end],
            value=v.value,
            span=(c.start, c.end),
            granularity=v.granularity,
            approx=mod in _APPROX_MODS or season is not None or relation == "around",
            relative=v.relative,
            end=v.end,
            relation=relation,
            mod=mod or season,
        ))
    return out


_ISO = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*")


@functools.cache
def _date_parser(lang: str):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=[lang], settings={
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
        "PREFER_DATES_FROM": "past",
    })


def published_from(text: str | None, lang: str) -> str | None:
    """"YYYY-MM-DD" from a date written out in a dateline or page metadata
    ("22 mai 2012", "21 septembre 2012", "2012-05-22T08:00:00Z"); None for
    anything that is not a full absolute date (relative phrases included)."""
    if not text or not text.strip():
        return None
    text = text.strip()[:200]
    m = _ISO.fullmatch(text)
    if m:
        return _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    # The lexicon's own forms first ("22 mai 2012", "21 septembre 2012,
    # France"): a thousand times cheaper than dateparser, which comes next
    # for everything else (page metadata, other orders).
    if lexicon.available(lang):
        L = _lex(lexicon.load(lang))
        if L is not None:
            words = list(_WORD.finditer(text))
            at = _anchors([lower_key(m.group()) for m in words], [m.start() for m in words], L)
            for c in sorted(_candidates(text, L, at), key=lambda c: c.start):
                if "year" in c.groups and ("day" in c.groups):
                    v = _resolve(c, L, None, lambda: 0)
                    if v is not None and v.value and v.granularity == "day":
                        return v.value
    # The article's language first (its day/month order), then English, the
    # language of much page metadata ("Tue, 22 May 2012 10:00:00 GMT").
    for code in dict.fromkeys([lang or "en", "en"]):
        try:
            data = _date_parser(code).get_date_data(text)
        except Exception:  # a language dateparser does not know, an odd string
            continue
        if data is not None and data.date_obj is not None and data.period == "day":
            return data.date_obj.date().isoformat()
    return None
