"""Quantities: numbers that count or measure something, and vague amounts.

`extract(doc, lex)` reads a parsed spaCy `Doc` and returns `(quantities, vague)`:
`Quantity` items carry a number (digits, "1,5 million", number words read by
text2num, "une trentaine"), an approximation flag, a range's ends and the unit
(what is counted: the noun after the number, the noun after "de" for
million/milliard, a symbol such as % or €); `VagueQuantity` items are amounts
without a number ("des milliers de soldats", "plusieurs années").

Everything that is a fact about a language (number words, scale words, symbols,
approximation markers, month names, vague phrases...) comes from
`lex["quantities"]` (lexicons/<lang>/quantities.toml), compiled once per lexicon.
Calendar years, dates, clock times, ordinals and numbers inside names
("Falcon 9", "France 24") are left out. A bare number takes what it counts from
its sentence: a list or range it ends, its verb ("another 1,350 died", "killing
12"), a count noun it is said of or brought to ("the death toll rose to 94"), a
partitive ("Of the deaths, 17,388 ..."), the quantity it is part of ("dont 40"),
an apposition to a person (an age), else a like quantity before it.
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token
from text_to_num import text2num

from depeche import lexicon
from depeche.extract import cached
from depeche.text import APOSTROPHES as _APOS, lower_key
from depeche.record import Quantity, VagueQuantity

_QUOTES = "«»“”„‹›\"'’"
_OPENING = "«“„‹"  # quotation marks that only open
_SEP = r"[\s«»“”„‹›\"]*"  # between words of a phrase: spaces and quotation marks
_WS = r"[\s«»“”„‹›\"]+"
# Digits: "12 000" (merged by depeche.nlp), "12.000", "1,5", "99,9999", "2011".
_DIGITS = re.compile(r"[-−+]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?"
                     r"|\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)")
_YEAR_SHAPE = re.compile(r"\d{4}")
_NOUNS = {"NOUN", "PROPN"}
# A word with a letter, digits allowed: "covid19", "F-16" parts, "MH17".
_WORDLIKE = re.compile(r"\w*[^\W\d_]\w*")
_NOT_HEADS = {"VERB", "AUX", "ADP", "PUNCT", "CCONJ", "SCONJ", "DET", "NUM", "ADV", "SPACE"}




def _phrase_rx(phrase: str) -> str:
    """A lexicon phrase as a regex: ' matches any apostrophe, spaces and
    quotation marks between words are free."""
    out = []
    words = phrase.split()
    for k, w in enumerate(words):
        parts = re.split(r"['’]", w)
        piece = ("['’]" + _SEP).join(re.escape(p) for p in parts)
        out.append(piece)
        if k < len(words) - 1:
            out.append(_SEP if w[-1] in "'’" else _WS)
    rx = "".join(out)
    if phrase[-1] not in "'’":
        rx += r"(?!\w)"
    return r"(?<!\w)" + rx


@dataclass
class _Lex:
    lang: str
    words: frozenset
    joiners: frozenset
    joined_after: frozenset
    one_words: frozenset
    one_before: frozenset
    ambiguous: frozenset
    ambiguous_not_after: frozenset
    scales: dict
    decimal: str
    group_other: bool
    of: frozenset
    partitive: tuple
    minus: frozenset
    symbols: dict  # folded surface -> unit
    symbol_max: int
    prefix_symbols: dict
    scaled_symbols: dict  # folded surface -> (multiplier, unit)
    glued_scales: dict  # suffix -> multiplier, longest first ("11.5bn")
    glued_units: dict  # suffix -> unit, longest first ("450p": pence)
    measures: frozenset  # folded
    plural_endings: frozenset
    tails_rx: re.Pattern | None
    approx_before: re.Pattern | None
    approx_after: re.Pattern | None
    approx_suffixes: frozenset  # hyphened onto the number: "1,000-plus"
    approx_nouns: dict
    approx_dets: frozenset
    range_to: frozenset
    range_open: str
    range_and: frozenset
    range_not_after: frozenset  # "rose by 12 to 87": a change and a level, no range
    counted_next: frozenset  # "a 12,000-strong force": the noun after is counted
    months: frozenset
    day_after_month: bool
    date_joins: frozenset  # between days of a month, and between numbers of a list
    year_min: int
    year_max: int
    year_before: frozenset
    clock_units: frozenset
    clock_before: frozenset
    clock_after: re.Pattern | None
    ordinal_suffixes: frozenset
    pronoun_before: frozenset
    label_before: frozenset
    count_nouns: frozenset
    measure_before: frozenset  # "magnitude 6.2": the measure before its number
    scale_articles: frozenset
    counted_adjectives: frozenset
    picks_one: frozenset
    demonstratives: frozenset
    denominators: dict  # folded word -> denominator ("thirds" -> 3)
    fraction_alone: frozenset
    verb_objects: dict  # verb lemma -> what its bare number counts
    verb_subjects: dict  # intransitive verb lemma -> what its bare subject counts
    subset_before: frozenset  # "dont 40 ...": part of the quantity just before
    fronted_partitive: frozenset  # "Of the deaths, 17,388 were ..."
    invariant_plurals: frozenset  # "six aircraft"
    alone_scales: frozenset  # scale words that are a number alone ("mille postes")
    age_unit: str | None
    age_before: frozenset
    vague_rx: re.Pattern | None
    vague_first: frozenset  # first words of the vague phrases
    vague: dict  # folded phrase (single spaces) -> (magnitude, takes_de, alone_ok)


def _alt(phrases, tail: str = "") -> re.Pattern | None:
    phrases = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not phrases:
        return None
    return re.compile("(?:" + "|".join(_phrase_rx(p) for p in phrases) + ")" + tail,
                      re.IGNORECASE)


def _compile(q: dict[str, Any]) -> _Lex:
    nums = q.get("numbers", {})
    ap = q.get("approx", {})
    rg = q.get("ranges", {})
    ex = q.get("exclude", {})
    fractions = q.get("fractions", {})
    symbols = {lower_key(k): v for k, v in q.get("symbols", {}).items()}
    vague = {}
    # A vague phrase ending in "de"/"of" takes its noun after it.
    of_words = {lower_key(w) for w in nums.get("vague_of", ["de", "des"])}
    for group in q.get("vague", []):
        alone = {lower_key(a) for a in group.get("alone", [])}
        for p in group.get("phrases", []):
            fp = " ".join(lower_key(p).split())
            vague[fp] = (group["magnitude"], fp.endswith("'") or fp.split()[-1] in of_words,
                         fp in alone)
    lx = _Lex(
        lang=q.get("text2num_lang", "fr"),
        words=frozenset(lower_key(w) for w in q.get("number_words", [])),
        joiners=frozenset(lower_key(w) for w in q.get("joiners", [])),
        joined_after=frozenset(lower_key(w) for w in q.get("joined_by_after", [])),
        one_words=frozenset(lower_key(w) for w in q.get("one_words", [])),
        one_before=frozenset(lower_key(w) for w in q.get("one_words_before", [])),
        ambiguous=frozenset(lower_key(w) for w in q.get("ambiguous_words", [])),
        ambiguous_not_after=frozenset(lower_key(w) for w in q.get("ambiguous_not_after", [])),
        scales={lower_key(k): v for k, v in q.get("scales", {}).items()},
        decimal=nums.get("decimal", ","),
        group_other=nums.get("group_other", True),
        of=frozenset(lower_key(w) for w in nums.get("of", [])),
        partitive=tuple(lower_key(w) for w in nums.get("partitive", [])),
        minus=frozenset(nums.get("minus", ["-"])),
        symbols=symbols,
        symbol_max=max((len(k.split()) for k in symbols), default=1) + 1,
        prefix_symbols=dict(q.get("prefix_symbols", {})),
        scaled_symbols={lower_key(k): (v["scale"], v["unit"])
                        for k, v in q.get("scaled_symbols", {}).items()},
        glued_scales=dict(sorted(((k.lower(), v) for k, v in nums.get("glued_scales", {}).items()),
                                 key=lambda kv: -len(kv[0]))),
        glued_units=dict(sorted(nums.get("glued_units", {}).items(), key=lambda kv: -len(kv[0]))),
        measures=frozenset(lower_key(w) for w in q.get("measures", {}).get("units", [])),
        plural_endings=frozenset(q.get("plural_endings", ["s"])),
        tails_rx=_alt(q.get("compounds", {}).get("tails", [])),
        approx_before=_alt(ap.get("before", []), _SEP + r"$"),
        approx_after=_alt(ap.get("after", [])),
        approx_suffixes=frozenset(lower_key(w) for w in ap.get("suffixes", [])),
        approx_nouns={lower_key(k): v for k, v in ap.get("nouns", {}).items()},
        approx_dets=frozenset(lower_key(w) for w in ap.get("noun_determiners", {}).get("words", [])),
        range_to=frozenset(lower_key(w) for w in rg.get("to", [])),
        range_open=lower_key(rg.get("open", "")),
        range_and=frozenset(lower_key(w) for w in rg.get("and", [])),
        range_not_after=frozenset(lower_key(w) for w in rg.get("not_after", [])),
        counted_next=frozenset(lower_key(w) for w in q.get("compounds", {}).get("counted_next", [])),
        months=frozenset(lower_key(w) for w in ex.get("months", [])),
        day_after_month=ex.get("day_after_month", False),
        date_joins=frozenset(lower_key(w) for w in ex.get("date_joins", [])),
        year_min=ex.get("year_min", 1000),
        year_max=ex.get("year_max", 2100),
        year_before=frozenset(lower_key(w) for w in ex.get("year_before", [])),
        clock_units=frozenset(ex.get("clock_units", [])),
        clock_before=frozenset(lower_key(w) for w in ex.get("clock_before", [])),
        clock_after=_alt(ex.get("clock_after", [])),
        ordinal_suffixes=frozenset(lower_key(w) for w in ex.get("ordinal_suffixes", [])),
        pronoun_before=frozenset(lower_key(w) for w in ex.get("pronoun_before", [])),
        label_before=frozenset(lower_key(w) for w in ex.get("label_before", [])),
        count_nouns=frozenset(lower_key(w) for w in nums.get("count_nouns", [])),
        measure_before=frozenset(lower_key(w) for w in nums.get("measure_before", [])),
        scale_articles=frozenset(lower_key(w) for w in nums.get("scale_articles", [])),
        counted_adjectives=frozenset(lower_key(w) for w in nums.get("counted_adjectives", [])),
        picks_one=frozenset(lower_key(w) for w in q.get("picks_one", [])),
        demonstratives=frozenset(lower_key(w) for w in nums.get("demonstratives", [])),
        denominators={lower_key(k): v for k, v in fractions.get("denominators", {}).items()},
        fraction_alone=frozenset(lower_key(w) for w in fractions.get("alone", [])),
        verb_objects={lower_key(k): v for k, v in q.get("verb_objects", {}).items()},
        verb_subjects={lower_key(k): v for k, v in q.get("verb_subjects", {}).items()},
        subset_before=frozenset(lower_key(w) for w in nums.get("subset_before", [])),
        fronted_partitive=frozenset(lower_key(w) for w in nums.get("fronted_partitive", [])),
        invariant_plurals=frozenset(lower_key(w) for w in nums.get("invariant_plurals", [])),
        alone_scales=frozenset(lower_key(w) for w in nums.get("alone_scales", [])),
        age_unit=q.get("ages", {}).get("unit"),
        age_before=frozenset(lower_key(w) for w in q.get("ages", {}).get("before", [])),
        vague_rx=_alt(vague),
        vague_first=frozenset(re.split(r"'", p.split()[0])[0] + ("'" if "'" in p.split()[0] else "")
                              for p in vague),
        vague=vague,
    )
    return lx


@dataclass
class _Cand:
    start: int  # first token of the number (after sign / prefix symbol)
    end: int  # token after the number and its scale word
    value: float | int
    words: bool  # written in words
    text_start: int  # char offset where the surface starts (marker, sign...)
    approx: bool = False
    unit: str | None = None
    unit_kind: str | None = None  # "symbol", "noun", "inherited"
    unit_end: int | None = None  # char offset of the unit's end, when adjacent
    unit_tok_end: int | None = None  # token after the unit, when adjacent
    scaled: bool = False
    scale: int = 1
    low: float | int | None = None
    high: float | int | None = None
    opened: bool = False  # "entre" before it
    drop: bool = False
    extra: dict = field(default_factory=dict)


def _num(x: float) -> float | int:
    """A float as written: binary noise dropped ("€16.9 billion" is
    16900000000, not 16899999999.999998), whole numbers as int."""
    if isinstance(x, float) and math.isfinite(x):
        x = float(f"{x:.12g}")
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return int(x)
    return x


def _parse_digits(s: str, lx: _Lex) -> float | int | None:
    sign = 1
    if s[:1] in "-−+":
        sign = -1 if s[0] != "+" else 1
        s = s[1:]
    v = _parse_unsigned(s, lx)
    return None if v is None else _num(sign * v)


def _parse_unsigned(s: str, lx: _Lex) -> float | int | None:
    """Digits with the language's decimal mark; spaces always group thousands,
    the other mark groups them when it recurs or is followed by exactly three
    digits ("12.000" in French, "12,000" in English)."""
    s = s.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    dec = lx.decimal
    other = "." if dec == "," else ","
    if dec in s and other in s:
        dec = s[max(s.rfind(","), s.rfind(".")):][0]  # the last mark is the decimal one
        s = s.replace("," if dec == "." else ".", "")
    elif s.count(other) > 1 or s.count(dec) > 1:
        s = s.replace(other if s.count(other) > 1 else dec, "")
        dec = other if s.count(other) else dec
    elif other in s:
        if lx.group_other and len(s) - s.index(other) - 1 == 3:
            s = s.replace(other, "")
        else:
            dec = other
    s = s.replace(dec, ".")
    try:
        return _num(float(s))
    except ValueError:
        return None


class _Ctx:
    """Per-document helpers."""

    def __init__(self, doc: Doc, lx: _Lex):
        self.doc = doc
        self.lx = lx
        self.text = cached.text(doc)
        self.n = len(doc)
        self.low = cached.lowers(doc)
        self.words = cached.words(doc)
        self._starts = None

    def starts(self):
        if self._starts is None:
            self._starts = [t.idx for t in self.doc]
        return self._starts

    def tok_at(self, char: int) -> int:
        """Index of the first token starting at or after `char`."""
        return bisect.bisect_left(self.starts(), char)

    def same_sent(self, i: int, j: int) -> bool:
        """No sentence start in (i, j]."""
        doc = self.doc
        for k in range(i + 1, min(j, self.n - 1) + 1):
            if doc[k].is_sent_start:
                return False
        return True

    def skip_quotes(self, i: int) -> int:
        while i < self.n and self.doc[i].text in _QUOTES and self.doc[i].is_punct:
            i += 1
        return i

    def prev_word(self, i: int) -> int:
        """Index of the token before i, skipping quotation marks; -1 if none."""
        i -= 1
        while i >= 0 and self.doc[i].text in _QUOTES and self.doc[i].is_punct:
            i -= 1
        return i

    # -- what is counted -----------------------------------------------------

    def symbol_at(self, i: int) -> tuple[str, int, int] | None:
        """(unit, token after, char end) when a symbol or symbol phrase starts
        at token i ("%", "pour cent", "°C", "degrés C." at a sentence end)."""
        lx = self.lx
        best = None
        for k in range(1, lx.symbol_max + 1):
            if i + k > self.n:
                break
            span = self.doc[i:i + k]
            s = lower_key(span.text)
            end = span.end_char
            for form in (s, s.replace(" ", "")):
                u = lx.symbols.get(form)
                if u is None and form.endswith(".") and k > 1:
                    u = lx.symbols.get(form[:-1])
                    if u is not None:
                        end -= 1
                if u is not None:
                    best = (u, i + k, end)
                    break
        return best

    def noun_phrase(self, i: int, num: int | None = None,
                    plural: bool | None = None) -> tuple[str, int, int] | None:
        """(unit text, char end, token after) for the noun phrase at token i:
        up to two adjectives, a noun (or a unit of measure), then the noun's
        adjectives or participles and a compound tail ("secrétaires d'État").
        `num`, the number's last token: a word the parser made its nummod head
        is the noun even when tagged otherwise ("deux porte-parole").
        `plural`: the number is 2 or more, so a singular noun is no unit."""
        doc, lx, n = self.doc, self.lx, self.n
        k = i
        lead = None  # first noun of the modifiers before a parsed head
        h = self.modified_head(i, num)
        if h is not None:
            lead = next((t.i for t in doc[i:h] if t.pos_ in _NOUNS or self.glued_hyphen(t.i + 1)), h)
            k = h
        while h is None and k < n and k < i + 2 and (
                doc[k].pos_ == "ADJ" or doc[k].pos_ == "VERB" and (
                    doc[k].dep_ == "amod" and doc[k].head.i > k
                    or "Part" in doc[k].morph.get("VerbForm") and k + 1 < n
                    and doc[k + 1].pos_ == "NOUN" and "Plur" in doc[k + 1].morph.get("Number"))) \
                and self.low[k] not in lx.measures and self.low[k] not in lx.words:
            k += 1  # "five other films", "20 injured people"
        if k >= n or (k > i and doc[k].is_sent_start):
            return None
        head = doc[k]
        low = self.low[k]
        if low in lx.months or low in lx.words or low in lx.scales or low in lx.denominators:
            return None  # (a fraction word is no unit: "deux tiers")
        is_measure = head.text in lx.measures or low in lx.measures
        if is_measure and k > i and plural and "Sing" in head.morph.get("Number") \
                and not (num is not None and doc[num].head.i == k):
            return None  # "up from 3,000 last year" (but "240,000 square meter")
        if not is_measure:
            if not head.is_alpha and not ("-" in head.text and any(ch.isalpha() for ch in head.text)) \
                    and not (_WORDLIKE.fullmatch(head.text) and head.dep_ == "compound"
                             and self.compound_head(k) != k):
                return None  # (but "577 new covid19 cases": a modifier with digits)
            if head.pos_ not in _NOUNS and not (
                    num is not None and doc[num].dep_ == "nummod" and doc[num].head.i == k
                    and head.pos_ not in _NOT_HEADS):
                return None
            first = k if lead is None else lead
            k = self.compound_head(k)
            head, low = doc[k], self.low[k]
        hyphened = (k + 2 < n and doc[k].whitespace_ == "" and doc[k + 1].text == "-"
                    and doc[k + 1].whitespace_ == "" and doc[k + 2].is_alpha)
        if not is_measure and plural and "-" not in head.text and not hyphened:
            # (a hyphened compound is judged by its end: "8.5 billion light-years")
            number = head.morph.get("Number")
            if "Sing" in number and low[-1:] not in lx.plural_endings \
                    and low not in lx.invariant_plurals:
                return None  # "2008 face à", "12 rue de la Paix": no count (but "six aircraft")
            if head.pos_ == "PROPN" and "Plur" not in number and (
                    low[-1:] not in lx.plural_endings or head.text.isupper()):
                return None  # "75001 Paris": a name, not what is counted
        if is_measure:
            first = k if lead is None else lead
        h0 = first if is_measure else k
        end_tok = k + 1
        # hyphen split by the tokenizer: "vices" "-" "ministres"
        while (end_tok + 1 < n and doc[end_tok - 1].whitespace_ == ""
               and doc[end_tok].text == "-" and doc[end_tok].whitespace_ == ""
               and doc[end_tok + 1].is_alpha):
            end_tok += 2
        char_end = doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
        if is_measure:
            return doc[h0:end_tok].text, char_end, end_tok
        if lx.tails_rx is not None:
            m = lx.tails_rx.match(self.text, char_end + 1) if char_end < len(self.text) \
                and self.text[char_end] == " " else None
            if m:
                char_end = m.end()
                end_tok = self.tok_at(char_end)
        mods = 0
        while end_tok < n and mods < 2:
            t = doc[end_tok]
            if doc[end_tok - 1].whitespace_ == "" or t.is_sent_start:
                break
            if t.pos_ == "ADJ" and t.is_alpha or "-" in t.text and t.pos_ == "ADJ":
                if self.low[end_tok] in lx.words or t.head.i > end_tok:
                    break  # "three Oscars last night": "last" goes with what follows
            elif t.pos_ == "VERB" and t.head.i == h0 and "Part" in t.morph.get("VerbForm") \
                    and "Past" in t.morph.get("Tense"):
                pass
            else:
                break
            end_tok += 1
            mods += 1
            char_end = t.idx + len(t.text)
        return self.text[doc[first].idx:char_end], char_end, end_tok

    def modified_head(self, i: int, num: int | None) -> int | None:
        """The noun the parser makes the number's nummod head, a few words on,
        when only its modifiers stand between: "20 emergency medical teams",
        "three U.S. soldiers", "25 less seriously injured patients"."""
        doc, lx = self.doc, self.lx
        if num is None or doc[num].dep_ != "nummod":
            return None
        h = doc[num].head.i
        if not (i < h <= i + 4) or doc[h].pos_ not in _NOUNS or not doc[h].is_alpha:
            return None
        for t in doc[i:h]:
            w = self.low[t.i]
            if t.pos_ == "CCONJ" and i < t.i < h - 1 or self.glued_hyphen(t.i):
                continue  # "50 dead or wounded civilians", "8.5 billion light-years"
            if t.is_sent_start or not (i <= t.head.i <= h) or t.like_num \
                    or t.pos_ not in ("ADJ", "ADV", "NOUN", "PROPN", "VERB") \
                    or w in lx.words or w in lx.months or w in lx.measures \
                    or not (_WORDLIKE.fullmatch(t.text) or re.fullmatch(r"(?:\w+[.-])+\w*", t.text)):
                return None
        return h

    def glued_hyphen(self, k: int) -> bool:
        """The token at k is a hyphen glued between two words ("light-years")."""
        doc = self.doc
        return 0 < k < self.n - 1 and doc[k].text == "-" and doc[k - 1].whitespace_ == "" \
            and doc[k].whitespace_ == "" and doc[k - 1].is_alpha and doc[k + 1].is_alpha

    def compound_head(self, k: int) -> int:
        """The noun that the noun at k is a compound modifier of, a few words on,
        when only such modifiers stand between: what is counted in "60,000
        security personnel" is personnel, in "one Chelsea defender" a defender."""
        doc = self.doc
        h = k
        while self.noun_modifier(h) and h < doc[h].head.i <= h + 3 \
                and doc[doc[h].head.i].pos_ in _NOUNS:
            nxt = doc[h].head.i
            if any(t.is_sent_start or not _WORDLIKE.fullmatch(t.text)
                   or not (self.noun_modifier(t.i) or t.dep_ == "amod") or t.head.i != nxt
                   for t in doc[h + 1:nxt]):
                break
            h = nxt
        return h

    def noun_modifier(self, k: int) -> bool:
        """The noun at k modifies a noun without a preposition: a compound, or
        the parser's bare nmod ("20 emergency medical teams")."""
        t = self.doc[k]
        return t.dep_ == "compound" or t.dep_ == "nmod" and t.pos_ in _NOUNS \
            and not any(ch.dep_ == "case" for ch in t.children)


