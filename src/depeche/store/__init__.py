"""The knowledge base: an embedded DuckDB file.

    from depeche import store
    con = store.connect("depeche.duckdb")
    store.ingest(con, records)
    store.queries.said(con, "nord-coréens")

Full-text search uses DuckDB's `fts` extension with French stemming; the
extension comes from the PyPI package `duckdb-ext-fts` (pinned with duckdb),
so nothing is downloaded at run time.
"""
from __future__ import annotations

import os

import duckdb

from . import queries
from .load import IngestStats, ingest
from .schema import migrate

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
    try:
        con.execute("LOAD fts")
    except duckdb.Error:
        pass  # search falls back to ILIKE (queries.py)
    if not read_only:
        migrate(con)
    return con


def has_fts(con, table: str) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM duckdb_schemas() WHERE schema_name = ?", [f"fts_main_{table}"]).fetchone()[0])


def reindex(con, stemmer: str = "french") -> bool:
    """Rebuild the full-text indexes after an ingest (DuckDB's are not
    maintained on insert). Returns False when the extension is missing.

    One transaction: `create_fts_index` drops the old index's tables and
    builds new ones statement by statement, and a search on another cursor
    that ran in between failed ("Table with name dict does not exist").
    Inside a transaction, readers see the old index or the new one, whole."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table, key, cols in (("statements", "rid", "'content', 'speaker_text'"),
                                 ("quantities", "rid", "'context', 'unit', 'text'")):
            top = con.execute(f"SELECT max(rid) FROM {table}").fetchone()[0] or 0
            con.execute(f"PRAGMA create_fts_index('{table}', '{key}', {cols}, stemmer='{stemmer}', "
                        "stopwords='none', strip_accents=1, lower=1, overwrite=1)")
            set_meta(con, f"indexed_rid.{table}", str(top))
        set_meta(con, "stemmer", stemmer)
    except duckdb.Error:
        con.execute("ROLLBACK")
        return False
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return True


def set_meta(con, key: str, value: str) -> None:
    con.execute("DELETE FROM meta WHERE key = ?", [key])
    con.execute("INSERT INTO meta VALUES (?, ?)", [key, value])
