"""Quotation spans in a text, in every style news uses.

« … » with or without inner spaces, “ … ”, „ … “, ‹ … ›, straight "…", two
apostrophes as a quotation mark (''…'' or ‘’…’’, a house style), quotes
nested inside quotes, and a quote that runs over several paragraphs: a
paragraph ends with no closing mark and the next one opens with a mark again
(each paragraph is then a quotation of its own, as annotators count them) or
goes on to the closing mark (one quotation). Only outermost quotes are
returned; inner ones are part of their content. `QuoteIndex` answers "which
quotation holds this character" and remembers which quotations a statement
has claimed.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_PAIRS = {"«": "»", "“": "”", "„": "“", "‹": "›", "‚": "‘"}
_CLOSERS = {"»", "”", "›", "″"}  # (a double prime closes a quote in some wire copy: "d'ici à 2030″")
_STRAIGHT = '"'
_SPACE = " \t"
# Two apostrophes, straight or curly ('' ‘’ ’’), stand for one straight double
# quote; tried before a single mark.
_DOUBLE_APOSTROPHES = ("''", "‘’", "’’", "‘‘")
_MARKS = re.compile("|".join(_DOUBLE_APOSTROPHES) + "|["
                    + re.escape("".join(_PAIRS) + "".join(_CLOSERS) + _STRAIGHT + "“") + "]")
MARKS = frozenset("«»“”„‹›\"")


@dataclass(eq=False)
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
    carry: tuple[int, str, int, int] | None = None  # (opener offset, closer, paragraphs so far, mark length)
    paragraphs = text.split("\n")
    base = 0
    for n, para in enumerate(paragraphs):
        stack: list[tuple[int, str, int]] = []  # (offset of opening mark, expected closer, its length)
        i, paras = 0, 1
        if carry is not None:
            # The paragraph re-opens the running quote with an opening mark,
            # or goes on without one to the closing mark.
            opener_at, closer, paras, width = carry
            lead = len(para) - len(para.lstrip(_SPACE))
            reopened = para[lead:lead + 1] in _PAIRS or _opens(para[lead:])
            i = lead + (2 if para[lead:lead + 2] in _DOUBLE_APOSTROPHES else 1) if reopened else lead
            stack.append((opener_at, closer, width))
            paras += 1
            carry = None
        inner = None  # (open, width, close, closer width) of the last quotation closed inside the open one
        for m in _MARKS.finditer(para, i):
            i = m.start()
            mark = m.group()
            ch = _STRAIGHT if mark in _DOUBLE_APOSTROPHES else mark
            # (a curly closing mark closes a straight opening one, typed in a hurry:
            # "maîtrisée et sous contrôle”)
            # (and an opening mark the paragraph ends on closes the one open:
            # "s'il applique la constitution ? «")
            if stack and (ch == stack[-1][1] or (ch in _CLOSERS and stack[-1][1] in _CLOSERS)
                          or ch == "”" and stack[-1][1] == _STRAIGHT
                          or ch == "«" and stack[-1][1] == "»" and not para[m.end():].strip()):
                opener_at, _, width = stack.pop()
                if not stack:
                    quotes.append(_make(text, opener_at, width, base + m.end(), len(mark), paras))
                    paras = 1
                elif len(stack) == 1:
                    inner = (opener_at, width, base + m.end(), len(mark))
            elif ch in _PAIRS or ch == _STRAIGHT:
                stack.append((base + i, _PAIRS.get(ch, _STRAIGHT), len(mark)))
            elif not stack and _closer_as_opener(para, i):
                stack.append((base + i, "”", len(mark)))
        if len(stack) == 1 and inner is not None and _incise_after(para, inner[2] - base, inner[3]):
            # « A. « B », a indiqué X: a quotation left open when the next one
            # opened, that one closed before the narrator's incise; the first
            # closing mark was forgotten, no quotation is inside another
            opener_at, _, width = stack.pop()
            quotes.append(_make(text, opener_at, width, inner[0], 0, paras))
            quotes.append(_make(text, *inner, 1))
        if len(stack) == 2 and stack[0][1] in _CLOSERS and stack[1][1] == _STRAIGHT \
                and not _MARKS.search(para, stack[1][0] - base + 1):
            # « ... pas" souhaite X: a straight mark, the last of the paragraph,
            # closes the guillemet open (no inner quotation opens unclosed)
            closing_at = stack[1][0]
            opener_at, _, width = stack[0]
            quotes.append(_make(text, opener_at, width, closing_at + 1, 1, paras))
            stack = []
        if stack:
            opener_at, closer, width = stack[0]
            # (the next paragraph with words: a blank line may part them)
            nxt = next((p.lstrip(_SPACE) for p in paragraphs[n + 1:] if p.strip()), "")
            if paragraphs[n + 1:n + 2] == [""] and not _closed_first(nxt, closer):
                nxt = ""  # (across a blank line, only a quote that closes there runs on)
            reopened = nxt[:1] in _PAIRS or nxt[:1] in (_STRAIGHT, "'") and closer == _STRAIGHT and _opens(nxt)
            if _closed_first(nxt, closer) and not reopened:
                carry = (opener_at, closer, paras, width)
            elif reopened or closer != _STRAIGHT:
                # Never closed, or re-opened by the next paragraph (each paragraph
                # of a long quotation opens with a mark, only the last closes):
                # the quote runs to the end of its paragraph; a re-opened one
                # goes on in a quotation of its own, the same speaker's words.
                quotes.append(_make(text, opener_at, width, base + len(para), 0, paras))
        base += len(para) + 1
    return _with_single_quoted(text, quotes)


# A single mark opening a quotation: at a line's start or after a space or a
# bracket, a word right after it (an apostrophe inside a word has letters on
# both sides: "it's", "l'État").
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–]))['‘](?=[^\W_])", re.M)
# One closing it: after the quoted words' own punctuation ("history,' said"),
# or after a word and before the sentence's ("a 'disgrace'."); not a plural's
# apostrophe before a noun ("analysts' estimate").
_CURLY_CLOSE = re.compile(r"(?<=[^\W_])’(?=\s|$)", re.M)
_SINGLE_CLOSE = re.compile(r"(?<=[,.!?…])['’](?=\s|$|[)\]—–])|(?<=[^\W_])['’](?=[,.;:!?)])", re.M)


def _with_single_quoted(text: str, quotes: list[Quote]) -> list[Quote]:
    """Quotations in single marks ('We are thrilled,' said X), the house style
    of some newspapers, outside the double-marked ones; each closes in its
    own paragraph, or runs to its end when the next paragraph re-opens it."""
    taken = [(q.open, q.close) for q in quotes]
    found: list[Quote] = []
    closers = [m.start() for m in _SINGLE_CLOSE.finditer(text)]
    # (after a curly opening mark, never an apostrophe, a curly closing one
    # before a space closes it too: "ordered him to ‘stop talking’ during")
    curly = [m.start() for m in _CURLY_CLOSE.finditer(text)]
    after = -1
    for m in _SINGLE_OPEN.finditer(text):
        at = m.start()
        if at < after or any(a <= at < b for a, b in taken):
            continue
        line_end = text.find("\n", at)
        line_end = len(text) if line_end < 0 else line_end
        ends = sorted(closers + curly) if text[at] == "‘" else closers
        close = next((c for c in ends if at + 1 < c < line_end), None)
        if close is None and _reopened_next(text, line_end, text[at]):
            # 'We are devastated. ...↵'We have to be realistic ...': the English
            # convention of a quotation running on, each paragraph re-opened and
            # only the last closed; each paragraph is a quotation of its own
            # (the paragraphs after the first continue the same speaker's words)
            if not any(at < a < line_end for a, _ in taken):
                found.append(_make(text, at, 1, line_end, 0, 1))
                after = line_end
            continue
        if close is None or any(at < a < close + 1 for a, _ in taken):
            continue
        found.append(_make(text, at, 1, close + 1, 1, 1))
        after = close + 1
    return sorted(quotes + found, key=lambda q: q.open) if found else quotes


def _reopened_next(text: str, line_end: int, mark: str) -> bool:
    """The next paragraph with words opens with the same single mark."""
    rest = text[line_end:].lstrip()
    return rest[:1] == mark and _SINGLE_OPEN.match(rest) is not None


def _incise_after(para: str, close: int, closer_width: int) -> bool:
    """The narrator's words follow a quotation that closes at `close`: after
    a comma ("« B », a indiqué X") or with the comma inside the marks (“B,”
    the mayor said)."""
    rest = para[close:].strip(_SPACE)
    return rest[:1] == "," or para[close - closer_width - 1:close - closer_width] == "," and rest[:1].isalpha()


def _closed_first(para: str, closer: str) -> bool:
    """The next paragraph's first quotation mark closes the running quote
    ("« ... rapidement.↵Il faut que les autres suivent. »"): the quotation
    runs over it, though it was not re-opened."""
    if closer == _STRAIGHT:
        return False  # (a straight mark could as well open a new one)
    first = _MARKS.search(para)
    return first is not None and first.group() == closer


def _closer_as_opener(para: str, i: int) -> bool:
    """A closing mark typed where a quotation opens (" ”Le rôle de la science
    ...”"): nothing open, a space or the paragraph start before it, a word
    right after it."""
    return para[i] == "”" and (i == 0 or para[i - 1] in _SPACE + "(") and i + 1 < len(para) and para[i + 1].isalnum()


def _opens(para: str) -> bool:
    return para[:1] == _STRAIGHT or para[:2] in _DOUBLE_APOSTROPHES


def _make(text: str, opener_at: int, width: int, close: int, closer_width: int, paragraphs: int) -> Quote:
    start = opener_at + width
    end = close - closer_width
    while start < end and text[start] in _SPACE:
        start += 1
    # "...much worse," she said: the comma before the closing mark belongs
    # to the reporting sentence, not to the quoted words.
    while end > start and text[end - 1] in _SPACE + ",":
        end -= 1
    return Quote(open=opener_at, close=close, start=start, end=end, paragraphs=paragraphs)


@dataclass
class QuoteIndex:
    """The quotations of one article, in text order, and which are claimed."""

    quotes: list[Quote]
    claimed: set[int] = field(default_factory=set)  # id() of quotations a statement took

    def __post_init__(self) -> None:
        self._opens = [q.open for q in self.quotes]

    @classmethod
    def of(cls, text: str) -> "QuoteIndex":
        return cls(find(text))

    def at(self, char: int) -> Quote | None:
        """The quotation whose marks enclose `char`, if any."""
        k = bisect.bisect_right(self._opens, char) - 1
        if k >= 0 and self.quotes[k].open <= char < self.quotes[k].close:
            return self.quotes[k]
        return None

    def inside(self, char: int) -> bool:
        """Whether `char` is inside a quotation's words."""
        q = self.at(char)
        return q is not None and q.start <= char < q.end

    def is_claimed(self, q: Quote) -> bool:
        return id(q) in self.claimed

    def claim(self, q: Quote) -> None:
        self.claimed.add(id(q))

    def release(self, q: Quote) -> None:
        self.claimed.discard(id(q))

    def after(self, char: int) -> list[Quote]:
        """Quotations opening at or after `char`, in order."""
        return self.quotes[bisect.bisect_left(self._opens, char):]

    def before(self, char: int) -> list[Quote]:
        """Quotations closing at or before `char`, nearest first."""
        k = bisect.bisect_right(self._opens, char)
        return [q for q in reversed(self.quotes[:k]) if q.close <= char]