def extract(doc: Doc, lex: dict) -> tuple[list[Quantity], list[VagueQuantity]]:
    """Quantities and vague amounts in `doc`; `lex` is depeche.lexicon.load(lang)."""
    q = lex.get("quantities") if isinstance(lex, dict) else None
    if not q:
        return [], []
    lx = lexicon.derived(lex, "quantities", lambda lex: _compile(lex["quantities"]))
    ctx = _Ctx(doc, lx)
    text = ctx.text
    cands = _candidates(ctx)
    _units(ctx, cands)
    cands = _exclude(ctx, cands)
    cands = _ranges(ctx, cands)
    _inherit(ctx, cands)
    if lx.approx_after is not None:
        for idx, c in enumerate(cands):
            after = c.unit_end if c.unit_end is not None else _tok_end(doc, c.end)
            m = None if c.approx else lx.approx_after.match(
                text, after + 1 if text[after:after + 1] == " " else after)
            nxt = cands[idx + 1] if idx + 1 < len(cands) else None
            if m and not (nxt is not None and nxt.text_start < m.end()):
                # "à 450 km environ" (not "19 morts et plus de 50 blessés": the next one's marker)
                c.approx = True
    quantities = []
    for c in cands:
        if c.drop:
            continue
        if c.unit is None:
            continue  # a bare number: nothing says what it counts
        end_char = c.unit_end if c.unit_end is not None else _tok_end(doc, c.end)
        qty = Quantity(
            value=_num(c.value) if c.low is None else _num(c.low),
            text=text[c.text_start:end_char],
            span=(c.text_start, end_char),
            unit=c.unit,
            low=None if c.low is None else _num(c.low),
            high=None if c.high is None else _num(c.high),
            approx=c.approx,
        )
        quantities.append(qty)
    vague = _vague(ctx, quantities)
    return quantities, vague


