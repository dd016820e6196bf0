"""Where a content begins and ends: trimming punctuation and lead words,
taking a dependency subtree as characters, clause and sentence bounds."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .. import cached
from ..quotes import MARKS, Quote, QuoteIndex
from .cues import CueLexicon

_EDGE_START = " ,;:—–-\n"
_EDGE_END = " ,;:.—–-\n"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Without edge punctuation and without a quotation mark left unbalanced
    at either edge."""
    while start < end and text[start] in _EDGE_START:
        start += 1
    while end > start and text[end - 1] in _EDGE_END:
        end -= 1
    seg = text[start:end]
    if seg[:1] in MARKS and _marks(seg) % 2 == 1:
        start += 1
    seg = text[start:end]
    if seg[-1:] in MARKS and _marks(seg) % 2 == 1:
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # "parle d'une « catastrophe »": a quotation opened inside closes right
    # after (past the period English puts inside: 'against "any escalation."').
    if _marks(text[start:end]) % 2 == 1:
        k = end
        while k < len(text) and text[k] in " .,!?" and k - end < 3:
            k += 1
        if k < len(text) and text[k] in "»”\"":
            end = k + 1
    return start, end


def _marks(s: str) -> int:
    return sum(1 for ch in s if ch in MARKS)


def chars(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Trimmed characters of tokens first..last (inclusive)."""
    return trim(cached.text(doc), doc[first].idx, doc[last].idx + len(doc[last].text))


def subtree(doc: Doc, head: Token, L: CueLexicon, keep_lead: bool = False) -> tuple[int, int]:
    """The characters of `head`'s subtree, without the complementizer or the
    "de" that introduces it ("a déclaré que ...", "a promis de ...")."""
    left, right = head.left_edge.i, head.right_edge.i
    que = next((c for c in head.children if c.dep_ == "mark" and c.i < head.i and L.has("complementizers", c.lower_)), None)
    if not keep_lead and que is not None:
        left = max(left, que.i)  # "affirme en outre que ...": the adverb the parse hung on the clause is the cue's
    while left <= right and (not keep_lead and left < head.i and L.has("content_lead", doc[left].lower_)
                             and doc[left].dep_ != "det"  # "que d'autres personnes": an article stays
                             or doc[left].is_punct and doc[left].text not in MARKS):
        left += 1
    return chars(doc, left, right)


def leading_quote(span: tuple[int, int], quotes: QuoteIndex) -> Quote | None:
    """ "a précisé que « personne ne sera laissé »": a content that opens with
    a quotation and ends with it is that quotation."""
    for q in quotes.after(span[0] - 3):
        if q.open > span[0] + 1:
            break
        if q.open >= span[0] - 2 and q.close >= span[1] - 1:
            return q
    return None


def clause_start(doc: Doc, i: int) -> int:
    """First word of the clause holding token i (after ; or :)."""
    s_start = cached.start(doc[i])
    j = i - 1
    while j > s_start and doc[j].text not in (";", ":"):
        j -= 1
    j = j + 1 if doc[j].text in (";", ":") else j
    while j < i and (doc[j].is_punct or doc[j].is_space):
        j += 1
    return j


def sentence_last(doc: Doc, i: int) -> int:
    """Last word of the sentence holding token i (before its final punctuation)."""
    end = cached.end(doc[i]) - 1
    # ("%" and "‰" are the figure's, not the sentence's punctuation)
    while end > i and (doc[end].is_punct and doc[end].text not in MARKS and doc[end].text not in ("%", "‰")
                       or doc[end].is_space):
        end -= 1
    return end


def clause_initial(doc: Doc, i: int) -> bool:
    """Token i opens its sentence or a clause after . ! ? ; : or a quotation mark."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0 or doc[i].is_sent_start:
        return True
    t = doc[j]
    return t.text in (".", "!", "?", ";", ":", "«", "“", "\"", "-", "—", "–") \
        or t.is_sent_start and t.pos_ in ("CCONJ", "ADV") \
        or t.pos_ in ("CCONJ", "SCONJ") and j > 0 and doc[j - 1].text == ","  # "…, car pour lui, « … »"


def sentence_before(doc: Doc, i: int, quotes: QuoteIndex) -> tuple[tuple[int, int], Quote | None] | None:
    """The sentence before token i's, as the content a later sentence sums up
    ("... . C'est ce qu'a affirmé X."): its characters, or the quotation it
    is when it is one. None when there is none, or a statement took it."""
    start = cached.start(doc[i])
    k = start - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 0 or "\n\n" in cached.text(doc)[doc[k].idx:doc[start].idx]:
        return None
    first = cached.start(doc[k])
    span = chars(doc, first, k)
    q = quotes.at(span[0]) or quotes.at(span[0] + 1)
    if q is not None and q.open <= span[0] + 1 and q.close >= span[1] - 1:
        return (None if quotes.is_claimed(q) else ((q.start, q.end), q))
    if any(quotes.is_claimed(x) for x in quotes.after(span[0]) if x.open < span[1]):
        return None
    return span, None
