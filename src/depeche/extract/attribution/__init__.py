"""Statements: every attributed piece of speech or stated belief.

A linguistic layer over the dependency parse (spec/ATTRIBUTION.md), one job
per module:
  cues.py        the words that report speech, matched from the lexicon
  frames.py      the shapes around a cue, tried in a declared order: the
                 content and, where the shape says, the speaker's token
  subjects.py    the speaker's token when the parse must be helped
  unclaimed.py   quotations no cue claimed: colon speech, labelled lines, names before a colon,
                 signed paragraphs, captioned quotes, continuations of the previous speaker
                 (and "Et que ...": a report going on past a full stop)
  stance.py      the stance, from the cue and from the content's own words
  statements.py  duplicates, kind, nesting, the record's statements
Speakers are resolved by the speakers package, in document order. Every
word list is data: lexicons/<lang>/cues.toml and speakers.toml.
"""
from __future__ import annotations

from ...record import Statement
from ..context import DocContext
from ..speakers import lex_for as speaker_lexicon
from . import cues as cues_mod
from . import frames, statements, subjects, unclaimed
from .draft import Draft


def extract(ctx: DocContext) -> list[Statement]:
    doc, text, quotes = ctx.doc, ctx.text, ctx.quotes
    L = cues_mod.lexicon_for(ctx.lex)
    SL = speaker_lexicon(ctx.lex)
    drafts: list[Draft] = []
    for cue in cues_mod.find(doc, L, quotes):
        if quotes.inside(doc[cue.head].idx) and cue.kind != "verb":
            continue  # a cue inside a quotation is the quoted person's own words (but an incise)
        site = frames.Site(doc, text, cue, L, SL, ctx.ents, quotes)
        frame = {"verb": frames.verb_draft, "noun": frames.noun_draft}.get(cue.kind, frames.marker_draft)
        d = _guarded(ctx, frame, site, where=f"cue {doc[cue.head].text!r} at {doc[cue.head].idx}")
        if d is not None:
            drafts += d if isinstance(d, list) else [d]  # (an incise inside a quotation parts its words in two)
    for rule in (unclaimed.labelled_lines, unclaimed.signed_paragraphs, unclaimed.captioned_quotes,
                 unclaimed.named_before_colon):
        drafts += _guarded(ctx, rule, doc, text, quotes, ctx.ents) or []
    drafts += _guarded(ctx, unclaimed.colon_speech, doc, text, quotes, L, drafts) or []
    drafts += _guarded(ctx, unclaimed.sums, doc, text, quotes, L) or []
    drafts += _guarded(ctx, unclaimed.quoted_complement, doc, text, quotes, L, drafts) or []
    drafts = _resolve_speakers(ctx, drafts, L)
    drafts = statements.without_asked_acts(doc, drafts)
    drafts = statements.without_summing_relatives(doc, statements.split_own_reports(doc, text, drafts))
    drafts += _guarded(ctx, unclaimed.continuations, doc, text, quotes, drafts, ctx.resolver) or []
    drafts += _guarded(ctx, unclaimed.continued_reports, doc, text, drafts, L) or []
    drafts = statements.after_dateline(drafts, ctx.dateline_end)
    drafts = statements.split_coordinated_clauses(doc, text, statements.dedupe(drafts), quotes, L)
    return statements.assemble(doc, text, drafts, quotes, L)


def _incise_subject(ctx: DocContext, d: Draft) -> bool:
    """The noun after the verb of an incise that closes a quotation speaks,
    whatever it is ("« ... », précisait le médian offensif"): the position
    says so, where elsewhere the noun itself must name someone."""
    tok = ctx.doc[d.speaker_tok] if d.speaker_tok is not None else None
    if tok is None or tok.pos_ not in ("NOUN", "PROPN"):
        return False
    # (so does the one after the verb of a relative summing up the clause
    # before: "..., ce que conteste le fisc"; and the subject of a report
    # closing a clause of its own: "Le match est reporté, a indiqué la
    # ligue", "The match was postponed, the league said")
    return (d.frame == "incise" and d.quote is not None or d.frame == "what-was-said") and tok.i > d.anchor \
        or d.frame in _CLOSING_REPORTS


# Frames whose cue closes the clause it reports, its subject beside it.
_CLOSING_REPORTS = ("comma-incise", "comma-said")


