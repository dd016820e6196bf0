"""Each page of tests/test_browser.py's PAGES at 390 and 1400 px: the
document's width, how many elements reach past the window's edge, and every
axe-core violation (any impact), for comparing two versions of the pages.

    .venv/bin/python bench/pages_layout.py --db kb.duckdb --seed 962b471dea5bb17d
    .venv/bin/python bench/pages_layout.py --db kb.duckdb --seed ... --src /tmp/old/src   # another checkout's code

Needs Debian's chromium and node_modules/axe-core (scripts/ensure_axe.sh).
--db is any base holding the story corpus (the page list searches it);
--seed the founding article's id in it ({seed} in PAGES). The server runs
the code in --src (default: this checkout's src/).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_browser as tb  # noqa: E402  (the page list and the in-page checks)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--seed", required=True, help="the founding article's id in --db")
    ap.add_argument("--src", default=str(ROOT / "src"), help="the code to serve (a src/ folder)")
    a = ap.parse_args()
    port = tb._free_port()
    proc = subprocess.Popen([sys.executable, "-c", tb.SERVER, a.db, str(port)],
                            env=dict(os.environ, PYTHONPATH=a.src))
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=tb.CHROMIUM, args=tb.ARGS)
            for name, path in tb.PAGES.items():
                for width in tb.WIDTHS.values():
                    ctx = browser.new_context(viewport={"width": width, "height": 900})
                    page = ctx.new_page()
                    r = page.goto(base + path.format(seed=a.seed))
                    if r is None or r.status != 200:
                        print(f"{name:14} {width:5} HTTP {r and r.status}")
                    else:
                        o = tb.overflow(page)
                        axe = {v["id"]: v["impact"] for v in tb.axe_violations(page)}
                        print(f"{name:14} {width:5} scrollWidth {o['scroll']:5}  past the edge {o['n']:4}  axe {axe}")
                    ctx.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
