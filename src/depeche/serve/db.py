"""The server's hold on the knowledge base.

One DuckDB connection for the process; each request gets its own cursor
(DuckDB cursors may be used from different threads). The server is
read-only unless it was given a token or sources to watch: then the
connection is read-write, and this process is the base's only writer.
Every write (a posted article or batch, the watcher's polls) takes one lock,
`write_lock`; extraction, the slow part, happens outside it (in the worker
processes when there are some).

Checkpoints (the write-ahead log written into the base file) are the
server's to time: DuckDB 1.4 was seen spinning for ever in a checkpoint
that ran while a request's query did (each waiting on the other). So
automatic checkpoints are off on the server's connection, and the server
checkpoints when the log has grown past CHECKPOINT_WAL, through `gate`:
new requests wait, the ones running finish, the checkpoint runs alone.

Searching while articles are stored: an article's search postings are
written in the transaction that stores it (store/search.py), and a request
reads in one transaction, so a search sees an article whole, words included,
or not at all. After writes, `store.reindex` only keeps the postings in
order (a tail of small batches sorted once it adds up), in one transaction.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import contextmanager

from .. import store
from ..pipeline import process
from ..record import Article

CHECKPOINT_WAL = 16 * 2 ** 20  # bytes of log: DuckDB's own default threshold
# The watcher stores a few articles at a time, all the time: the index's
# upkeep runs at most this often (what it orders is searchable already).
REINDEX_EVERY = 10.0  # seconds
BATCH_CHUNK = 16  # articles of a posted batch handed to one worker at a time


class WriteRefused(RuntimeError):
    pass


class ArticleError(ValueError):
    """The posted article could not be extracted (empty, unsupported language...)."""


def _extract_here(articles: list) -> Future:
    from ..watch.entries import readable

    done: Future = Future()
    done.set_result(list(process(readable(articles))))
    return done


class Gate:
    """Many readers at once, or one thing alone (a checkpoint); a thing
    waiting to go alone holds new readers back, so that it is not starved."""

    def __init__(self):
        self._cond = threading.Condition()
        self._readers = 0
        self._alone = False

    @contextmanager
    def read(self):
        with self._cond:
            while self._alone:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def alone(self):
        with self._cond:
            while self._alone:
                self._cond.wait()
            self._alone = True
            while self._readers:
                self._cond.wait()
        try:
            yield
        finally:
            with self._cond:
                self._alone = False
                self._cond.notify_all()


class Database:
    def __init__(self, path: str, writable: bool = False):
        self.path = path
        self.writable = writable
        self.con = store.connect(path, read_only=not writable)
        if writable:
            self.con.execute("SET checkpoint_threshold = '1TB'")  # never on its own: see the module's doc
        self.write_lock = threading.Lock()
        self.gate = Gate()
        self._reindexing = threading.Lock()
        # Articles -> future records; the server swaps in its worker pool.
        self.extract: Callable[[list], Future] = _extract_here
        self.parse_feed: Callable[[bytes], Future] | None = None  # in the workers when there are some
        # A watcher checkpoints between its rounds (its own reads are not
        # gated); without one, each write may.
        self.checkpoint_after_writes = True
        self._indexed_at = float("-inf")
        self._index_due = False

    @contextmanager
    def cursor(self):
        with self.gate.read():
            with self._cursor() as cur:
                yield cur

    @contextmanager
    def _cursor(self):
        cur = self.con.cursor()
        try:
            # One snapshot for all of a request's queries (see the module's doc).
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            finally:
                cur.execute("ROLLBACK")  # nothing was written: ending it is all
        finally:
            cur.close()

    def _check_writable(self) -> None:
        if not self.writable:
            raise WriteRefused("this server is read-only (start it with --token to accept articles)")

    def add_article(self, article: Article) -> dict:
        """Extract one article and store it; returns its record."""
        self._check_writable()
        record = self.extract([article]).result()[0]
        if "error" in record:
            raise ArticleError(record["error"])
        stats = self.add_records([record])
        if stats.rejected:
            raise ArticleError(stats.errors[0][1])
        return record

    def add_articles(self, articles: list[Article]) -> tuple[store.IngestStats, list[dict]]:
        """Extract and store a batch; the records (error records for those
        that could not be extracted, which are not stored)."""
        self._check_writable()
        # in chunks, so that every worker takes a share
        futures = [self.extract(articles[i:i + BATCH_CHUNK]) for i in range(0, len(articles), BATCH_CHUNK)]
        records = [r for f in futures for r in f.result()]
        return self.add_records([r for r in records if "error" not in r]), records

    def add_records(self, records: list[dict]) -> store.IngestStats:
        """Store records already extracted (each checked; a bad one is rejected alone)."""
        self._check_writable()
        with self.write_lock:
            stats = store.ingest(self.con, records, workers=0, checkpoint=False)
        if stats.added or stats.updated:
            self.written()
        return stats

    def written_soon(self) -> None:
        """After the watcher's write: reindex unless one ran less than
        REINDEX_EVERY ago; then `settle` will."""
        import time

        if time.monotonic() - self._indexed_at < REINDEX_EVERY:
            self._index_due = True
            return
        self.written()

    def settle(self) -> None:
        """Between the watcher's rounds: the reindex put off, the checkpoint due."""
        if self._index_due:
            self.written()
        self.checkpoint()

    def written(self) -> None:
        """After a write: the search index's upkeep (a count, and now and then
        a sort of the postings written since the last one), then the checkpoint due."""
        import time

        self._index_due, self._indexed_at = False, time.monotonic()
        self.reindex()
        if self.checkpoint_after_writes:
            self.checkpoint()

    def checkpoint(self, force: bool = False) -> None:
        """Write the log into the base once it has grown (or now), alone."""
        import os

        try:
            size = os.path.getsize(self.path + ".wal")
        except OSError:
            return  # no log: nothing to write
        if size < CHECKPOINT_WAL and not force:
            return
        with self.gate.alone(), self.write_lock:
            self.con.execute("CHECKPOINT")

    def reindex(self) -> None:
        if not self._reindexing.acquire(blocking=False):
            return  # one is running; what it leaves is searchable, only not yet in order
        try:
            with self.write_lock:
                store.reindex(self.con)
        finally:
            self._reindexing.release()

    def close(self) -> None:
        self.con.close()
