"""Quotation spans in a text, in every style news uses.

« … » with or without inner spaces, “ … ”, „ … “, ‹ … ›, straight "…", quotes
nested inside quotes, and the French convention of a quote that runs over
several paragraphs: a paragraph ends with no closing mark and the next one
opens with « again. Only outermost quotes are returned; inner ones are part
of their content.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_PAIRS = {"«": "»", "“": "”", "„": "“", "‹": "›", "‚": "‘"}
_CLOSERS = {"»", "”", "›"}
_STRAIGHT = '"'
_SPACE = " \t"
_MARKS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSERS) + _STRAIGHT + "“") + "]")


@dataclass
class Quote:
    open: int  # offset of the opening mark
    close: int  # offset just past the closing mark (paragraph end if unclosed)
    start: int  # content start
    end: int  # content end
    paragraphs: int = 1

    def contains(self, a: int, b: int) -> bool:
        return self.start <= a and b <= self.end


def find(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    carry: tuple[int, str, int] | None = None  # (opener offset, closer, paragraphs so far)
    paragraphs = text.split("\n")
    base = 0
    for n, para in enumerate(paragraphs):
        stack: list[tuple[int, str]] = []  # (offset of opening mark, expected closer)
        i, paras = 0, 1
        if carry is not None:
            # The paragraph re-opens the running quote with an opening mark.
            opener_at, closer, paras = carry
            i = len(para) - len(para.lstrip(_SPACE)) + 1
            stack.append((opener_at, closer))
            paras += 1
            carry = None
        for m in _MARKS.finditer(para, i):
            i = m.start()
            ch = para[i]
            if stack and (ch == stack[-1][1] or (ch in _CLOSERS and stack[-1][1] in _CLOSERS)):
                opener_at, _ = stack.pop()
                if not stack:
                    quotes.append(_make(text, opener_at, base + i + 1, paras))
                    paras = 1
            elif ch in _PAIRS or ch == _STRAIGHT:
                stack.append((base + i, _PAIRS.get(ch, _STRAIGHT)))
        if stack:
            opener_at, closer = stack[0]
            nxt = paragraphs[n + 1].lstrip(_SPACE) if n + 1 < len(paragraphs) else ""
            if nxt[:1] in _PAIRS or nxt[:1] == _STRAIGHT and closer == _STRAIGHT:
                carry = (opener_at, closer, paras)
            elif closer != _STRAIGHT:
                # Never closed: the quote runs to the end of its paragraph.
                quotes.append(_make(text, opener_at, base + len(para), paras, closed=False))
        base += len(para) + 1
    return quotes


def _make(text: str, opener_at: int, close: int, paragraphs: int, closed: bool = True) -> Quote:
    start = opener_at + 1
    end = close - 1 if closed else close
    while start < end and text[start] in _SPACE:
        start += 1
    # "...much worse," she said: the comma before the closing mark belongs
    # to the reporting sentence, not to the quoted words.
    while end > start and text[end - 1] in _SPACE + ",":
        end -= 1
    return Quote(open=opener_at, close=close, start=start, end=end, paragraphs=paragraphs)
