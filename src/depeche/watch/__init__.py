"""`depeche watch`: follow RSS/Atom feeds and store their new articles.

    sources.py  what to follow (URLs, lists of them, feeds a page announces)
    fetch.py    polite, bounded HTTP
    entries.py  a feed's entries, each as an article
    seen.py     what is remembered in the base between polls
    poll.py     one poll of a source: its new entries fetched, extracted, stored a chunk at a time
    schedule.py when a source is due again (ttl, Cache-Control, backoff, jitter)
    health.py   each source's health, kept in the base (watch --status, /sources)
    loop.py     following the sources for as long as it runs (watch, serve --watch)
"""
from __future__ import annotations

from .fetch import Fetcher, FetchError, Limits
from .poll import Tally, poll
from .sources import SourceError, expand

__all__ = ["Fetcher", "FetchError", "Limits", "Tally", "poll", "SourceError", "expand"]
