"""Quotations no cue claimed, and whose they are.

- colon speech: "X raconte : « ... »", "X a réagi : « ... »", "Sara Novak
  was blunt: \"...\"": a clause whose verb is no cue announces a quotation
  with a colon; the clause's subject speaks;
- labelled lines: "James Whitfield, The Daily Courier: \"...\"", a line that
  opens with a person's name and a colon;
- named before a colon: "..., comme Rim Kefi, responsable syndicale : « ... »",
  a clause that ends on a person's name (and their apposition);
- signed paragraphs: a paragraph closed by "—Sonia Dridi, journaliste";
- captioned quotes: a paragraph that is one quotation, then a line that only
  names a person (a pulled quote and its caption);
- quoted complements: "La chaîne met « tout en œuvre pour ... »": a verb's
  quoted clause is its subject's words;
- sums: "... . C'est la remarque de Kareyce Fotso.": a sentence that names
  the one before as someone's words;
- continuations: a quotation standing as a sentence of its own, or following
  a statement's incise ("« A », a-t-il dit, « B »"), is most often by the
  speaker of the statement before it, as far back as the previous paragraph;
- continued reports: "X a précisé que A. Et que B.": a clause no cue claimed,
  opened by a conjunction and a complementizer, goes on with the report before.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .. import cached
from ...text import lower_key
from ..entities import EntityIndex
from ..quotes import Quote, QuoteIndex
from ..speakers import Speaker
from . import spans, subjects
from .cues import CueLexicon
from .draft import Draft

_DASH_ATTR = re.compile(r"(?:[—–]|\s-)\s*(?P<name>[A-ZÀ-Ý][^,\n—–]{1,60}?)(?:,\s*[^,\n]{1,80})?\s*$")
_MIN_WORDS = 4  # a shorter quotation is a term, a title or a slogan, not speech


def _after_a_colon(doc: Doc, text: str, quotes: QuoteIndex):
    """The unclaimed quotations of speech that a colon announces, each with
    the colon's character offset and token."""
    for q in quotes.quotes:
        if quotes.is_claimed(q) or not _clausal(doc, q):
            continue
        at = len(text[:q.open].rstrip(" ")) - 1
        if at < 0 or text[at] != ":":
            continue
        colon = doc.char_span(at, at + 1, alignment_mode="expand")
        if colon is not None and colon[0].i > 0:
            yield q, at, colon[0]


def colon_speech(doc: Doc, text: str, quotes: QuoteIndex, L: CueLexicon, found: list[Draft] = ()) -> list[Draft]:
    out = []
    for q, at, colon in _after_a_colon(doc, text, quotes):
        if any(d.start < at <= d.end + 1 for d in found):
            continue  # "pour X, le bilan reste positif : « … »": the words go on a statement, not its clause's subject
        verb = _clause_verb(doc, colon.i - 1, quotes)
        if verb is None:
            continue
        subj = subjects.subject(verb, L, quotes.inside)
        if subj is None or doc[subj].i > colon.i or doc[subj].pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        quotes.claim(q)
        out.append(Draft(frame="colon-speech", anchor=verb.i, start=q.start, end=q.end, stance="assert",
                         cue_text=":", cue_span=(at, at + 1), speaker_tok=subj,
                         quote=q, direct=True))
    return out


def quoted_complement(doc: Doc, text: str, quotes: QuoteIndex, L: CueLexicon,
                      found: list[Draft] = ()) -> list[Draft]:
    """ "La chaîne met « tout en œuvre pour assurer la sécurité de sa
    correspondante »": a quotation of a clause that a finite verb, no cue,
    takes right after it as its complement is its subject's words; unless it
    is part of what someone was already found to say ("a spokesperson said
    the United States remained \"committed to ...\"")."""
    out = []
    for q in quotes.quotes:
        if quotes.is_claimed(q) or not _clausal(doc, q) or q.paragraphs > 1:
            continue
        if any(d.start <= q.start and q.end <= d.end for d in found):
            continue
        mark = doc.char_span(q.open, q.open + 1, alignment_mode="expand")
        if mark is None or not len(mark) or mark[0].i == 0:
            continue
        verb = doc[mark[0].i - 1]
        if text[verb.idx + len(verb.text):q.open].strip() or verb.pos_ != "VERB" or "Fin" not in verb.morph.get("VerbForm") or quotes.inside(verb.idx):
            continue
        subj = next((c for c in verb.children if c.dep_ in ("nsubj",) and c.i < verb.i
                     and c.pos_ in ("NOUN", "PROPN")), None)
        if subj is None:
            continue
        quotes.claim(q)
        out.append(Draft(frame="quoted-complement", anchor=verb.i, start=q.start, end=q.end, stance="assert",
                         cue_text=verb.text, speaker_tok=subj.i, quote=q, direct=True))
    return out