def _number_within(ctx: _Ctx, i: int, k: int) -> bool:
    """A number among the k tokens from i."""
    return any(ctx.doc[j].like_num or _is_number_word(ctx.low[j], ctx.lx)
               for j in range(i, min(ctx.n, i + k)))


def _tok_end(doc: Doc, end: int) -> int:
    t = doc[end - 1]
    return t.idx + len(t.text)


# -- finding numbers ------------------------------------------------------------

def _word_run(ctx: _Ctx, i: int) -> int:
    """Token after the run of number words starting at i."""
    lx, low, doc, n = ctx.lx, ctx.low, ctx.doc, ctx.n
    j = i
    while j < n:
        w = low[j]
        if _is_number_word(w, lx):
            j += 1
            continue
        if (j > i and w == "-" and doc[j - 1].whitespace_ == "" and doc[j].whitespace_ == ""
                and j + 1 < n and _is_number_word(low[j + 1], lx)):
            j += 2
            continue
        if j > i and w in lx.joiners and j + 1 < n and low[j + 1] in lx.joined_after:
            j += 2
            continue
        break
    return j


def _is_number_word(w: str, lx: _Lex) -> bool:
    if w in lx.words:
        return True
    if "-" in w:
        parts = [p for p in w.split("-") if p]
        return bool(parts) and all(p in lx.words or p in lx.joiners for p in parts)
    return False