def _past_dateline(ctx: DocContext, d: Draft) -> int | None:
    """A dateline's place is where, not who ("(Montréal) Hydro-Québec a
    maintenu que ..." parsed with Montréal as the subject): the speaker is
    the first noun after the dateline, before the cue."""
    doc = ctx.doc
    tok = doc[d.speaker_tok]
    if tok.idx >= ctx.dateline_end:
        return d.speaker_tok
    # (the phrase the parse hung on the place: "New Delhi: Reserve Bank Governor Raghuram Rajan said")
    hung = next((c.i for c in tok.children if c.idx >= ctx.dateline_end and c.dep_ in ("appos", "flat", "flat:name")
                 and c.i < d.anchor), None)
    if hung is not None:
        return hung
    # (another subject the parse gave the cue: "New Delhi: Nearly 24 hours after polling ended, the
    # Election Commission announced")
    other = next((c.i for c in doc[d.anchor].children if c.dep_ in ("nsubj", "nsubj:pass") and c.i != tok.i
                  and c.idx >= ctx.dateline_end and c.i < d.anchor), None)
    if other is not None:
        return other
    return next((t.i for t in doc[d.speaker_tok:d.anchor] if t.idx >= ctx.dateline_end
                 and (t.pos_ in ("NOUN", "PROPN") or ctx.ents.at(t.i) is not None)), None)


def _one_person_speaking(ctx: DocContext, d: Draft, L: cues_mod.CueLexicon) -> bool:
    """The words said have "je" / "I" for a subject: one person's words."""
    span = ctx.doc.char_span(d.start, d.end, alignment_mode="expand")
    return span is not None and any(t.dep_.startswith("nsubj") and L.has("first_person_singular", t.lower_)
                                    for t in span)


def _guarded(ctx: DocContext, rule, *args, where: str = "", **kwargs):
    """One rule's failure on one article costs that rule's finding, not the
    article: it is kept as a warning on the record."""
    try:
        return rule(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - any bug in a rule, reported on the record
        ctx.warn(f"attribution.{rule.__name__}", exc, where)
        return None


def _resolve_speakers(ctx: DocContext, drafts: list[Draft], L: cues_mod.CueLexicon) -> list[Draft]:
    """Speakers in document order (the resolver remembers who spoke); a
    description that names nothing that can speak ("cet événement appelle
    à ...") makes no statement, and frees the quotation it took (a subject
    the parse misread leaves the quotation to the speaker before)."""
    kept: list[Draft] = []
    for d in sorted(drafts, key=lambda d: d.anchor):
        if d.follows:
            # the speaker just before, else whom the sentences before are about
            before = next((k for k in reversed(kept) if k.speaker is not None), None)
            near = before is not None and before.anchor >= ctx.resolver.sentence_back(ctx.doc[d.anchor], 3)
            d.speaker = before.speaker if near else ctx.resolver.unexpressed(ctx.doc[d.anchor])
            if d.speaker is None:
                if d.quote is not None:
                    ctx.quotes.release(d.quote)
                continue
            d.given = True
        elif d.given and d.speaker is not None and d.speaker.entity is not None:
            ctx.resolver.heard(d.speaker)
        if not d.given and d.speaker_tok is not None:
            d.speaker_tok = _past_dateline(ctx, d)
            if d.speaker_tok is None:
                continue
            one_person = _one_person_speaking(ctx, d, L)
            d.speaker = _guarded(ctx, ctx.resolver.resolve, ctx.doc[d.speaker_tok], d.speaker_span,
                                 kind="person" if one_person else "",
                                 where=f"speaker at {ctx.doc[d.speaker_tok].idx}")
            if one_person and d.speaker is not None and d.speaker.entity:
                ctx.first_person_speakers.add(d.speaker.entity)
            if d.speaker is None:
                continue
            if d.speaker.pronoun and d.speaker.entity is None:
                anchor = ctx.doc[d.anchor]  # (an infinitive of its own: not "did not deny")
                if "Inf" in anchor.morph.get("VerbForm") and not subjects.own_finite(anchor):
                    continue  # "il appartient au gouvernement d'estimer ...": nobody's words
                d.speaker = None
        # ("les hôteliers, pour qui ...": a relative pronoun after a
        # preposition stands for someone, whatever the noun)
        if d.speaker is None or d.speaker.entity or d.speaker.animate or d.frame == "marker-relative" \
                or _incise_subject(ctx, d):
            kept.append(d)
        elif d.quote is not None:
            ctx.quotes.release(d.quote)
    return kept
