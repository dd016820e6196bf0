"""A feed's entries, and each new entry as an article: its page read when
the page gives text, the entry itself when not."""
from __future__ import annotations

import io
import time
from dataclasses import replace

from depeche.read.feed import broken_reason, entry_article, html_to_text
from depeche.read.html import read_html
from depeche.record import Article, ErrorRecord

from .fetch import Fetcher


class FeedError(Exception):
    pass


class EntryError(Exception):
    pass


def parse(body: bytes) -> tuple[list, float | None]:
    """The feed's entries and its `<ttl>` in seconds (None without one); an
    empty feed is no error, a broken one without any readable entry is."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(body))  # bytes, never a str: feedparser would fetch URLs
    entries = list(parsed.get("entries") or [])
    if not entries and parsed.get("bozo"):
        raise FeedError(f"malformed feed: {broken_reason(parsed.get('bozo_exception'))}")
    return entries, _ttl((parsed.get("feed") or {}).get("ttl"))


def _ttl(value) -> float | None:
    # RSS 2.0: minutes the channel may be cached before it is asked again
    try:
        minutes = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return minutes * 60 if minutes > 0 else None


def key(entry) -> str | None:
    """What identifies an entry across polls: its link, else its id."""
    from .seen import normalise

    link = (entry.get("link") or "").strip()
    if link:
        return normalise(link)
    return (entry.get("id") or "").strip() or None


def version(entry) -> str | None:
    """The entry's date of last change, as the feed writes it."""
    # ("in" first: feedparser warns when `updated` is read from a feed that has only `published`)
    changed = entry.get("updated") if "updated" in entry else entry.get("published")
    return (changed or "").strip() or None


def article(entry, entry_key: str, fetcher: Fetcher) -> Article:
    """The entry's article, its id the entry's key (so that a changed page
    replaces the stored version). Raises FetchError or EntryError."""
    from_feed = entry_article(entry, entry_key)
    link = (entry.get("link") or "").strip()
    page_read = None
    if link:
        page = fetcher.get(link)
        page_read = read_html(page.body, origin=link)
    if isinstance(page_read, Article):
        return _completed(page_read, entry, entry_key, link)
    if isinstance(from_feed, Article):
        return replace(from_feed, id=entry_key, origin=link or entry_key)
    reasons = [r.error for r in (page_read, from_feed) if isinstance(r, ErrorRecord)]
    raise EntryError("; ".join(dict.fromkeys(reasons)) or "no text")


def _completed(page: Article, entry, entry_key: str, link: str) -> Article:
    """The page's article, with what the feed says where the page says nothing."""
    title, published = _entry_meta(entry)
    return replace(page, id=entry_key, title=page.title or title, published=page.published or published,
                   url=page.url or link)


def _entry_meta(entry) -> tuple[str | None, str | None]:
    title = (entry.get("title") or "").strip()
    if title and "html" in (entry.get("title_detail") or {}).get("type", ""):
        title = html_to_text(title)
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return title or None, (time.strftime("%Y-%m-%d", stamp) if stamp else None)
