"""Rows into DuckDB by the table: columns as an Arrow table, one INSERT."""
from __future__ import annotations

import contextlib

import pyarrow as pa


def insert(con, table: str, cols: dict[str, list] | pa.Table) -> None:
    data = cols if isinstance(cols, pa.Table) else pa.table(cols)
    if not data.num_rows:
        return
    con.register("_bulk_rows", data)
    try:
        names = ", ".join(data.column_names)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _bulk_rows")
    finally:
        con.unregister("_bulk_rows")


@contextlib.contextmanager
def keys(con, name: str, values: list):
    """A one-column view `name(k)` of `values`, to join on. (A Python list
    passed as a query parameter costs DuckDB a type probe per element.)"""
    con.register(name, pa.table({"k": values}))
    try:
        yield name
    finally:
        con.unregister(name)
