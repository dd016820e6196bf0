"""One poll of one source: its feed read, its new entries fetched, extracted
and stored. Every failure stays with its source or its entry; the others go on."""
from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import nullcontext
from dataclasses import dataclass, field

from depeche.read.feed import looks_like_feed

from . import entries, health, seen
from .fetch import Fetcher, FetchError, Page
from .sources import feed_links


@dataclass
class Tally:
    sources: int = 0
    new: int = 0
    stored: int = 0
    errors: int = 0
    failed_sources: int = 0

    def add(self, r: "Result") -> None:
        self.sources += 1
        self.new += r.fetched
        self.stored += r.stored
        self.errors += r.entry_errors + (r.status == "error")
        self.failed_sources += r.status == "error"


@dataclass
class Result:
    """What one poll of one source did."""

    source: str
    feed: str | None = None
    status: str = "ok"  # 'ok', 'not modified', 'partial' (some entries failed), 'error' (the feed did)
    error: str | None = None  # the source's error, else the last of its entries'
    entries: int | None = None  # in the feed, when it was read
    fetched: int = 0  # new entries taken
    stored: int = 0
    entry_errors: int = 0
    ttl: float | None = None
    max_age: float | None = None


def _parse_here(body: bytes) -> Future:
    done: Future = Future()
    try:
        done.set_result(entries.parse(body))
    except Exception as exc:  # noqa: BLE001 - raised again where the result is read
        done.set_exception(exc)
    return done


def _extract_here(chunk: list) -> Future:
    from depeche.pipeline import process

    done: Future = Future()
    done.set_result(list(process(entries.readable(chunk))))
    return done


@dataclass
class Writer:
    """How a poll stores what it found. `extract` starts reading and
    extracting a list of fetched entries (entries.Fetched; here by default,
    a server hands them to its worker processes) and returns a future of
    their records; `lock` serialises the writers of
    one connection (a server's requests post articles through it too);
    `stored` runs after each committed chunk (a server reindexes)."""

    extract: Callable[[list], Future] = _extract_here
    parse: Callable[[bytes], Future] = _parse_here  # a feed's body -> its entries and ttl
    lock: object = field(default_factory=nullcontext)
    stored: Callable[[], None] | None = None
    chunk: int = 8  # articles a transaction: small, so that each is searchable soon after its page came
    stop: object = None  # a threading.Event: set, a poll stops after the entry it is fetching
    checkpoint: bool = True  # store.ingest's: a server times its checkpoints itself


def poll(con, urls: list[str], fetcher: Fetcher, report: Callable[[str], None], interval: float = 0.0,
         writer: Writer | None = None) -> Tally:
    """Every source once, in order; each one's health recorded."""
    tally = Tally()
    writer = writer or Writer()
    for url in urls:
        result = poll_source(con, url, fetcher, report, writer)
        with writer.lock:
            health.record(con, result, interval)
        tally.add(result)
    return tally


def poll_source(con, url: str, fetcher: Fetcher, report: Callable[[str], None], writer: Writer) -> Result:
    result = Result(url)
    try:
        _poll_source(con, url, fetcher, result, report, writer)
    except (FetchError, entries.FeedError) as exc:
        _failed(result, report, url, str(exc))
    except Exception as exc:  # noqa: BLE001 - a bug met on one source must not stop the others
        _failed(result, report, url, f"{type(exc).__name__}: {exc}")
    return result


def _failed(result: Result, report, url: str, why: str) -> None:
    result.status, result.error = "error", why
    report(f"{url}: {why}")


def _entry_failed(result: Result, report, who: str, why: str) -> None:
    result.entry_errors += 1
    result.status, result.error = "partial", f"{who}: {why}"
    report(f"{who}: {why}")


