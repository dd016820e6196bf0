"""The server's hold on the knowledge base.

One DuckDB connection for the process; each request gets its own cursor
(DuckDB cursors may be used from different threads). The server is
read-only unless it was given a token: then the connection is read-write and
writes (a posted article) are serialised by a lock.

Searching while articles are posted: a request reads in one transaction,
and the full-text rebuild after a post is one transaction too
(store.reindex). DuckDB's snapshot isolation then gives each request the
index before the rebuild or the one after, never the half-built one, and
the index and its bookkeeping (meta.indexed_rid) from the same moment.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

from .. import store
from ..pipeline import process
from ..record import Article

# Below this many statements a full-text reindex takes well under a second:
# do it right after a posted article. Above, rows past the index are found by
# substring until a reindex runs in the background.
REINDEX_NOW_BELOW = 50_000


class WriteRefused(RuntimeError):
    pass


class ArticleError(ValueError):
    """The posted article could not be extracted (empty, unsupported language...)."""


class Database:
    def __init__(self, path: str, writable: bool = False):
        self.path = path
        self.writable = writable
        self.con = store.connect(path, read_only=not writable)
        self._write = threading.Lock()
        self._reindexing = threading.Lock()

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

    def add_article(self, article: Article) -> dict:
        """Extract one article and store it; returns its record."""
        if not self.writable:
            raise WriteRefused("this server is read-only (start it with --token to accept articles)")
        record = next(process([article]))
        if "error" in record:
            raise ArticleError(record["error"])
        with self._write:
            stats = store.ingest(self.con, [record], workers=0)
            if stats.rejected:
                raise ArticleError(stats.errors[0][1])
            statements = self.con.execute("SELECT count(*) FROM statements").fetchone()[0]
        if statements < REINDEX_NOW_BELOW:
            self.reindex()
        else:
            threading.Thread(target=self.reindex, daemon=True).start()
        return record

    def reindex(self) -> None:
        if not self._reindexing.acquire(blocking=False):
            return  # one is running; rows it misses are still found by substring
        try:
            with self._write:
                store.reindex(self.con)
        finally:
            self._reindexing.release()

    def close(self) -> None:
        self.con.close()