def _clause_verb(doc: Doc, i: int, quotes: QuoteIndex):
    """The verb of the clause that ends at token i: the nearest verb before
    it in the sentence, not past a clause end, nor inside a quotation ("has
    called the sentence \"dangerous\":")."""
    first = cached.start(doc[i])
    for t in reversed(doc[first:i + 1]):
        if t.text in (";", "."):
            return None
        if (t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT" and t.pos_ == "ADJ") and not quotes.inside(t.idx):
            return t  # (a verb the tagger took for an adjective: "raconte")
    return None


def labelled_lines(doc: Doc, text: str, quotes: QuoteIndex, ents: EntityIndex) -> list[Draft]:
    """ "James Whitfield, The Daily Courier: \"...\"": a line opening with a
    person's name, perhaps an affiliation, then a colon and a quotation; or
    a line that is only that label, the quotation opening the next paragraph
    (the reactions after a match: "Mathieu Chabert (ACA)↵« On est très
    content ... »")."""
    out = []
    base = 0
    lines = text.split("\n")
    for n, line in enumerate(lines):
        label_end, q = _label_and_quote(line, base, lines[n + 1:], quotes)
        head = doc.char_span(base, base + label_end, alignment_mode="expand") if q is not None else None
        if q is not None and not quotes.is_claimed(q) and head is not None:
            eid = ents.at(head[0].i)
            name_end = head[0].i
            while name_end < head.end and ents.at(name_end) == eid:
                name_end += 1
            rest = text[doc[name_end - 1].idx + len(doc[name_end - 1].text):base + label_end].strip() if eid else ""
            if eid and ents.by_id[eid].type == "PER" and (not rest or rest[0] == "," or _bracketed(rest)):
                quotes.claim(q)
                out.append(Draft(frame="labelled-line", anchor=head[0].i, start=q.start, end=q.end,
                                 stance="assert", **_label_cue(line, base, label_end),
                                 speaker=Speaker(eid, ents.by_id[eid].name, head[0].i, sieve="name"),
                                 given=True, quote=q, direct=True))
        base += len(line) + 1
    return out


def _label_and_quote(line: str, base: int, after: list[str], quotes: QuoteIndex) -> tuple[int, Quote | None]:
    """Where a line's label ends and the quotation it introduces: after a
    colon on the line, or the whole short line when the next paragraph with
    words opens with a quotation."""
    colon = line.find(":")
    if 2 < colon < 90:
        q = next((q for q in quotes.after(base + colon) if q.open <= base + colon + 3), None)
        return colon, q
    label = line.rstrip()
    if not 2 < len(label) < 60 or label[-1] in ".!?»\"”":
        return 0, None
    skipped = 1
    for nxt in after:
        if nxt.strip():
            break
        skipped += len(nxt) + 1
    start = base + len(line) + skipped
    q = next((q for q in quotes.after(start) if q.open == start + len(nxt) - len(nxt.lstrip())), None) \
        if after else None
    return len(label), q


def _label_cue(line: str, base: int, label_end: int) -> dict:
    """The colon, or the whole label when it stands on a line of its own."""
    if line[label_end:label_end + 1] == ":":
        return {"cue_text": ":", "cue_span": (base + label_end, base + label_end + 1)}
    return {"cue_text": line[:label_end], "cue_span": (base, base + label_end)}


def _bracketed(rest: str) -> bool:
    """ "(ACA)", "(Troyes)": an affiliation in brackets closing the label."""
    return rest.startswith("(") and rest.endswith(")") and rest.count("(") == 1


def named_before_colon(doc: Doc, text: str, quotes: QuoteIndex, ents: EntityIndex) -> list[Draft]:
    """ "..., comme Rim Kefi, responsable syndicale : « ... »", "C'est le cas
    d'Adnene Belakhdher, fonctionnaire : « ... »": a clause that ends on a
    person's name, and perhaps the apposition that says who they are, gives
    the quotation after its colon to that person."""
    out = []
    for q, at, colon in _after_a_colon(doc, text, quotes):
        name = _person_closing_clause(doc, colon.i, ents)
        if name is None:
            continue
        eid = ents.at(name)
        quotes.claim(q)
        out.append(Draft(frame="named-before-colon", anchor=name, start=q.start, end=q.end, stance="assert",
                         cue_text=":", cue_span=(at, at + 1),
                         speaker=Speaker(eid, ents.by_id[eid].name, name, sieve="name"),
                         given=True, quote=q, direct=True))
    return out


_APPOSITION_MAX = 12  # tokens of a role after the name: "responsable syndicale des transports publics"


def _person_closing_clause(doc: Doc, colon: int, ents: EntityIndex) -> int | None:
    """The first token of the person's name the words before the colon end
    on, past an apposition with no verb; none when a verb comes between."""
    k = colon - 1
    first = cached.start(doc[colon])
    comma = None
    while k >= first and colon - k <= _APPOSITION_MAX + 1:
        t = doc[k]
        eid = ents.at(k)
        if eid is not None and ents.by_id[eid].type == "PER" and (comma is not None or k == colon - 1):
            while k > first and ents.at(k - 1) == eid:
                k -= 1
            return k
        if t.pos_ in ("VERB", "AUX") or t.text in (";", ".", "«", "»", '"', "“", "”") or t.is_space:
            return None
        if t.text == ",":
            if comma is not None:
                return None  # (two commas: a list or a clause, no single apposition)
            comma = k
        k -= 1
    return None


def signed_paragraphs(doc: Doc, text: str, quotes: QuoteIndex, ents: EntityIndex) -> list[Draft]:
    """A paragraph closed by "—Sonia Dridi, journaliste" or "\"...\" - Matthew
    Ingram" is their words."""
    out = []
    base = 0
    for para in text.split("\n"):
        m = _DASH_ATTR.search(para)
        if m and m.start() > 20:
            span = doc.char_span(base + m.start("name"), base + m.end("name"), alignment_mode="expand")
            eid = ents.at(span[0].i) if span is not None else None
            if eid and ents.by_id[eid].type == "PER" and all(ents.at(t.i) == eid for t in span):
                start, end = spans.trim(text, base, base + m.start())
                for q in quotes.quotes:
                    if q.open >= base and q.close <= base + m.start():
                        quotes.claim(q)
                out.append(Draft(frame="signed", anchor=span[0].i, start=start, end=end, stance="assert",
                                 cue_text="—", speaker=Speaker(eid, ents.by_id[eid].name, span[0].i, sieve="name"),
                                 given=True, direct=True))
        base += len(para) + 1
    return out


def captioned_quotes(doc: Doc, text: str, quotes: QuoteIndex, ents: EntityIndex) -> list[Draft]:
    """A paragraph that is one quotation, then a line that only names a
    person ("« Nous faisons tout ce qui est en notre pouvoir »" / "Alain
    Berset"): a pulled quote and its caption."""
    out = []
    for q in quotes.quotes:
        if quotes.is_claimed(q) or text[:q.open].rstrip(" ")[-1:] not in ("", "\n") \
                or text[q.close:].lstrip(" ")[:1] not in ("", "\n"):
            continue
        rest = text[q.close:]
        lead = len(rest) - len(rest.lstrip())
        line = rest[lead:].split("\n", 1)[0]
        name = line.split(",", 1)[0].strip()
        start = q.close + lead
        span = doc.char_span(start, start + len(name), alignment_mode="strict") if name else None
        eid = ents.at(span[0].i) if span is not None else None
        if eid is None or ents.by_id[eid].type != "PER" or not all(ents.at(t.i) == eid for t in span):
            continue
        quotes.claim(q)
        out.append(Draft(frame="signed", anchor=span[0].i, start=q.start, end=q.end, stance="assert",
                         cue_text="", speaker=Speaker(eid, ents.by_id[eid].name, span[0].i, sieve="name"),
                         given=True, quote=q, direct=True))
    return out


def continuations(doc: Doc, text: str, quotes: QuoteIndex, drafts: list[Draft], resolver) -> list[Draft]:
    """Quotations no cue claimed that go on the words of the statement before,
    or that follow a sentence about someone ("Le capitaine n'a pas
    tergiversé. « On a les boules ... »": that someone speaks)."""
    out = []
    spoken = sorted((d for d in drafts if d.speaker is not None and (d.speaker.entity or d.speaker.animate)),
                    key=lambda d: d.end)
    for q in quotes.quotes:
        if quotes.is_claimed(q) or any(d.start <= q.start and q.end <= d.end for d in drafts):
            continue  # (part of a statement's words already: "« Nous n'en sommes pas loin » du pic, a-t-il ajouté")
        prev = None
        for d in spoken:
            if d.end <= q.open or doc[d.anchor].idx < q.open:
                prev = d
        gap = text[max(prev.end, doc[prev.anchor].idx):q.open] if prev is not None else ""
        labelled = _after_topic_label(text, q)
        if (gap.count("\n") > 1 and not (labelled and _only_labels(gap))) \
                or "\n" in gap and gap[gap.rindex("\n") + 1:].strip():
            prev = None  # only as far back as the previous paragraph (or a topic line), and only to open the next one
        # (or a colon right after the words before: "pour X, le bilan reste positif : « … »")
        after_colon = prev is not None and text[prev.end:q.open].strip() == ":"
        if not _clausal(doc, q) and not (prev is not None and _after_incise(doc, text, q, prev)) \
                and not (after_colon and any(t.pos_ in ("VERB", "AUX") for t in doc.char_span(
                    q.start, q.end, alignment_mode="expand") or [])):
            continue  # (the rest of a split quotation need be no clause: "« … », a-t-il dit, « de passer à autre chose »")
        tok = doc.char_span(q.start, q.end, alignment_mode="expand")
        alone = _stands_alone(text, q)
        topic = _topic(doc, q, resolver) if alone and tok is not None else None
        if topic is not None and topic.entity is None and prev is not None and "\n" in text[doc[topic.head].idx:q.open]:
            # (across a paragraph break, only a person named there takes over from
            # the words before: "…, he added. After that, they should not drive.")
            topic = None
        introduced = _introduced_after(doc, q, resolver) if alone and topic is None else None
        if labelled and prev is None and tok is not None:
            topic = _interviewee(doc, tok[0], resolver)
        if introduced is not None:
            speaker, cue = introduced, ""  # a person named for the first time right after the words
        elif topic is not None and (prev is None or doc[topic.head].idx > prev.end and not _same(topic, prev.speaker)):
            speaker, cue = topic, ""
        elif prev is not None and (alone or _after_incise(doc, text, q, prev) or after_colon):
            speaker, cue = prev.speaker, prev.cue_text
        else:
            continue
        quotes.claim(q)
        out.append(Draft(frame="continuation", anchor=tok[0].i if tok is not None else prev.anchor,
                         start=q.start, end=q.end, stance="assert", cue_text=cue,
                         speaker=speaker, given=True, quote=q, direct=True))
        # (the next paragraph goes on from this one: "« A », dit X.↵« B »↵« C »";
        # the next extract, after its own topic line, too)
        spoken = sorted(spoken + [out[-1]], key=lambda d: d.end)
    return out


def continued_reports(doc: Doc, text: str, drafts: list[Draft], L: CueLexicon) -> list[Draft]:
    """ "X a précisé que les autorités n'avaient pas répondu. Et que par
    conséquent le préavis sera déposé lundi.": a sentence that opens on a
    conjunction and a complementizer, and reports nothing of its own, goes
    on with the indirect report that ends the sentence before it."""
    out: list[Draft] = []
    if not L.words.get("report_continuers"):
        return out
    reports = [d for d in drafts if d.speaker is not None and not d.direct and d.quote is None]
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if len(words) < 4 or not L.has("report_continuers", words[0].lower_) \
                or not L.has("complementizers", words[1].lower_) \
                or any(sent.start <= d.anchor < sent.end for d in drafts):
            continue
        before = [d for d in reports if d.end <= sent.start_char
                  and not text[d.end:sent.start_char].strip(" .!?»\"")]  # (the same paragraph, right before)
        if not before:
            continue
        prev = max(before, key=lambda d: d.end)
        end = words[-1].idx + len(words[-1]) if not words[-1].is_punct else words[-1].idx
        out.append(Draft(frame="continued-report", anchor=words[0].i, start=words[2].idx, end=end,
                         stance=prev.stance, cue_text=prev.cue_text, speaker=prev.speaker, given=True))
    return out


def sums(doc: Doc, text: str, quotes: QuoteIndex, L: CueLexicon) -> list[Draft]:
    """ "Les artistes marchent tête baissée. C'est la remarque de Kareyce
    Fotso.": an opener, a noun of words (statement_nouns), "de" and who
    said them; the sentence before is the content."""
    out = []
    nouns = L.words.get("statement_nouns", frozenset())
    openers = L.words.get("summary_openers", ())
    if not nouns or not openers:
        return out
    longest = max(len(o) for o in openers) + 1
    for sent in doc.sents:
        lead = lower_key(text[sent.start_char:sent.start_char + longest + 8])
        opener = next((o for o in openers if lead.startswith(o + " ")), None)
        if opener is None:
            continue
        head = next((t for t in sent[:6] if t.pos_ == "NOUN" and (t.lower_ in nouns or t.lemma_.lower() in nouns)), None)
        if head is None:
            continue
        who = next((c for c in head.children if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN", "PRON")
                    and any(g.dep_ == "case" for g in c.children) or c.dep_ == "nmod" and c.ent_type_), None)
        if who is None or any(t.pos_ in ("VERB",) for t in sent if t.i > head.i):
            continue
        before = spans.sentence_before(doc, sent.start, quotes)
        if before is None:
            continue
        (start, end), q = before
        if q is not None:
            quotes.claim(q)
        out.append(Draft(frame="sum", anchor=head.i, start=start, end=end, stance="assert",
                         cue_text=doc[sent.start:head.i + 1].text, speaker_tok=who.i, quote=q,
                         direct=q is not None))
    return out


def _topic(doc: Doc, q: Quote, resolver):
    """The person the sentence right before a quotation is about: the subject
    of its main verb, in the same paragraph."""
    first = doc.char_span(q.open, q.open + 1, alignment_mode="expand")
    if first is None or first[0].i == 0:
        return None
    j = first[0].i - 1
    while j > 0 and doc[j].is_space:
        j -= 1
    gap = cached.text(doc)[doc[j].idx + len(doc[j]):q.open]
    if "\n" in gap and (gap.strip() or doc[j].text not in (".", ":")):
        return None  # (a paragraph closed by a sentence about someone may be followed by their words)
    start = cached.start(doc[j])
    root = next((t for t in doc[start:j + 1] if t.head.i == t.i), None)
    subj = next((c for c in root.children if c.dep_ in subjects.SUBJECT_DEPS), None) if root is not None else None
    if subj is None:  # the parse missed the main verb ("a nuancé les chiffres" read as a noun phrase)
        subj = next((t for t in doc[start:j + 1] if t.dep_ in ("nsubj", "nsubj:pass")), None)
    if subj is None or subj.pos_ == "PRON" and not resolver.L.is_pronoun(subj):
        return None
    sp = resolver.resolve(subj, record=False)
    person = sp.entity is not None and resolver.ents.by_id[sp.entity].type == "PER" or sp.entity is None and sp.person
    # "la porte-parole de la fédération a nuancé ...": someone speaking for a body
    speaks_for = subj.pos_ == "NOUN" and resolver.L.kinds(subj) & {"spokesperson", "members"}
    return sp if person or speaks_for else None


def _after_topic_label(text: str, q: Quote) -> bool:
    """The quotation opens a paragraph after a line that only names a topic
    ("Sur la situation en Ukraine :"): extracts of an interview."""
    before = text[:q.open]
    if before.rstrip(" ") and not before.rstrip(" ").endswith("\n"):
        return False
    lines = [ln for ln in before.split("\n")[-4:] if ln.strip()]
    return bool(lines) and _is_label(lines[-1])


def _is_label(line: str) -> bool:
    line = line.strip()
    return line.endswith(":") and len(line) < 200 and not any(ch in line for ch in ".!?")


def _only_labels(gap: str) -> bool:
    """Between two quotations, only the end of the first one's paragraph and
    topic lines."""
    return all(_is_label(ln) for ln in gap.split("\n")[1:] if ln.strip())


def _interviewee(doc: Doc, tok, resolver):
    """Whom the sentences before interview extracts are about: a person; or
    the one person they name, whatever the parse made of the sentence."""
    sp = resolver.unexpressed(tok)
    if sp is not None and sp.entity is not None and resolver.ents.by_id[sp.entity].type == "PER":
        return sp
    limit = resolver.sentence_back(tok, 4)
    named = {m.entity: m for m in resolver.ents.mentions if limit <= m.start < tok.i and m.entity and not m.role
             and resolver.ents.by_id[m.entity].type == "PER"}
    if len(named) != 1:
        return None
    (m,) = named.values()
    return resolver.entity_speaker(m.entity, doc[m.start], "pronoun")


def _introduced_after(doc: Doc, q: Quote, resolver):
    """ "« C'est une catastrophe. » Jean Martin, boulanger à Lyon, ne décolère
    pas.": a person named for the first time as the subject of the sentence
    right after a quotation, in the same paragraph, said it."""
    after = doc.char_span(q.close - 1, q.close, alignment_mode="expand")
    if after is None or after[-1].i + 1 >= len(doc):
        return None
    k = after[-1].i + 1
    while k < len(doc) and (doc[k].is_punct or doc[k].is_space) and "\n" not in doc[k].text:
        k += 1
    if k >= len(doc) or "\n" in cached.text(doc)[q.close:doc[k].idx] or not doc[k].is_sent_start:
        return None
    m = next((m for m in resolver.ents.mentions if m.start == k and m.entity and not m.role), None)
    if m is None or resolver.ents.by_id[m.entity].type != "PER" or resolver.index.first_at.get(m.entity, -1) < q.close:
        return None
    head = doc[m.start:m.end].root
    if not head.dep_.startswith("nsubj") and head.head.i != head.i:
        return None
    return resolver.entity_speaker(m.entity, doc[m.start], "introduced-after")


def _same(a, b) -> bool:
    return b is not None and (a.entity is not None and a.entity == b.entity or a.entity is None and a.text == b.text)


def _clausal(doc: Doc, q: Quote) -> bool:
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if not t.is_punct and not t.is_space]
    # A sentence closed inside its marks is speech however short ("We will appeal.").
    text = cached.text(doc)  # (doc.text joins every token again at each call)
    whole = q.end > q.start and text[q.end - 1:q.close].strip()[:1] in (".", "!", "?") \
        or text[q.start:q.end].rstrip().endswith((".", "!", "?"))
    least = 2 if whole else _MIN_WORDS
    return len(words) >= least and any(t.pos_ in ("VERB", "AUX") for t in words)


