"""`depeche serve --watch` killed mid-ingest (SIGKILL: no chance to clean
up) loses no committed article, and the next start takes up where it
stopped: every entry of the feed ends up stored once.

The server is the real command in a subprocess, with one extraction worker,
watching a feed of the local test site (no outside network); it is watched
only through its HTTP API (it holds the base)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import duckdb
import httpx
import pytest

from test_watch import ARTICLES, Site, _page, _rss

N = 60


def _port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _serve(db, feed: str, port: int, log) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "depeche.cli", "serve", "--db", str(db), "--watch", feed,
                             "--interval", "1", "--delay", "0", "--timeout", "10", "--port", str(port),
                             "--workers", "1"], stdout=log, stderr=subprocess.STDOUT, env=env)


def _ids(base: str) -> list[str]:
    ids, offset = [], 0
    while offset is not None:
        page = httpx.get(f"{base}/api/articles", params={"limit": 500, "offset": offset}, timeout=10).json()
        ids += [a["article_id"] for a in page["items"]]
        offset = page["next_offset"]
    return ids


def _count(base: str) -> int | None:
    try:
        return httpx.get(f"{base}/api/health", timeout=2).json()["articles"]
    except (httpx.HTTPError, ValueError, KeyError):
        return None  # not up yet


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _until_gone(pids: list[int], timeout: float) -> None:
    end = time.monotonic() + timeout
    alive = list(pids)
    while alive and time.monotonic() < end:
        alive = [p for p in alive if os.path.exists(f"/proc/{p}") and
                 "Z" not in open(f"/proc/{p}/stat").read().split(")")[-1].split()[0]]
        time.sleep(0.2)
    assert not alive, f"processes left behind: {alive}"


def _wait(proc, check, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert proc.poll() is None, f"the server exited ({proc.returncode}) waiting for {what}"
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
def test_sigkill_mid_ingest_loses_nothing_committed_and_the_restart_resumes(tmp_path):
    site = Site()
    b = site.base
    texts = list(ARTICLES.values())
    paths = [f"/news/{i:03d}.html" for i in range(N)]
    site.routes["/feed.xml"] = (200, "application/rss+xml", _rss(b, paths))
    for i, path in enumerate(paths):
        title, text = texts[i % len(texts)]
        text = f"{text} La séance numéro {i} a été levée à {i % 24} heures."
        site.routes[path] = (200, "text/html", _page(f"{title} ({i})", text))
    db, log_path = tmp_path / "live.duckdb", tmp_path / "serve.log"
    port = _port()
    base = f"http://127.0.0.1:{port}"
    proc = None
    try:
        with open(log_path, "w") as log:
            proc = _serve(db, b + "/feed.xml", port, log)
            _wait(proc, lambda: (_count(base) or 0) >= 1, 120, "a first committed chunk")
            committed = set(_ids(base))
            workers = _children(proc.pid)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(10)
        assert 0 < len(committed) < N, f"the kill came too late to be mid-ingest ({len(committed)} of {N})"
        assert workers, "the server had no extraction worker"
        # orphaned, the extraction workers notice and leave
        _until_gone(workers, 10)
        first_log = log_path.read_text()
        # the models were loaded before the first poll, not at the first article
        assert first_log.index("models loaded") < first_log.index("watching 1 source")

        with open(log_path, "a") as log:
            proc = _serve(db, b + "/feed.xml", port, log)
            _wait(proc, lambda: _count(base) == N, 180, "every article after the restart")
            ids = _ids(base)
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
        assert len(ids) == N and set(ids) == {b + p for p in paths}
        assert committed <= set(ids)
        # committed and marked before the kill: never fetched again
        for path in paths:
            if b + path in committed:
                # (stored, then killed before it was marked taken: fetched once more, stored unchanged)
                assert site.hits[path] <= 2, path
        assert sum(site.hits[p] for p in paths) < 2 * N  # the restart did not start over

        con = duckdb.connect(str(db), read_only=True)
        try:
            assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone() == (N, N)
            assert con.execute("SELECT count(*), count(DISTINCT url) FROM watch_seen").fetchone() == (N, N)
            assert con.execute("SELECT count(*) FROM statements WHERE article_id NOT IN "
                               "(SELECT article_id FROM articles)").fetchone() == (0,)
        finally:
            con.close()
        assert "Traceback" not in log_path.read_text()
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(10)
        site.close()
