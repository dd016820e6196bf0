"""Raw article text -> cleaned body, plus what was taken out of it and why.

Adverts, "scroll to continue", share and navigation lines go to `removed`;
a trailing byline ("(ADN)") to `author`; a trailing hashtag line to
`keywords`. A leading dateline ("Jakarta, CNN Indonésie —", "22 mai 2012. -")
is read into `dateline`/`outlet` but stays in the text: its place and date are
facts of the article. Every later offset indexes the cleaned text returned here.
The patterns are data: lexicons/<lang>/boilerplate.toml.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from . import lexicon
from .record import Removed

# Spaces that French typography puts before « » : ; ! ? and inside numbers;
# downstream they are plain spaces.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2009\u2002\u2003\u3000\t"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_MULTISPACE = re.compile(r" {2,}")
_HASHTAG = re.compile(r"#([\w’'-]+)")
# "... de l'énergie (CRE).L'augmentation est": a page that lost the space after
# a full stop glues two sentences (a word or a closing bracket or quotation
# mark, then a capitalised word; not "U.S.A", nor "Amazon.com")
_GLUED_SENTENCE = re.compile(r"([a-zà-ÿ]{2}|[)»”\"])\.([A-ZÀ-Ý][a-zà-ÿ'’])")


@dataclass
class Cleaned:
    text: str
    removed: list[Removed] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    author: str | None = None
    dateline: str | None = None
    outlet: str | None = None
    dateline_place: str | None = None
    dateline_date: str | None = None  # as written, e.g. "22 mai 2012"


@dataclass(frozen=True)
class _Patterns:
    lines: tuple[tuple[re.Pattern, str], ...]
    bylines: tuple[re.Pattern, ...]
    closing_bylines: tuple[re.Pattern, ...]  # the bracketed ones, after the last sentence on its line
    dateline_line: re.Pattern | None
    dateline_prefix: tuple[re.Pattern, ...]
    glued: re.Pattern | None
    stop_words: frozenset[str]


@functools.cache
def _patterns(lang: str) -> _Patterns:
    lex = lexicon.load(lang)
    bp = lex.get("boilerplate", {})
    lines = tuple(
        (re.compile(rf"\s*(?:{p})\s*", re.I), block["reason"])
        for block in bp.get("line", []) for p in block["patterns"]
    )
    bylines = tuple(re.compile(rf"\s*(?:{p})\s*", re.I) for p in bp.get("byline", {}).get("patterns", []))
    closing = tuple(re.compile(rf"(?<=[.!?»”\"])\s*(?:{p})\s*$")
                    for p in bp.get("byline", {}).get("patterns", []) if p.startswith("\\("))
    dl = bp.get("dateline", {})
    line = re.compile(dl["line"]) if dl.get("line") else None
    prefix = tuple(re.compile(p) for p in dl.get("prefix", []))
    names = sorted(lex.get("countries", {}).get("names", {}), key=len, reverse=True)
    suffixes = bp.get("glued", {}).get("suffixes", [])
    glued = None
    if names and suffixes:
        glued = re.compile(
            r"\b({})({})\b".format("|".join(map(re.escape, names)), "|".join(map(re.escape, suffixes)))
        )
    return _Patterns(lines, bylines, closing, line, prefix, glued, _stop_words(lang))


def _stop_words(lang: str) -> frozenset[str]:
    try:
        import spacy.util

        return frozenset(spacy.util.get_lang_class(lang).Defaults.stop_words)
    except Exception:  # a language spaCy lacks: keep every hashtag
        return frozenset()


def normalize(raw: str) -> str:
    """Unicode NFC, one kind of space, no invisible characters, no blank lines."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_SPACES).translate(_INVISIBLE)
    lines = (_MULTISPACE.sub(" ", ln).strip() for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


def clean(raw: str, lang: str) -> Cleaned:
    pats = _patterns(lang)
    lines = normalize(raw).split("\n")
    out = Cleaned(text="")
    tail: list[Removed] = []

    # The end of an article carries the byline and the hashtags, in either
    # order, possibly behind furniture lines: peel them off from the bottom.
    while lines:
        last = lines[-1]
        if out.keywords == [] and _is_hashtag_line(last):
            out.keywords = _keywords(last, pats.stop_words)
            tail.insert(0, Removed(last, "hashtags"))
        elif out.author is None and (m := _fullmatch_any(pats.bylines, last)):
            out.author = m.group("author").strip()
            tail.insert(0, Removed(last, "byline"))
        elif reason := _furniture(pats, last):
            tail.insert(0, Removed(last, reason))
        else:
            break
        lines.pop()
    if out.author is None and lines and (m := _search_any(pats.closing_bylines, lines[-1])):
        # "... nous sommes extrêmement vigilants. (Belga)": the credit closes the last paragraph
        out.author = m.group("author").strip()
        tail.insert(0, Removed(m.group().strip(), "byline"))
        lines[-1] = lines[-1][:m.start()]

    kept = []
    for ln in lines:
        reason = _furniture(pats, ln)
        if reason:
            out.removed.append(Removed(ln, reason))
        else:
            ln = _GLUED_SENTENCE.sub(r"\1. \2", ln)
            kept.append(pats.glued.sub(r"\1 \2", ln) if pats.glued else ln)
    _read_dateline(kept, pats, out)
    out.text = "\n".join(kept)
    out.removed += tail
    return out


def _search_any(patterns: tuple[re.Pattern, ...], line: str) -> re.Match | None:
    return next((m for p in patterns if (m := p.search(line))), None)


def _furniture(pats: _Patterns, line: str) -> str | None:
    if len(line) > 200:
        return None
    for rx, reason in pats.lines:
        if rx.fullmatch(line):
            return reason
    return None


def _fullmatch_any(rxs, line):
    for rx in rxs:
        m = rx.fullmatch(line)
        if m:
            return m
    return None


def _is_hashtag_line(line: str) -> bool:
    words = line.split()
    return bool(words) and sum(w.startswith("#") for w in words) >= max(2, 0.6 * len(words))


def _keywords(line: str, stop_words: frozenset[str]) -> list[str]:
    seen, out = set(), []
    for tag in _HASHTAG.findall(line):
        key = tag.lower()
        if key in stop_words or len(tag) < 2 or key in seen:
            continue
        seen.add(key)
        out.append(tag)
    return out


def _read_dateline(lines: list[str], pats: _Patterns, out: Cleaned) -> None:
    # A lede or kicker line sometimes precedes the dateline: look at two lines.
    for ln in lines[:2]:
        if pats.dateline_line and (m := pats.dateline_line.fullmatch(ln)):
            out.dateline = ln.strip()
            out.outlet = m.group("outlet").strip()
            out.dateline_place = m.group("place").strip()
            return
        for rx in pats.dateline_prefix:
            m = rx.match(ln)
            if m and m.end() < len(ln):
                groups = m.groupdict()
                out.dateline = ln[: m.end()].strip()
                out.outlet = (groups.get("outlet") or "").strip() or None
                out.dateline_place = (groups.get("place") or "").strip() or None
                out.dateline_date = (groups.get("date") or "").strip() or None
                return
