"""A feed's entries, and each new entry as an article: its page read when
the page gives text, the entry itself when not."""
from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, replace

from depeche.read.feed import broken_reason, entry_article, html_to_text
from depeche.read.html import read_html
from depeche.record import Article, ErrorRecord

from .fetch import Fetcher


class FeedError(Exception):
    pass


class EntryError(Exception):
    pass


_SITEMAP_ROOT = re.compile(rb"<(?:\w+:)?(urlset|sitemapindex)[\s>]")


def is_sitemap(head: bytes) -> bool:
    """A sitemap (`<urlset>`, as news sites publish them) or a sitemap index."""
    return _SITEMAP_ROOT.search(head[:4096]) is not None


def parse(body: bytes) -> tuple[list, float | None]:
    """The feed's entries and its `<ttl>` in seconds (None without one); an
    empty feed is no error, a broken one without any readable entry is. A
    sitemap's pages are its entries (their `lastmod` their version)."""
    import feedparser

    if is_sitemap(body):
        return _sitemap_entries(body), None

    parsed = feedparser.parse(io.BytesIO(body))  # bytes, never a str: feedparser would fetch URLs
    entries = list(parsed.get("entries") or [])
    if not entries and parsed.get("bozo"):
        raise FeedError(f"malformed feed: {broken_reason(parsed.get('bozo_exception'))}")
    return entries, _ttl((parsed.get("feed") or {}).get("ttl"))


def _sitemap_entries(body: bytes) -> list[dict]:
    """ "<url><loc>…</loc><lastmod>…</lastmod></url>", with the news
    extension's title and publication date when given."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"malformed sitemap: {exc}") from None
    if etree.QName(root).localname == "sitemapindex":
        raise FeedError("a sitemap index, not a sitemap: give one of the sitemaps it lists")
    out = []
    for url in root:
        if not isinstance(url.tag, str) or etree.QName(url).localname != "url":
            continue
        found = {etree.QName(el).localname: (el.text or "").strip() for el in url.iter() if isinstance(el.tag, str)}
        if found.get("loc"):
            entry = {"link": found["loc"], "title": found.get("title") or ""}
            changed = found.get("lastmod") or found.get("publication_date")
            if changed:
                entry["updated"] = changed
            out.append(entry)
    return out


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


@dataclass
class Fetched:
    """An entry with its page fetched but not yet read: reading a page
    (trafilatura) is as much work as a few searches, so a server does it in
    its extraction workers, not in the process that answers requests."""

    id: str  # the entry's key: the article's id
    url: str  # the entry's link ('' without one)
    body: bytes | None  # the page
    from_feed: Article | ErrorRecord  # what the entry itself gives
    title: str | None
    published: str | None


def fetch(entry, entry_key: str, fetcher: Fetcher) -> Fetched:
    """The entry's page (raises FetchError), with what the feed says of it."""
    link = (entry.get("link") or "").strip()
    body = fetcher.get(link).body if link else None
    title, published = _entry_meta(entry)
    return Fetched(entry_key, link, body, entry_article(entry, entry_key), title, published)


def read(item: Fetched) -> Article | ErrorRecord:
    """The entry's article, its id the entry's key (so that a changed page
    replaces the stored version): its page read when the page gives text, the
    entry itself when not; an ErrorRecord saying why neither did."""
    page_read = read_html(item.body, origin=item.url) if item.body is not None else None
    if isinstance(page_read, Article):
        return replace(page_read, id=item.id, title=page_read.title or item.title,
                       published=page_read.published or item.published, url=page_read.url or item.url)
    if isinstance(item.from_feed, Article):
        return replace(item.from_feed, id=item.id, origin=item.url or item.id)
    reasons = [r.error for r in (page_read, item.from_feed) if isinstance(r, ErrorRecord)]
    return ErrorRecord(item.id, "; ".join(dict.fromkeys(reasons)) or "no text", item.url or item.id)


def readable(items: list) -> list:
    """Articles (and error records) from a mix of them and fetched entries."""
    return [read(x) if isinstance(x, Fetched) else x for x in items]


def article(entry, entry_key: str, fetcher: Fetcher) -> Article:
    """The entry's article, read here. Raises FetchError or EntryError."""
    found = read(fetch(entry, entry_key, fetcher))
    if isinstance(found, ErrorRecord):
        raise EntryError(found.error)
    return found


def _entry_meta(entry) -> tuple[str | None, str | None]:
    title = (entry.get("title") or "").strip()
    if title and "html" in (entry.get("title_detail") or {}).get("type", ""):
        title = html_to_text(title)
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return title or None, (time.strftime("%Y-%m-%d", stamp) if stamp else None)
