"""depeche: news articles in, attributed knowledge out.

    >>> import depeche
    >>> rec = depeche.extract("Selon l'AFP, le ministre a démissionné.")
    >>> rec["statements"][0]["speaker_text"]
    'AFP'
"""
from __future__ import annotations

__version__ = "0.1.0"

# The stage package `depeche.extract` is imported first, so that the function
# below, not the package, is what `depeche.extract` names afterwards (importing
# a subpackage later would otherwise rebind the name to the module).
from . import extract as _stages  # noqa: E402,F401


def extract(article, lang: str | None = None) -> dict:
    """One article (its text, or a dict with at least "text") -> its record as a dict.

    The record follows spec/RECORD.md; an article that cannot be processed
    gives {"id": ..., "error": ...}.
    """
    from .pipeline import process
    from .record import Article

    if isinstance(article, str):
        article = Article(text=article, lang=lang)
    elif isinstance(article, dict):
        fields = {k: article.get(k) for k in ("id", "lang", "title", "published", "url")}
        if lang:
            fields["lang"] = lang
        article = Article(text=article.get("text") or "", **fields)
    return next(process([article]))
