"""Articles in, records out: clean -> language -> parse -> extract -> record.

One function per step; `process` streams articles in batches through the
language's spaCy pipeline and yields exactly one output dict per input
article, in input order, an error record when something about the article is
wrong (empty, unsupported language, too long). A failure inside extraction
stays with its article: the batch goes on.
"""
from __future__ import annotations

import itertools
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace

from spacy.tokens import Doc

from . import clean as clean_mod
from . import lang as lang_mod
from . import lexicon, nlp
from .extract import attribution, cached, context, dates, entities, events, places, quantities
from .record import Article, ErrorRecord, Record, Source, content_id
from .text import without_surrogates

# A news article is rarely past 50,000 characters; beyond this limit it is
# more likely a dump than an article, and parsing it would cost minutes and
# gigabytes.
MAX_CHARS = 200_000
# Below this confidence the language guess is noise (a few words, a list of names).
MIN_LANG_CONFIDENCE = 0.5


@dataclass
class Prepared:
    article: Article
    cleaned: clean_mod.Cleaned
    lang: str
    warnings: list[str] = field(default_factory=list)  # what was repaired on the way


def article_id(article: Article) -> str:
    return article.id if article.id is not None else content_id(article.text)


def encodable(article: Article) -> tuple[Article, list[str]]:
    """The article with every lone surrogate replaced by U+FFFD (chosen over
    refusing it: one bad escape in a long text should not cost the article),
    and a warning per field repaired."""
    changes, warnings = {}, []
    for f in fields(article):
        value = getattr(article, f.name)
        if isinstance(value, str):
            fixed, n = without_surrogates(value)
            if n:
                changes[f.name] = fixed
                warnings.append(f"input: {n} lone surrogate(s) in {f.name} replaced by U+FFFD")
    return (replace(article, **changes) if changes else article), warnings


def prepare(article: Article, max_chars: int = MAX_CHARS) -> Prepared | ErrorRecord:
    article, repaired = encodable(article)
    aid = article_id(article)
    text = article.text or ""
    if not text.strip():
        return ErrorRecord(aid, "empty article", article.origin)
    if len(text) > max_chars:
        return ErrorRecord(aid, f"article too long: {len(text)} characters (limit {max_chars})", article.origin)
    lang = (article.lang or "").lower() or None
    if lang is None:
        lang, confidence = lang_mod.detect(text)
        if confidence < MIN_LANG_CONFIDENCE:
            return ErrorRecord(aid, f"language not identified (best guess {lang}, confidence {confidence:.2f})",
                               article.origin)
    if not nlp.supported(lang):
        return ErrorRecord(aid, f"unsupported language: {lang}", article.origin)
    cleaned = clean_mod.clean(text, lang)
    if not cleaned.text.strip():
        return ErrorRecord(aid, "empty article after cleaning (only boilerplate lines)", article.origin)
    return Prepared(article, cleaned, lang, repaired)


def build(p: Prepared, doc: Doc) -> Record:
    """The record of one parsed article."""
    lex = lexicon.load(p.lang)
    a, c = p.article, p.cleaned
    cached.know_text(doc, c.text)
    ents = entities.extract(doc, lex, p.lang, outlet=c.outlet, dateline_place=c.dateline_place)
    where = places.extract(doc, lex, ents, c.dateline_place)  # also sets the country of places
    ctx = context.build(doc, lex, p.lang, ents, c.dateline)
    statements = attribution.extract(ctx)
    retyped = entities.speakers_as_bodies(ents, statements, lex)
    entities.speakers_as_persons(ents, ctx.first_person_speakers, lex)
    where = [pl for pl in where if pl.entity not in retyped]  # (a place no more)
    # The input's date, else the one the dateline gives ("22 mai 2012. -").
    published = a.published or dates.published_from(c.dateline_date, p.lang)
    when = dates.extract(doc, lex, published)
    quants, vague = quantities.extract(doc, lex)
    _link_statements(quants, statements)
    _link_statements(vague, statements)
    what = events.extract(ctx, statements, where, when)
    return Record(
        id=article_id(a),
        lang=p.lang,
        title=a.title,
        published=published,
        source=Source(outlet=c.outlet, dateline=c.dateline, author=c.author, url=a.url),
        text=c.text,
        removed=c.removed,
        keywords=c.keywords,
        entities=ents.entities,
        statements=statements,
        quantities=quants,
        vague_quantities=vague,
        places=where,
        dates=when,
        events=what,
        warnings=p.warnings + ctx.warnings,
    )


def _link_statements(items, statements) -> None:
    """An item inside a statement's content was reported by its speaker; the
    innermost statement wins for nested reports."""
    for q in items:
        best = None
        for s in statements:
            if s.span[0] <= q.span[0] and q.span[1] <= s.span[1]:
                if best is None or s.span[1] - s.span[0] < best.span[1] - best.span[0]:
                    best = s
        q.statement = best.id if best else None


def process(items: Iterable[Article | ErrorRecord], batch_size: int = 32,
            max_chars: int = MAX_CHARS) -> Iterator[dict]:
    """One output dict per input item, in input order."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    it = iter(items)
    while chunk := list(itertools.islice(it, batch_size)):
        yield from _process_chunk(chunk, max_chars, batch_size)


def _process_chunk(chunk, max_chars: int, batch_size: int) -> list[dict]:
    out: list[dict | None] = [None] * len(chunk)
    by_lang: dict[str, list[tuple[int, Prepared]]] = {}
    for k, item in enumerate(chunk):
        if isinstance(item, ErrorRecord):
            out[k] = item.to_dict()
            continue
        try:
            p = prepare(item, max_chars)
        except Exception as exc:  # a bug must not take the batch down
            p = ErrorRecord(article_id(item), f"internal error while preparing: {exc!r}", item.origin)
        if isinstance(p, ErrorRecord):
            out[k] = p.to_dict()
        else:
            by_lang.setdefault(p.lang, []).append((k, p))
    for lang, group in by_lang.items():
        try:
            docs = nlp.pipe((p.cleaned.text for _, p in group), lang, batch_size=batch_size)
            for (k, p), doc in zip(group, docs):
                out[k] = _safe_build(p, doc)
        except nlp.ModelUnavailable as exc:
            for k, p in group:
                out[k] = ErrorRecord(article_id(p.article), str(exc), p.article.origin).to_dict()
        except Exception:  # noqa: BLE001 - one text broke the model's batch: find it alone
            for k, p in group:
                if out[k] is None:
                    out[k] = _parse_alone(p, lang)
    return out  # type: ignore[return-value]


def _parse_alone(p: Prepared, lang: str) -> dict:
    """One article through the model by itself, so that a text the model
    cannot take costs only that article."""
    try:
        doc = next(iter(nlp.pipe([p.cleaned.text], lang, batch_size=1)))
    except nlp.ModelUnavailable as exc:
        return ErrorRecord(article_id(p.article), str(exc), p.article.origin).to_dict()
    except Exception as exc:  # noqa: BLE001
        return ErrorRecord(article_id(p.article), f"the language model failed on this article: {exc!r}",
                           p.article.origin).to_dict()
    return _safe_build(p, doc)


def _safe_build(p: Prepared, doc: Doc) -> dict:
    try:
        return build(p, doc).to_dict()
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return ErrorRecord(
            article_id(p.article),
            f"internal error in extraction: {exc!r} at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}",
            p.article.origin,
        ).to_dict()
