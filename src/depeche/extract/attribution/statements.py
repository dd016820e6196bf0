"""Drafts -> statements of the record: duplicates dropped, kind (direct,
mixed, indirect), stance from the cue and the content, the conditional mood,
and nesting ("Selon l'AFP, le CNS a appelé à ...": the inner statement is
`within` the outer one)."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from ...record import Statement
from ..quotes import QuoteIndex
from . import spans, stance
from .cues import CueLexicon
from .draft import Draft


def dedupe(drafts: list[Draft]) -> list[Draft]:
    """Two cues over one content (a verb and "selon" in one sentence): keep
    the one that names a speaker."""
    out: list[Draft] = []
    for d in sorted(drafts, key=lambda d: (d.start, -(d.end - d.start))):
        clash = next((o for o in out if o.start == d.start and o.end == d.end), None)
        if clash is None:
            out.append(d)
        elif clash.speaker is None and d.speaker is not None:
            out[out.index(clash)] = d
    return out


def split_coordinated_clauses(doc: Doc, text: str, drafts: list[Draft], quotes: QuoteIndex,
                              L: CueLexicon) -> list[Draft]:
    """ "X laisse entendre qu'il n'y a rien à voler, et que les pièces sont
    fermées", "said that prices rose and that wages fell": two reported
    clauses of one cue, each its own statement (not inside a quotation)."""
    out: list[Draft] = []
    for d in drafts:
        cut = _second_clause(doc, d, quotes, L) if not d.direct else None
        if cut is None:
            out.append(d)
            continue
        before_end, after_start = cut
        parts = [_inside_one_quotation(spans.trim(text, a, b), quotes) for a, b in ((d.start, before_end), (after_start, d.end))]
        out += [replace(d, start=a, end=b) for a, b in parts]
    return out


def _inside_one_quotation(part: tuple[int, int], quotes: QuoteIndex) -> tuple[int, int]:
    """A part that is one quotation with its marks is its quoted words."""
    q = quotes.at(part[0])
    return (q.start, q.end) if q is not None and q.open == part[0] and q.close == part[1] else part


def _second_clause(doc: Doc, d: Draft, quotes: QuoteIndex, L: CueLexicon) -> tuple[int, int] | None:
    """Where a draft's content parts: before the conjunction of a second
    complementizer whose clause is coordinated with the first one."""
    span = doc.char_span(d.start, d.end, alignment_mode="contract")
    if span is None:
        return None
    for t in span[1:]:
        if not (t.dep_ == "mark" and L.has("complementizers", t.lower_) and t.i >= 2):
            continue
        cc = doc[t.i - 1]
        clause = t.head
        # (or only a comma: "a souligné qu'il n'est pas un « complotiste », qu'il « abhorre
        # les coups d'Etat »", whatever the parse hung the second clause on)
        listed = cc.text == "," and clause.dep_ in ("conj", "advcl", "ccomp", "acl") \
            and clause.pos_ in ("VERB", "AUX", "NOUN", "ADJ") \
            and any(g.dep_ == "mark" and L.has("complementizers", g.lower_) for g in clause.head.children)
        if not (cc.pos_ == "CCONJ" and clause.dep_ == "conj" or listed) or not span.start <= clause.head.i < cc.i \
                or quotes.inside(t.idx) or cc.i <= span.start + 1:
            continue
        end = doc[cc.i - 1] if doc[cc.i - 1].text != "," or listed else doc[cc.i - 2]
        return end.idx + len(end.text), doc[t.i + 1].idx if t.i + 1 < len(doc) else d.end
    return None


def split_own_reports(doc: Doc, text: str, drafts: list[Draft]) -> list[Draft]:
    """ "Pour l'entraîneur, X, le nul est mérité, même s'il estime que ...":
    a content that holds another report of the same speaker stops at the
    comma before that report's clause; each is its own statement. (Another
    speaker's report inside stays nested: "Selon l'AFP, le CNS a appelé à".)"""
    drop: list[Draft] = []
    for outer in drafts:
        for inner in drafts:
            if inner is outer or inner.given or not _same_speaker(outer, inner):
                continue
            cue_at = doc[inner.anchor].idx
            if not (outer.start <= cue_at < outer.end and outer.start < inner.start and inner.end <= outer.end + 1):
                continue
            first = doc[min(inner.anchor, inner.speaker_tok if inner.speaker_tok is not None else inner.anchor)]
            comma = next((t for t in reversed(doc[:first.i]) if t.idx >= outer.start and t.text in (",", ";")), None)
            if comma is None:
                if outer.stance == "assert" and _opens_with(doc, outer, inner, cue_at) \
                        and not _says_more_after(text, outer, inner):
                    drop.append(outer)  # "a indiqué anticiper une croissance": the inner cue says more
                continue
            start, end = spans.trim(text, outer.start, comma.idx)
            if len(text[start:end].split()) >= 3:
                outer.start, outer.end = start, end
    return [d for d in drafts if not any(d is o for o in drop)]


