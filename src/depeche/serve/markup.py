"""An article's text as HTML with its spans highlighted: entity mentions,
statements and their speakers, quantities, dates.

Spans overlap freely (a quantity inside a statement, a statement that starts
inside an entity mention), so the text is cut at every span boundary and the
spans are opened and closed as properly nested elements: when a span ends
while others opened after it are still open, those are closed and reopened
after it. A span may thus come out as several elements; each carries the
span's kind and key (data-kind, data-key) and its whole text (data-text), and
every element after the first says data-part="cont".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

# Among spans opening at the same offset, longer ones open first; at equal
# length, this order (outermost first).
_NESTING = {"statement": 0, "speaker": 1, "quantity": 2, "date": 3, "entity": 4}


@dataclass
class Span:
    start: int
    end: int
    kind: str
    key: str
    classes: str = ""
    attrs: dict[str, str] = field(default_factory=dict)


def _open(span: Span, text: str, cont: bool) -> str:
    attrs = {"class": f"hl hl-{span.kind} {span.classes}".strip(), "data-kind": span.kind, "data-key": span.key,
             "data-text": text[span.start:span.end], **span.attrs}
    if cont:
        attrs["data-part"] = "cont"
    else:
        attrs["id"] = f"{span.kind}-{span.key}"
    return "<span " + " ".join(f'{k}="{escape(str(v), quote=True)}"' for k, v in attrs.items()) + ">"


def highlight(text: str, spans: list[Span]) -> str:
    """`text` escaped, with `spans` (offsets into it) as nested <span>s."""
    n = len(text)
    spans = [s for s in spans if 0 <= s.start < s.end <= n]
    spans.sort(key=lambda s: (s.start, -(s.end - s.start), _NESTING.get(s.kind, 9), s.key))
    cuts = sorted({0, n} | {s.start for s in spans} | {s.end for s in spans})
    starts: dict[int, list[Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    out: list[str] = []
    stack: list[Span] = []
    opened: set[int] = set()  # ids of spans whose first element is out
    for a, b in zip(cuts, cuts[1:]):
        # Close what ends here; reopen what was closed only to let it end.
        ending = [s for s in stack if s.end <= a]
        if ending:
            depth = min(stack.index(s) for s in ending)
            reopen = [s for s in stack[depth:] if s.end > a]
            out.append("</span>" * (len(stack) - depth))
            del stack[depth:]
            for s in reopen:
                out.append(_open(s, text, cont=True))
                stack.append(s)
        for s in starts.get(a, []):
            out.append(_open(s, text, cont=id(s) in opened))
            opened.add(id(s))
            stack.append(s)
        out.append(escape(text[a:b], quote=False))
    out.append("</span>" * len(stack))
    return "".join(out)