def _read_words(ctx: _Ctx, i: int, j: int) -> list[tuple[int, int, float | int]]:
    """Values of the word run [i, j): one or more numbers."""
    lx = ctx.lx
    toks = ctx.doc[i:j]
    out = []
    k = 0
    while k < len(toks):
        done = False
        for e in range(len(toks), k, -1):
            s = ctx.text[toks[k].idx:toks[e - 1].idx + len(toks[e - 1].text)].lower()
            try:
                v = text2num(s, lx.lang)
            except Exception:  # text2num rejects what is no number; never fail a document
                continue
            out.append((i + k, i + e, v))
            k = e
            done = True
            break
        if not done:
            k += 1
    return out


def _split_glued_scale(ctx: _Ctx, i: int) -> str | None:
    """The tokenizer split "£3m" into "3" "m": a scale written onto the digits
    when nothing separates them and it cannot be a unit of measure there: "£3m"
    (after a currency), "1.2m members" (before a plural noun), "cost $450m."
    (the period taken with it at a sentence end); "a 100m track" and "ran 5m"
    are metres. The scale word, or None."""
    doc, lx, low, n = ctx.doc, ctx.lx, ctx.low, ctx.n
    j = i + 1
    if j >= n or doc[i].whitespace_:
        return None
    w = low[j][:-1] if low[j].endswith(".") and len(low[j]) > 1 else low[j]
    if w not in lx.glued_scales:
        return None
    if i > 0 and doc[i - 1].text in lx.prefix_symbols or w not in lx.measures and w == low[j]:
        return w
    if w != low[j]:
        return None  # "ran 100m.": metres
    k = j + 1
    return w if k < n and doc[k].pos_ == "NOUN" and "Plur" in doc[k].morph.get("Number") \
        and low[k] not in lx.measures else None


def _glued_scale(s: str, lx: _Lex) -> tuple[str, int] | None:
    """ "11.5bn", "3m": digits with a scale written onto them."""
    for suffix, scale in lx.glued_scales.items():
        if s.lower().endswith(suffix) and _DIGITS.fullmatch(s[: len(s) - len(suffix)]):
            return s[: len(s) - len(suffix)], scale
    return None


def _glued_unit(s: str, lx: _Lex) -> tuple[str, str] | None:
    """ "450p", "5hrs", "40C": digits with a unit written onto them (digits,
    unit); the case counts ("10c" cents, "40C" degrees). A sentence's final
    period may come with the token ("it was 38C.")."""
    if s.endswith(".") and len(s) > 2:
        s = s[:-1]
    for suffix, unit in lx.glued_units.items():
        if s.endswith(suffix) and _DIGITS.fullmatch(s[: len(s) - len(suffix)]):
            return s[: len(s) - len(suffix)], unit
    return None


def _candidates(ctx: _Ctx) -> list[_Cand]:
    doc, lx, low, n, text = ctx.doc, ctx.lx, ctx.low, ctx.n, ctx.text
    out, consumed = _fractions(ctx)
    i = 0
    words = ctx.words
    while i < n:
        if i in consumed:
            i += 1
            continue
        s = words[i]
        glued = _glued_scale(s, lx) if s[:1].isdigit() else None
        glued_unit = _glued_unit(s, lx) if s[:1].isdigit() and not glued else None
        if (s[:1].isdigit() or s[:1] in "-−+" and s[1:2].isdigit()) and (
                glued or glued_unit or _DIGITS.fullmatch(s)):
            t = doc[i]
            v = _parse_digits(glued[0] if glued else glued_unit[0] if glued_unit else s, lx)
            if v is None:
                i += 1
                continue
            j = i + 1
            c = _Cand(start=i, end=j, value=v, words=False, text_start=t.idx)
            if glued:  # "$11.5bn"
                c.scale = glued[1]
                c.value = _num(v * c.scale)
                c.scaled = True
            elif glued_unit:  # "450p"
                c.unit, c.unit_kind = glued_unit[1], "symbol"
                c.unit_end, c.unit_tok_end = t.idx + len(s.rstrip(".")), j
            elif _split_glued_scale(ctx, i):  # "£3m", "1.2m members", split by the tokenizer
                c.scale = lx.glued_scales[_split_glued_scale(ctx, i)]
                c.value = _num(v * c.scale)
                c.scaled = True
                c.end = j + 1
            elif j < n and low[j] in lx.scales and not (j + 1 < n and low[j + 1] in lx.scales):
                c.scale = lx.scales[low[j]]
                c.value = _num(v * c.scale)
                c.scaled = True
                c.end = j + 1
            elif j + 1 < n and doc[j].text == "-" and not t.whitespace_ and not doc[j].whitespace_ \
                    and low[j + 1] in lx.scales:  # "a $3-million settlement"
                c.scale = lx.scales[low[j + 1]]
                c.value = _num(v * c.scale)
                c.scaled = True
                c.end = j + 2
            elif j < n and low[j] in lx.scaled_symbols:  # "1,2 Md€"
                c.scale, c.unit = lx.scaled_symbols[low[j]]
                c.value = _num(v * c.scale)
                c.scaled = True
                c.end = j + 1
                c.unit_kind = "symbol"
                c.unit_end = _tok_end(doc, j + 1)
                c.unit_tok_end = j + 1
            out.append(c)
            i = c.end
            continue
        if _is_number_word(low[i], lx):
            j = _word_run(ctx, i)
            for a, b, v in _read_words(ctx, i, j):
                run = low[a:b]
                scaled = any(w in lx.scales for w in run)
                if all(w in lx.scales for w in run):
                    if a > 0 and low[a - 1] in lx.scale_articles:
                        # "more than a thousand", "a hundred million years": the article is the one
                        c = _Cand(start=a, end=b, value=math.prod(lx.scales[w] for w in run),
                                  words=True, text_start=doc[a - 1].idx, scaled=True)
                        c.extra["article"] = True
                        out.append(c)
                    if not (len(run) == 1 and run[0] in lx.alone_scales):
                        continue  # "des millions", "du nouveau milliard" (but "mille postes")
                if len(run) == 1 and run[0] in lx.picks_one and b < n and low[b] in lx.partitive:
                    continue  # "one of the engines": a member, not a count
                c = _Cand(start=a, end=b, value=v, words=True, text_start=doc[a].idx,
                          scaled=scaled)
                if len(run) == 1 and run[0] in lx.one_words:
                    if not (b < n and low[b] in lx.one_before):
                        continue
                    c.extra["one_before"] = True
                if len(run) == 1 and run[0] in lx.ambiguous:
                    p = a - 1
                    if p >= 0 and (low[p] in lx.ambiguous_not_after or doc[p].pos_ in _NOUNS):
                        continue
                    c.extra["strict_unit"] = True
                p = ctx.prev_word(a)
                if p >= 0 and (low[p] in lx.pronoun_before or low[p] in lx.label_before):
                    continue  # "tous deux"; "day five", "numéro cinq": a label
                if doc[a].text[:1].isupper() and not doc[a].is_sent_start and a > 0 \
                        and not doc[a - 1].is_punct:
                    continue  # "Les Trois Mousquetaires"
                out.append(c)
            i = max(j, i + 1)
            continue
        if low[i] in lx.approx_nouns and out and out[-1].end == i and not out[-1].scaled \
                and not out[-1].extra.get("one_before"):
            # "two dozen protesters": the number times the noun
            prev = out[-1]
            prev.value = _num(prev.value * lx.approx_nouns[low[i]])
            prev.end, prev.approx, prev.scaled = i + 1, True, True
        elif low[i] in lx.approx_nouns and i > 0 and low[i - 1] in lx.approx_dets:
            c = _Cand(start=i, end=i + 1, value=lx.approx_nouns[low[i]], words=True,
                      text_start=doc[i - 1].idx, approx=True, scaled=True)
            c.extra["approx_noun"] = True
            out.append(c)
        i += 1
    out.sort(key=lambda c: c.start)
    # markers, signs, prefix symbols
    for c in out:
        start_char = doc[c.start].idx
        p = c.start - 1
        if not c.words and p >= 0 and doc[p].text in lx.minus and (p == 0 or _sign_context(doc[p - 1])):
            c.value = -c.value
            start_char = doc[p].idx
            p -= 1
        if not c.words and p >= 0 and doc[p].text in lx.prefix_symbols \
                and not (p > 0 and doc[p - 1].like_num):
            c.unit = lx.prefix_symbols[doc[p].text]
            c.unit_kind = "symbol"
            c.unit_end = None
            c.extra["prefix"] = True
            start_char = doc[p].idx
        if c.extra.get("approx_noun") or c.extra.get("article"):
            start_char = c.text_start
        if lx.approx_before is not None:
            m = lx.approx_before.search(text, max(0, start_char - 40), start_char)
            if m:
                c.approx = True
                start_char = m.start()
        if lx.range_open:
            pw = ctx.prev_word(c.start)
            if pw >= 0 and low[pw] == lx.range_open:
                c.opened = True
                start_char = min(start_char, doc[pw].idx)
        c.text_start = start_char
    return out


