"""RSS and Atom feeds: one article per entry, by feedparser."""
from __future__ import annotations

import codecs
import io
import re
import time
from collections.abc import Iterator
from html.parser import HTMLParser

from depeche.record import Article, ErrorRecord

from .common import EMPTY, content_id, error, normalise_newlines

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def looks_like_feed(head: bytes) -> bool:
    """Whether a document starting with these bytes is an RSS/Atom feed."""
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if not head.startswith(b"<"):
        return False
    m = _FEED_ROOT.search(head[:4096])
    if not m:
        return False
    # an XHTML page may quote a feed; a feed's root comes before any <html
    html = re.search(rb"<html[\s>]", head[:4096], re.IGNORECASE)
    return html is None or html.start() > m.start()


def iter_feed(data: bytes, origin: str) -> Iterator[Article | ErrorRecord]:
    """One item per entry; entry origins are "origin#n" (1-based)."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))  # never a str: feedparser would fetch URLs
    entries = parsed.get("entries") or []
    # feedparser reads what it can of a broken feed, and says why it is broken
    broken = _reason(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    if not entries:
        yield error(f"invalid feed: {broken}" if broken else "no entries in feed", origin)
        return
    for n, entry in enumerate(entries, 1):
        try:
            item = _article(entry, f"{origin}#{n}")
            if isinstance(item, ErrorRecord) and item.error == EMPTY and broken:
                item.error = f"invalid feed: {broken}"  # an entry cut short, most likely
            yield item
        except Exception as exc:  # an odd entry must not stop the feed
            yield error(f"cannot read feed entry: {exc}", f"{origin}#{n}")


def entry_article(entry, origin: str) -> Article | ErrorRecord:
    """One parsed feedparser entry as an article (for callers that parse feeds themselves)."""
    return _article(entry, origin)


def broken_reason(exc: object) -> str:
    """Why feedparser found a feed broken, in one line."""
    return _reason(exc)


def _reason(exc: object) -> str:
    if exc is None:
        return "not well-formed"
    message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
    return (message.splitlines() or ["not well-formed"])[0]


def _article(entry, origin: str) -> Article | ErrorRecord:
    link = _opt(entry.get("link"))
    given_id = _opt(entry.get("id")) or link
    text = normalise_newlines(_entry_text(entry))
    if not text.strip():
        return error(EMPTY, origin, given_id)
    title = entry.get("title")
    if title and "html" in (entry.get("title_detail") or {}).get("type", ""):
        title = html_to_text(title)
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return Article(
        text=text,
        id=given_id or content_id(text),
        title=_opt(title),
        published=time.strftime("%Y-%m-%d", stamp) if stamp else None,
        url=link,
        origin=origin,
    )


def _entry_text(entry) -> str:
    """The entry's fullest body: its content, else its summary, as plain text."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    if not any(v.strip() for v, _ in candidates):
        detail = entry.get("summary_detail") or {}
        candidates = [(entry.get("summary") or "", detail.get("type") or "text/html")]
    value, kind = max(candidates, key=lambda c: len(c[0]))
    if "html" in kind or re.search(r"<[a-zA-Z/][^>]*>", value):
        return html_to_text(value)
    return value.strip()


def _opt(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


# --- HTML fragments to text ---------------------------------------------------------------

_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol",
    "p", "pre", "section", "table", "td", "th", "tr", "ul",
}
_SPACES = re.compile(r"[ \t\r\f\v\n]+")
_SKIP = {"script", "style", "noscript", "template", "head", "title"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(_SPACES.sub(" ", data))  # source line breaks are spaces




def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment: one line per paragraph or block, spaces collapsed."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    lines = (re.sub(" {2,}", " ", line).strip(" ") for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
