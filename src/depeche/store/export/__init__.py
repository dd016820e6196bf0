"""The knowledge base out: one file per table (Parquet, CSV, JSONL: tables.py),
or GDELT GKG 2.1 files that GDELT tooling reads (gkg.py)."""
from __future__ import annotations

import os

from . import gkg, tables
from .tables import TABLES

FORMATS = ("parquet", "csv", "jsonl", "gkg")

__all__ = ["export", "FORMATS", "TABLES"]


def export(con, fmt: str, folder: str) -> list[str]:
    """Write the export into `folder`; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    os.makedirs(folder, exist_ok=True)
    if fmt == "gkg":
        return gkg.write(con, folder)
    return tables.write(con, fmt, folder)
