"""HTML pages: main text and metadata by trafilatura; the raw page is kept."""
from __future__ import annotations

import logging
import re
import unicodedata

from depeche.record import Article, ErrorRecord

from .common import EMPTY, NotText, content_id, decode, error, normalise_date, normalise_newlines

NO_TEXT = "no article text found in HTML"


def read_html(data: bytes | str, origin: str) -> Article | ErrorRecord:
    """One article from an HTML page (bytes are decoded like any text input)."""
    if isinstance(data, bytes):
        try:
            page = decode(data, declared=_declared_charset(data))
        except NotText as exc:
            return error(str(exc), origin)
    else:
        page = data
    if not page.strip():
        return error(EMPTY, origin)
    doc = _extract(page)
    text = normalise_newlines(doc.text or "") if doc is not None else ""
    if not text.strip():
        title, text = _paragraphs(page)
        if not text.strip():
            return error(NO_TEXT, origin)
        return Article(text=text, id=content_id(text), title=title, origin=origin, html=page)
    return Article(
        text=text,
        id=content_id(text),
        title=_clean(doc.title),
        published=normalise_date(doc.date),
        url=_clean(doc.url),
        origin=origin,
        html=page,
    )


_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")
_NOISE = ("script", "style", "nav", "footer", "header", "aside", "form", "noscript")


def _paragraphs(page: str) -> tuple[str | None, str]:
    """The page's title and paragraphs when trafilatura finds no article:
    markup nested deeper than its parser reads (lxml stops at 256 levels
    unless told otherwise) still holds text worth extracting."""
    import lxml.html

    try:
        root = lxml.html.fromstring(page, parser=lxml.html.HTMLParser(huge_tree=True))
    except Exception:  # noqa: BLE001 - not HTML at all: no text
        return None, ""
    title = _clean(root.findtext(".//title"))
    for bad in root.xpath("|".join(f"//{t}" for t in _NOISE + ("head",))):
        bad.drop_tree()
    blocks = [" ".join(el.text_content().split()) for el in root.iter(*_BLOCKS)]
    text = "\n".join(b for b in blocks if b) or " ".join(root.text_content().split())
    return title, unicodedata.normalize("NFC", text)


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first kilobytes, if any."""
    m = _CHARSET.search(data[:4096])
    return m[1].decode("ascii") if m else None


def _extract(page: str):
    import trafilatura  # slow to import: only when a page comes

    # trafilatura logs a warning for every page it cannot use; the error record says it
    logger = logging.getLogger("trafilatura")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        doc = trafilatura.bare_extraction(
            page,
            include_comments=False,
            with_metadata=True,
        )
    except Exception:  # trafilatura on hostile markup: no text rather than a crash
        return None
    finally:
        logger.setLevel(level)
    if doc is not None and doc.text:
        # what trafilatura.extract(output_format="txt") returns
        doc.text = unicodedata.normalize("NFC", doc.text)
    return doc


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None