def _stands_alone(text: str, q: Quote) -> bool:
    """The quote is a sentence of its own, or follows a colon, or opens its
    sentence after one linking word ("Mais « il reste des défis »")."""
    before = text[:q.open].rstrip(" ")
    if not before or before[-1] in ".!?:\n»”\"" or before.endswith(("...", "…")):
        return True
    head, _, word = before.rstrip(",").rpartition(" ")
    sentence_end = head.rstrip()[-1:] in (".", "!", "?", "»", "”", '"')
    return word.isalpha() and word[:1].isupper() and sentence_end


def _after_incise(doc: Doc, text: str, q: Quote, prev: Draft) -> bool:
    """ "« A », a-t-il dit, « B »", "\"A\", it added; and, later, \"B\"": the
    quotation follows the incise of the statement before it, with only
    a comma, a conjunction or an adverb between."""
    if prev.frame not in ("incise",) or prev.quote is None:
        return False
    between = text[prev.quote.close:q.open]
    if "\n" in between or not between.rstrip().endswith((",", ":")) or len(between) > 120 \
            or any(ch in between for ch in ".!?«»“”\""):
        return False
    after_cue = doc.char_span(doc[prev.anchor].idx, q.open, alignment_mode="contract")
    return after_cue is None or not any(t.pos_ in ("VERB", "AUX") and t.i != prev.anchor and t.head.i != prev.anchor
                                        for t in after_cue)
