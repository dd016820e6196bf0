"""The server's own watcher (`depeche serve --watch`): the poll loop of
`depeche watch`, in a thread of the serving process, on a cursor of the
server's connection. It takes the server's write lock for each write and
hands extraction to the server's extraction (the worker pool), so that pages
and API keep answering from the same base while it stores."""
from __future__ import annotations

import sys
import threading
from contextlib import nullcontext
from dataclasses import dataclass

from ..watch.fetch import Fetcher, Limits
from ..watch.loop import run
from ..watch.poll import Writer
from .db import Database


@dataclass
class Desk:
    thread: threading.Thread
    stop: threading.Event
    fetcher: Fetcher
    urls: list[str]


def _say(line: str) -> None:
    print(f"depeche: {line}", file=sys.stderr, flush=True)


def start(db: Database, urls: list[str], interval: float, limits: Limits) -> Desk:
    stop = threading.Event()
    fetcher = Fetcher(limits)
    # One thread a query: a search on a desk's base is small, DuckDB's
    # parallelism within it cost twice the CPU (bench/live.py), and the cores
    # are wanted by the concurrent requests and the extraction workers.
    db.con.execute("SET threads = 1")
    cur = db.con.cursor()  # the thread's own: DuckDB cursors are not shared between threads
    writer = Writer(extract=lambda articles: db.extract(articles), lock=db.write_lock, stored=db.written_soon,
                    stop=stop, checkpoint=False)
    if db.parse_feed is not None:
        writer.parse = db.parse_feed
    db.checkpoint_after_writes = False  # between rounds instead, when this thread's reads are done

    def loop() -> None:
        try:
            run(lambda: nullcontext(cur), urls, fetcher, _say, interval, writer=writer, stop=stop,
                between=db.settle)
        except Exception as exc:  # noqa: BLE001 - said once; the pages and the API go on serving
            if not stop.is_set():
                _say(f"the watcher stopped: {type(exc).__name__}: {exc}")
        finally:
            cur.close()

    thread = threading.Thread(target=loop, name="depeche-watch", daemon=True)
    thread.start()
    return Desk(thread, stop, fetcher, urls)


def stop(desk: Desk, timeout: float = 10.0) -> None:
    """Ask the loop to stop after the source it is polling (a poll stores
    its articles a chunk per transaction: nothing committed is lost if it is
    cut short)."""
    desk.stop.set()
    desk.thread.join(timeout)
    if not desk.thread.is_alive():
        desk.fetcher.close()