def _fractions(ctx: _Ctx) -> tuple[list[_Cand], set[int]]:
    """Fractions with what they are a part of, and the tokens they take:
    "two-thirds of voters" (2/3), "a third of the budget", "half the staff",
    "half an hour", "half a million people" (500,000)."""
    doc, lx, low, n = ctx.doc, ctx.lx, ctx.low, ctx.n
    out: list[_Cand] = []
    consumed: set[int] = set()
    if not lx.denominators:
        return out, consumed
    for i, w in enumerate(low):
        if w not in lx.denominators:
            continue
        numerator, start = _numerator(ctx, i)
        hyphened = ctx.glued_hyphen(i + 1) and i + 2 < n and (
            low[i + 2] in lx.scales or low[i + 2] in lx.approx_nouns)  # "half-million", "half-dozen"
        if numerator is None and hyphened and w in lx.fraction_alone:
            numerator, start = 1, i  # "another half-million barrels"
        if numerator is None:
            continue
        k = i + 1 + hyphened
        has_of = k < n and (low[k] in lx.of or low[k] in lx.partitive)  # "deux tiers des députés"
        if not has_of and w not in lx.fraction_alone and low[start] in lx.scale_articles:
            continue  # "a third term": an ordinal (but "a two-thirds majority")
        k += has_of
        while k < n and doc[k].pos_ == "DET" and not doc[k].is_sent_start:
            k += 1
        value = numerator / lx.denominators[w]
        whole, start = _whole_before(ctx, start)
        value += whole
        end, approx = i + 1, False
        if k < n and (low[k] in lx.scales or low[k] in lx.approx_nouns):
            # "half a million people", "half a dozen were detained"
            approx = low[k] not in lx.scales
            value *= lx.scales.get(low[k]) or lx.approx_nouns[low[k]]
            end = k = k + 1
            k += k < n and low[k] in lx.of
        np = ctx.noun_phrase(k) if k < n and not doc[k].is_sent_start else None
        if np is None and end == i + 1:
            continue
        c = _Cand(start=start, end=end, value=_num(value), words=True,
                  text_start=doc[start].idx, scaled=True, approx=approx)
        if np is not None:
            c.unit, c.unit_end, c.unit_tok_end = np
            c.unit_kind = "noun"
        out.append(c)
        consumed.update(range(start, end))
    return out, consumed


def _whole_before(ctx: _Ctx, start: int) -> tuple[int | float, int]:
    """The whole part of "two and a half years": (2, its token), else (0, start)."""
    doc, lx, low = ctx.doc, ctx.lx, ctx.low
    j = start - 1
    if j < 1 or low[j] not in lx.joiners or low[start] not in lx.scale_articles:
        return 0, start
    w = j - 1
    if _DIGITS.fullmatch(doc[w].text):
        v = _parse_digits(doc[w].text, lx)
        return (v, w) if v is not None else (0, start)
    if low[w] in lx.words and low[w] not in lx.scales:
        try:
            return text2num(low[w], lx.lang), w
        except Exception:  # text2num rejects what is no number
            pass
    return 0, start


def _numerator(ctx: _Ctx, i: int) -> tuple[int | None, int]:
    """(numerator, first token) of the fraction word at i: a number word
    ("two-thirds", "one third"), an article ("a quarter") or, for a word that
    stands alone, none ("half the staff", but not "the second half")."""
    doc, lx, low = ctx.doc, ctx.lx, ctx.low
    p = i - 1
    if p >= 1 and doc[p].text == "-" and doc[p - 1].whitespace_ == "" and doc[p].whitespace_ == "":
        p -= 1
    if p >= 0 and low[p] in lx.words and low[p] not in lx.scales:
        try:
            return text2num(low[p], lx.lang), p
        except Exception:  # text2num rejects what is no number
            return None, i
    if p >= 0 and low[p] in lx.scale_articles:
        return 1, p
    if low[i] in lx.fraction_alone and (p < 0 or doc[p].pos_ not in ("DET", "ADJ", "NUM", "PRON")):
        return 1, i
    return None, i


def _sign_context(t: Token) -> bool:
    """A minus after this token is a sign, not a dash between two things."""
    if t.like_num or t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
        return False
    return True


# -- units ----------------------------------------------------------------------

def _units(ctx: _Ctx, cands: list[_Cand]) -> None:
    doc, lx, low, n = ctx.doc, ctx.lx, ctx.low, ctx.n
    for c in cands:
        if c.unit is not None:  # prefix symbol
            continue
        j = c.end
        if j >= n:
            continue
        if c.extra.get("one_before"):
            j += 1  # "une seule maternité"
        if j + 1 < n and doc[j].text == "-" and not doc[j - 1].whitespace_ \
                and not doc[j].whitespace_ and low[j + 1] in lx.approx_suffixes:
            c.approx = True  # "1,000-plus runners", "100-odd volunteers"
            j += 2
            if j >= n:
                continue
        sym = ctx.symbol_at(j) if j < n else None
        if sym is not None:
            c.unit, c.unit_tok_end, c.unit_end = sym
            c.unit_kind = "symbol"
            continue
        if low[j] in lx.counted_adjectives and not (j + 1 < n and doc[j + 1].pos_ in _NOUNS) \
                and ctx.modified_head(j, c.end - 1) is None:
            # "left 12 dead and 30 injured": the adjective stands for the people
            c.unit, c.unit_end, c.unit_tok_end = doc[j].text, _tok_end(doc, j + 1), j + 1
            c.unit_kind = "noun"
            continue
        comp = _hyphen_compound(ctx, j)
        if comp is not None:
            c.unit, c.unit_end, c.unit_tok_end = comp
            c.unit_kind = "noun"
            c.extra["compound"] = True
            continue
        # "3 millions d'euros", "une trentaine de départements", "9 000 000 000 de dollars"
        if (c.scaled or abs(c.value) >= 1_000_000) and j < n and low[j] in lx.of:
            np = ctx.noun_phrase(j + 1)
            if np is not None:
                c.unit, c.unit_end, c.unit_tok_end = np
                c.unit_kind = "noun"
                continue
        if j < n and low[j] in lx.partitive:
            k = j + 1
            while k < n and (doc[k].like_num or _is_number_word(low[k], lx)
                             or doc[k].pos_ in ("DET", "ADJ") or doc[k].dep_ == "nmod:poss"
                             and doc[k].pos_ == "PRON"):
                k += 1  # "three of the", "two of my grandsons", "12 of its last 14 games"
            np = ctx.noun_phrase(k)
            if np is not None:
                np = _past_possessor(ctx, np) or np
                c.unit, c.unit_end, c.unit_tok_end = np
                c.unit_kind = "noun"
                continue
        np = ctx.noun_phrase(j, c.end - 1, abs(c.value) >= 2) if j < n else None
        q = ctx.skip_quotes(j)
        if np is None and q > j and q < n and not doc[q].is_sent_start \
                and doc[j].whitespace_ and doc[j].text in _OPENING:
            np = ctx.noun_phrase(q, None, abs(c.value) >= 2)  # deux « bangs successifs »
        if np is not None and doc[j].pos_ == "PROPN" and doc[j].ent_type_ in ("PER", "LOC", "ORG") \
                and doc[j].text not in lx.measures and low[j] not in lx.measures \
                and doc[np[2] - 1].pos_ == "PROPN" and "Plur" not in doc[np[2] - 1].morph.get("Number"):
            np = None  # "1 – 0 Korea Republic": a name follows the number, it counts nothing
            # (but "one Chelsea defender" counts a defender, "three Oscars" awards)
        if np is not None:
            c.unit, c.unit_end, c.unit_tok_end = np
            c.unit_kind = "noun"
            continue
        if c.extra.get("one_before") or c.extra.get("strict_unit"):
            c.drop = True


