"""A standing pool of extraction processes for a long-running server: each
worker loads every language's model and lexicons when it starts (`warm`), so
the first article costs what the others do; articles are then handed over a
chunk at a time and come back as records."""
from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor


def warm() -> list[str]:
    """Load, in this process, everything an extraction needs: the language
    identifier, and for every supported language its model and lexicons
    (by running the pipeline once on a text of digits, which holds no
    language). Returns the languages loaded."""
    from .. import lang as lang_mod
    from .. import lexicon, nlp
    from ..pipeline import process
    from ..record import Article

    lang_mod.detect("0")
    loaded = []
    for lang in lexicon.languages():
        if nlp.supported(lang):
            list(process([Article(text="1 2 3.", id="warm-up", lang=lang)]))
            loaded.append(lang)
    return loaded


def _init(parent: int) -> None:
    """A worker's start: follow the server's life, then load everything."""
    import os
    import threading
    import time

    def watch() -> None:
        # A server killed with SIGKILL cannot tell its workers; orphaned, they
        # would wait for work for ever, each holding its models' memory.
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    warm()


def _extract(chunk: list) -> list[dict]:
    from ..pipeline import process
    from ..watch.entries import readable

    # (a watcher's entries come as fetched pages, read here: see entries.Fetched)
    return list(process(readable(chunk)))


def start(workers: int) -> tuple[ProcessPoolExecutor, list[str]]:
    """`workers` processes, each warmed before this returns; and the languages they loaded."""
    # spawn: a clean interpreter per worker, no copy of the server's threads or DuckDB handle
    import os

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init, initargs=(os.getpid(),))
    # Every worker runs the initializer before its first task; one task per
    # worker, waited for, makes them all start now rather than at the first article.
    langs = [f.result() for f in [pool.submit(warm) for _ in range(workers)]]
    return pool, langs[0]


def extract(pool: ProcessPoolExecutor, articles: list) -> Future:
    return pool.submit(_extract, articles)


def _parse_feed(body: bytes) -> tuple[list, float | None]:
    from ..watch.entries import parse

    return parse(body)


def parse_feed(pool: ProcessPoolExecutor, body: bytes) -> Future:
    """A feed read in a worker: feedparser is pure Python (~0.2 s for 600
    entries), time the serving process would take from its requests."""
    return pool.submit(_parse_feed, body)
