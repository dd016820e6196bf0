"""The knowledge base: an embedded DuckDB file.

    from depeche import store
    con = store.connect("depeche.duckdb")
    store.ingest(con, records)
    store.queries.said(con, "nord-coréens")

Full-text search reads postings that ingest writes with the rows they
index, in the same transaction (search.py): nothing to rebuild afterwards.
"""
from __future__ import annotations

import os

import duckdb

from . import queries, search
from .load import IngestStats, ingest
from .schema import VERSION, current_version, migrate

__all__ = ["connect", "ingest", "reindex", "queries", "IngestStats", "DEFAULT_DB"]

DEFAULT_DB = "depeche.duckdb"


class StoreError(RuntimeError):
    pass


def _extension_dir() -> str | None:
    try:
        import duckdb_ext  # the namespace the duckdb-ext-* packages install into
    except ImportError:
        return None
    for base in getattr(duckdb_ext, "__path__", []):
        path = os.path.join(base, "extensions")
        if os.path.isdir(path):
            return path
    return None


def connect(path: str = DEFAULT_DB, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (or create) the database, migrated to the current schema."""
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    ext = _extension_dir()
    if ext:
        config["extension_directory"] = ext
    if read_only and not os.path.exists(path):
        raise StoreError(f"no database at {path} (run `depeche ingest` first)")
    try:
        con = duckdb.connect(path, read_only=read_only, config=config)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    if not read_only:
        migrate(con)
    elif current_version(con) < VERSION:
        # A base of an older schema, read: migrated first where it can be
        # (its stories and claim keys are what numbers and stories read).
        con.close()
        _migrated(path, config)
        con = duckdb.connect(path, read_only=True, config=config)
    return con


def _migrated(path: str, config: dict) -> bool:
    """Migrate the base at `path` in a connection of its own; False when it
    cannot be written now (a read-only file, another process holding it):
    it is then read as it is."""
    try:
        with duckdb.connect(path, config=config) as rw:
            migrate(rw)
        return True
    except (duckdb.Error, OSError):
        return False


def reindex(con) -> bool:
    """Upkeep of the search index after an ingest, cheap: ingest indexes what
    it writes, so there is nothing to rebuild. Rows written by other means
    (bulk SQL) are indexed here, and postings written by small batches (one
    posted article at a time) are put in term order once they add up
    (search.compact: the cost follows them, not the base). Returns True."""
    con.execute("BEGIN TRANSACTION")
    try:
        search.backfill_all(con)
        for table in search.INDEXED:
            search.compact(con, table)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return True


def set_meta(con, key: str, value: str) -> None:
    con.execute("DELETE FROM meta WHERE key = ?", [key])
    con.execute("INSERT INTO meta VALUES (?, ?)", [key, value])