def _hyphen_compound(ctx: _Ctx, j: int) -> tuple[str, int, int] | None:
    """(unit, char end, token after) when a hyphen glues a word to the number
    before j: "a 12-year-old" (year-old), "a five-member panel", "an 18-fold
    increase". A capitalised, short or number word is no unit ("3-D", "COVID-19")."""
    doc, lx, low, n = ctx.doc, ctx.lx, ctx.low, ctx.n
    if not (0 < j and j + 1 < n and doc[j].text == "-" and doc[j - 1].whitespace_ == ""
            and doc[j].whitespace_ == ""):
        return None
    w = doc[j + 1]
    if not w.is_alpha or _is_number_word(low[j + 1], lx) or low[j + 1] in lx.months \
            or low[j + 1] in lx.denominators:
        return None  # "one-quarter" is a fraction, not a unit
    if low[j + 1] not in lx.measures and (len(w.text) < 3 or not w.text.islower()):
        return None
    if low[j + 1] in lx.counted_next and j + 2 < n:
        np = ctx.noun_phrase(j + 2)  # "a 12,000-strong force": the force
        if np is not None:
            return np
    end = j + 2
    while (end + 1 < n and doc[end - 1].whitespace_ == "" and doc[end].text == "-"
           and doc[end].whitespace_ == "" and doc[end + 1].is_alpha and doc[end + 1].text.islower()):
        end += 2
    return doc[j + 1:end].text, _tok_end(doc, end), end


def _past_possessor(ctx: _Ctx, np: tuple[str, int, int]) -> tuple[str, int, int] | None:
    """In "three of the club's players" the noun after "of" owns what is
    counted: the noun phrase after its possessive clitic (a case marker after
    its noun), quotation marks skipped."""
    doc, n = ctx.doc, ctx.n
    t = np[2]
    if t < n and doc[t].dep_ == "case" and doc[t].head.i < t:
        k = ctx.skip_quotes(t + 1)
        while k < n and (doc[k].like_num or _is_number_word(ctx.low[k], ctx.lx)):
            k += 1  # "four of my family's five houses"
        if k < n and not doc[k].is_sent_start:
            return ctx.noun_phrase(k)
    return None


# -- exclusions -----------------------------------------------------------------

def _exclude(ctx: _Ctx, cands: list[_Cand]) -> list[_Cand]:
    doc, lx, low, n, text = ctx.doc, ctx.lx, ctx.low, ctx.n, ctx.text
    keep = []
    # tokens read as a symbol ("30 pour cent") are no number of their own
    eaten = [(c.end, c.unit_tok_end) for c in cands if c.unit_kind == "symbol" and c.unit_tok_end]
    label_ends: set[int] = set()  # token after each number read as a label
    for idx, c in enumerate(cands):
        if c.drop or any(a <= c.start < b for a, b in eaten):
            continue
        t = doc[c.start]
        nxt = low[c.end] if c.end < n else ""
        # ordinals split from their digits: "17 ème"
        if not c.words and nxt in lx.ordinal_suffixes and c.unit_kind != "symbol":
            continue
        # dates: "22 mai", "les 9 et 10 juillet"
        if _is_day(c.value) and not c.scaled:
            if nxt in lx.months:
                continue
            if lx.day_after_month and _after_month(ctx, c.start):
                continue
            k = c.end
            while k + 1 < n and low[k] in lx.date_joins and (
                    doc[k + 1].like_num or _is_number_word(low[k + 1], lx)):
                k += 2
            if k > c.end and k < n and low[k] in lx.months:
                continue
        # calendar years
        if not c.words and not c.scaled and _YEAR_SHAPE.fullmatch(t.text) \
                and lx.year_min <= abs(c.value) <= lx.year_max:
            p = c.start - 1
            if c.unit_kind != "symbol":
                if c.unit_kind != "noun" or (p >= 0 and low[p] in lx.year_before):
                    continue
                # "a 2000 year old tradition", "a 1500-metre race": a measure, no year
                if not _measure_unit(c.unit, lx) and (
                        c.end >= n or doc[c.end].pos_ != "NOUN"
                        or "Sing" in doc[c.end].morph.get("Number")):
                    continue
        # clock times: "at about 3 a.m.", "à trois heures du matin", "à 15 h 30"
        if c.unit_kind != "symbol" and _clock_follows(ctx, c):
            continue
        if c.unit is not None and c.unit_kind == "noun" and c.unit in lx.clock_units:
            p = ctx.prev_word(c.start)
            after = c.unit_tok_end or c.end
            if (not c.approx and p >= 0 and low[p] in lx.clock_before
                    and doc[p].idx + len(doc[p].text) <= c.text_start) \
                    or (lx.clock_after is not None and c.unit_end is not None
                        and lx.clock_after.match(text, c.unit_end + 1)) \
                    or (after < n and doc[after].like_num):
                continue
        if _is_label(ctx, c):
            label_ends.add(c.end)
            continue
        # the rest of a list of labels: "posts 542 and 543", "rooms 12, 14 or 15"
        if c.unit_kind is None and c.start >= 2 and low[c.start - 1] in lx.date_joins \
                and c.start - 1 in label_ends:
            label_ends.add(c.end)
            continue
        keep.append(c)
    return keep


def _after_month(ctx: _Ctx, i: int) -> bool:
    """The day number at i comes after its month, directly or through other
    days of a range or list: "May 22", "Oct. 25-27", "June 3, 4 and 5"."""
    doc, lx, low = ctx.doc, ctx.lx, ctx.low
    k = i - 1
    while k >= 1 and low[k] in lx.date_joins and doc[k - 1].like_num \
            and _DIGITS.fullmatch(doc[k - 1].text) and _is_day(_parse_digits(doc[k - 1].text, lx)):
        k -= 2
    return k >= 0 and low[k] in lx.months


def _is_label(ctx: _Ctx, c: _Cand) -> bool:
    """A number inside a name or label: "Falcon 9", "France 24", "pas de tir 40"."""
    doc, lx, low = ctx.doc, ctx.lx, ctx.low
    if c.words or c.approx:
        return False
    p = c.start - 1
    if p < 0 or c.extra.get("prefix") or doc[p].text in lx.minus:
        return False
    pt = doc[p]
    if low[p] in lx.label_before:
        return True
    if low[p] in lx.age_before or low[p] in lx.measure_before:
        return False  # "Jane Doe, age 42,": an age; "magnitude 6.2": a measure
    if re.search(r"\d[ ,.\u00a0\u202f]\d{3}(?!\d)", doc[c.start].text) and c.scale == 1:
        return False  # no name has grouped thousands: "and India 7,700" (a gapped verb)
    named = (pt.pos_ in _NOUNS or (pt.is_alpha and pt.text[:1].isupper()
                                    and not pt.is_sent_start))
    if named and pt.is_alpha and (c.unit_kind is None or (
            c.unit_kind == "noun" and c.unit[:1].isupper())):
        return True  # "Falcon 9", "Boeing 737 MAX"
    return pt.whitespace_ == "" and pt.text in "-/" and p > 0 and doc[p - 1].is_alpha


def _clock_follows(ctx: _Ctx, c: _Cand) -> bool:
    """A clock word right after the number: "at about 3 a.m.", "1815 GMT"."""
    if ctx.lx.clock_after is None:
        return False
    end = _tok_end(ctx.doc, c.end)
    if ctx.text[end:end + 1] == " ":
        end += 1
    return ctx.lx.clock_after.match(ctx.text, end) is not None


def _measure_unit(unit: str | None, lx: _Lex) -> bool:
    """The unit is a unit of measure, alone or compounded ("year old", "year-old")."""
    if not unit:
        return False
    first = re.split(r"[\s-]", unit, maxsplit=1)[0]
    return first in lx.measures or lower_key(first) in lx.measures


def _is_day(v) -> bool:
    return isinstance(v, int) and 1 <= v <= 31


# -- ranges and inherited units -------------------------------------------------

