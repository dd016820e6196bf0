"""The tables as they are: one file per table, in Parquet, CSV or JSONL."""
from __future__ import annotations

import os

TABLES = ("articles", "entities", "entity_aliases", "article_entities", "mentions", "statements", "quantities",
          "places", "dates", "events")
_OPTIONS = {"parquet": "FORMAT PARQUET", "csv": "FORMAT CSV, HEADER", "jsonl": "FORMAT JSON"}


def write(con, fmt: str, folder: str) -> list[str]:
    written = []
    for table in TABLES:
        path = os.path.join(folder, f"{table}.{fmt}")
        con.execute(f"COPY (SELECT * FROM {table}) TO '{_quote(path)}' ({_OPTIONS[fmt]})")
        written.append(path)
    return written


def _quote(path: str) -> str:
    return path.replace("'", "''")
