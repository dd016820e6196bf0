"""One poll: every source once, its new entries read, extracted and stored.
Every failure stays with its source or its entry; the others go on."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from depeche.read.feed import looks_like_feed

from . import entries, seen
from .fetch import Fetcher, FetchError, Page
from .sources import feed_links


@dataclass
class Tally:
    sources: int = 0
    new: int = 0
    stored: int = 0
    errors: int = 0
    failed_sources: int = 0


def poll(con, urls: list[str], fetcher: Fetcher, report: Callable[[str], None]) -> Tally:
    tally = Tally()
    for url in urls:
        tally.sources += 1
        try:
            _poll_source(con, url, fetcher, tally, report)
        except (FetchError, entries.FeedError) as exc:
            _failed(tally, report, url, str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug met on one source must not stop the others
            _failed(tally, report, url, f"{type(exc).__name__}: {exc}")
    return tally


def _failed(tally: Tally, report, url: str, why: str) -> None:
    tally.errors += 1
    tally.failed_sources += 1
    report(f"{url}: {why}")


def _poll_source(con, url: str, fetcher: Fetcher, tally: Tally, report) -> None:
    found = _feed(con, url, fetcher)
    if found is None:
        return  # not modified since the last poll
    feed_url, page = found
    articles = []
    for entry in entries.parse(page.body):
        item = _new_article(con, entry, feed_url, fetcher, tally, report)
        if item is not None:
            articles.append(item)
    if articles:
        _store(con, articles, feed_url, tally, report)
    # only now: had the poll stopped earlier, a 304 would have hidden the entries left
    seen.remember_validators(con, feed_url, page.etag, page.last_modified)


def _feed(con, url: str, fetcher: Fetcher) -> tuple[str, Page] | None:
    """The source's feed: the source itself, or the first feed its page announces."""
    page = _conditional_get(con, url, fetcher)
    if page is None or looks_like_feed(page.body[:4096]):
        return (url, page) if page is not None else None
    links = feed_links(page.body, page.url)
    if not links:
        raise entries.FeedError("neither a feed nor a page announcing one")
    page = _conditional_get(con, links[0], fetcher)
    return (links[0], page) if page is not None else None


def _conditional_get(con, url: str, fetcher: Fetcher) -> Page | None:
    etag, modified = seen.validators(con, url)
    page = fetcher.get(url, etag=etag, last_modified=modified)
    return None if page.not_modified else page


def _new_article(con, entry, feed_url: str, fetcher: Fetcher, tally: Tally, report):
    entry_key = entries.key(entry)
    if entry_key is None or seen.is_seen(con, entry_key):
        return None
    tally.new += 1
    try:
        return entries.article(entry, entry_key, fetcher)
    except (FetchError, entries.EntryError) as exc:
        tally.errors += 1
        report(f"{entry.get('link') or entry_key}: {exc}")
        # a passing failure is tried again at the next poll; the others are not
        if not getattr(exc, "retry", False):
            seen.mark_seen(con, entry_key, feed_url, str(exc))
        return None


def _store(con, articles: list, feed_url: str, tally: Tally, report) -> None:
    from depeche import store
    from depeche.pipeline import process

    stats = store.ingest(con, process(articles), workers=0)
    rejected = {str(who): why for who, why in stats.errors}
    for who, why in rejected.items():
        tally.errors += 1
        report(f"{who}: {why}")
    tally.stored += stats.added + stats.updated
    for article in articles:
        seen.mark_seen(con, article.id, feed_url, rejected.get(article.id, "stored"))
