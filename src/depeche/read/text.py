"""Plain-text articles: the whole input is the article body."""
from __future__ import annotations

from depeche.record import Article, ErrorRecord

from .common import EMPTY, NotText, content_id, decode, error, normalise_newlines


def read_text(data: bytes, origin: str) -> Article | ErrorRecord:
    """One article from the bytes of a text file."""
    try:
        text = decode(data)
    except NotText as exc:
        return error(str(exc), origin)
    return article_from_text(text, origin)


def article_from_text(text: str, origin: str) -> Article | ErrorRecord:
    text = normalise_newlines(text)
    if not text.strip():
        return error(EMPTY, origin)
    return Article(text=text, id=content_id(text), origin=origin)
