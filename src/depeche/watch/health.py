"""Each source's health, kept in the base (table watch_sources): when it was
polled, whether it answered, how many failures in a row, what it gave, and
when it is due again."""
from __future__ import annotations

import datetime as dt
import random

from .schedule import next_wait

COLUMNS = ("source", "feed", "status", "last_poll", "last_success", "next_poll", "errors", "last_error",
           "entries", "fetched", "stored")


def now() -> dt.datetime:
    # Local time, as DuckDB's current_timestamp gives ingested_at.
    return dt.datetime.now().replace(microsecond=0)


def record(con, result, interval: float, rng: random.Random | None = None, began: dt.datetime | None = None) -> float:
    """Store one poll's outcome (the poll `began` then: by default now);
    returns the seconds from then until the source is due again. Counted
    from the poll's start, so that a busy feed, whose poll takes long, is
    still asked every interval."""
    row = con.execute("SELECT feed, last_success, errors, last_error, entries, fetched, stored "
                      "FROM watch_sources WHERE source = ?", [result.source]).fetchone()
    feed, last_success, errors, last_error, entries, fetched, stored = row or (None, None, 0, None, None, 0, 0)
    at = began or now()
    if result.status == "error":
        errors = (errors or 0) + 1
    else:
        errors, last_success = 0, at
        entries = result.entries if result.entries is not None else entries
    wait = next_wait(interval, errors, result.ttl, result.max_age, rng)
    values = [result.source, result.feed or feed, result.status, at, last_success,
              at + dt.timedelta(seconds=round(wait)), errors, result.error or (last_error if errors else None),
              entries, (fetched or 0) + result.fetched, (stored or 0) + result.stored]
    # One statement each way: a reader (the /sources page) never sees the
    # source missing between a delete and an insert.
    if row is None:
        con.execute(f"INSERT INTO watch_sources ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                    values)
    else:
        con.execute(f"UPDATE watch_sources SET {', '.join(f'{c} = ?' for c in COLUMNS[1:])} WHERE source = ?",
                    values[1:] + values[:1])
    return wait


def due(con, sources: list[str]) -> dict[str, dt.datetime]:
    """When each known source is next due, as stored by the last run."""
    rows = con.execute("SELECT source, next_poll FROM watch_sources WHERE source IN (SELECT unnest(?))",
                       [sources]).fetchall()
    return {source: when for source, when in rows if when is not None}


def table(con) -> list[dict]:
    """Every source's health, failing ones first."""
    if not con.execute("SELECT count(*) FROM information_schema.tables "
                       "WHERE table_name = 'watch_sources'").fetchone()[0]:
        return []  # a base from before v5, opened read-only: nothing watched yet
    cur = con.execute(f"SELECT {', '.join(COLUMNS)} FROM watch_sources "
                      "ORDER BY status = 'error' DESC, errors DESC, source")
    return [dict(zip(COLUMNS, r)) for r in cur.fetchall()]