def _ranges(ctx: _Ctx, cands: list[_Cand]) -> list[_Cand]:
    doc, lx, low = ctx.doc, ctx.lx, ctx.low
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        if i + 1 < len(cands):
            b = cands[i + 1]
            conn = a.end
            pa = ctx.prev_word(ctx.tok_at(a.text_start))
            joined = (conn < b.start and ctx.skip_quotes(conn + 1) == b.start
                      and (low[conn] in lx.range_to
                           or (a.opened and low[conn] in lx.range_and))
                      and not (pa >= 0 and low[pa] in lx.range_not_after))
            if joined and b.text_start >= doc[conn].idx and (
                    a.unit is None or (a.unit_kind == "symbol" and a.unit == b.unit)):
                lo, hi = a.value, b.value
                if b.scaled and not a.scaled and b.scale > 1 and lo < b.value / b.scale:
                    lo = _num(lo * b.scale)
                tight = doc[conn - 1].whitespace_ == "" and doc[conn].whitespace_ == ""
                if lo > hi and tight and not a.words and not b.words:
                    i += 2  # "2-0": a score, not a range
                    continue
                if lo <= hi:
                    r = _Cand(start=a.start, end=b.end, value=lo, words=a.words and b.words,
                              text_start=a.text_start, approx=a.approx or b.approx,
                              unit=b.unit, unit_kind=b.unit_kind, unit_end=b.unit_end,
                              unit_tok_end=b.unit_tok_end, low=lo, high=hi)
                    out.append(r)
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def _inherit(ctx: _Ctx, cands: list[_Cand]) -> None:
    """A number without unit in a list or range takes the unit of a previous
    quantity in the same sentence ("300 millions et jusqu'à 500 millions"),
    preferring one written alike (both with a scale word, or neither); failing
    that, what "le nombre de ..." of its sentence counts. Not when a noun
    follows the number: that noun was no unit ("au 12 rue de la Paix")."""
    doc, lx, n = ctx.doc, ctx.lx, ctx.n
    for idx, c in enumerate(cands):
        if c.drop or c.unit is not None:
            continue
        measure = _measure_before(ctx, c)
        if measure is not None:
            c.unit, c.unit_kind = measure, "inherited"  # (whatever follows: "a magnitude 7.1 earthquake")
            continue
        if c.end < n and doc[c.end].pos_ in _NOUNS:
            continue
        if c.end - c.start == 1 and ctx.low[c.start] in lx.picks_one:
            continue  # "one another", "no one", "a majority of one": a pronoun
        # "two of them": things, counted like the nouns before ("five women, two of
        # them"), never money ("tickets cost €45; they sold 20,000 of them")
        of_pronoun = c.end + 1 < n and ctx.low[c.end] in lx.partitive \
            and doc[c.end + 1].pos_ == "PRON"
        said = (_listed_before(ctx, c, cands[idx + 1:]) or _age(ctx, c) or _verb_object(ctx, c)
                or _noun_before_of(ctx, c) or _predicate_noun(ctx, c)
                or _counted_by_subject(ctx, c, cands[:idx]) or _subset_of(ctx, c, cands[:idx])
                or _fronted_partitive(ctx, c))
        if said is not None:
            c.unit = said
            c.unit_kind = "inherited"
            continue
        best = None
        for p in reversed(cands[:idx]):
            if p.drop or p.unit is None or _bracketed(ctx, p) or of_pronoun and p.unit_kind == "symbol":
                continue  # (not an aside: "122 buts du droit (49 %), 72 du gauche")
            if not ctx.same_sent(p.start, c.start):
                break
            # alike first (scale word or not, order of magnitude), then nearest
            key = (p.scaled != c.scaled, round(abs(_log10(c.value) - _log10(p.value))),
                   c.start - p.start)
            if best is None or key < best[0]:
                best = (key, p)
        best = best[1] if best else _alike_just_before(ctx, c, cands[:idx])
        if best is not None:
            c.unit = best.unit
            c.unit_kind = "inherited"
        elif lx.count_nouns:
            np = _count_noun(ctx, c)
            if np is not None:
                c.unit = np
                c.unit_kind = "inherited"


def _alike_just_before(ctx: _Ctx, c: _Cand, before: list[_Cand]) -> _Cand | None:
    """ "... down from 422,875 a year earlier. Analysts had expected about
    449,000.": a large bare number ending its clause counts what a number of
    the same order of magnitude counted in the sentence just before."""
    if c.value < 100 or c.scaled or c.end < ctx.n and ctx.doc[c.end].is_alpha:
        return None
    start = next((k for k in range(c.start, -1, -1) if ctx.doc[k].is_sent_start), None)
    if start is None:
        return None
    for p in reversed(before):
        if p.drop or p.unit is None or p.unit_kind == "symbol" or p.scaled:
            continue
        if p.start >= start:
            return None  # a number of its own sentence had its chance above
        if not ctx.same_sent(p.start, start - 1):
            return None  # only the sentence just before
        return p if round(_log10(c.value)) == round(_log10(p.value)) else None
    return None


def _bracketed(ctx: _Ctx, c: _Cand) -> bool:
    """The quantity alone between brackets: "(49 %)", "(93%)"."""
    doc = ctx.doc
    b = ctx.tok_at(c.text_start) - 1
    e = c.unit_tok_end if c.unit_tok_end is not None else c.end
    return b >= 0 and e < ctx.n and doc[b].text in "([" and doc[e].text in ")]"


def _number_tokens(ctx: _Ctx, c: _Cand) -> list[Token]:
    return [ctx.doc[k] for k in range(c.start, c.end)]


def _listed_before(ctx: _Ctx, c: _Cand, after: list[_Cand]) -> str | None:
    """A bare number listed before others counts what the list's last one
    counts: "5, 6 and 7 deaths", "teams of 10, 20 or 30 players"."""
    doc, low, lx = ctx.doc, ctx.low, ctx.lx
    # its own adjectives: "24,000 undergraduate and 8,000 graduate students"
    join = c.end
    while join < min(ctx.n, c.end + 2) and doc[join].pos_ == "ADJ" and doc[join].is_alpha:
        join += 1
    own = doc[c.end:join].text
    p = ctx.prev_word(ctx.tok_at(c.text_start))
    if p >= 0 and low[p] in lx.range_not_after:
        return None  # "rose by 6 to 41": a change, then a level
    commas = 0
    for nxt in after:
        if commas and join + 2 < ctx.n and low[join] == "," and low[join + 1] in lx.date_joins \
                and nxt.start == join + 2:
            join += 1  # "5, 6, and 7 deaths": a serial comma
        commas += low[join] == ","
        if nxt.drop or join >= ctx.n or nxt.start != join + 1 or low[join] not in lx.date_joins:
            return None
        if nxt.unit is not None and nxt.unit_kind in ("noun", "symbol"):
            if low[join] == ",":
                return None  # "In the 800, 18-year-old Nigel": no list ends on a comma
            if own and nxt.unit_kind == "noun":
                return own + " " + nxt.unit.split()[-1]
            return None if own else nxt.unit
        join = nxt.end
    return None


def _age(ctx: _Ctx, c: _Cand) -> str | None:
    """A bare whole number that gives a person's age: "the victim, aged 19," or
    set off by commas after a person's name or a noun it stands in apposition
    to ("John Smith, 45, was arrested", "the driver, 34, was hurt")."""
    doc, lx, low, n = ctx.doc, ctx.lx, ctx.low, ctx.n
    if lx.age_unit is None or not (isinstance(c.value, int) and 0 < c.value < 125) or c.approx:
        return None
    p = ctx.prev_word(c.start)
    if p >= 0 and low[p] in lx.age_before:
        return lx.age_unit
    if p >= 1 and doc[p].text == "," and c.end < n and doc[c.end].text == "," and (
            doc[p - 1].ent_type_ == "PER" or doc[p - 1].pos_ in _NOUNS
            and "Plur" not in doc[p - 1].morph.get("Number")
            and any(t.dep_ == "appos" and t.head.i == p - 1 for t in _number_tokens(ctx, c))):
        return lx.age_unit  # "John Smith, 45,", "the driver, 34,"
    return None


def _verb_object(ctx: _Ctx, c: _Cand) -> str | None:
    """What a bare number after a verb of `verb_objects` counts, or before it in
    the passive: "killing 107 or more and wounding 238" (people killed, people
    wounded), "three were arrested"; before a verb of `verb_subjects`, what its
    subject counts ("where 11,000 died")."""
    lx = ctx.lx
    for t in _number_tokens(ctx, c):
        if t.head.i < t.i and ctx.low[t.head.i] in lx.count_nouns:
            t = t.head  # "a total of 300 were killed": what the total counts
        if t.head.pos_ != "VERB":
            continue
        lemma = lower_key(t.head.lemma_)
        if t.dep_ == "obj" and t.head.i < t.i or t.dep_ == "nsubj:pass" and t.head.i > t.i:
            said = lx.verb_objects.get(lemma)
            if said is not None:
                return said
        # "another 1,350 died": the subject of an intransitive verb of `verb_subjects`
        if t.dep_ == "nsubj" and t.head.i > t.i and lemma in lx.verb_subjects:
            return lx.verb_subjects[lemma]
    return None


def _noun_before_of(ctx: _Ctx, c: _Cand) -> str | None:
    """A bare number after "of" counts the noun before it, when the parser
    hangs it there: "in teams of four", "a family of six", "a death toll of
    25,000" (not "a total of", a bare count noun)."""
    doc, lx, low = ctx.doc, ctx.lx, ctx.low
    p = c.start - 1
    if p < 1 or low[p] not in lx.of or doc[p - 1].pos_ != "NOUN" or not doc[p - 1].is_alpha:
        return None
    if not any(t.head.i == p - 1 for t in _number_tokens(ctx, c)):
        return None
    if low[p - 1] in lx.count_nouns:
        # "a death toll of 25,000" counts the dead; "a total of 300", nothing said
        first = _compound_start(ctx, p - 1)
        return doc[first:p].text if first < p - 1 else None
    return doc[p - 1].text


