"""Following sources for as long as it runs: each source polled when it is
due (its own schedule, see schedule.py), the sources due together polled in
one round. Used by `depeche watch` and by `depeche serve --watch`."""
from __future__ import annotations

import heapq
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from . import health
from .fetch import Fetcher
from .poll import Result, Tally, Writer, poll_source


@dataclass
class Progress:
    """Everything polled since the start, for a status line."""

    tally: Tally
    last: Result | None = None
    last_poll: float | None = None  # time.time() of the last poll


def run(open_base: Callable, urls: list[str], fetcher: Fetcher, report: Callable[[str], None],
        interval: float, writer: Writer | None = None, stop: threading.Event | None = None,
        progress: Callable[[Progress], None] | None = None, sleep: Callable[[float], None] | None = None,
        between: Callable[[], None] | None = None) -> Tally:
    """Poll until `stop` is set (or forever). `open_base()` is a context
    manager giving the connection for one round: a command opens the file
    for the round only, so that others may read it between rounds; a server
    hands its own cursor. A source already followed resumes its stored
    schedule, but waits no longer than one interval. `between()` runs after
    each round, the base not in use (a server checkpoints then)."""
    writer = writer or Writer()
    stop = stop or threading.Event()
    sleep = sleep or stop.wait
    state = Progress(Tally())
    with open_base() as con:
        stored = health.due(con, urls)
    start, wall = time.monotonic(), health.now()
    queue = []
    for i, url in enumerate(urls):
        when = stored.get(url)
        delay = 0.0 if when is None else min(max((when - wall).total_seconds(), 0.0), interval)
        queue.append((start + delay, i, url))
    heapq.heapify(queue)
    while not stop.is_set():
        wait = queue[0][0] - time.monotonic()
        if wait > 0:
            sleep(wait)
            continue
        due = []
        while queue and queue[0][0] <= time.monotonic():
            due.append(heapq.heappop(queue))
        with open_base() as con:
            for _, i, url in due:
                if stop.is_set():
                    return state.tally
                began, began_at = time.monotonic(), health.now()
                result = poll_source(con, url, fetcher, report, writer)
                with writer.lock:
                    wait = health.record(con, result, interval, began=began_at)
                heapq.heappush(queue, (began + wait, i, url))
                state.tally.add(result)
                state.last, state.last_poll = result, time.time()
                if progress is not None:
                    progress(state)
        if between is not None:
            between()
    return state.tally
