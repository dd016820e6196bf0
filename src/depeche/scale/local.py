"""Every core of one machine: extraction in worker processes, in input order.

Each worker loads the model once (on its first batch) and runs the same
`pipeline.process` as a single process does, so the records are the same
whatever the number of workers. The input is streamed: at most
`workers * ahead` chunks are in flight, so memory stays flat however large
the input (a 5 GB JSONL file is never read whole), and records come out in
input order.
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator

from ..record import Article, ErrorRecord


def default_workers() -> int:
    return os.cpu_count() or 1


def _work(chunk: list, batch_size: int, max_chars: int | None) -> list[dict]:
    # Runs in a worker: the pipeline module (and the model, on first use) is
    # loaded once per process and kept.
    from ..pipeline import MAX_CHARS, process

    return list(process(chunk, batch_size=batch_size, max_chars=max_chars or MAX_CHARS))


# Below this many articles a worker's start (a fresh interpreter loading the
# model: ~3 s, the time one process takes for ~40 articles) costs more than
# it saves, so a small input is done in this process.
MIN_PARALLEL = 64


def process_parallel(items: Iterable[Article | ErrorRecord], workers: int, batch_size: int = 32,
                     max_chars: int | None = None, ahead: int = 2,
                     min_parallel: int = MIN_PARALLEL) -> Iterator[dict]:
    """Like `pipeline.process`, across `workers` processes; the same records
    in the same order."""
    it = iter(items)
    head = list(itertools.islice(it, min_parallel)) if workers > 1 else []
    if workers <= 1 or len(head) < min_parallel:
        from ..pipeline import MAX_CHARS, process

        yield from process(itertools.chain(head, it), batch_size=batch_size, max_chars=max_chars or MAX_CHARS)
        return
    it = itertools.chain(head, it)
    ctx = multiprocessing.get_context("spawn")  # a clean interpreter per worker: no inherited threads
    with ctx.Pool(workers) as pool:
        pending: deque = deque()
        limit = workers * ahead

        def submit() -> bool:
            chunk = list(itertools.islice(it, batch_size))
            if not chunk:
                return False
            pending.append(pool.apply_async(_work, (chunk, batch_size, max_chars)))
            return True

        more = True
        while more and len(pending) < limit:
            more = submit()
        while pending:
            done = pending.popleft().get()
            if more:
                more = submit()
            yield from done
