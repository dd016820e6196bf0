"""The analyst's pages in a real browser at a phone's width (390 px) and a
desktop's (1400 px): nothing wider than the screen, and no serious or
critical accessibility violation as axe-core sees them.

Chromium is Debian's (/usr/bin/chromium, scripts/ensure_chromium.sh), never
one downloaded by `playwright install`; axe-core comes from npm
(package.json, scripts/ensure_axe.sh) and is injected into each page. The
knowledge base is the story corpus and the founding article, served by a
real uvicorn process.

To check another page, add a line to PAGES (its path may name the founding
article as {seed}, the corpus's largest story as {story}).
"""
from __future__ import annotations

import os
import urllib.parse
from contextlib import closing
from pathlib import Path

import pytest

import _story
from _server import running
from depeche import store
from depeche.pipeline import process
from depeche.read import iter_articles

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "000_b8d7f4ff9823a7be.txt"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# name -> path. One line per page checked at every width.
PAGES = {
    "home": "/",
    "search": "/search?q=nord-coréens",
    "search-facets": "/search?q=soldats&stance=estimate&sort=date",
    "claims": "/claims?about=soldats",
    "entity": "/entities/Sergiy Kyslytsya",
    "article": "/articles/{seed}",
    "outlet": "/outlets/AFP",
    "ambiguous name": "/entities/Kim",
    "map": "/map",
    "stories": "/stories",
    "story": "/stories/{story}",
}
WIDTHS = {"phone": 390, "desktop": 1400}
BAD_IMPACTS = ("serious", "critical")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                       reason=f"{CHROMIUM} is missing: run `sh scripts/ensure_chromium.sh` (or "
                              "`sudo apt-get install chromium`) for the browser tests"),
]
needs_axe = pytest.mark.skipif(not AXE.exists(), reason=f"{AXE.relative_to(ROOT)} is missing: run "
                                                        "`sh scripts/ensure_axe.sh` (needs npm) for the "
                                                        "accessibility checks")

@pytest.fixture(scope="module")
def seed_id(tmp_path_factory) -> str:
    return _kb(tmp_path_factory)[1]


@pytest.fixture(scope="module")
def ids(tmp_path_factory, seed_id) -> dict:
    return {"seed": seed_id, "story": _BUILT["story"]}


@pytest.fixture(scope="module")
def server(tmp_path_factory, seed_id):
    with running(_kb(tmp_path_factory)[0]) as base:
        yield base


_BUILT: dict = {}


def _kb(tmp_path_factory) -> tuple[Path, str]:
    """The story corpus and the founding article in a fresh base, once."""
    if not _BUILT:
        seed = next(process(iter_articles([str(SEED)])))
        path = tmp_path_factory.mktemp("browser") / "kb.duckdb"
        with closing(store.connect(str(path))) as con:
            store.ingest(con, _story.records() + [seed], workers=0)
            store.reindex(con)
            story = con.execute("SELECT story_id FROM article_stories GROUP BY story_id "
                                "ORDER BY count(*) DESC, story_id LIMIT 1").fetchone()[0]
        _BUILT.update(path=path, seed=seed["id"], story=story)
    return _BUILT["path"], _BUILT["seed"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def open_page(browser, server: str, path: str, width: int):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    pg = ctx.new_page()
    r = pg.goto(server + urllib.parse.quote(path, safe="/?=&#{}"))
    assert r is not None and r.status == 200, (path, r and r.status)
    pg.wait_for_load_state("load")
    return ctx, pg


# Elements reaching past either edge of the window; inside a scrolling box
# (overflow-x auto/scroll/hidden) an element may be wider: the box clips it.
OVERFLOW_JS = """() => {
  const W = window.innerWidth, out = [];
  const clipped = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; }
    return false; };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if ((r.right > W + 0.5 || r.left < -0.5) && !clipped(el))
      out.push({el: el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className : ''),
                left: Math.round(r.left), right: Math.round(r.right)});
  }
  return {inner: W, scroll: document.documentElement.scrollWidth, wide: out.slice(0, 8), n: out.length};
}"""

AXE_JS = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                 nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def overflow(page) -> dict:
    return page.evaluate(OVERFLOW_JS)


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_JS)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_the_screen(browser, server, ids, name, width):
    ctx, pg = open_page(browser, server, PAGES[name].format(**ids), width)
    try:
        got = overflow(pg)
    finally:
        ctx.close()
    assert got["scroll"] <= got["inner"], got
    assert got["n"] == 0, got


@needs_axe
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation(browser, server, ids, name, width):
    ctx, pg = open_page(browser, server, PAGES[name].format(**ids), width)
    try:
        bad = [v for v in axe_violations(pg) if v["impact"] in BAD_IMPACTS]
    finally:
        ctx.close()
    assert bad == [], bad


def test_the_statement_in_the_address_is_highlighted(browser, server, seed_id):
    """/articles/{id}#statement-S9: the statement is marked on arrival (CSS
    :target), the others are not."""
    ctx, pg = open_page(browser, server, f"/articles/{seed_id}#statement-S9", 1400)
    try:
        style = """id => { const s = getComputedStyle(document.getElementById(id));
                           return [s.outlineStyle, s.outlineWidth, s.backgroundColor]; }"""
        target = pg.evaluate(style, "statement-S9")
        other = pg.evaluate(style, "statement-S1")
        assert pg.evaluate("() => document.querySelector(':target').id") == "statement-S9"
    finally:
        ctx.close()
    assert target[0] != "none" and target != other, (target, other)