def _opens_with(doc: Doc, outer: Draft, inner: Draft, cue_at: int) -> bool:
    """The outer content is the inner report whole: it opens with the inner
    cue ("a indiqué anticiper ...") or with the inner speaker's pronoun
    right before it ("a indiqué qu'elle pensait que ...", "said they
    believe ...")."""
    if cue_at == outer.start:
        return True
    tok = doc[inner.speaker_tok] if inner.speaker_tok is not None else None
    return tok is not None and tok.idx == outer.start and tok.i < inner.anchor \
        and all(t.dep_.startswith(("aux", "advmod")) or t.is_punct for t in doc[tok.i + 1:inner.anchor])


def _says_more_after(text: str, outer: Draft, inner: Draft) -> bool:
    """ "said he intends to defend these charges because he believes ...":
    the outer content goes on past the inner one, so the inner report is
    only its beginning, not the whole of what was said."""
    return len(text[inner.end:outer.end].split()) >= 3


# Stances whose content is an act asked for, promised or threatened, not one done.
_UNDONE = {"call", "other", "warn"}


def without_asked_acts(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """ "Le syndicat a exhorté le gouvernement à démentir ces rumeurs", "the
    union urged lawmakers to reject the bill", "a promis de démentir": a cue
    in the infinitive that another cue governs is what that one asks or
    promises, part of its content; nobody denied anything yet."""
    anchors = {d.anchor: d for d in drafts}
    def asked(d: Draft) -> bool:
        v = doc[d.anchor]
        outer = anchors.get(v.head.i)
        return outer is not None and outer is not d and outer.stance in _UNDONE \
            and "Inf" in v.morph.get("VerbForm") and outer.start <= v.idx < outer.end
    return [d for d in drafts if not asked(d)]


def without_summing_relatives(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """ "Les rebelles affirment avoir pris la ville, ce que l'armée dément":
    the relative that sums up the clause before is another speaker's report
    of it, no part of what the first one said; a content running over it
    stops where the summed-up clause does."""
    for inner in drafts:
        if inner.frame != "what-was-said":
            continue
        cue_at = doc[inner.anchor].idx
        for outer in drafts:
            if outer is not inner and outer.start < inner.end <= cue_at < outer.end:
                outer.end = inner.end
    return drafts


def after_dateline(drafts: list[Draft], end: int) -> list[Draft]:
    """ "Séoul (AFP) — Plus de 10 000 soldats ..., a indiqué X": a content
    read from the article's first sentence starts after its dateline."""
    for d in drafts:
        if d.start < end < d.end:
            d.start = end
    return drafts


def _same_speaker(a: Draft, b: Draft) -> bool:
    if a.speaker is None or b.speaker is None:
        return False
    if a.speaker.entity is not None:
        return a.speaker.entity == b.speaker.entity
    return a.speaker.text == b.speaker.text


def assemble(doc: Doc, text: str, drafts: list[Draft], quotes: QuoteIndex, L: CueLexicon) -> list[Statement]:
    out: list[Statement] = []
    for n, d in enumerate(sorted(drafts, key=lambda d: (d.start, d.end)), 1):
        sp = d.speaker
        out.append(Statement(
            id=f"S{n}",
            speaker=sp.entity if sp else None,
            speaker_text=sp.text if sp else None,
            cue=d.cue_text,
            cue_span=d.cue_span,
            kind=kind(d, quotes),
            stance=stance.of_content(doc, d.start, d.end, d.stance, L),
            content=text[d.start:d.end],
            span=(d.start, d.end),
            co_speakers=list(sp.others) if sp else [],
            conditional=stance.conditional(doc, d.start, d.end, L),
            speaker_sieve=sp.sieve if sp and sp.sieve else None,
            frame=d.frame,
        ))
    _nest(out)
    return out


def kind(d: Draft, quotes: QuoteIndex) -> str:
    """direct when the whole content stood inside quotation marks, mixed when
    part of it did, indirect when none did."""
    if d.direct:
        return "direct"
    q = quotes.at(d.start)
    if q is not None and q.start <= d.start + 1 and d.end <= q.end + 1:
        return "direct"
    for q in quotes.after(d.start - 2):
        if q.open >= d.end:
            break
        if q.end <= d.end + 1:  # (the quoted words inside; a closing mark may be two characters: ’’)
            return "mixed"
    return "indirect"


def _nest(statements: list[Statement]) -> None:
    for s in statements:
        best = None
        for o in statements:
            if o is not s and o.span[0] <= s.span[0] and s.span[1] <= o.span[1] and o.span != s.span:
                if best is None or o.span[1] - o.span[0] < best.span[1] - best.span[0]:
                    best = o
        s.within = best.id if best else None
