"""`depeche serve` as a user starts it (uvicorn in its own process, on a
free local port), for the tests that drive it from outside: the
end-to-end and browser tests."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from contextlib import closing, contextmanager

import httpx

SERVER = """
import sys, uvicorn
from depeche.serve.app import create_app
uvicorn.run(create_app(sys.argv[1], token=sys.argv[2] or None), host="127.0.0.1", port=int(sys.argv[3]),
            log_level="warning")
"""


def free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(db_path, token: str = ""):
    """The server over `db_path`, its base URL once /api/health answers."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(db_path), token, str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "the server did not start in 60 s"
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
