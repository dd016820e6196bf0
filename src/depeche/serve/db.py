"""The server's hold on the knowledge base.

One DuckDB connection for the process; each request gets its own cursor
(DuckDB cursors may be used from different threads). The server is
read-only unless it was given a token or sources to watch: then the
connection is read-write, and this process is the base's only writer.
Every write (a posted article or batch, the watcher's polls) takes one lock,
`write_lock`; extraction, the slow part, happens outside it (in the worker
processes when there are some).

Searching while articles are stored: a request reads in one transaction,
and the full-text rebuild after a write is one transaction too
(store.reindex). DuckDB's snapshot isolation then gives each request the
index before the rebuild or the one after, never the half-built one, and
the index and its bookkeeping (meta.indexed_rid) from the same moment.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import contextmanager

from .. import store
from ..pipeline import process
from ..record import Article

# Below this many statements a full-text reindex takes well under a second:
# do it right after a write. Above, rows past the index are found by
# substring until a reindex runs in the background.
REINDEX_NOW_BELOW = 50_000


class WriteRefused(RuntimeError):
    pass


class ArticleError(ValueError):
    """The posted article could not be extracted (empty, unsupported language...)."""


def _extract_here(articles: list) -> Future:
    done: Future = Future()
    done.set_result(list(process(articles)))
    return done


class Database:
    def __init__(self, path: str, writable: bool = False):
        self.path = path
        self.writable = writable
        self.con = store.connect(path, read_only=not writable)
        self.write_lock = threading.Lock()
        self._reindexing = threading.Lock()
        # Articles -> future records; the server swaps in its worker pool.
        self.extract: Callable[[list], Future] = _extract_here

    @contextmanager
    def cursor(self):
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
        records = self.extract(articles).result() if articles else []
        return self.add_records([r for r in records if "error" not in r]), records

    def add_records(self, records: list[dict]) -> store.IngestStats:
        """Store records already extracted (each checked; a bad one is rejected alone)."""
        self._check_writable()
        with self.write_lock:
            stats = store.ingest(self.con, records, workers=0)
        if stats.added or stats.updated:
            self.written()
        return stats

    def written(self) -> None:
        """After a write: reindex now while that is quick, in the background after."""
        with self.cursor() as cur:
            statements = cur.execute("SELECT count(*) FROM statements").fetchone()[0]
        if statements < REINDEX_NOW_BELOW:
            self.reindex()
        else:
            threading.Thread(target=self.reindex, daemon=True).start()

    def reindex(self) -> None:
        if not self._reindexing.acquire(blocking=False):
            return  # one is running; rows it misses are still found by substring
        try:
            with self.write_lock:
                store.reindex(self.con)
        finally:
            self._reindexing.release()

    def close(self) -> None:
        self.con.close()