def _poll_source(con, url: str, fetcher: Fetcher, result: Result, report, writer: Writer) -> None:
    found = _feed(con, url, fetcher, result)
    if found is None:
        result.status = "not modified"
        return
    feed_url, page = found
    result.feed = feed_url
    items, result.ttl = writer.parse(page.body).result()
    result.entries = len(items)
    pending: deque = deque()  # (articles, future records), in order
    batch: list = []
    versions: dict[str, str | None] = {}
    keyed = [(entries.key(entry), entry) for entry in items]
    known = seen.taken(con, [k for k, _ in keyed if k is not None])
    stopped = False
    # Oldest first (feeds list the newest first): on a busy feed, no entry
    # waits behind those published after it.
    for entry_key, entry in reversed(keyed):
        if writer.stop is not None and writer.stop.is_set():
            stopped = True
            break
        article = _new_article(con, entry, entry_key, feed_url, fetcher, result, report, writer, known)
        if article is not None:
            batch.append(article)
            versions[article.id] = entries.version(entry)
        if len(batch) >= writer.chunk:
            pending.append((batch, writer.extract(batch)))
            batch = []
        # Store what is extracted while the next pages are fetched.
        while pending and pending[0][1].done():
            _store(con, *pending.popleft(), versions, feed_url, result, report, writer)
    if batch:
        pending.append((batch, writer.extract(batch)))
    while pending:
        _store(con, *pending.popleft(), versions, feed_url, result, report, writer)
    if stopped:
        return  # validators not kept: the entries left are read at the next poll
    # only now: had the poll stopped earlier, a 304 would have hidden the entries left
    with writer.lock:
        seen.remember_validators(con, feed_url, page.etag, page.last_modified)


def _feed(con, url: str, fetcher: Fetcher, result: Result) -> tuple[str, Page] | None:
    """The source's feed: the source itself, or the first feed its page announces."""
    page = _conditional_get(con, url, fetcher, result)
    if page is None or looks_like_feed(page.body[:4096]) or entries.is_sitemap(page.body[:4096]):
        return (url, page) if page is not None else None
    links = feed_links(page.body, page.url)
    if not links:
        raise entries.FeedError("neither a feed nor a page announcing one")
    result.feed = links[0]
    page = _conditional_get(con, links[0], fetcher, result)
    return (links[0], page) if page is not None else None


def _conditional_get(con, url: str, fetcher: Fetcher, result: Result) -> Page | None:
    etag, modified = seen.validators(con, url)
    page = fetcher.get(url, etag=etag, last_modified=modified)
    result.max_age = page.max_age
    return None if page.not_modified else page


def _new_article(con, entry, entry_key: str | None, feed_url: str, fetcher: Fetcher, result: Result, report,
                 writer: Writer, known):
    if entry_key is None or seen.is_seen(con, entry_key, entries.version(entry), known):
        return None
    result.fetched += 1
    try:
        return entries.fetch(entry, entry_key, fetcher)
    except FetchError as exc:
        _entry_failed(result, report, entry.get("link") or entry_key, str(exc))
        # a passing failure is tried again at the next poll; the others are not
        if not getattr(exc, "retry", False):
            with writer.lock:
                seen.mark_seen(con, entry_key, feed_url, str(exc), entries.version(entry))
        return None


def _store(con, articles: list, future: Future, versions: dict, feed_url: str, result: Result, report,
           writer: Writer) -> None:
    from depeche import store

    try:
        records = future.result()
    except Exception as exc:  # noqa: BLE001 - a worker died: these entries are tried again next poll
        for article in articles:
            _entry_failed(result, report, article.url or article.id, f"extraction failed: {exc}")
        return
    # an entry that gave no article (its page no text, nor the feed) is said as such
    unread = {str(r["id"]): r["error"] for r in records if "error" in r}
    with writer.lock:
        stats = store.ingest(con, [r for r in records if "error" not in r], workers=0,
                             checkpoint=writer.checkpoint)
        rejected = {**unread, **{str(who): why for who, why in stats.errors}}
        # Marked seen after the commit: a crash in between fetches the entry
        # again and stores it unchanged, never loses it.
        for article in articles:
            seen.mark_seen(con, article.id, feed_url, rejected.get(article.id, "stored"), versions.get(article.id))
    for who, why in rejected.items():
        _entry_failed(result, report, who, why)
    result.stored += stats.added + stats.updated
    if writer.stored is not None and stats.added + stats.updated:
        writer.stored()