def _measure_before(ctx: _Ctx, c: _Cand) -> str | None:
    """ "un séisme de magnitude 6,2", "a magnitude 7.1 earthquake": the
    measure is named right before its number."""
    p = c.start - 1
    return ctx.doc[p].text if p >= 0 and ctx.low[p] in ctx.lx.measure_before else None


def _predicate_noun(ctx: _Ctx, c: _Cand) -> str | None:
    """A bare number that is the subject of "to be" + a plural noun counts that
    noun: "of the dead, 28 were women"."""
    for t in _number_tokens(ctx, c):
        h = t.head
        if t.dep_ not in ("nsubj", "expl:subj") or h.i < t.i:
            continue  # ("640 sont morts": the number read as an expletive subject)
        if h.pos_ == "AUX":  # the copula as head, its noun an "attr" (English scheme)
            h = next((d for d in h.children if d.dep_ == "attr"), h)
        elif not any(d.dep_ == "cop" for d in h.children):
            continue
        if h.pos_ == "NOUN" and h.is_alpha and "Plur" in h.morph.get("Number"):
            return h.text
    return None


def _counted_by_subject(ctx: _Ctx, c: _Cand, before: list[_Cand]) -> str | None:
    """A bare number said of a count noun in its clause counts what that noun
    counts: "the death toll would have been more than a thousand" (the death
    toll); "that figure is closer to 40,000" (a demonstrative: what the last
    quantity before counted)."""
    doc, lx = ctx.doc, ctx.lx
    if not lx.count_nouns:
        return None
    ancestors = []
    t = doc[c.end - 1]
    for _ in range(3):
        if t.head.i == t.i:
            break
        t = t.head
        ancestors.append(t.i)
    for a in ancestors:
        for child in doc[a].children:
            # the subject, or the object the number is brought to: "updated the
            # death toll to 6,957", "put the number of wounded at 30"
            if child.i >= c.start or child.dep_ not in ("nsubj", "nsubj:pass", "obj", "dobj") \
                    or ctx.low[child.i] not in lx.count_nouns or child.pos_ != "NOUN":
                continue
            itself = child.i + 2 < ctx.n and doc[child.i + 2].idx >= c.text_start \
                and (ctx.low[child.i + 1] in lx.of or ctx.low[child.i + 1] in lx.partitive)
            said = None if itself else _of_phrase(ctx, child.i + 1)
            if said is not None:
                return said  # "the number of dead had risen to 34": the dead
            first = _compound_start(ctx, child.i)
            if (itself or child.dep_ not in ("nsubj", "nsubj:pass")) and first == child.i:
                # "bringing the total to 6.1 million", "a total of half a billion in
                # assistance": a bare "total" says nothing
                continue
            # the word before, not its parse: "estimates that number is" may be read
            # with "that" as a conjunction
            if first > 0 and ("Dem" in doc[first - 1].morph.get("PronType")
                              or ctx.low[first - 1] in lx.demonstratives):
                prior = [p for p in before if p.unit is not None and not p.drop]
                return prior[-1].unit if prior else None
            return doc[first:child.i + 1].text
    return None


def _compound_start(ctx: _Ctx, i: int) -> int:
    """First word of the compound the noun at i ends: "death toll"."""
    return min([i] + [d.i for d in ctx.doc[i].children if d.dep_ == "compound" and d.i < i])


def _of_phrase(ctx: _Ctx, of: int, loose: bool = True) -> str | None:
    """What a count noun counts, said after its "of"/"de" at token `of`: a noun
    phrase ("the number of victims"), or up to the adjective or participle
    standing for people ("the number of dead", "of known dead", "of those
    injured"); `loose`, else the word after "of"."""
    doc, lx, n = ctx.doc, ctx.lx, ctx.n
    if not (of + 1 < n and (ctx.low[of] in lx.of or ctx.low[of] in lx.partitive)):
        return None
    if _number_within(ctx, of + 1, 1) or lx.approx_before is not None and re.match(
            lx.approx_before.pattern.replace(_SEP + "$", ""), ctx.text[doc[of + 1].idx:], re.I):
        return None  # "a death toll of more than 25,000": the number itself follows
    np = ctx.noun_phrase(of + 1)
    if np is not None:
        return np[0]
    window = []
    for k in range(of + 1, min(n, of + 4)):
        if doc[k].is_punct or doc[k].like_num or doc[k].is_sent_start and k > of + 1:
            break
        window.append(k)
    for k in window:
        if ctx.low[k] in lx.counted_adjectives:
            return doc[of + 1:k + 1].text
    for k in window:
        if doc[k].pos_ == "VERB" and "Part" in doc[k].morph.get("VerbForm"):
            return doc[of + 1:k + 1].text
    if loose and doc[of + 1].is_alpha and doc[of + 1].pos_ != "PRON":
        return doc[of + 1].text
    return None


def _subset_of(ctx: _Ctx, c: _Cand, before: list[_Cand]) -> str | None:
    """A bare number after a word of `subset_before` is part of the nearest
    quantity before it that is no smaller: "19 morts et 247 blessés, dont 40
    dans un état grave" (the injured), "5 000 euros par mois pendant trois
    ans, dont 2 000 ..." (euros)."""
    p = ctx.prev_word(c.start)
    if p < 0 or ctx.low[p] not in ctx.lx.subset_before:
        return None
    prior = [q for q in before if q.unit is not None and not q.drop and q.end <= p
             and abs(q.value) >= abs(c.value) and ctx.same_sent(q.start, c.start)]
    return prior[-1].unit if prior else None


def _fronted_partitive(ctx: _Ctx, c: _Cand) -> str | None:
    """A bare number after a sentence-opening partitive counts its noun:
    "Of the deaths, 17,388 were reported in Kashmir"."""
    doc, lx = ctx.doc, ctx.lx
    if not lx.fronted_partitive:
        return None
    s = doc[c.start].sent.start
    s = ctx.skip_quotes(s)
    comma = ctx.prev_word(c.start)
    if s >= c.start or ctx.low[s] not in lx.fronted_partitive or comma <= s \
            or doc[comma].text != ",":
        return None
    k = s + 1
    while k < comma and doc[k].pos_ == "DET":
        k += 1
    np = ctx.noun_phrase(k) if k < comma else None
    if np is None or np[2] != comma:
        return None
    return np[0]


def _log10(v) -> float:
    return math.log10(abs(v)) if v else 0.0


def _count_noun(ctx: _Ctx, c: _Cand) -> str | None:
    doc, lx, low, n = ctx.doc, ctx.lx, ctx.low, ctx.n
    lo = c.start
    while lo > 0 and not doc[lo].is_sent_start:
        lo -= 1
    hi = c.end
    while hi < n and not doc[hi].is_sent_start:
        hi += 1
    best = None
    for k in range(lo, hi - 1):
        if low[k] in lx.count_nouns:
            said = _of_phrase(ctx, k + 1, loose=False)
            if said is not None:
                dist = abs(k - c.start)
                if best is None or dist < best[0]:
                    best = (dist, said)
    return best[1] if best else None


# -- vague amounts --------------------------------------------------------------

def _vague(ctx: _Ctx, quantities: list[Quantity]) -> list[VagueQuantity]:
    lx, text, doc, n = ctx.lx, ctx.text, ctx.doc, ctx.n
    if lx.vague_rx is None:
        return []
    taken = sorted(q.span for q in quantities)
    out = []
    last_end = -1
    for i, w in enumerate(ctx.low):
        if w not in lx.vague_first or doc[i].idx < last_end:
            continue
        m = lx.vague_rx.match(text, doc[i].idx)
        if m is None:
            continue
        s, e = m.start(), m.end()
        if any(a < e and s < b for a, b in taken):
            continue
        key = " ".join(re.sub(r"[«»“”„‹›\"]", " ", lower_key(m.group(0))).split())
        key = re.sub(r"'\s+", "'", key)
        info = lx.vague.get(key)
        if info is None:
            continue
        magnitude, takes_de, alone_ok = info
        k = ctx.tok_at(e)
        k = ctx.skip_quotes(k)
        if k < n and (doc[k].like_num and _DIGITS.fullmatch(doc[k].text)
                      or _is_number_word(ctx.low[k], lx) and ctx.low[k] not in lx.one_words):
            continue  # "quelques 200 personnes": an approximation marker
        np = ctx.noun_phrase(k) if k < n else None
        if np is None and not takes_de and k < n and ctx.low[k] in lx.of:
            np = ctx.noun_phrase(k + 1)
        if np is None and not (alone_ok or takes_de):
            continue
        unit, end = (np[0], np[1]) if np else (None, e)
        last_end = end
        out.append(VagueQuantity(text=text[s:end], span=(s, end), magnitude=magnitude, unit=unit))
    return out
